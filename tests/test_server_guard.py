"""A server you can put on a network: who may write, which Host names, security headers,
Arabic paths, and SIGTERM in the middle of a write."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import count_pages
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.demo import sample_path
from marsad.store import open_store


def _records(count: int) -> list[dict]:
    return [json.loads(line) for line in sample_path().read_text("utf-8").splitlines()[:count]]


@pytest.fixture
def store():
    opened = open_store(":memory:")
    yield opened
    opened.close()


def test_writes_from_another_machine_are_refused_without_a_token(store, monkeypatch) -> None:
    monkeypatch.delenv("MARSAD_API_TOKEN", raising=False)
    app = create_app(store=store)
    with TestClient(app, client=("203.0.113.9", 40000)) as remote:
        answer = remote.post("/api/articles", json=_records(1)[0])
        assert answer.status_code == 403 and "MARSAD_API_TOKEN" in answer.json()["error"]
        assert remote.get("/api/articles").status_code == 200  # reading is open
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        assert local.post("/api/articles", json=_records(1)[0]).status_code == 201


def test_with_a_token_every_write_needs_it(store, monkeypatch) -> None:
    monkeypatch.setenv("MARSAD_API_TOKEN", "s3cret")
    app = create_app(store=store)
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        assert client.post("/api/articles", json=_records(1)[0]).status_code == 401
        wrong = client.post("/api/articles", json=_records(1)[0], headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Bearer")
    with TestClient(app, client=("203.0.113.9", 40000)) as remote:
        right = remote.post("/api/articles", json=_records(1)[0], headers={"Authorization": "Bearer s3cret"})
        assert right.status_code == 201
    assert store.count_articles() == 1


def test_host_allow_list(store) -> None:
    app = create_app(store=store, allowed_hosts=["localhost", "127.0.0.1"])
    with TestClient(app, base_url="http://localhost:8000") as client:
        assert client.get("/healthz").status_code == 200
    with TestClient(app, base_url="http://evil.example") as client:
        answer = client.get("/healthz")
        assert answer.status_code == 400 and "evil.example" in answer.json()["error"]


def test_every_answer_carries_the_security_headers(store) -> None:
    with TestClient(create_app(store=store)) as client:
        for path in ("/", "/api/articles", "/no-such-page", "/healthz"):
            answer = client.get(path)
            assert answer.headers["X-Content-Type-Options"] == "nosniff", path
            assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"], path
            assert answer.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/articles/مقال-غير-موجود", "/events/حدث", "/stories/قصة?x=ي"])
def test_pages_with_arabic_paths_never_500(store, path: str) -> None:
    with TestClient(create_app(store=store)) as client:
        answer = client.get(path, headers={"Accept": "text/html"})
        assert answer.status_code < 500, answer.text[:200]
        if "link" in answer.headers:
            answer.headers["link"].encode("ascii")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigterm_during_a_long_post_stops_the_server_and_leaves_the_store_whole(tmp_path: Path) -> None:
    db = tmp_path / "term.db"
    port = _free_port()
    env = {**os.environ, "MARSAD_SHUTDOWN_WAIT": "1", "MARSAD_INGEST_BATCH": "400"}
    server = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--port", str(port), "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        records = _records(300)
        poster = threading.Thread(
            target=lambda: _quietly(lambda: httpx.post(f"{url}/api/articles", json=records, timeout=600)),
            daemon=True,
        )
        poster.start()
        time.sleep(3)  # the batch is being analysed or written
        server.send_signal(signal.SIGTERM)
        started = time.monotonic()
        server.wait(timeout=60)
        stopped_after = time.monotonic() - started
    finally:
        if server.poll() is None:
            server.kill()
    stderr = server.stderr.read() if server.stderr else ""
    assert stopped_after < 30, stopped_after
    assert "Traceback" not in stderr, stderr[-2000:]
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        unlinked = connection.execute("SELECT COUNT(*) FROM articles WHERE event IS NULL").fetchone()[0]
    finally:
        connection.close()
    pages = count_pages(records)
    assert stored in (0, pages) and unlinked == 0  # the whole batch, or none of it


def _quietly(call) -> None:
    with contextlib.suppress(httpx.HTTPError):
        call()


@pytest.mark.parametrize("article_id", ["a/b", "what?x=1", "frag#ment", "مقال/٣ ?#%", "100%"])
def test_any_id_round_trips_through_the_api_percent_encoded(store, article_id: str) -> None:
    from urllib.parse import quote

    record = dict(_records(1)[0], id=article_id)
    with TestClient(create_app(store=store)) as client:
        posted = client.post("/api/articles", json=record)
        assert posted.status_code == 201 and posted.json()["articles"] == [article_id]
        answer = client.get("/api/articles/" + quote(article_id, safe=""))
        assert answer.status_code == 200, answer.text
        assert answer.json()["id"] == article_id
        event = answer.json()["event"]
        assert client.get("/api/events/" + quote(event, safe="")).json()["id"] == event
