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
