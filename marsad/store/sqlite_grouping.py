"""Tables the grouping stages (dedup, events, stories) look things up in: GroupingState for SQLite.

Every lookup goes through an index keyed by a time period first, then by what the new articles
carry (hash, band key, fingerprint, term, event id), and asks for a window of days only: new rows
land in the recent pages of each index and lookups read recent pages, so the cost does not grow
with the store.  Tables are created by migrations 0004_grouping.sql and 0007_grouping_periods.sql;
the band keys, fingerprints and index terms name an article by its number (grouping_docs.doc,
0015_grouping_doc_numbers.sql), which lookups turn back into ids with a join.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from marsad import config
from marsad.grouping.state import UNDATED, DocRecord, EventVector, GroupingRows, near_ids, nearest, slot
from marsad.store.base import packed_json, unpacked_json

_CHUNK = 400  # bound parameters per statement (SQLite allows 999 on old builds)
# A document's slot (``state.slot``) in SQL: band and fingerprint rows take it from the document
# (migration 0019).
DOC_SLOT = f"COALESCE(d.day, {UNDATED})"
# Story candidates of one term in one story period, nearest in time first (before and after the
# event's day); the period comes first in the key so new rows land together.
_EPOCH_BEFORE = ("SELECT event, day FROM grouping_event_terms WHERE epoch = ? AND term = ? AND day BETWEEN ? AND ?"
                 " ORDER BY day DESC, event LIMIT ?")
_EPOCH_AFTER = ("SELECT event, day FROM grouping_event_terms WHERE epoch = ? AND term = ? AND day BETWEEN ? AND ?"
                " ORDER BY day, event LIMIT ?")


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
                found[row[0]] = doc_record(row)
        return found

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]:
        return sorted(r[0] for r in self.query(
            f"SELECT id FROM grouping_hashes WHERE period IN ({_marks(first_day, last_day)}) AND hash = ?"
            " AND day BETWEEN ? AND ?", [*periods(first_day, last_day), content_hash, first_day, last_day]
        ))

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]:
        span = periods(first_day, last_day)
        found: set[str] = set()
        for chunk in _chunks(sorted(set(bands))):
            found.update(r[0] for r in self.query(
                f"SELECT d.id FROM grouping_bands b JOIN grouping_docs d ON d.doc = b.doc"
                f" WHERE b.period IN ({_marks(first_day, last_day)})"
                f" AND b.band IN ({','.join('?' * len(chunk))}) AND {DOC_SLOT} BETWEEN ? AND ?",
                [*span, *chunk, first_day, last_day],
            ))
        return found

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]:
        span = periods(first_day, last_day)
        sql = (f"SELECT d.id FROM grouping_prints p JOIN grouping_docs d ON d.doc = p.doc"
               f" WHERE p.period IN ({_marks(first_day, last_day)}) AND p.print = ?"
               f" AND {DOC_SLOT} BETWEEN ? AND ? LIMIT ?")
        found: dict[int, list[str]] = {}
        for value in sorted(set(prints)):
            rows = self.query(sql, [*span, value, first_day, last_day, limit + 1])
            if rows:
                found[value] = sorted(r[0] for r in rows) if len(rows) <= limit else []
        return found

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        # One index probe per (day, term): the days of the window are few (the event window).
        days = list(range(first_day, last_day + 1))
        found: set[str] = set()
        for chunk in _chunks(sorted(set(terms))):
            found.update(r[0] for r in self.query(
                f"SELECT d.id FROM grouping_terms t JOIN grouping_docs d ON d.doc = t.doc"
                f" WHERE t.day IN ({','.join('?' * len(days))})"
                f" AND t.term IN ({','.join('?' * len(chunk))})", [*days, *chunk]
            ))
        return found

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        return near_ids(self.events_near(terms, day, limit))

    def events_near(self, terms: Iterable[str], day: int | None, limit: int) -> dict[str, list[tuple[int, str]]]:
        anchor, reach = day or 0, config.GROUPING_STORY_DAYS
        before_epochs = epochs(anchor - reach, anchor)
        after_epochs = epochs(anchor + 1, anchor + reach)
        parts = [_EPOCH_BEFORE] * len(before_epochs) + [_EPOCH_AFTER] * len(after_epochs)
        sql = " UNION ALL ".join(f"SELECT * FROM ({part})" for part in parts)
        found: dict[str, list[tuple[int, str]]] = {}
        for term in sorted(set(terms)):
            params: list[Any] = []
            for epoch in before_epochs:
                params += [epoch, term, anchor - reach, anchor, limit]
            for epoch in after_epochs:
                params += [epoch, term, anchor + 1, anchor + reach, limit]
            rows = [(r[1], r[0]) for r in self.query(sql, params)]
            if rows:
                found[term] = nearest(rows, day, limit)
        return found

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        found = {}
        for chunk in _chunks(list(event_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT event, day, data FROM grouping_events WHERE event IN ({marks})", chunk):
                found[row[0]] = (unpacked_json(row[2])["vector"], row[1])
        return found

    def event_names(self, event_ids: Iterable[str]) -> dict[str, tuple[list[str], list[str]]]:
        found = {}
        for chunk in _chunks(list(event_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT event, data FROM grouping_events WHERE event IN ({marks})", chunk):
                data = unpacked_json(row[1])
                found[row[0]] = (data.get("title_names", []), data.get("names", []))
        return found

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]:
        found = {}
        for chunk in _chunks(list(event_ids)):
            marks = ",".join("?" * len(chunk))
            rows = self.query(f"SELECT id, story FROM events WHERE story IS NOT NULL AND id IN ({marks})", chunk)
            found.update((row[0], row[1]) for row in rows)
        return found

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        event_ids = list(event_ids)
        links: dict[str, set[str]] = {e: set() for e in event_ids}
        for chunk in _chunks(event_ids):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT event, other FROM grouping_story_links WHERE event IN ({marks})", chunk):
                links[row[0]].add(row[1])
        return links

    def write_grouping(self, rows: GroupingRows) -> None:
        with self.transaction():
            self._remember(list(rows.docs.values()), rows.prints)
            self._reindex(rows.moved_terms)
            self.db.executemany("INSERT OR IGNORE INTO grouping_lines VALUES (?, ?, ?, ?)", rows.line_rows())
            self._remember_events(rows.kept_events(), rows.gone_events())
            self._remember_story_links(rows.story_links)

    def _remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        with self.transaction():
            numbers = self._doc_numbers([d.id for d in docs])
            for doc in docs:
                numbers[doc.id] = self._put_doc(doc, numbers.get(doc.id))
            days = {d.id: slot(d.day) for d in docs}
            self.db.executemany(
                "INSERT OR IGNORE INTO grouping_prints VALUES (?, ?, ?)",
                [(period(days[i]), value, numbers[i]) for i, values in prints.items() for value in values],
            )

    def _reindex(self, changes: dict[str, tuple[int | None, list[str], list[str]]]) -> None:
        with self.transaction():
            numbers = self._doc_numbers(list(changes))
            for article_id, (day, old, new) in changes.items():
                number = numbers[article_id]
                self.db.executemany("DELETE FROM grouping_terms WHERE day = ? AND term = ? AND doc = ?",
                                    [(slot(day), t, number) for t in old])
                self.db.executemany("INSERT OR IGNORE INTO grouping_terms VALUES (?, ?, ?)",
                                    [(slot(day), t, number) for t in new])

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for chunk in _chunks(sorted(set(lines))):
            for line, article_id in self.query(
                f"SELECT line, id FROM grouping_lines WHERE period = ? AND outlet = ?"
                f" AND line IN ({','.join('?' * len(chunk))}) ORDER BY line, id", [period, outlet, *chunk]
            ):
                found.setdefault(line, []).append(article_id)
        return {line: ids[:limit] for line, ids in found.items()}

    def _doc_numbers(self, ids: list[str]) -> dict[str, int]:
        """The numbers of these stored grouping documents (their ``doc``, migration 0015)."""
        found: dict[str, int] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found.update((r[0], r[1]) for r in self.query(f"SELECT id, doc FROM grouping_docs WHERE id IN ({marks})", chunk))
        return found

    def _put_doc(self, doc: DocRecord, number: int | None) -> int:
        """Write one record (a new one when ``number`` is None) and return its number."""
        data = {"bands": doc.bands, "vector": doc.vector, "index_terms": doc.index_terms, "links": doc.links,
                "happened": doc.happened, "actor": doc.actor, "reaction": doc.reaction, "lead_names": doc.lead_names,
                "title_names": doc.title_names, "names": doc.names, "title_terms": doc.title_terms}
        values = (doc.key, doc.day, doc.content_hash, doc.duplicate_of, doc.event, packed_json(data))
        if number is not None:  # the number stays: the lookup rows refer to it
            self.db.execute("UPDATE grouping_docs SET key = ?, day = ?, content_hash = ?, duplicate_of = ?,"
                            " event = ?, data = ? WHERE doc = ?", (*values, number))
            return number
        number = self.db.execute(
            "INSERT INTO grouping_docs (id, key, day, content_hash, duplicate_of, event, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (doc.id, *values)
        ).lastrowid
        day = slot(doc.day)
        self.db.execute("INSERT OR IGNORE INTO grouping_hashes VALUES (?, ?, ?, ?)",
                        (period(day), doc.content_hash, doc.id, day))
        self.db.executemany("INSERT OR IGNORE INTO grouping_bands VALUES (?, ?, ?)",
                            [(period(day), b, number) for b in doc.bands])
        self.db.executemany("INSERT OR IGNORE INTO grouping_terms VALUES (?, ?, ?)",
                            [(day, t, number) for t in doc.index_terms])
        return number

    def _remember_events(self, vectors: dict[str, EventVector], deleted: Iterable[str]) -> None:
        with self.transaction():
            gone = [*deleted, *vectors]
            self.db.executemany("DELETE FROM grouping_event_terms WHERE epoch = ? AND term = ? AND day = ?"
                                " AND event = ?", self._event_term_rows(gone))
            self.db.executemany("DELETE FROM grouping_events WHERE event = ?", [(e,) for e in gone])
            for event_id, (vector, day, terms, title_names, names) in vectors.items():
                data = {"vector": vector, "terms": terms, "title_names": title_names, "names": names}
                self.db.execute("INSERT INTO grouping_events VALUES (?, ?, ?)", (event_id, day, packed_json(data)))
                self.db.executemany("INSERT OR IGNORE INTO grouping_event_terms VALUES (?, ?, ?, ?)",
                                    [(epoch(day or 0), t, day or 0, event_id) for t in terms])

    def _event_term_rows(self, event_ids: list[str]) -> list[tuple[int, str, int, str]]:
        """The story-candidate rows of these stored events (to delete them by key)."""
        rows = []
        for chunk in _chunks(event_ids):
            for event_id, day, data in self.query(
                f"SELECT event, day, data FROM grouping_events"
                f" WHERE event IN ({','.join('?' * len(chunk))})", chunk
            ):
                rows += [(epoch(day or 0), t, day or 0, event_id) for t in unpacked_json(data)["terms"]]
        return rows

    def _remember_story_links(self, links: dict[str, set[str]]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM grouping_story_links WHERE event = ?", [(e,) for e in links])
            self.db.executemany(
                "INSERT OR IGNORE INTO grouping_story_links VALUES (?, ?)",
                [(e, o) for e, linked in links.items() for o in sorted(linked)],
            )


def period(day: int) -> int:
    """The period a slot falls in: lookup tables are keyed by it first (migration 0007)."""
    return day // config.GROUPING_PERIOD_DAYS


def periods(first_day: int, last_day: int) -> list[int]:
    """Every period a window of slots overlaps."""
    return list(range(period(first_day), period(last_day) + 1))


def epoch(day: int) -> int:
    """The story-candidate period of an event day (GROUPING_STORY_PERIOD_DAYS long)."""
    return day // config.GROUPING_STORY_PERIOD_DAYS


def epochs(first_day: int, last_day: int) -> list[int]:
    """Every story period a window of days overlaps."""
    return list(range(epoch(first_day), epoch(last_day) + 1))


def _marks(first_day: int, last_day: int) -> str:
    return ",".join("?" * len(periods(first_day, last_day)))


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def doc_record(row: Any) -> DocRecord:
    """A grouping_docs row (id, key, day, content_hash, duplicate_of, event, data) as a DocRecord."""
    data = unpacked_json(row[6])
    return DocRecord(
        id=row[0], key=row[1], day=row[2], content_hash=row[3], duplicate_of=row[4], event=row[5],
        bands=data["bands"], vector=data["vector"], index_terms=data["index_terms"], links=data["links"],
        happened=data.get("happened"), actor=data.get("actor"), reaction=data.get("reaction"),
        lead_names=data.get("lead_names", []), title_names=data.get("title_names", []),
        names=data.get("names", []), title_terms=data.get("title_terms", []),
    )
