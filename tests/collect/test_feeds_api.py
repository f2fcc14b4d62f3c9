"""Feed health in the API (/api/feeds) and on the sources page."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.store import open_store


def test_feed_health_in_the_api_and_on_the_sources_page(db_path: Path) -> None:
    store = open_store(str(db_path))
    source, _ = store.add_source("http://127.0.0.1:9/rss", "المصري اليوم", "EG")
    feed = store.list_feeds()[0]
    store.update_feed(
        feed["id"],
        kind="feed",
        last_check="2024-03-14T10:00:00",
        last_status="404",
        last_error="HTTP 404 (not found)",
        error_streak=3,
        next_check=1_710_500_000.0,
        first_check="2024-03-10T10:00:00",
        new_items=0,
    )
    with TestClient(create_app(store=store)) as client:
        rows = client.get("/api/feeds").json()
        assert rows[0]["name"] == "المصري اليوم" and rows[0]["country"] == "EG"
        health = rows[0]["feeds"][0]
        assert health["last_status"] == "404" and health["error_streak"] == 3
        assert health["next_check"] == "2024-03-15T10:53:20Z" and health["new_per_day"] == 0.0
        assert "/api/feeds" in client.get("/openapi.json").json()["paths"]
        page = client.get("/sources").text
        assert "المصادر المتابعة" in page and "http://127.0.0.1:9/rss" in page
    store.close()
