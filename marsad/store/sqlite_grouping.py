"""Tables the grouping stages (dedup, events, stories) look things up in: GroupingState for SQLite.

Every lookup goes through an index keyed by what the new articles carry (hash, band key,
fingerprint, term and day, event id), so its cost does not grow with the store.  Tables are
created by migration 0004_grouping.sql.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad import config
from marsad.grouping.state import DocRecord

_CHUNK = 400  # bound parameters per statement (SQLite allows 999 on old builds)


class GroupingTables:
    """Mixin for SQLiteStore that satisfies ``marsad.grouping.GroupingState``.

    Expects ``self.db`` (sqlite3 connection), ``self.query(sql, params)`` and ``self.transaction()``.
    """

    db: Any

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]: ...  # provided by the store

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        found = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.query(
                f"SELECT id, key, day, content_hash, duplicate_of, event, data FROM grouping_docs"
                f" WHERE id IN ({marks})", chunk
            ):
                data = json.loads(row[6])
                found[row[0]] = DocRecord(
                    id=row[0], key=row[1], day=row[2], content_hash=row[3], duplicate_of=row[4], event=row[5],
                    bands=data["bands"], vector=data["vector"], index_terms=data["index_terms"], links=data["links"],
                    happened=data.get("happened"), actor=data.get("actor"),
                )
        return found

    def docs_with_hash(self, content_hash: str) -> list[str]:
        return [r[0] for r in self.query("SELECT id FROM grouping_docs WHERE content_hash = ?", (content_hash,))]

    def docs_in_bands(self, bands: Iterable[int]) -> set[str]:
        return self._ids_where("SELECT id FROM grouping_bands WHERE band IN ({marks})", list(bands))

    def docs_with_prints(self, prints: Iterable[int], limit: int) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for value in sorted(set(prints)):
            rows = self.query("SELECT id FROM grouping_prints WHERE print = ? LIMIT ?", (value, limit + 1))
            if 0 < len(rows) <= limit:
                found[value] = sorted(r[0] for r in rows)
        return found

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(sorted(set(terms))):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.query(
                f"SELECT id FROM grouping_terms WHERE term IN ({marks})"
                " AND (day BETWEEN ? AND ? OR day IS NULL)", [*chunk, first_day, last_day]
            ))
        return found

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        found: set[str] = set()
        anchor, reach = day or 0, config.GROUPING_STORY_DAYS
        for term in sorted(set(terms)):
            rows = self.query(
                "SELECT event FROM (SELECT event FROM grouping_event_terms WHERE term = ? AND day BETWEEN ? AND ?"
                " ORDER BY day DESC LIMIT ?) UNION SELECT event FROM (SELECT event FROM grouping_event_terms"
                " WHERE term = ? AND day > ? AND day <= ? ORDER BY day LIMIT ?)",
                (term, anchor - reach, anchor, limit, term, anchor, anchor + reach, limit),
            )
            found.update(r[0] for r in rows)
        return found

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        found = {}
        for chunk in _chunks(list(event_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT event, day, data FROM grouping_events WHERE event IN ({marks})", chunk):
                found[row[0]] = (json.loads(row[2])["vector"], row[1])
        return found

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        event_ids = list(event_ids)
        links: dict[str, set[str]] = {e: set() for e in event_ids}
        for chunk in _chunks(event_ids):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT event, other FROM grouping_story_links WHERE event IN ({marks})", chunk):
                links[row[0]].add(row[1])
        return links

    def remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        with self.transaction():
            known = set(self.grouping_docs(d.id for d in docs))
            for doc in docs:
                self._put_doc(doc, fresh=doc.id not in known)
            self.db.executemany(
                "INSERT OR IGNORE INTO grouping_prints VALUES (?, ?)",
                [(value, article_id) for article_id, values in prints.items() for value in values],
            )

    def _put_doc(self, doc: DocRecord, fresh: bool) -> None:
        data = {"bands": doc.bands, "vector": doc.vector, "index_terms": doc.index_terms, "links": doc.links,
                "happened": doc.happened, "actor": doc.actor}
        self.db.execute(
            "INSERT OR REPLACE INTO grouping_docs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.key, doc.day, doc.content_hash, doc.duplicate_of, doc.event, json.dumps(data)),
        )
        if fresh:
            self.db.executemany("INSERT OR IGNORE INTO grouping_bands VALUES (?, ?)", [(b, doc.id) for b in doc.bands])
            self.db.executemany(
                "INSERT INTO grouping_terms VALUES (?, ?, ?)", [(t, doc.day, doc.id) for t in doc.index_terms]
            )

    def remember_events(
        self, vectors: dict[str, tuple[dict[str, float], int | None, list[str]]], deleted: Iterable[str]
    ) -> None:
        with self.transaction():
            gone = [(e,) for e in [*deleted, *vectors]]
            self.db.executemany("DELETE FROM grouping_events WHERE event = ?", gone)
            self.db.executemany("DELETE FROM grouping_event_terms WHERE event = ?", gone)
            for event_id, (vector, day, terms) in vectors.items():
                self.db.execute(
                    "INSERT INTO grouping_events VALUES (?, ?, ?)",
                    (event_id, day, json.dumps({"vector": vector, "terms": terms})),
                )
                self.db.executemany("INSERT OR IGNORE INTO grouping_event_terms VALUES (?, ?, ?)",
                                    [(t, day or 0, event_id) for t in terms])

    def remember_story_links(self, links: dict[str, set[str]]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM grouping_story_links WHERE event = ?", [(e,) for e in links])
            self.db.executemany(
                "INSERT OR IGNORE INTO grouping_story_links VALUES (?, ?)",
                [(e, o) for e, linked in links.items() for o in sorted(linked)],
            )

    def _ids_where(self, sql: str, values: list[Any]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(values):
            found.update(r[0] for r in self.query(sql.format(marks=",".join("?" * len(chunk))), chunk))
        return found


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
