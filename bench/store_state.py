"""What an ingest leaves in a SQLite store, as plain values to compare: the concurrency tests and
``bench/stress.py`` check that racing writers leave exactly what one clean ingest leaves."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from marsad.store.base import unpacked_json


def snapshot(db: Path) -> dict[str, Any]:
    """Each article's links and scores, each event's and story's members, the entity and link
    counts and the integrity check.  Rows are read as stored (compressed JSON, or plain JSON text
    in a store written before compression)."""
    connection = sqlite3.connect(db)
    try:
        articles = {}
        for row_id, data in connection.execute("SELECT id, data FROM articles"):
            a = unpacked_json(data)
            articles[row_id] = (
                a["event"], a["story"], a["duplicate_of"], a["credibility"]["score"], a["importance"]["score"],
            )
        events = {i: sorted(unpacked_json(d)["articles"]) for i, d in connection.execute("SELECT id, data FROM events")}
        stories = {i: sorted(unpacked_json(d)["articles"]) for i, d in connection.execute("SELECT id, data FROM stories")}
        entities = connection.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
        links = connection.execute("SELECT COUNT(*) FROM article_entities").fetchone()[0]
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return {
        "articles": articles, "events": events, "stories": stories,
        "entities": entities, "links": links, "integrity": integrity,
    }


def unlinked(state: dict[str, Any]) -> int:
    """Articles whose event or story is missing, or does not list them."""
    return sum(
        1
        for article_id, (event, story, *_) in state["articles"].items()
        if article_id not in state["events"].get(event, ())
        or article_id not in state["stories"].get(story, ())
    )
