"""Inputs that once cost a run or a batch: each is now one error (or one warning) and the good records stay."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad import config, pipeline
from marsad.demo import sample_path
from marsad.errors import InputError, InputNotice
from marsad.ingest import read_inputs
from marsad.store import open_store

TEXT = "قال وزير الخارجية إن المحادثات بين الوفدين استمرت ثلاث ساعات في العاصمة وانتهت دون اتفاق نهائي."


def _records(count: int) -> list[dict]:
    return [json.loads(line) for line in sample_path().read_text("utf-8").splitlines()[:count]]


def _ingest(*paths: Path) -> tuple[pipeline.IngestSummary, list[InputError]]:
    reported: list[InputError] = []
    store = open_store(":memory:")
    summary = pipeline.ingest(read_inputs([str(p) for p in paths]), store, on_error=reported.append)
    store.close()
    return summary, reported


HOSTILE_LINES = {
    "nested 1,000 deep": "[" * 1000 + "]" * 1000,
    "integer of 5,000 digits": '{{"text": "{}", "id": {}}}'.format(TEXT, "7" * 5000),
    "nested record": '{{"text": "{}", "source": {}}}'.format(TEXT, '{"name": ' * 200 + '"x"' + "}" * 200),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_hostile_json_line_is_one_error_and_the_batch_keeps_its_good_records(
    tmp_path: Path, name: str
) -> None:
    good = _records(6)
    lines = [json.dumps(r, ensure_ascii=False) for r in good[:3]]
    lines += [HOSTILE_LINES[name]]
    lines += [json.dumps(r, ensure_ascii=False) for r in good[3:]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    summary, reported = _ingest(path)
    assert summary.stored == 6
    failures = [e for e in reported if not isinstance(e, InputNotice)]
    assert len(failures) == 1 and failures[0].line == 4, failures
    assert "\n" not in str(failures[0])


def test_lone_surrogate_is_replaced_and_reported_not_fatal(tmp_path: Path) -> None:
    good = _records(3)
    bad = dict(good[1], title="عنوان \\ud800 مكسور")
    path = tmp_path / "surrogate.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in (good[0], bad, good[2])]
    path.write_text("\n".join(lines).replace("\\\\ud800", "\\ud800") + "\n", "utf-8")
    summary, reported = _ingest(path)
    assert summary.stored == 3 and summary.failed == 0
    assert len(summary.notices) == 1 and "surrogate" in str(summary.notices[0])
    assert reported == summary.notices


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_json_lines_in_utf16_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "utf16.jsonl"
    path.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in _records(4)).encode(encoding))
    summary, reported = _ingest(path)
    assert summary.stored == 4, reported


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes as a name")
def test_file_name_that_is_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xff\xfe-\xd8\xa7.txt")
    (tmp_path / name).write_text(TEXT * 3, "utf-8")
    junk = os.fsdecode(b"junk-\xff.txt")
    (tmp_path / junk).write_bytes(b"\x00\x01")
    summary, reported = _ingest(tmp_path)
    assert summary.stored == 1
    assert len(reported) == 1 and "\ufffd" in reported[0].path
    str(reported[0]).encode("utf-8")  # printable


def test_utf16_arabic_without_bom_is_read_by_its_content(tmp_path: Path) -> None:
    for number, encoding in enumerate(["utf-16-le", "utf-16-be"]):
        (tmp_path / f"{number}.txt").write_bytes(f"عنوان الخبر {number}\n{TEXT}\n{TEXT}".encode(encoding))
    summary, reported = _ingest(tmp_path)
    assert summary.stored == 2 and summary.duplicates == 0, reported


def test_one_bad_byte_is_replaced_and_reported(tmp_path: Path) -> None:
    data = f"عنوان الخبر\n{TEXT}\n{TEXT}".encode()
    cut = data.index(b" ", 40)
    path = tmp_path / "bad-byte.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    summary, reported = _ingest(path)
    assert summary.stored == 1 and summary.failed == 0
    assert len(reported) == 1 and "1 undecodable byte replaced" in str(reported[0])
    assert isinstance(reported[0], InputNotice)


def test_json_array_file_is_read_as_records(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(_records(5), ensure_ascii=False, indent=2), "utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(_records(6)[5], ensure_ascii=False, indent=2), "utf-8")
    summary, reported = _ingest(path, single)
    assert summary.stored == 6 and reported == []


@pytest.mark.parametrize(
    "content", [b"x", b"\x8f\xa3", b"ab\xc3\xa9cd!", b"Q\x9b7", b"1234567", b"!@#$%^&*()_+" * 5]
)
def test_too_short_or_junk_files_are_refused_with_a_reason(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(content)
    summary, reported = _ingest(path)
    assert summary.stored == 0 and len(reported) == 1
    assert any(
        word in reported[0].problem
        for word in ("too short", "not text", "does not read as text", "cannot decode")
    ), reported


@pytest.mark.parametrize("date", ["2018-02-30", "0000-00-00", "2019-13-01", "2020-02-30T10:00:00"])
def test_impossible_date_is_reported_and_stored_as_null(date: str) -> None:
    record = dict(_records(1)[0], published=date)
    store = open_store(":memory:")
    reported: list[InputError] = []
    from marsad.ingest import record_to_document

    summary = pipeline.ingest([record_to_document(record, "post")], store, on_error=reported.append)
    assert summary.stored == 1
    assert store.get_article(summary.stored_ids[0]).published is None
    assert len(reported) == 1 and "not a real date" in str(reported[0])


def test_overlong_line_is_skipped_in_bounded_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compressed JSON Lines file with one enormous line: skipped while streamed, the others read."""
    path = tmp_path / "huge.jsonl.gz"
    records = [json.dumps(r, ensure_ascii=False).encode() for r in _records(2)]
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(records[0] + b"\n")
        out.write(b'{"text": "')
        chunk = b"a" * (1 << 20)
        for _ in range(200):  # 200 MB of one line, a few hundred KB on disk
            out.write(chunk)
        out.write(b'"}\n' + records[1] + b"\n")
    script = (
        "import resource, sys\n"
        "from marsad.ingest import read_inputs\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "items = list(read_inputs([sys.argv[1]]))\n"
        "print(sum(1 for i in items if hasattr(i, 'text')), [str(i) for i in items if not hasattr(i, 'text')])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=600, check=True
    )
    documents, errors = run.stdout.splitlines()[0].split(" ", 1)
    growth_kb = int(run.stdout.splitlines()[1])
    assert documents == "2"
    assert "line longer than" in errors and ":2:" in errors
    assert growth_kb < 100 * 1024, growth_kb  # the line is 200 MB; reading it costs a few line limits


def test_text_past_the_limit_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "MAX_TEXT_CHARS", 5000)
    records = _records(2)
    records[0]["text"] = TEXT * 100
    from marsad.ingest import record_to_document

    reported: list[InputError] = []
    summary = pipeline.ingest(
        [record_to_document(r, "post", n) for n, r in enumerate(records, 1)],
        open_store(":memory:"),
        on_error=reported.append,
    )
    assert summary.stored == 1 and summary.failed == 1
    assert "too long" in str(reported[0]) and "MARSAD_MAX_TEXT_CHARS" in str(reported[0])


def test_a_50_mb_single_line_text_file_is_refused_in_bounded_memory_and_time(tmp_path: Path) -> None:
    """Once 2.5 GB and minutes of work before the text limit refused it; now refused as it is read."""
    path = tmp_path / "one-line.txt"
    path.write_text("عنوان\n" + (TEXT + " ") * (50 * 2**20 // len((TEXT + " ").encode())), "utf-8")
    script = (
        "import resource, sys, time\n"
        "from marsad import pipeline\n"
        "from marsad.ingest import read_inputs\n"
        "from marsad.store import open_store\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "reported = []\n"
        "started = time.process_time()\n"
        "summary = pipeline.ingest(read_inputs([sys.argv[1]]), open_store(':memory:'), on_error=reported.append)\n"
        "print(summary.stored, summary.failed, [str(e) for e in reported])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, time.process_time() - started)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=600, check=True
    )
    outcome, cost = run.stdout.splitlines()[-2:]
    assert outcome.startswith("0 1 [") and "text too long" in outcome and "MARSAD_MAX_TEXT_CHARS" in outcome
    growth_kb, cpu_s = cost.split()
    assert int(growth_kb) < 400 * 1024, growth_kb  # the file is 50 MB: a few copies of it at most
    assert float(cpu_s) < 10, cpu_s  # about half a second; was minutes


def test_feed_item_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "MAX_FEED_ITEMS", 2)
    items = "".join(
        f"<item><title>خبر {n}</title><link>http://x/{n}</link><description>{TEXT} {n}</description></item>"
        for n in range(4)
    )
    path = tmp_path / "feed.rss"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    summary, reported = _ingest(path)
    assert summary.stored == 2
    assert len(reported) == 1 and "only the first 2" in str(reported[0])


@pytest.mark.parametrize("chunked", [False, True])
def test_request_body_past_the_limit_is_413(monkeypatch: pytest.MonkeyPatch, chunked: bool) -> None:
    from fastapi.testclient import TestClient

    from marsad.api import create_app

    monkeypatch.setattr(config, "MAX_REQUEST_BYTES", 10_000)
    store = open_store(":memory:")
    body = json.dumps(dict(_records(1)[0], text=TEXT * 200), ensure_ascii=False).encode()
    content = iter([body[:5000], body[5000:]]) if chunked else body
    with TestClient(create_app(store=store)) as client:
        answer = client.post("/api/articles", content=content, headers={"content-type": "application/json"})
        assert answer.status_code == 413, answer.text
        assert "MARSAD_MAX_REQUEST_BYTES" in answer.json()["error"]
        small = client.post("/api/articles", json=_records(1)[0])
        assert small.status_code == 201
    assert store.count_articles() == 1
