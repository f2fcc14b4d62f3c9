"""The command line end to end: ingest, idempotence, bad input, analyze, reading commands."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEST_DATA, count_pages

from marsad import scoring
from marsad.cli import cli
from marsad.demo import sample_path
from marsad.store.base import unpacked_json

SPEC_FIELDS = {
    "id", "origin", "title", "text", "language", "published", "published_basis", "source", "page",
    "category", "credibility", "importance", "keywords", "entities", "dates", "attributions",
    "duplicate_of", "shared_passages", "event", "story",
}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def sample_lines(count: int) -> list[str]:
    return sample_path().read_text(encoding="utf-8").splitlines()[:count]


@pytest.fixture
def small_sample(tmp_path) -> Path:
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(sample_lines(20)) + "\n", encoding="utf-8")
    return path


def test_ingest_twice_stores_nothing_new(db_path, small_sample) -> None:
    first = run("ingest", "--db", str(db_path), str(small_sample))
    assert first.exit_code == 0, first.output
    assert "read 20, stored 20, duplicates 0, failed 0" in first.output
    second = run("ingest", "--db", str(db_path), str(small_sample))
    assert "read 20, stored 0, duplicates 20, failed 0" in second.output
    listed = run("articles", "--db", str(db_path), "--json", "--limit", "100")
    assert len(listed.output.splitlines()) == 20
    header, *rows = run("articles", "--db", str(db_path), "--limit", "100").output.splitlines()
    assert header.split("\t") == ["id", "published", "outlet", "category", "event", "title"]
    assert len(rows) == 20 and all(len(row.split("\t")) == 6 for row in rows)


def test_events_and_stories_largest_first(db_path, tmp_path) -> None:
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(sample_lines(150)) + "\n", encoding="utf-8")
    assert run("ingest", "--db", str(db_path), "--silent", str(sample)).exit_code == 0
    for command, key in (("events", "articles"), ("stories", "articles")):
        listed = [json.loads(line) for line in run(command, "--db", str(db_path), "--json").output.splitlines()]
        largest = [json.loads(line) for line in run(command, "--db", str(db_path), "--json", "--largest")
                   .output.splitlines()]
        assert sorted(e["id"] for e in largest) == sorted(e["id"] for e in listed)
        sizes = [len(e[key]) for e in largest]
        assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1], command


def test_bad_inputs_are_reported_and_good_ones_stored(db_path, small_sample) -> None:
    result = run("ingest", "--db", str(db_path), str(small_sample), str(TEST_DATA / "half_written.jsonl"),
                 str(TEST_DATA / "binary.txt"), str(TEST_DATA / "page_no_article.html"), "/no/such.txt")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 6  # three bad lines, the binary file, the empty page, the missing path
    assert any("half_written.jsonl:5: half-written last line" in e for e in errors)
    assert "stored 22" in result.output  # 20 sample articles + the 2 good lines of half_written.jsonl


def test_an_article_a_stage_cannot_analyse_fails_alone(db_path, small_sample, monkeypatch) -> None:
    real = scoring.classify

    def classify_failing_on_one(title, text):
        if title == json.loads(sample_lines(20)[3])["title"]:
            raise IndexError("list index out of range")
        return real(title, text)

    monkeypatch.setattr(scoring, "classify", classify_failing_on_one)
    result = run("ingest", "--db", str(db_path), str(small_sample))
    assert result.exit_code == 1
    [error] = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert error.startswith(f"error: {small_sample}: article ")  # the file, and the article by its id
    assert "could not be analysed (IndexError: list index out of range); not stored" in error
    assert "read 20, stored 19, duplicates 0, failed 1" in result.output
    monkeypatch.setattr(scoring, "classify", real)
    assert "read 20, stored 1, duplicates 19, failed 0" in run("ingest", "--db", str(db_path), str(small_sample)).output


def test_every_input_format_in_one_run(db_path) -> None:
    result = run("ingest", "--db", str(db_path), str(TEST_DATA))
    stored = [json.loads(line) for line in run("articles", "--db", str(db_path), "--json").output.splitlines()]
    origins = {Path(a["origin"]).name for a in stored}
    assert {"feed.rss", "feed.atom", "articles.jsonl", "page_cp1256.html", "dump_aggregator.txt"} <= origins
    assert result.exit_code == 1  # binary.txt, page_no_article.html and the bad JSONL lines


def test_stdin_jsonl(db_path) -> None:
    result = run("ingest", "--db", str(db_path), "-", input="\n".join(sample_lines(3)) + "\n")
    assert "stored 3" in result.output


def test_analyze_prints_every_spec_field_and_stores_nothing(tmp_path, small_sample) -> None:
    os.chdir(tmp_path)
    result = run("analyze", "--json", str(small_sample))
    articles = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert len(articles) == 20
    for article in articles:
        assert set(article) >= SPEC_FIELDS
        assert set(article["credibility"]) == {"score", "evidence"} and article["credibility"]["evidence"]
        for date in article["dates"]:
            assert article["text"][date["start"] : date["end"]] == date["surface"]
        for mention in article["entities"]:
            assert article["text"][mention["start"] : mention["end"]] == mention["surface"]
    assert not (tmp_path / "marsad.db").exists()


def test_article_command_and_missing_id(db_path, small_sample) -> None:
    run("ingest", "--db", str(db_path), str(small_sample))
    first_id = json.loads(sample_lines(1)[0])["id"]
    shown = json.loads(run("article", "--db", str(db_path), "--json", first_id).output)
    assert shown["id"] == first_id and shown["source"]["name"]
    missing = run("article", "--db", str(db_path), "nope")
    assert missing.exit_code == 1 and "nope: no such article" in missing.output


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_a_whole_store_and_a_rerun_completes(tmp_path) -> None:
    lines = sample_lines(300)
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "k.db"
    command = [sys.executable, "-m", "marsad", "ingest", "--silent", "--db", str(db), str(path)]
    env = {**os.environ, "MARSAD_INGEST_BATCH": "20"}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _count(db) < 40:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _count(db)
    assert 0 < partial < 270, "the kill must land mid-ingest"
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for (data,) in connection.execute("SELECT data FROM articles"):
        assert set(unpacked_json(data)) >= SPEC_FIELDS  # whole articles only
    connection.close()
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    pages = count_pages(map(json.loads, lines))
    assert f"stored {pages - partial}, duplicates {300 - pages + partial}" in rerun.stderr
    assert _count(db) == pages


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        connection = sqlite3.connect(db, timeout=0.1)
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return 0


HEAVY_MODULES = ("scipy", "datasketch", "trafilatura", "sklearn", "marsad.pipeline", "marsad.grouping.regroup",
                 "marsad.entities", "marsad.scoring")


def _cpu_seconds(*args: str) -> tuple[float, str]:
    """CPU seconds (user + system) of ``marsad ARGS`` in a fresh interpreter, and its output."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_start_fast(args: list[str]) -> None:
    # CPU time, not wall time: the machine may be loaded. Best of three against a cold disk cache.
    spent, output = min(_cpu_seconds(*args) for _ in range(3))
    assert output.strip()
    assert spent <= 0.3, f"marsad {' '.join(args)} took {spent:.2f} CPU-s (limit 0.3)"


@pytest.mark.parametrize("command", ["--help", "search", "articles", "entities", "stories", "events", "article"])
def test_commands_that_read_do_not_load_the_pipeline(command: str, db_path) -> None:
    script = (
        "import sys; from click.testing import CliRunner; from marsad.cli import cli;"
        f"CliRunner().invoke(cli, [{command!r}, *([] if {command!r} == '--help' else "
        f"['--db', {str(db_path)!r}] + (['x'] if {command!r} in ('search', 'article') else []))]);"
        "print(sorted(m for m in sys.modules if m.startswith(" + repr(HEAVY_MODULES) + ")))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", f"marsad {command} loaded {done.stdout.strip()}"


def test_demo_checks_the_port_before_building(tmp_path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "marsad", "demo", "--port", str(port), "--db", str(tmp_path / "d.db")],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert done.returncode == 1
    assert f"127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "read 300" not in done.stderr and not (tmp_path / "d.db").exists()
    assert time.monotonic() - started < 30
