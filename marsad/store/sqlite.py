"""The default store: one SQLite file, WAL mode, migrations, one writer at a time."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from marsad import config
from marsad.errors import StoreBusy, StoreError
from marsad.model import Article, Entity, Event, MergeEvidence, Story
from marsad.store.base import (
    COPIED_TABLES,
    ArticleFilter,
    ArticleRow,
    EntityRow,
    json_text,
    json_value,
    packed_json,
    packed_text,
    unpacked_json,
    unpacked_text,
)
from marsad.store.sqlite_collect import CollectTables
from marsad.store.sqlite_grouping import DOC_SLOT, GroupingTables
from marsad.store.sqlite_search import SearchTables

_NEWEST_FIRST = "ORDER BY published IS NULL, published DESC, seq DESC"


class SQLiteStore(GroupingTables, SearchTables, CollectTables):
    """A Store in one SQLite file (or ``:memory:``).

    Writes happen inside ``transaction()`` on one connection guarded by a lock (SQLite allows one
    writer anyway; a writer of another process waits up to ``lock_wait``).  Reads outside the
    thread writing go through a connection of their own thread (WAL: readers see the last commit
    and neither wait for a writer nor make the web server's requests queue behind one lock).
    """

    def __init__(self, path: str | Path, lock_wait: float | None = None) -> None:
        self.path = str(path)
        # How long a writer waits for another to finish (another process, or another thread of
        # this one) before giving up with StoreBusy; reads never wait for writers (WAL).
        self.lock_wait = config.STORE_LOCK_WAIT_S if lock_wait is None else lock_wait
        self.db = self._connect()
        self.lock = threading.RLock()
        self._depth = 0
        self._owner: int | None = None  # the thread inside the write transaction
        # Readers outside the write transaction get a connection of their own (one per thread),
        # so a long write never makes a page or /healthz wait; ":memory:" has only one database.
        self._shared = self.path == ":memory:" or self.path.startswith("file::memory:")
        self._readers = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()  # not self.lock: the writer holds that for its whole batch
        self._commits = 0  # write transactions this store committed
        self._watcher: sqlite3.Connection | None = None  # sees other connections' commits (generation)
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        try:
            # The busy timeout is set by connect(), before the journal-mode switch that may have to wait.
            db = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=self.lock_wait
            )
            # 16 KB pages for a new file (an existing one keeps its own): an article row of 1-3 KB
            # wasted a third of a 4 KB page on average, and larger pages hold more index entries
            # per page; writing costs the same (docs/performance.md, "Fourth round").
            db.execute("PRAGMA page_size=16384")
            _switch_to_wal(db, self.lock_wait)
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            # A 64 MB page cache keeps the upper levels of every index in memory, so a lookup
            # costs about the same at 100k articles as at 1k (bench/grouping.py).
            db.execute("PRAGMA cache_size=-65536")
            db.execute("PRAGMA temp_store=MEMORY")
            db.create_function("url_hash", 1, url_hash, deterministic=True)  # migration 0017
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise self._busy() from error
            raise StoreError(f"{self.path}: cannot open the store ({error})") from error
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the store ({error})") from error
        return db

    def _busy(self) -> StoreBusy:
        return StoreBusy(
            f"{self.path}: the store is busy: another writer held it for more than {self.lock_wait:g} s;"
            " try again, or wait longer with MARSAD_LOCK_WAIT (seconds)",
            retry_after=max(1, round(self.lock_wait / 4)),
        )

    # -- plumbing -------------------------------------------------------

    @contextmanager
    def transaction(self, exclusive: bool = False) -> Iterator[None]:
        """Commit everything written inside together; nested calls join the outer one.

        ``BEGIN IMMEDIATE`` takes the write lock at the start, so whatever the transaction reads
        (which articles are already stored, the candidates grouping compares with) cannot change
        under it: a second writer, in this process or another, waits up to ``lock_wait`` seconds
        and then fails with StoreBusy, touching nothing.  Every write transaction is exclusive in
        SQLite (one writer per file), so ``exclusive`` asks nothing more.
        """
        if not self.lock.acquire(timeout=self.lock_wait):
            raise self._busy()
        try:
            if self._depth == 0:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as error:
                    if _is_busy(error):
                        raise self._busy() from error
                    raise
                self._owner = threading.get_ident()
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._owner = None
                    if self.db.in_transaction:
                        self.db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self.db.execute("COMMIT")
                self._commits += 1
        finally:
            self.lock.release()

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        if self._shared or self._owner == threading.get_ident():
            with self.lock:
                return self._fetch(self.db, sql, params)
        return self._fetch(self._reader(), sql, params)

    def _fetch(self, db: sqlite3.Connection, sql: str, params: Iterable[Any]) -> list[sqlite3.Row]:
        try:
            cursor = db.execute(sql, tuple(params))
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise self._busy() from error
            raise

    def _reader(self) -> sqlite3.Connection:
        db = getattr(self._readers, "db", None)
        if db is None:
            db = self._connect()
            db.execute("PRAGMA query_only=ON")
            self._readers.db = db
            with self._readers_lock:
                self._reader_connections.append(db)
        return db

    def migrate(self) -> None:
        """Apply every migration not yet applied, in name order, under the write lock.

        The applied list is read inside the write transaction, so two processes opening a new
        store at once apply each migration once: the second waits, then finds them done.
        """
        folder = resources.files("marsad.store").joinpath("migrations")
        pending = sorted((e for e in folder.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)
        with self.lock:
            # A read first, so that opening an up-to-date store never takes the write lock.
            known = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'migrations'").fetchone()
            done = {row[0] for row in self.db.execute("SELECT name FROM migrations")} if known else set()
            if all(entry.name in done for entry in pending):
                return
            with self.transaction():
                self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
                done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
                for entry in pending:
                    if entry.name not in done:
                        self._apply(entry.name, entry.read_text("utf-8"))

    def _apply(self, name: str, sql: str) -> None:
        """One migration's statements, inside the caller's transaction."""
        try:
            for statement in _statements(sql):
                self.db.execute(statement)
            self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: migration {name} failed ({error})") from error

    def schema_version(self) -> list[str]:
        """Names of the applied migrations."""
        return [row[0] for row in self.query("SELECT name FROM migrations ORDER BY name")]

    def generation(self) -> tuple[int, int]:
        """(commits of this store, ``PRAGMA data_version`` of a connection of its own, which changes
        whenever another connection, of this process or another, commits)."""
        if self._shared:
            return self._commits, 0
        with self._readers_lock:
            if self._watcher is None:
                self._watcher = self._connect()
                self._reader_connections.append(self._watcher)
            return self._commits, self._watcher.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        """Close the connections; a writer still inside a transaction after a few seconds (a server
        stopping mid-batch) is left to the end of the process, when SQLite rolls its batch back."""
        if not self.lock.acquire(timeout=min(self.lock_wait, 5.0)):
            return
        try:
            for reader in self._reader_connections:
                reader.close()
            self._reader_connections.clear()
            self.db.close()
        finally:
            self.lock.release()

    def dump_table(self, name: str) -> Iterator[tuple[Any, ...]]:
        columns = ", ".join(COPIED_TABLES[name])
        if name == "entity_keys":  # the entity's id in place of its number
            cursor = self.db.execute("SELECT k.key, n.id FROM entity_keys k JOIN entity_numbers n ON n.num = k.entity"
                                     " ORDER BY 1, 2")
        elif name in _NUMBERED_TABLES:  # the article's id in place of its number, its day from its document
            taken = {"id": "d.id", "day": DOC_SLOT if name in _DAY_FROM_DOC else "t.day"}
            selected = ", ".join(taken.get(c, f"t.{c}") for c in COPIED_TABLES[name])
            cursor = self.db.execute(f"SELECT {selected} FROM {name} t JOIN grouping_docs d ON d.doc = t.doc"
                                     f" ORDER BY {', '.join(str(i + 1) for i in range(len(COPIED_TABLES[name])))}")
        else:
            cursor = self.db.execute(f"SELECT {columns} FROM {name} ORDER BY {columns}")
        packed = _PACKED_COLUMN.get(name)
        while rows := cursor.fetchmany(1000):
            if packed is None:
                yield from (tuple(row) for row in rows)
            else:  # as JSON text, the columns every store has
                yield from (_replaced(row, packed, unpacked_text(row[packed])) for row in rows)

    def load_table(self, name: str, rows: Iterable[tuple[Any, ...]]) -> None:
        columns = COPIED_TABLES[name]
        packed = _PACKED_COLUMN.get(name)
        if packed is not None:
            rows = (_replaced(row, packed, packed_text(row[packed])) for row in rows)
        names, marks = ", ".join(columns), ", ".join("?" * len(columns))
        if name in _NUMBERED_TABLES:  # grouping_docs are copied first (COPIED_TABLES' order)
            kept = [i for i, c in enumerate(columns) if not (c == "day" and name in _DAY_FROM_DOC)]
            rows = (tuple(row[i] for i in kept) for row in rows)
            names = ", ".join("doc" if columns[i] == "id" else columns[i] for i in kept)
            marks = ", ".join("(SELECT doc FROM grouping_docs WHERE id = ?)" if columns[i] == "id" else "?" for i in kept)
        with self.transaction():
            if name != "entity_keys":
                self.db.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", rows)
                return
            rows = list(rows)  # entities are copied first: their rows list their keys too
            numbers = self._entity_numbers(entity_id for _, entity_id in rows)
            self.db.executemany("INSERT INTO entity_keys (key, entity) VALUES (?, ?)",
                                [(key, numbers[entity_id]) for key, entity_id in rows])
            listed: dict[str, set[str]] = {}
            for key, entity_id in rows:
                listed.setdefault(entity_id, set()).add(key)
            for chunk in _chunks(sorted(listed), 500):
                marks = ",".join("?" * len(chunk))
                for entity_id, keys in self.query(f"SELECT id, keys FROM entities WHERE id IN ({marks})", chunk):
                    listed[entity_id].update(json_value(keys or "[]"))
            self.db.executemany("UPDATE entities SET keys = ? WHERE id = ?",
                                [(json_text(sorted(keys)), entity_id) for entity_id, keys in listed.items()])

    # -- articles -------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        known: set[str] = set()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            known.update(row[0] for row in self.query(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return known

    def articles_by_url(self, keys: Iterable[str]) -> dict[str, str]:
        hashed = {url_hash(key): key for key in keys}
        found: dict[str, str] = {}
        for chunk in _chunks(list(hashed), 500):
            marks = ",".join("?" * len(chunk))
            for value, article_id in self.query(
                f"SELECT url_hash, MIN(id) FROM articles WHERE url_hash IN ({marks}) GROUP BY url_hash", chunk
            ):
                found[hashed[value]] = article_id
        return found

    def put_articles(self, rows: Iterable[ArticleRow]) -> None:
        rows = list(rows)
        with self.transaction():
            numbers = self._entity_numbers(m.entity for r in rows for m in r.article.entities if m.entity)
            for row in rows:
                self._put_article(row.article, row.url_key, numbers)
            self._index_articles(rows)  # search index (sqlite_search.py), same transaction

    def _put_article(self, article: Article, url_key: str | None, numbers: dict[str, int]) -> None:
        (seq,) = self.db.execute(
            """INSERT INTO articles (id, seq, content_hash, published, source_name, source_country, category,
                   event, story, duplicate_of, ingested_at, credibility, importance, data, url_hash)
               VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM articles), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET content_hash=excluded.content_hash,
                   published=excluded.published, source_name=excluded.source_name,
                   source_country=excluded.source_country, category=excluded.category,
                   event=excluded.event, story=excluded.story, duplicate_of=excluded.duplicate_of,
                   credibility=excluded.credibility, importance=excluded.importance, data=excluded.data,
                   url_hash=COALESCE(excluded.url_hash, articles.url_hash)
               RETURNING seq""",
            (
                article.id, article.content_hash, article.published, article.source.name,
                article.source.country, article.category, article.event, article.story,
                article.duplicate_of, _now(), article.credibility.score, article.importance.score,
                packed_json(article), url_hash(url_key),  # as_dict() and the content hash
            ),
        ).fetchone()
        self.db.execute("DELETE FROM article_entities WHERE article = ?", (seq,))
        entities = {numbers[m.entity] for m in article.entities if m.entity}
        self.db.executemany("INSERT INTO article_entities (entity, article) VALUES (?, ?)", [(e, seq) for e in entities])

    def get_article(self, article_id: str) -> Article | None:
        rows = self.query("SELECT data FROM articles WHERE id = ?", (article_id,))
        return _article(rows[0]["data"]) if rows else None

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        ids = list(ids)
        found: dict[str, Article] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT data FROM articles WHERE id IN ({marks})", chunk):
                article = _article(row["data"])
                found[article.id] = article
        return [found[i] for i in ids if i in found]

    def list_articles(
        self, limit: int = 50, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[Article]:
        clause, params = article_where(where, entity=ENTITY_ARTICLES)
        rows = self.query(
            f"SELECT data FROM articles {clause} {_NEWEST_FIRST} LIMIT ? OFFSET ?", [*params, limit, offset]
        )
        return [_article(row["data"]) for row in rows]

    def count_articles(self, where: ArticleFilter | None = None) -> int:
        clause, params = article_where(where, entity=ENTITY_ARTICLES)
        return self.query(f"SELECT COUNT(*) FROM articles {clause}", params)[0][0]

    def iter_articles(self) -> Iterator[Article]:
        last = 0
        while True:
            rows = self.query("SELECT seq, data FROM articles WHERE seq > ? ORDER BY seq LIMIT 500", (last,))
            if not rows:
                return
            for row in rows:
                yield _article(row["data"])
            last = rows[-1]["seq"]

    def outlet_stats(self, outlet: str) -> tuple[int, int]:
        row = self.query(
            "SELECT COUNT(*), COUNT(duplicate_of) FROM articles WHERE source_name = ?", (outlet,)
        )[0]
        return row[0], row[1]

    # -- events and stories --------------------------------------------

    def put_events(self, events: Iterable[Event]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO events (id, story, date, size, data) VALUES (?, ?, ?, ?, ?)",
                [(e.id, e.story, e.date, len(e.articles), packed_json(e.as_dict())) for e in events],
            )

    def delete_events(self, ids: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in ids])

    def get_event(self, event_id: str) -> Event | None:
        rows = self.query("SELECT data FROM events WHERE id = ?", (event_id,))
        return Event(**unpacked_json(rows[0]["data"])) if rows else None

    def list_events(self, limit: int | None = None, offset: int = 0, largest: bool = False) -> list[Event]:
        order = "size DESC, date IS NULL, date DESC" if largest else "date IS NULL, date DESC, size DESC"
        rows = self.query(
            f"SELECT data FROM events ORDER BY {order}, id LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset)
        )
        return [Event(**unpacked_json(row["data"])) for row in rows]

    def count_events(self) -> int:
        return self.query("SELECT COUNT(*) FROM events")[0][0]

    def put_stories(self, stories: Iterable[Story]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO stories (id, last_date, size, data) VALUES (?, ?, ?, ?)",
                [(s.id, s.last_date, len(s.articles), packed_json(s.as_dict())) for s in stories],
            )

    def delete_stories(self, ids: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in ids])

    def put_redirects(self, kind: str, moves: dict[str, str]) -> None:
        rows = [(kind, old, new) for old, new in moves.items() if old != new]
        with self.transaction():
            for _, old, new in rows:
                self.db.execute("UPDATE redirects SET new_id = ? WHERE kind = ? AND new_id = ?", (new, kind, old))
            self.db.executemany("INSERT OR REPLACE INTO redirects (kind, old_id, new_id) VALUES (?, ?, ?)", rows)
            self.db.executemany("DELETE FROM redirects WHERE kind = ? AND old_id = ?", [(kind, n) for n in moves.values()])
            self.db.execute("DELETE FROM redirects WHERE kind = ? AND old_id = new_id", (kind,))

    def redirect(self, kind: str, old_id: str) -> str | None:
        rows = self.query("SELECT new_id FROM redirects WHERE kind = ? AND old_id = ?", (kind, old_id))
        return rows[0]["new_id"] if rows else None

    def get_story(self, story_id: str) -> Story | None:
        rows = self.query("SELECT data FROM stories WHERE id = ?", (story_id,))
        return Story(**unpacked_json(rows[0]["data"])) if rows else None

    def list_stories(self, limit: int | None = None, offset: int = 0, largest: bool = False) -> list[Story]:
        recent = "last_date IS NULL, last_date DESC"
        order = f"size DESC, {recent}" if largest else f"{recent}, size DESC"
        rows = self.query(
            f"SELECT data FROM stories ORDER BY {order}, id LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset)
        )
        return [Story(**unpacked_json(row["data"])) for row in rows]

    def count_stories(self) -> int:
        return self.query("SELECT COUNT(*) FROM stories")[0][0]

    # -- entities -------------------------------------------------------

    def put_entities(self, rows: Iterable[EntityRow]) -> None:
        """Write the entities' names and counts; their articles are the article_entities links,
        which ``put_articles`` writes (an entity row never holds the list: it grows with the store)."""
        rows = list(rows)
        with self.transaction():
            self._drop_entity_keys([r.entity.id for r in rows])
            self.db.executemany(
                # Updated in place (a replace would move the row to the table's end and leave a hole).
                "INSERT INTO entities (id, type, mentions, data, keys) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id)"
                " DO UPDATE SET type = excluded.type, mentions = excluded.mentions, data = excluded.data,"
                " keys = excluded.keys",
                [(r.entity.id, r.entity.type, r.entity.mentions, packed_json(_entity_row(r.entity)),
                  json_text(sorted(r.keys))) for r in rows],
            )
            self._add_entity_keys(rows)

    def _add_entity_keys(self, rows: list[EntityRow]) -> None:
        """The resolver keys of these entities (see ``entities_by_keys``), listed on their rows too."""
        numbers = self._entity_numbers(r.entity.id for r in rows)
        self.db.executemany(
            "INSERT OR IGNORE INTO entity_keys (key, entity) VALUES (?, ?)",
            [(key, numbers[r.entity.id]) for r in rows for key in sorted(r.keys)],
        )

    def _entity_numbers(self, entity_ids: Iterable[str]) -> dict[str, int]:
        """Each entity id's number in article_entities and entity_keys (migration 0018), a new
        one for an id not numbered yet; called inside the write transaction."""
        ids = sorted(set(entity_ids))
        self.db.executemany("INSERT OR IGNORE INTO entity_numbers (id) VALUES (?)", [(i,) for i in ids])
        return self._numbered(ids)

    def _numbered(self, entity_ids: Iterable[str]) -> dict[str, int]:
        """The numbers of those of these entity ids that have one."""
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(set(entity_ids)), 500):
            marks = ",".join("?" * len(chunk))
            found.update(self.query(f"SELECT id, num FROM entity_numbers WHERE id IN ({marks})", chunk))
        return found

    def _drop_entity_keys(self, entity_ids: list[str]) -> None:
        """Delete the resolver keys of these stored entities, found from the list on each row
        (entity_keys has no index by entity: migration 0016)."""
        pairs = []
        for chunk in _chunks(entity_ids, 500):
            marks = ",".join("?" * len(chunk))
            for number, keys in self.query(
                f"SELECT n.num, e.keys FROM entities e JOIN entity_numbers n ON n.id = e.id WHERE e.id IN ({marks})", chunk
            ):
                pairs += [(key, number) for key in json_value(keys or "[]")]
        self.db.executemany("DELETE FROM entity_keys WHERE key = ? AND entity = ?", pairs)

    def entities_by_keys(self, keys: Iterable[str]) -> list[Entity]:
        """Stored entities with any of these resolver keys, by id.

        Their ``articles`` are left empty: the resolver asks ``entity_article_counts`` and
        ``entities_named_with`` instead of reading every article id of a frequent entity."""
        keys = sorted(set(keys))
        found: dict[str, Entity] = {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT data FROM entities WHERE id IN (SELECT n.id FROM entity_keys k"
                f" JOIN entity_numbers n ON n.num = k.entity WHERE k.key IN ({marks}))",
                chunk,
            )
            for row in rows:
                entity = _entity(row["data"])
                found[entity.id] = entity
        return [found[i] for i in sorted(found)]

    def iter_entities(self) -> Iterator[Entity]:
        last = ""
        while rows := self.query("SELECT id, data FROM entities WHERE id > ? ORDER BY id LIMIT 1000", (last,)):
            yield from (_entity(row["data"]) for row in rows)
            last = rows[-1]["id"]

    def entity_keys_version(self) -> str | None:
        rows = self.query("SELECT version FROM entity_keys_version")
        return rows[0][0] if len(rows) == 1 else None

    def rekey_entities(self, version: str, rows: Iterable[EntityRow]) -> None:
        with self.transaction():
            rows = list(rows)
            self.db.execute("DELETE FROM entity_keys")
            self._add_entity_keys(rows)
            self.db.executemany("UPDATE entities SET keys = ? WHERE id = ?",
                                [(json_text(sorted(r.keys)), r.entity.id) for r in rows])
            self.db.execute("DELETE FROM entity_keys_version")
            self.db.execute("INSERT INTO entity_keys_version VALUES (?)", (version,))

    def entity_article_counts(self, entity_ids: Iterable[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for chunk in _chunks(sorted(set(entity_ids)), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT n.id, COUNT(*) FROM entity_numbers n JOIN article_entities l ON l.entity = n.num"
                f" WHERE n.id IN ({marks}) GROUP BY n.id",
                chunk,
            )
            counts.update((row[0], row[1]) for row in rows)
        return counts

    def entity_keys_present(self, keys: Iterable[str]) -> set[str]:
        # One indexed probe per key, however many entities share it.
        rows = self.query(
            "SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM entity_keys WHERE key = value)",
            (json_text(sorted(set(keys))),),
        )
        return {row[0] for row in rows}

    def entities_named_with(self, entity_id: str, others: Iterable[str]) -> set[str]:
        """Which of ``others`` share a stored article with ``entity_id`` (one indexed probe each)."""
        others = sorted(set(others) - {entity_id})
        found: set[str] = set()
        for chunk in _chunks(others, 500):
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT o.id FROM entity_numbers o WHERE o.id IN ({marks}) AND EXISTS (SELECT 1 FROM"
                " article_entities lo JOIN article_entities le ON le.article = lo.article WHERE lo.entity = o.num"
                " AND le.entity = (SELECT num FROM entity_numbers WHERE id = ?))",
                [*chunk, entity_id],
            )
            found.update(row[0] for row in rows)
        return found

    def entities_named_with_both(self, first: str, second: str) -> set[str]:
        rows = self.query(
            "SELECT DISTINCT n.id FROM article_entities f JOIN article_entities o ON o.article = f.article"
            " JOIN entity_numbers n ON n.num = o.entity"
            " WHERE f.entity = (SELECT num FROM entity_numbers WHERE id = ?) AND n.id NOT IN (?, ?)"
            " AND EXISTS (SELECT 1 FROM article_entities x JOIN article_entities s ON s.article = x.article"
            " WHERE x.entity = o.entity AND s.entity = (SELECT num FROM entity_numbers WHERE id = ?))",
            (first, first, second, second),
        )
        return {row[0] for row in rows}

    def merge_entities(self, moves: dict[str, str]) -> list[str]:
        moves = {old: new for old, new in moves.items() if old != new}
        if not moves:
            return []
        moved: set[str] = set()
        with self.transaction():
            for chunk in _chunks(sorted(moves), 500):
                marks = ",".join("?" * len(chunk))
                rows = self.query(
                    f"SELECT id, data FROM articles WHERE seq IN (SELECT l.article FROM article_entities l"
                    f" JOIN entity_numbers n ON n.num = l.entity WHERE n.id IN ({marks}))",
                    chunk,
                )
                self.db.executemany(
                    "UPDATE articles SET data = ? WHERE id = ?",
                    [(moved_mentions(row["data"], moves, packed_json), row["id"]) for row in rows],
                )
                moved.update(row["id"] for row in rows)
            pairs = sorted(moves.items())
            numbers = self._numbered(moves)
            numbers.update(self._entity_numbers(new for old, new in pairs if old in numbers))
            self.db.executemany(
                "INSERT OR IGNORE INTO article_entities (entity, article) SELECT ?, article FROM article_entities"
                " WHERE entity = ?",
                [(numbers[new], numbers[old]) for old, new in pairs if old in numbers],
            )
            self._drop_entity_keys([old for old, _ in pairs])
            self.db.executemany("DELETE FROM article_entities WHERE entity = ?",
                                [(numbers[old],) for old, _ in pairs if old in numbers])
            for table in ("entity_numbers", "entities"):
                self.db.executemany(f"DELETE FROM {table} WHERE id = ?", [(old,) for old, _ in pairs])
            self.put_redirects("entity", moves)
        return sorted(moved)

    def get_entity(self, entity_id: str) -> Entity | None:
        rows = self.query(
            "SELECT data FROM entities WHERE id = ? UNION ALL SELECT e.data FROM redirects r"
            " JOIN entities e ON e.id = r.new_id WHERE r.kind = 'entity' AND r.old_id = ?",
            (entity_id, entity_id),
        )
        return self._with_articles([_entity(rows[0]["data"])])[0] if rows else None

    def list_entities(self, limit: int | None = None, offset: int = 0, entity_type: str | None = None) -> list[Entity]:
        where, params = ("WHERE type = ?", [entity_type]) if entity_type else ("", [])
        rows = self.query(
            f"SELECT data FROM entities {where} ORDER BY mentions DESC, id LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        )
        return self._with_articles([_entity(row["data"]) for row in rows])

    def _with_articles(self, entities: list[Entity]) -> list[Entity]:
        """Fill each entity's ``articles`` from the links, in the order the articles were stored."""
        by_id = {e.id: e for e in entities}
        for chunk in _chunks(list(by_id), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT n.id, a.id FROM entity_numbers n JOIN article_entities l ON l.entity = n.num"
                f" JOIN articles a ON a.seq = l.article WHERE n.id IN ({marks}) ORDER BY l.article",
                chunk,
            )
            for row in rows:
                by_id[row[0]].articles.append(row[1])
        return entities

    def count_entities(self, entity_type: str | None = None) -> int:
        if entity_type:
            return self.query("SELECT COUNT(*) FROM entities WHERE type = ?", (entity_type,))[0][0]
        return self.query("SELECT COUNT(*) FROM entities")[0][0]


def moved_mentions(data: str | bytes, moves: dict[str, str], pack: Callable[[object], Any] = json_text) -> Any:
    """A stored article row with the entity ids of its mentions moved (``merge_entities``), written
    back by ``pack`` (SQLite keeps article rows compressed, ``packed_json``)."""
    article = unpacked_json(data)
    for mention in article.get("entities") or ():
        mention["entity"] = moves.get(mention.get("entity"), mention.get("entity"))
    return pack(article)


# The articles naming an entity in SQLite, whose links hold numbers (migration 0018).
ENTITY_ARTICLES = "seq IN (SELECT l.article FROM article_entities l JOIN entity_numbers n ON n.num = l.entity WHERE n.id = ?)"


def article_where(where: ArticleFilter | None, mark: str = "?", entity: str | None = None) -> tuple[str, list[Any]]:
    """SQL WHERE clause and parameters for an ArticleFilter over the ``articles`` table.

    ``mark`` is the driver's parameter placeholder («?» for SQLite, «%s» for psycopg); ``entity``
    the condition for an entity, where the links are not (article_id, entity_id) rows.
    """
    if where is None:
        return "", []
    conditions: list[str] = []
    params: list[Any] = []
    simple = {
        "outlet": f"source_name = {mark}",
        "country": f"source_country = {mark}",
        "category": f"category = {mark}",
        "event": f"event = {mark}",
        "story": f"story = {mark}",
        "since": f"substr(published, 1, 10) >= {mark}",
        "until": f"substr(published, 1, 10) <= {mark}",
        "entity": entity or f"id IN (SELECT article_id FROM article_entities WHERE entity_id = {mark})",
    }
    for name, condition in simple.items():
        value = getattr(where, name)
        if value is not None:
            conditions.append(condition)
            params.append(value)
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


# Tables that name an article by its grouping number (``doc``) where other stores keep its id.
_NUMBERED_TABLES = frozenset({"grouping_bands", "grouping_prints", "grouping_terms"})
# Tables whose rows take their article's day from its grouping document (migration 0019).
_DAY_FROM_DOC = frozenset({"grouping_bands", "grouping_prints"})
# Copied tables whose JSON column this store keeps compressed (``packed_json``): its position.
_PACKED_COLUMN = {
    name: COPIED_TABLES[name].index("data")
    for name in ("grouping_docs", "grouping_events", "events", "stories", "entities")
}


def _replaced(row: Any, index: int, value: Any) -> tuple[Any, ...]:
    return (*row[:index], value, *row[index + 1 :])


def url_hash(url_key: str | None) -> int | None:
    """What the store finds an article's URL key by (migration 0017): 64 bits of its BLAKE2b hash,
    as a signed integer (SQLite's); two keys share one about once in 10^19 pairs."""
    if url_key is None:
        return None
    return int.from_bytes(hashlib.blake2b(url_key.encode(), digest_size=8).digest(), "big", signed=True)


def _article(data: str | bytes) -> Article:
    return Article.from_dict(unpacked_json(data))


def _entity(data: str | bytes) -> Entity:
    raw = unpacked_json(data)
    raw["merges"] = [MergeEvidence(**m) for m in raw.get("merges", [])]
    raw["articles"] = []  # the links are the articles (see ``_with_articles``)
    return Entity(**raw)


def _entity_row(entity: Entity) -> dict[str, Any]:
    """An entity's JSON row: the entity without its articles (they are the article_entities links)."""
    return {"id": entity.id, "name": entity.name, "type": entity.type, "variants": entity.variants,
            "mentions": entity.mentions, "merges": [{"variant": m.variant, "reason": m.reason} for m in entity.merges],
            "spellings": entity.spellings, "types": entity.types, "roles": entity.roles}


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration script, one by one (a trigger body's semicolons stay inside)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            if statement.strip():
                yield statement
            statement = ""
    if statement.strip() and not all(
        not line.strip() or line.strip().startswith("--") for line in statement.splitlines()
    ):
        yield statement


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _switch_to_wal(db: sqlite3.Connection, lock_wait: float) -> None:
    """Put the file in WAL mode, retrying while other first openers hold it.

    On a new file the switch needs an exclusive lock; when several processes make the switch at
    once, SQLite answers some of them "busy" at once instead of calling the busy handler (it
    would deadlock otherwise), so the wait is done here, up to the same ``lock_wait``.
    """
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() >= deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))

