"""SQLite tables of live collection: sources, their feeds, the URL queue and the raw pages.

Plain rows in and out; what a feed is, when it is due and what a URL key is are decided in
marsad/collect, never here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from marsad.store.base import FEED_STATE

FEED_FIELDS = ("kind", *FEED_STATE)  # what update_feed may change


class CollectTables:
    """Mixin of SQLiteStore: the collection tables (migration 0010_collect.sql)."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]: ...  # provided by the store

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]: ...  # provided by the store

    # -- sources and feeds ----------------------------------------------

    def add_source(self, url: str, name: str | None, country: str | None) -> tuple[dict[str, Any], bool]:
        """Add a source and its first feed row (kind ``auto``); (the source, whether it is new).

        Adding a known URL again updates its name and country when given.
        """
        with self.transaction():
            found = self.query("SELECT * FROM sources WHERE url = ?", (url,))
            if found:
                if name is not None or country is not None:
                    self.db.execute(
                        "UPDATE sources SET name = COALESCE(?, name), country = COALESCE(?, country) WHERE id = ?",
                        (name, country, found[0]["id"]),
                    )
                return dict(self.query("SELECT * FROM sources WHERE url = ?", (url,))[0]), False
            cursor = self.db.execute(
                "INSERT INTO sources (url, name, country, added_at) VALUES (?, ?, ?, ?)",
                (url, name, country, _now()),
            )
            self.db.execute(
                "INSERT OR IGNORE INTO feeds (source_id, url, kind) VALUES (?, ?, 'auto')",
                (cursor.lastrowid, url),
            )
        return dict(self.query("SELECT * FROM sources WHERE id = ?", (cursor.lastrowid,))[0]), True

    def remove_source(self, url_or_id: str) -> bool:
        with self.transaction():
            cursor = self.db.execute(
                "DELETE FROM sources WHERE url = ? OR CAST(id AS TEXT) = ?", (url_or_id, url_or_id)
            )
        return cursor.rowcount > 0

    def list_sources(self) -> list[dict[str, Any]]:
        """Every source with its feeds (each feed a dict of its row)."""
        sources = [dict(row) for row in self.query("SELECT * FROM sources ORDER BY id")]
        feeds: dict[int, list[dict[str, Any]]] = {}
        for row in self.query("SELECT * FROM feeds ORDER BY id"):
            feeds.setdefault(row["source_id"], []).append(dict(row))
        for source in sources:
            source["feeds"] = feeds.get(source["id"], [])
        return sources

    def get_source(self, source_id: int) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM sources WHERE id = ?", (source_id,))
        return dict(rows[0]) if rows else None

    def list_feeds(self) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT f.*, s.name AS source_name, s.country AS source_country, s.url AS source_url"
            " FROM feeds f JOIN sources s ON s.id = f.source_id ORDER BY f.id"
        )
        return [dict(row) for row in rows]

    def due_feeds(self, now: float, limit: int | None = None) -> list[dict[str, Any]]:
        """Feeds to poll now (never-read and home pages not yet discovered included), soonest first."""
        rows = self.query(
            "SELECT f.*, s.name AS source_name, s.country AS source_country FROM feeds f"
            " JOIN sources s ON s.id = f.source_id WHERE f.kind != 'home' AND f.next_check <= ?"
            " ORDER BY f.next_check, f.id LIMIT ?",
            (now, -1 if limit is None else limit),
        )
        return [dict(row) for row in rows]

    def add_feed(self, source_id: int, url: str, kind: str) -> bool:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO feeds (source_id, url, kind) VALUES (?, ?, ?)", (source_id, url, kind)
            )
        return cursor.rowcount > 0

    def update_feed(self, feed_id: int, **fields: Any) -> None:
        unknown = set(fields) - set(FEED_FIELDS)
        if unknown:
            raise ValueError(f"not a feed field: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction():
            self.db.execute(f"UPDATE feeds SET {assignments} WHERE id = ?", (*fields.values(), feed_id))

    # -- the URL queue --------------------------------------------------

    def enqueue(self, rows: Iterable[dict[str, Any]]) -> int:
        """Queue article URLs not seen before (by ``url_key``); how many were new."""
        new = 0
        with self.transaction():
            for row in rows:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO collect_queue (url_key, url, source_id, title, summary, published,"
                    " state, added_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)",
                    (
                        row["url_key"],
                        row["url"],
                        row.get("source_id"),
                        row.get("title"),
                        row.get("summary"),
                        row.get("published"),
                        _now(),
                    ),
                )
                new += cursor.rowcount
        return new

    def queued(self, now: float, limit: int) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT q.*, s.name AS source_name, s.country AS source_country FROM collect_queue q"
            " LEFT JOIN sources s ON s.id = q.source_id WHERE q.state = 'queued' AND q.not_before <= ?"
            " ORDER BY q.added_at, q.url_key LIMIT ?",
            (now, limit),
        )
        return [dict(row) for row in rows]

    def count_queue(self) -> dict[str, int]:
        return {
            row[0]: row[1] for row in self.query("SELECT state, COUNT(*) FROM collect_queue GROUP BY state")
        }

    def queue_keys_done(self, keys: Iterable[str]) -> set[str]:
        """Which of these URL keys were already fetched (or are aliases of a fetched page)."""
        keys = list(keys)
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT url_key FROM collect_queue WHERE url_key IN ({marks}) AND state IN ('done', 'alias')",
                chunk,
            )
            found.update(row[0] for row in rows)
        return found

    def finish_url(
        self,
        url_key: str,
        state: str,
        article_id: str | None = None,
        error: str | None = None,
        not_before: float = 0,
    ) -> None:
        """Record what became of a queued URL: done, failed (given up), alias, or queued again later."""
        with self.transaction():
            self.db.execute(
                "UPDATE collect_queue SET state = ?, article_id = COALESCE(?, article_id), error = ?,"
                " attempts = attempts + 1, not_before = ?, done_at = ? WHERE url_key = ?",
                (state, article_id, error, not_before, _now(), url_key),
            )

    def add_alias(self, url_key: str, url: str, source_id: int | None, article_id: str | None) -> None:
        """Mark a page's canonical URL as fetched, so the same page listed under it is not fetched again."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO collect_queue (url_key, url, source_id, state, added_at, done_at, article_id)"
                " VALUES (?, ?, ?, 'alias', ?, ?, ?) ON CONFLICT (url_key) DO UPDATE SET state = CASE"
                " WHEN collect_queue.state = 'queued' THEN 'alias' ELSE collect_queue.state END",
                (url_key, url, source_id, _now(), _now(), article_id),
            )

    # -- raw pages ------------------------------------------------------

    def put_raw_page(
        self,
        url_key: str,
        url: str,
        status: int,
        content_type: str | None,
        body: bytes,
        article_id: str | None,
    ) -> None:
        """Keep a fetched page's bytes (already compressed by the caller)."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO raw_pages (url_key, url, fetched_at, status, content_type, body, article_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url_key, url, _now(), status, content_type, body, article_id),
            )

    def iter_raw_pages(self) -> Iterator[dict[str, Any]]:
        """Every kept page with what its queue row and source say (title, summary, outlet)."""
        last = ""
        while rows := self.query(
            "SELECT r.*, r.url AS page_url, q.url AS listed_url, q.source_id, q.title, q.summary, q.published,"
            " s.name AS source_name, s.country AS source_country FROM raw_pages r"
            " LEFT JOIN collect_queue q ON q.url_key = r.url_key LEFT JOIN sources s ON s.id = q.source_id"
            " WHERE r.url_key > ? ORDER BY r.url_key LIMIT 200",
            (last,),
        ):
            yield from (dict(row) for row in rows)
            last = rows[-1]["url_key"]

    def set_raw_page_article(self, url_key: str, article_id: str | None) -> None:
        with self.transaction():
            self.db.execute("UPDATE raw_pages SET article_id = ? WHERE url_key = ?", (article_id, url_key))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
