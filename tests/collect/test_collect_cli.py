"""`marsad collect` and `marsad reprocess` as a user runs them: real subprocesses, a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures import article_page, article_text, rss
from local_server import LocalServer, Reply

from marsad.store import open_store

HTML = {"Content-Type": "text/html; charset=utf-8"}
MARSAD = [sys.executable, "-m", "marsad"]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def outlet(server: LocalServer, count: int) -> str:
    items = []
    for n in range(count):
        server.route(
            f"/n/{n}.html", Reply(body=article_page(f"خبر رقم {n}", article_text(n)).encode(), headers=HTML)
        )
        items.append({"title": f"خبر رقم {n}", "link": server.url(f"/n/{n}.html")})
    return server.route(
        "/rss.xml",
        Reply(body=rss(items).encode(), headers={"Content-Type": "application/rss+xml"}, etag='"1"'),
    )


def marsad(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MARSAD_ALLOW_PRIVATE": "1", "MARSAD_INGEST_BATCH": "4"}
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, env=env, timeout=300, **options)


def stored_urls(db: Path) -> list[str]:
    store = open_store(str(db))
    try:
        return sorted(a.url for a in store.iter_articles())
    finally:
        store.close()


def test_collect_command_fills_the_store_once(server: LocalServer, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    feed = outlet(server, 3)
    assert (
        marsad("sources", "add", feed, "--name", "الأهرام", "--country", "EG", "--db", str(db)).returncode
        == 0
    )
    first = marsad("collect", "--host-interval", "0", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "feeds checked 1, not modified 0, new URLs 3, pages fetched 3, articles stored 3" in first.stderr
    again = marsad("collect", "--host-interval", "0", "--db", str(db))
    assert "feeds checked 0" in again.stderr and "articles stored 0" in again.stderr
    assert len(stored_urls(db)) == 3
    listed = [
        json.loads(line) for line in marsad("sources", "list", "--json", "--db", str(db)).stdout.splitlines()
    ]
    health = listed[0]["feeds"][0]
    assert health["last_status"] == "200" and health["kind"] == "feed" and health["new_items"] == 3
    assert health["error_streak"] == 0 and health["next_check"] > health["last_check"]


def test_kill_9_during_a_round_loses_nothing(server: LocalServer, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    count = 24
    feed = outlet(server, count)
    marsad("sources", "add", feed, "--db", str(db))
    env = {**os.environ, "MARSAD_ALLOW_PRIVATE": "1", "MARSAD_INGEST_BATCH": "4"}
    running = subprocess.Popen(
        [*MARSAD, "collect", "--host-interval", "0.05", "--silent", "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and running.poll() is None:
        pages = sum(1 for h in server.hits if h.path.startswith("/n/"))
        if pages >= count // 2 and len(stored_urls(db)) > 0:
            break
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait(30)
    partial = stored_urls(db)
    assert 0 < len(partial) < count, "the kill came too late or too early to test anything"
    rerun = marsad("collect", "--host-interval", "0", "--db", str(db))
    assert rerun.returncode == 0, rerun.stderr
    urls = stored_urls(db)
    assert urls == sorted(server.url(f"/n/{n}.html") for n in range(count))  # all of them, each once
    assert set(partial) <= set(urls)
    third = marsad("collect", "--host-interval", "0", "--db", str(db))
    assert "articles stored 0" in third.stderr and stored_urls(db) == urls


def test_forever_stops_cleanly_on_sigterm(server: LocalServer, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    feed = outlet(server, 2)
    marsad("sources", "add", feed, "--db", str(db))
    log = tmp_path / "collect.log"
    env = {**os.environ, "MARSAD_ALLOW_PRIVATE": "1"}
    with log.open("w") as stderr:
        running = subprocess.Popen(
            [*MARSAD, "collect", "--forever", "--host-interval", "0", "--db", str(db)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        deadline = time.monotonic() + 120
        while "articles stored" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        running.send_signal(signal.SIGTERM)
        assert running.wait(30) == 0
    text = log.read_text()
    assert "SIGTERM: finishing the batch in flight" in text and "stopped; the next `marsad collect`" in text
    assert len(stored_urls(db)) == 2


def test_reprocess_rebuilds_a_store_offline(server: LocalServer, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    feed = outlet(server, 3)
    marsad("sources", "add", feed, "--name", "الشروق", "--country", "DZ", "--db", str(db))
    marsad("collect", "--host-interval", "0", "--db", str(db))
    served = len(server.hits)
    target = tmp_path / "again.db"
    result = marsad("reprocess", "--to", str(target), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert len(server.hits) == served  # nothing fetched
    assert stored_urls(target) == stored_urls(db)
    store = open_store(str(target))
    try:
        assert {(a.source.name, a.source.country) for a in store.iter_articles()} == {("الشروق", "DZ")}
        assert [s["url"] for s in store.list_sources()] == [feed]
        assert store.count_queue() == {"done": 3}
    finally:
        store.close()
    refused = marsad("reprocess", "--to", str(target), "--db", str(db))
    assert refused.returncode == 1 and "already exists" in refused.stderr
