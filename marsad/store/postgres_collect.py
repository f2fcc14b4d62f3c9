"""PostgreSQL tables of live collection: the same rows as ``sqlite_collect.CollectTables``.

Plain rows in and out; what a feed is, when it is due and what a URL key is are decided in
marsad/collect, never here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from marsad.store.sqlite_collect import FEED_FIELDS


class PostgresCollectTables:
    """Mixin of PostgresStore: the collection tables (pg_migrations/0002_collect.sql)."""

    def transaction(self, exclusive: bool = False) -> AbstractContextManager[None]: ...  # the store's

    def _dicts(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...  # the store's

    def _rows(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]: ...  # the store's

    def _exec(self, sql: str, params: Any = ()) -> None: ...  # the store's

    # -- sources and feeds ----------------------------------------------

    def add_source(self, url: str, name: str | None, country: str | None) -> tuple[dict[str, Any], bool]:
        with self.transaction():
            found = self._dicts("SELECT * FROM sources WHERE url = %s", (url,))
            if found:
                if name is not None or country is not None:
                    self._exec(
                        "UPDATE sources SET name = COALESCE(%s, name), country = COALESCE(%s, country) WHERE id = %s",
                        (name, country, found[0]["id"]),
                    )
                return self._dicts("SELECT * FROM sources WHERE url = %s", (url,))[0], False
            source_id = self._rows(
                "INSERT INTO sources (url, name, country, added_at) VALUES (%s, %s, %s, %s) RETURNING id",
                (url, name, country, _now()),
            )[0][0]
            self._exec("INSERT INTO feeds (source_id, url, kind) VALUES (%s, %s, 'auto') ON CONFLICT DO NOTHING",
                       (source_id, url))
        return self._dicts("SELECT * FROM sources WHERE id = %s", (source_id,))[0], True

    def remove_source(self, url_or_id: str) -> bool:
        with self.transaction():
            return bool(self._rows("DELETE FROM sources WHERE url = %s OR id::text = %s RETURNING id",
                                   (url_or_id, url_or_id)))

    def list_sources(self) -> list[dict[str, Any]]:
        sources = self._dicts("SELECT * FROM sources ORDER BY id")
        feeds: dict[int, list[dict[str, Any]]] = {}
        for row in self._dicts("SELECT * FROM feeds ORDER BY id"):
            feeds.setdefault(row["source_id"], []).append(row)
        for source in sources:
            source["feeds"] = feeds.get(source["id"], [])
        return sources

    def get_source(self, source_id: int) -> dict[str, Any] | None:
        rows = self._dicts("SELECT * FROM sources WHERE id = %s", (source_id,))
        return rows[0] if rows else None

    def list_feeds(self) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT f.*, s.name AS source_name, s.country AS source_country, s.url AS source_url"
            " FROM feeds f JOIN sources s ON s.id = f.source_id ORDER BY f.id"
        )

    def due_feeds(self, now: float, limit: int | None = None) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT f.*, s.name AS source_name, s.country AS source_country FROM feeds f"
            " JOIN sources s ON s.id = f.source_id WHERE f.kind != 'home' AND f.next_check <= %s"
            " ORDER BY f.next_check, f.id LIMIT %s",
            (now, limit),
        )

    def add_feed(self, source_id: int, url: str, kind: str) -> bool:
        with self.transaction():
            return bool(self._rows(
                "INSERT INTO feeds (source_id, url, kind) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
                (source_id, url, kind),
            ))

    def update_feed(self, feed_id: int, **fields: Any) -> None:
        unknown = set(fields) - set(FEED_FIELDS)
        if unknown:
            raise ValueError(f"not a feed field: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = %s" for name in fields)
        with self.transaction():
            self._exec(f"UPDATE feeds SET {assignments} WHERE id = %s", (*fields.values(), feed_id))

    # -- the URL queue --------------------------------------------------

    def enqueue(self, rows: Iterable[dict[str, Any]]) -> int:
        new = 0
        with self.transaction():
            for row in rows:
                new += len(self._rows(
                    "INSERT INTO collect_queue (url_key, url, source_id, title, summary, published, state, added_at)"
                    " VALUES (%s, %s, %s, %s, %s, %s, 'queued', %s) ON CONFLICT DO NOTHING RETURNING 1",
                    (row["url_key"], row["url"], row.get("source_id"), row.get("title"), row.get("summary"),
                     row.get("published"), _now()),
                ))
        return new

    def queued(self, now: float, limit: int) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT q.*, s.name AS source_name, s.country AS source_country FROM collect_queue q"
            " LEFT JOIN sources s ON s.id = q.source_id WHERE q.state = 'queued' AND q.not_before <= %s"
            " ORDER BY q.added_at, q.url_key LIMIT %s",
            (now, limit),
        )

    def count_queue(self) -> dict[str, int]:
        return dict(self._rows("SELECT state, COUNT(*) FROM collect_queue GROUP BY state"))

    def queue_keys_done(self, keys: Iterable[str]) -> set[str]:
        rows = self._rows("SELECT url_key FROM collect_queue WHERE url_key = ANY(%s) AND state IN ('done', 'alias')",
                          (list(keys),))
        return {row[0] for row in rows}

    def finish_url(
        self, url_key: str, state: str, article_id: str | None = None, error: str | None = None,
        not_before: float = 0,
    ) -> None:
        with self.transaction():
            self._exec(
                "UPDATE collect_queue SET state = %s, article_id = COALESCE(%s, article_id), error = %s,"
                " attempts = attempts + 1, not_before = %s, done_at = %s WHERE url_key = %s",
                (state, article_id, error, not_before, _now(), url_key),
            )

    def add_alias(self, url_key: str, url: str, source_id: int | None, article_id: str | None) -> None:
        with self.transaction():
            self._exec(
                "INSERT INTO collect_queue (url_key, url, source_id, state, added_at, done_at, article_id)"
                " VALUES (%s, %s, %s, 'alias', %s, %s, %s) ON CONFLICT (url_key) DO UPDATE SET state = CASE"
                " WHEN collect_queue.state = 'queued' THEN 'alias' ELSE collect_queue.state END",
                (url_key, url, source_id, _now(), _now(), article_id),
            )

    # -- raw pages ------------------------------------------------------

    def put_raw_page(
        self, url_key: str, url: str, status: int, content_type: str | None, body: bytes, article_id: str | None
    ) -> None:
        with self.transaction():
            self._exec(
                "INSERT INTO raw_pages (url_key, url, fetched_at, status, content_type, body, article_id)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (url_key) DO UPDATE SET url = excluded.url,"
                " fetched_at = excluded.fetched_at, status = excluded.status,"
                " content_type = excluded.content_type, body = excluded.body, article_id = excluded.article_id",
                (url_key, url, _now(), status, content_type, body, article_id),
            )

    def iter_raw_pages(self) -> Iterator[dict[str, Any]]:
        """Every kept page with what its queue row and source say (as SQLite's: reprocess reads them)."""
        last = ""
        while rows := self._dicts(
            "SELECT r.*, r.url AS page_url, q.url AS listed_url, q.source_id, q.title, q.summary, q.published,"
            " s.name AS source_name, s.country AS source_country FROM raw_pages r"
            " LEFT JOIN collect_queue q ON q.url_key = r.url_key LEFT JOIN sources s ON s.id = q.source_id"
            " WHERE r.url_key > %s ORDER BY r.url_key LIMIT 200",
            (last,),
        ):
            for row in rows:
                row["body"] = bytes(row["body"])
                yield row
            last = rows[-1]["url_key"]

    def set_raw_page_article(self, url_key: str, article_id: str | None) -> None:
        with self.transaction():
            self._exec("UPDATE raw_pages SET article_id = %s WHERE url_key = %s", (article_id, url_key))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
