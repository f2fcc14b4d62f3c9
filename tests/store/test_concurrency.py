"""Two writers at once, with real processes: the store ends exactly as one clean ingest leaves it.

Also: a writer that cannot get the store in time says so in one line (CLI) or answers 503 with
Retry-After (API), and simultaneous first opens of a new store all succeed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.store_state import snapshot
from marsad.demo import sample_path

MARSAD = [sys.executable, "-m", "marsad"]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", **extra}


def _sample(tmp_path: Path, count: int) -> Path:
    lines = sample_path().read_text("utf-8").splitlines()[:count]
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def assert_consistent(state: dict[str, Any]) -> None:
    """Every article sits in the event and story it names, and they list it."""
    assert state["integrity"] == "ok"
    for article_id, (event, story, _, _, _) in state["articles"].items():
        assert event is not None, f"{article_id} lost its event"
        assert article_id in state["events"][event]
        assert story is not None and article_id in state["stories"][story]
    for event, members in state["events"].items():
        assert all(state["articles"][m][0] == event for m in members)


def test_two_ingests_of_one_file_at_once_leave_the_store_of_one(tmp_path: Path) -> None:
    sample = _sample(tmp_path, 60)
    env = _env(MARSAD_INGEST_BATCH="6")  # many small transactions, so the two writers interleave
    clean = tmp_path / "clean.db"
    subprocess.run(
        [*MARSAD, "ingest", "--silent", "--db", str(clean), str(sample)],
        env=env,
        check=True,
        capture_output=True,
    )
    racing = tmp_path / "racing.db"
    subprocess.run([*MARSAD, "articles", "--db", str(racing)], env=env, check=True, capture_output=True)
    runs = [
        subprocess.Popen(
            [*MARSAD, "ingest", "--silent", "--db", str(racing), str(sample)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    stored = [int(err.split("stored ")[1].split(",")[0]) for _, err in outputs]
    expected = snapshot(clean)
    assert sum(stored) == len(expected["articles"]), outputs  # each article stored by one of them
    got = snapshot(racing)
    assert_consistent(got)
    assert got == expected


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    server = subprocess.Popen(
        [*MARSAD, "serve", "--port", str(port), "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.3)
    server.kill()
    raise AssertionError(f"server did not start: {server.stderr.read() if server.stderr else ''}")


def test_identical_posts_at_once_store_one_article_in_its_event(tmp_path: Path) -> None:
    db = tmp_path / "posts.db"
    server, url = _serve(db, _env())
    record = json.loads(sample_path().read_text("utf-8").splitlines()[0])
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(
                pool.map(lambda _: httpx.post(f"{url}/api/articles", json=record, timeout=300), range(20))
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * 19 + [201], [a.text for a in answers if a.status_code >= 300]
    assert sum(a.json()["stored"] for a in answers) == 1
    assert sum(a.json()["duplicates"] for a in answers) == 19
    state = snapshot(db)
    assert len(state["articles"]) == 1
    assert_consistent(state)


def _hold_write_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process inside a write transaction on ``db`` for ``seconds``."""
    script = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "c.execute('ROLLBACK')\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout and holder.stdout.readline().strip() == "held"
    return holder


def test_a_writer_that_cannot_get_the_store_says_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    sample = _sample(tmp_path, 3)
    subprocess.run([*MARSAD, "articles", "--db", str(db)], env=_env(), check=True, capture_output=True)
    holder = _hold_write_lock(db, 30)
    try:
        run = subprocess.run(
            [*MARSAD, "ingest", "--silent", "--db", str(db), str(sample)],
            env=_env(MARSAD_LOCK_WAIT="1"),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "busy" in lines[0] and "MARSAD_LOCK_WAIT" in lines[0], run.stderr
    assert snapshot(db)["articles"] == {}


def test_the_api_answers_503_with_retry_after_when_the_store_stays_busy(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.api import create_app
    from marsad.store.sqlite import SQLiteStore

    db = tmp_path / "busy.db"
    store = SQLiteStore(db, lock_wait=0.5)
    record = json.loads(sample_path().read_text("utf-8").splitlines()[0])
    with TestClient(create_app(store=store)) as client:
        holder = _hold_write_lock(db, 30)
        try:
            started = time.monotonic()
            answer = client.post("/api/articles", json=record)
            waited = time.monotonic() - started
            health = client.get("/healthz")  # readers do not wait for the writer
        finally:
            holder.kill()
            holder.wait()
        assert answer.status_code == 503, answer.text
        assert "busy" in answer.json()["error"]
        assert int(answer.headers["Retry-After"]) >= 1
        assert health.status_code == 200
        assert waited < 30
        assert client.post("/api/articles", json=record).status_code == 201  # free again: stored
    store.close()


def _open_new_store(path: str, barrier: Any, results: Any) -> None:
    from marsad.store import open_store

    barrier.wait()
    try:
        open_store(path).close()
        results.put("ok")
    except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
        results.put(f"{type(error).__name__}: {error}")


def test_simultaneous_first_opens_of_a_new_store_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_number in range(4):
        path = str(tmp_path / f"new{round_number}.db")
        barrier, results = context.Barrier(6), context.Queue()
        workers = [context.Process(target=_open_new_store, args=(path, barrier, results)) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        outcomes = [results.get(timeout=5) for _ in workers]
        assert outcomes == ["ok"] * 6, outcomes
        applied = (
            sqlite3.connect(path).execute("SELECT name, COUNT(*) FROM migrations GROUP BY name").fetchall()
        )
        assert applied and all(count == 1 for _, count in applied)
