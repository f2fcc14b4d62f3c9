"""Stages 1-4 on several processes and on Ray give the store one process gives."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from marsad import config, parallel, pipeline
from marsad.cli import cli
from marsad.demo import sample_path
from marsad.store import Store, open_store

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{published}">
</head><body><nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav><article><h1>{title}</h1>
{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def sample_rows(count: int) -> list[dict[str, Any]]:
    with sample_path().open(encoding="utf-8") as stream:
        return [json.loads(line) for line, _ in zip(stream, range(count), strict=False)]


def write_inputs(folder: Path, rows: list[dict[str, Any]]) -> list[str]:
    """The rows as one JSON Lines file, one HTML page each, and one bad file: every kind of unit."""
    half = len(rows) // 2
    jsonl = folder / "part1.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:half]), encoding="utf-8")
    pages = folder / "pages"
    pages.mkdir()
    for number, row in enumerate(rows[half:]):
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n") if p.strip())
        page = PAGE.format(
            title=html.escape(row.get("title") or ""),
            outlet=html.escape((row.get("source") or {}).get("name") or ""),
            published=row.get("published") or "",
            paragraphs=paragraphs,
        )
        (pages / f"{number:04d}.html").write_text(page, encoding="utf-8")
    (pages / "0001b.html").write_bytes(b"")  # a bad input among the pages: reported in its place
    again = folder / "again.jsonl"  # submitted twice: duplicates, not new articles
    again.write_text(jsonl.read_text(encoding="utf-8").split("\n", 3)[0] + "\n", encoding="utf-8")
    return [str(jsonl), str(pages), str(again)]


def snapshot(store: Store) -> dict[str, Any]:
    """The whole store: articles with their scores, events, stories, entities."""
    articles = sorted((a.as_dict() for a in store.iter_articles()), key=lambda a: a["id"])
    return {
        "articles": articles,
        "events": sorted((e.as_dict() for e in store.list_events()), key=lambda e: e["id"]),
        "stories": sorted((s.as_dict() for s in store.list_stories()), key=lambda s: s["id"]),
        "entities": sorted((e.as_dict() for e in store.list_entities()), key=lambda e: e["id"]),
    }


def run_ingest(
    path: Path, inputs: list[str], workers: parallel.Workers | None, progress: Any = None
) -> tuple[Any, dict[str, Any]]:
    errors: list[str] = []
    store = open_store(str(path))
    try:
        items = pipeline.read(inputs, workers)
        summary = pipeline.ingest(
            items, store, on_error=lambda e: errors.append(str(e)), progress=progress, workers=workers
        )
        return (summary.line(), errors, summary.stored_ids), snapshot(store)
    finally:
        store.close()


def need_ray() -> Any:
    """The ray module; a skip where it is not installed, except under CI=true where that fails."""
    if os.environ.get("CI") == "true":
        import ray  # .ci/run installs marsad[ray]: a missing Ray there is a failure, not a skip

        return ray
    return pytest.importorskip("ray", reason="Ray is not installed (pip install 'marsad[ray]')")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several batches, so that workers analyse the next ones while this process writes."""
    monkeypatch.setattr(config, "INGEST_BATCH", 16)


@pytest.mark.issue(17)
def test_two_processes_store_what_one_does(tmp_path: Path, small_batches: None) -> None:
    inputs = write_inputs(tmp_path, sample_rows(70))
    one_summary, one = run_ingest(tmp_path / "one.db", inputs, None)
    with parallel.ProcessPool(2, pipeline.warm_up) as workers:
        two_summary, two = run_ingest(tmp_path / "two.db", inputs, workers)
    assert len(one["articles"]) >= 60 and one["events"] and one["entities"]
    assert one_summary[1] and "empty file" in one_summary[1][0]  # the bad page, reported
    assert "duplicates 0" not in one_summary[0]  # the file given twice
    assert two_summary == one_summary  # same counts, same errors in the same order, same ids
    for part in one:
        assert two[part] == one[part], part


@pytest.mark.issue(17)
def test_worker_killed_mid_batch_stops_cleanly_and_a_rerun_completes(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", 4)  # small units: many still to run when the worker dies
    inputs = write_inputs(tmp_path, sample_rows(64))
    _, expected = run_ingest(tmp_path / "one.db", inputs, None)
    path = tmp_path / "killed.db"
    store = open_store(str(path))
    workers = parallel.ProcessPool(2, pipeline.warm_up)

    killed: list[int] = []

    def kill_a_worker(_: int) -> None:  # after the first batch is written, a worker is killed
        if not killed:
            killed.append(workers.pids()[0])
            os.kill(killed[0], signal.SIGKILL)

    try:
        with pytest.raises(parallel.WorkerLost) as lost:
            pipeline.ingest(pipeline.read(inputs, workers), store, progress=kill_a_worker, workers=workers)
    finally:
        workers.close()
    message = str(lost.value)
    assert (
        "\n" not in message
        and "worker process stopped" in message
        and "run the same command again" in message
    )
    assert message.startswith(str(tmp_path))  # names the input it was working on
    partial = snapshot(store)
    assert 0 < len(partial["articles"]) < len(expected["articles"])  # whole batches are stored, not all
    assert all(a["event"] for a in partial["articles"])
    store.close()
    _, after = run_ingest(path, inputs, None)  # a re-run stores the rest
    for part in expected:
        assert after[part] == expected[part], part


@pytest.mark.issue(17)
def test_ray_cluster_stores_what_one_process_does_even_when_a_worker_dies(
    tmp_path: Path, small_batches: None
) -> None:
    ray = need_ray()
    inputs = write_inputs(tmp_path, sample_rows(30))
    one_summary, one = run_ingest(tmp_path / "one.db", inputs, None)
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    killed: list[int] = []
    finished = threading.Event()

    def kill_a_busy_worker() -> None:  # the first Ray worker seen running a task dies in it
        while not finished.is_set() and not killed:
            if busy := ray_task_processes():
                os.kill(busy[0], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.01)

    watcher = threading.Thread(target=kill_a_busy_worker, daemon=True)
    try:
        workers = parallel.RayWorkers(None)  # the Ray this process started: used, left running
        assert workers.size == 2
        watcher.start()
        ray_summary, on_ray = run_ingest(tmp_path / "ray.db", inputs, workers)
        finished.set()
        workers.close()
        assert ray.is_initialized()
    finally:
        finished.set()
        ray.shutdown()
    assert len(one["articles"]) >= 25
    assert killed, "no Ray worker was seen running a task"
    assert ray_summary == one_summary  # Ray ran the lost task again: nothing missing, nothing twice
    for part in one:
        assert on_ray[part] == one[part], part


def ray_task_processes() -> list[int]:
    """This machine's Ray worker processes that are running one of our tasks (Ray names them so)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if title.startswith(b"ray::_run_unit"):
                pids.append(int(entry.name))
    return pids


@pytest.mark.issue(17)
def test_ray_address_where_no_cluster_answers_is_one_line(tmp_path: Path) -> None:
    need_ray()
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    result = CliRunner().invoke(
        cli, ["ingest", "--silent", "--ray", address, "--db", str(tmp_path / "m.db"), str(sample_path())]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and address in lines[0] and "no Ray cluster answers" in lines[0], result.output


@pytest.mark.issue(17)
def test_workers_option_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    inputs = write_inputs(folder, sample_rows(12))
    db = str(tmp_path / "m.db")
    result = CliRunner().invoke(cli, ["ingest", "--silent", "--workers", "2", "--db", db, *inputs])
    assert result.exit_code == 1  # the empty page fails, alone
    counts = dict(re.findall(r"(read|stored|duplicates|failed) (\d+)", result.output))
    assert counts["read"] == "13" and counts["failed"] == "1" and int(counts["stored"]) >= 10, result.output
    rerun = CliRunner().invoke(cli, ["ingest", "--silent", "--workers", "2", "--db", db, *inputs])
    assert "read 13, stored 0, duplicates 13, failed 1" in rerun.output, rerun.output
