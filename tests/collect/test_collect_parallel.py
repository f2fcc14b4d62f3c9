"""`marsad collect --processes N` and `marsad reprocess --workers N` store what one process stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from local_server import LocalServer
from test_collect_cli import marsad, outlet, stored_urls

from marsad.store import open_store


@pytest.fixture
def server() -> Any:
    with LocalServer() as running:
        yield running


def snapshot(db: Path) -> dict[str, Any]:
    """The whole store: articles with their scores, events, stories, entities."""
    store = open_store(str(db))
    try:
        return {
            "articles": sorted((a.as_dict() for a in store.iter_articles()), key=lambda a: a["id"]),
            "events": sorted((e.as_dict() for e in store.list_events()), key=lambda e: e["id"]),
            "stories": sorted((s.as_dict() for s in store.list_stories()), key=lambda s: s["id"]),
            "entities": sorted((e.as_dict() for e in store.list_entities()), key=lambda e: e["id"]),
        }
    finally:
        store.close()


@pytest.mark.issue(17)
def test_collect_with_processes_stores_what_one_process_does(server: LocalServer, tmp_path: Path) -> None:
    feed = outlet(server, 10)
    stores = {}
    for name, extra in (("one", []), ("two", ["--processes", "2"])):
        db = tmp_path / f"{name}.db"
        marsad("sources", "add", feed, "--name", "الشروق", "--country", "DZ", "--db", str(db))
        # one fetching thread: the pages reach the pipeline in the same order in both runs
        result = marsad("collect", "--host-interval", "0", "--workers", "1", *extra, "--db", str(db))
        assert result.returncode == 0, result.stderr
        stores[name] = snapshot(db)
    assert len(stores["one"]["articles"]) == 10
    for part in stores["one"]:
        assert stores["two"][part] == stores["one"][part], part
    target = tmp_path / "again.db"
    result = marsad("reprocess", "--to", str(target), "--workers", "2", "--db", str(tmp_path / "two.db"))
    assert result.returncode == 0, result.stderr
    assert stored_urls(target) == stored_urls(tmp_path / "two.db")


def _workers_of(pid: int) -> list[int]:
    """The pool's worker processes under ``pid`` (spawned: their command line runs spawn_main)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.issue(17)
def test_collect_worker_killed_is_one_line_and_the_next_round_completes(server: LocalServer, tmp_path: Path) -> None:
    """A worker process killed while `collect --processes 2` runs: one clear line, nothing half-stored;
    the next `collect` fetches what was left and stores all of it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    if not Path("/proc").exists():
        pytest.skip("needs /proc to find the worker processes")
    feed = outlet(server, 12)
    db = tmp_path / "killed.db"
    marsad("sources", "add", feed, "--name", "الشروق", "--country", "DZ", "--db", str(db))
    env = {**os.environ, "MARSAD_ALLOW_PRIVATE": "1", "MARSAD_INGEST_BATCH": "4"}
    running = subprocess.Popen(
        [sys.executable, "-m", "marsad", "collect", "--host-interval", "1", "--workers", "1", "--processes", "2",
         "--silent", "--db", str(db)],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        deadline, killed, seen = time.monotonic() + 120, None, None
        while killed is None and time.monotonic() < deadline and running.poll() is None:
            workers = _workers_of(running.pid)
            seen = seen or (time.monotonic() if workers else None)  # the pool starts its workers as work comes
            # a worker is up, and a first batch stored (or the pages are still coming: 12 take 12 s)
            if seen and (time.monotonic() - seen > 4 or stored_urls(db)):
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.1)
        _, stderr = running.communicate(timeout=120)
    finally:
        running.kill()
    assert killed is not None, f"the run ended before a worker could be killed: {stderr}"
    assert running.returncode == 1
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "worker process stopped" in lines[0] and "again" in lines[0], stderr
    first = stored_urls(db)
    assert len(first) < 12
    again = marsad("collect", "--host-interval", "0", "--workers", "1", "--processes", "2", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert len(stored_urls(db)) == 12 and set(first) <= set(stored_urls(db))
