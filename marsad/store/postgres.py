"""The server store: PostgreSQL through psycopg 3 and a connection pool.

Same contract as the SQLite store (``base.Store``), same rows, same answers (tests/store/): the
demo corpus ingested into either gives the same articles, events, stories, entities and scores.

Several processes may write at once (a collector, the API, a CLI ingest).  The batch writer's
transaction is exclusive: it takes one advisory lock, so resolution, grouping and writing of one
batch see every batch committed before it and batches stay serial, whichever process runs them;
annotation happens before, in parallel, and readers never wait (MVCC).

Search indexes the forms ``marsad.search`` computes (handed in ``ArticleRow.words``): postings,
one row per (form, article) with the form's column-weighted count and the article's length and day,
from which one index-only scan per query form ranks every match by SQLite FTS5's bm25() formula over
the same phrases, column weights (title 3, body 1.5, stems 1) and document lengths, times the same
recency boost; and the title and body bases as a ``tsvector`` on the ``simple`` configuration, which
only splits on spaces, to check phrases (PostgreSQL's own Arabic stemmer is not used).
"""

from __future__ import annotations

import collections
import itertools
import math
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import dict_row

from marsad import config
from marsad.errors import StoreError
from marsad.grouping.state import DocRecord, EventVector, GroupingRows, near_ids, nearest, slot
from marsad.model import Article, Citation, Entity, Event, Source, Story
from marsad.store.base import (
    COLUMN_WEIGHTS,
    COPIED_TABLES,
    RECENCY_BOOST,
    RECENCY_HALF_LIFE_DAYS,
    ArticleFilter,
    ArticleRow,
    Clause,
    EntityRow,
    GroupProfile,
    OutletSummary,
    Query,
    SearchWords,
    json_text,
    json_value,
)
from marsad.store.postgres_collect import PostgresCollectTables
from marsad.store.postgres_urls import safe_url
from marsad.store.sqlite import _article, _entity, _entity_row, article_where, moved_mentions
from marsad.store.sqlite_grouping import doc_record, epoch, epochs, period, periods
from marsad.store.sqlite_search import _day_window, _facts, _filter_sql, _profile, day_iso

# The advisory lock of the batch writer (any number: one per database, "marsad" in ASCII).
WRITER_LOCK = 0x6D61727361640001
_NEWEST_FIRST = "ORDER BY published DESC NULLS LAST, seq DESC"
# BM25's parameters, those of SQLite FTS5's bm25().
_K1, _B = 1.2, 0.75
# Pruned ranking (_ranked_ids): queries whose terms hold more postings than _PRUNE_FROM read the
# first _FIRST_DEPTH postings of each term in two orders (impact, day) and go _DEEPER times deeper
# while the page's last score does not beat the bound on the rest; past _FULL_FROM postings read per
# term the whole match is ranked instead.  _IMPACT_LENGTH is migration 0008's reference length.
# One try at 512, then every match: on bench/postgres.py's 100k store (58 copies of one corpus, so
# each impact comes 58 times) deeper tries cost more than they saved (p95 260 ms with 64 x 4 against
# 199 ranking every match and 210 with one try, side by side at load 9).
_PRUNE_FROM, _FIRST_DEPTH, _DEEPER, _FULL_FROM = 4000, 512, 64, 4096
_IMPACT_LENGTH = 256.0
_GRID = 2.0**32  # BM25 parts are summed on this grid (_matches)
# The pairs of lexemes at consecutive positions of the bases of the articles numbered in the
# parameter, each article's positions paired among themselves: what search_pairs holds for them
# (migration 0012).
_PAIRS = ("SELECT pairs.pair, d.doc FROM search_docs d CROSS JOIN LATERAL (SELECT DISTINCT a.lexeme || ' ' ||"
          " b.lexeme AS pair FROM (SELECT u.lexeme, p FROM unnest(d.bases) u, unnest(u.positions) p) a JOIN"
          " (SELECT u.lexeme, p FROM unnest(d.bases) u, unnest(u.positions) p) b ON b.p = a.p + 1) pairs"
          " WHERE d.doc = ANY(%s)")


class PostgresStore(PostgresCollectTables):
    """A Store in a PostgreSQL database (``postgresql://user:password@host:port/db``).

    A connection pool serves readers; a transaction holds one connection for its thread, so
    everything read inside it sees what it wrote.
    """

    def __init__(self, url: str, pool_size: int = 8) -> None:
        self.url, self.name = url, safe_url(url)
        try:  # one plain connection first: its error says what is wrong (host, password, database)
            with psycopg.connect(url, autocommit=True, connect_timeout=10) as first:
                self._check(first)
                self._migrate(first)
        except psycopg.Error as error:
            raise StoreError(f"{self.name}: cannot use the database ({_reason(error)})") from error
        from psycopg_pool import ConnectionPool  # the postgres extra; imported only to open a store

        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, kwargs={"autocommit": True},
                                   open=False, timeout=30)
        self.pool.open(wait=True, timeout=30)
        self._local = threading.local()

    # -- plumbing -------------------------------------------------------

    def _check(self, conn: psycopg.Connection) -> None:
        encoding = conn.execute("SHOW server_encoding").fetchone()
        if not encoding or encoding[0].upper() not in ("UTF8", "UTF-8"):
            raise StoreError(f"{self.name}: the database must be UTF8 (it is {encoding and encoding[0]})")

    def _migrate(self, conn: psycopg.Connection) -> None:
        """Apply every migration not yet applied, in name order, each in one transaction; a database
        with migrations this version does not know is refused rather than written to."""
        with conn.transaction():  # all or nothing: a failed migration leaves the database as it was
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))  # two first opens at once
            conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
            done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
            folder = resources.files("marsad.store").joinpath("pg_migrations")
            names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".sql"))
            unknown = sorted(done - set(names))
            if unknown:
                raise StoreError(f"{self.name}: the database has migrations this Marsad does not know"
                                 f" ({', '.join(unknown)}); upgrade Marsad")
            for name in names:
                if name not in done:
                    try:
                        conn.execute(folder.joinpath(name).read_text("utf-8"))
                    except psycopg.Error as error:
                        raise StoreError(f"{self.name}: migration {name} failed ({_reason(error)})") from error
                    conn.execute("INSERT INTO migrations VALUES (%s, %s)", (name, _now()))

    def schema_version(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT name FROM migrations ORDER BY name")]

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        try:
            with self.pool.connection() as conn:
                yield conn
        except psycopg.OperationalError as error:
            raise StoreError(f"{self.name}: {_reason(error)}") from error

    @contextmanager
    def transaction(self, exclusive: bool = False) -> Iterator[None]:
        """Commit everything written inside together; nested calls join the outer one.

        ``exclusive`` takes the writer's advisory lock (released at commit or rollback)."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            if exclusive and not self._local.exclusive:
                current.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                self._local.exclusive = True
            yield
            return
        try:
            with self.pool.connection() as conn, conn.transaction():
                self._local.conn, self._local.exclusive = conn, exclusive
                try:
                    if exclusive:
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                    yield
                finally:
                    self._local.conn = None
        except psycopg.OperationalError as error:
            raise StoreError(f"{self.name}: {_reason(error)}; nothing of this transaction was stored") from error

    def _rows(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _dicts(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self._connection() as conn, conn.cursor(row_factory=dict_row) as cursor:
            return cursor.execute(sql, params).fetchall()

    def _exec(self, sql: str, params: Any = ()) -> None:
        with self._connection() as conn:
            conn.execute(sql, params)

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            with self._connection() as conn, conn.cursor() as cursor:
                cursor.executemany(sql, rows)

    def close(self) -> None:
        self.pool.close()

    def dump_table(self, name: str) -> Iterator[tuple[Any, ...]]:
        columns = ", ".join(COPIED_TABLES[name])
        with self.transaction(), self._connection() as conn, conn.cursor(name=f"dump_{name}") as cursor:
            cursor.execute(f"SELECT {columns} FROM {name} ORDER BY {columns}")
            while rows := cursor.fetchmany(1000):
                yield from rows

    def load_table(self, name: str, rows: Iterable[tuple[Any, ...]]) -> None:
        columns = ", ".join(COPIED_TABLES[name])
        with (
            self.transaction(),
            self._connection() as conn,
            conn.cursor() as cursor,
            cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        self._exec(f"ANALYZE {name}")  # the planner's statistics, before autovacuum gets to the new rows
        if name in ("sources", "feeds"):  # ids copied as they were: numbering goes on after them
            self._exec(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 0) + 1, false)"
                       f" FROM {name}")

    # -- articles -------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._rows("SELECT id FROM articles WHERE id = ANY(%s)", (list(ids),))}

    def articles_by_url(self, keys: Iterable[str]) -> dict[str, str]:
        rows = self._rows(
            "SELECT url_key, MIN(id) FROM articles WHERE url_key = ANY(%s) GROUP BY url_key", (list(keys),)
        )
        return {key: article_id for key, article_id in rows}

    def put_articles(self, rows: Iterable[ArticleRow]) -> None:
        latest = {r.article.id: r for r in rows}  # the last write of an id in the batch wins
        if not latest:
            return
        articles = [r.article for r in latest.values()]
        now = _now()
        columns = list(zip(*[
            (r.article.id, r.article.content_hash, r.article.published, r.article.source.name,
             r.article.source.country, r.article.category, r.article.event, r.article.story,
             r.article.duplicate_of, now, json_text(r.article), r.url_key) for r in latest.values()
        ], strict=True))
        with self.transaction():
            self._count_outlets(latest)
            self._exec(
                """INSERT INTO articles (id, content_hash, published, source_name, source_country, category,
                       event, story, duplicate_of, ingested_at, data, url_key)
                   SELECT id, h, p, sn, sc, c, e, s, d, i, j, u FROM unnest(%s::text[], %s::text[],
                       %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
                       %s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS r(id, h, p, sn, sc, c, e, s, d, i, j, u, n)
                   ORDER BY n
                   ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash,
                       published = excluded.published, source_name = excluded.source_name,
                       source_country = excluded.source_country, category = excluded.category,
                       event = excluded.event, story = excluded.story, duplicate_of = excluded.duplicate_of,
                       data = excluded.data, url_key = COALESCE(excluded.url_key, articles.url_key)""",
                [list(c) for c in columns],
            )
            self._link_entities(articles)
            self._index(list(latest.values()))

    def _count_outlets(self, rows: dict[str, ArticleRow]) -> None:
        """Move each outlet's article and copy counts (``outlet_counts``) by what these rows change."""
        change: dict[str, list[int]] = {}
        stored = self._rows("SELECT id, source_name, duplicate_of FROM articles WHERE id = ANY(%s)", (list(rows),))
        for sign, facts in ((-1, [(r[1], r[2]) for r in stored]),
                            (1, [(r.article.source.name, r.article.duplicate_of) for r in rows.values()])):
            for outlet, copy_of in facts:
                if outlet is not None:
                    counts = change.setdefault(outlet, [0, 0])
                    counts[0] += sign
                    counts[1] += sign * (copy_of is not None)
        moved = sorted((o, n, c) for o, (n, c) in change.items() if n or c)
        if moved:
            self._exec(
                "INSERT INTO outlet_counts SELECT * FROM unnest(%s::text[], %s::int[], %s::int[]) ON CONFLICT (outlet)"
                " DO UPDATE SET articles = outlet_counts.articles + excluded.articles,"
                " copies = outlet_counts.copies + excluded.copies",
                [[m[0] for m in moved], [m[1] for m in moved], [m[2] for m in moved]],
            )

    def _link_entities(self, articles: list[Article]) -> None:
        """The articles' entity links, replaced, and each entity's article count and each pair's
        (``entity_pairs``) moved with them."""
        ids = [a.id for a in articles]
        change: dict[str, int] = {}
        before: dict[str, set[str]] = {}
        for article_id, entity_id in self._rows(
            "DELETE FROM article_entities WHERE article_id = ANY(%s) RETURNING article_id, entity_id", (ids,)
        ):
            change[entity_id] = change.get(entity_id, 0) - 1
            before.setdefault(article_id, set()).add(entity_id)
        links = sorted({(a.id, m.entity) for a in articles for m in a.entities if m.entity})
        after: dict[str, set[str]] = {}
        if links:
            for article_id, entity_id in self._rows(
                "INSERT INTO article_entities SELECT * FROM unnest(%s::text[], %s::text[])"
                " ON CONFLICT DO NOTHING RETURNING article_id, entity_id",
                ([a for a, _ in links], [e for _, e in links]),
            ):
                change[entity_id] = change.get(entity_id, 0) + 1
                after.setdefault(article_id, set()).add(entity_id)
        moved = sorted((e, n) for e, n in change.items() if n)
        if moved:
            self._exec(
                "INSERT INTO entity_article_counts SELECT * FROM unnest(%s::text[], %s::int[]) ON CONFLICT (entity_id)"
                " DO UPDATE SET articles = entity_article_counts.articles + excluded.articles",
                ([e for e, _ in moved], [n for _, n in moved]),
            )
        pairs: dict[tuple[str, str], int] = {}
        for article_id in {*before, *after}:
            old, new = before.get(article_id, set()), after.get(article_id, set())
            if old != new:
                for sign, named in ((-1, old), (1, new)):
                    for pair in itertools.permutations(sorted(named), 2):
                        pairs[pair] = pairs.get(pair, 0) + sign
        self._move_pairs(sorted((p, n) for p, n in pairs.items() if n))

    def _move_pairs(self, moves: list[tuple[tuple[str, str], int]]) -> None:
        if moves:
            self._exec(
                "INSERT INTO entity_pairs SELECT * FROM unnest(%s::text[], %s::text[], %s::int[])"
                " ON CONFLICT (entity_id, other) DO UPDATE SET articles = entity_pairs.articles + excluded.articles",
                ([a for (a, _), _ in moves], [b for (_, b), _ in moves], [n for _, n in moves]),
            )

    def _index(self, rows: list[ArticleRow]) -> None:
        """Each article's search row: its facts, and its words (row and postings) when its text is new
        or changed."""
        found = self._rows(
            "SELECT article_id, indexed_hash, length, doc, terms, day, outlet, country, category, is_copy, keywords,"
            " cites FROM search_docs WHERE article_id = ANY(%s)",
            ([r.article.id for r in rows],),
        )
        old = {row[0]: row for row in found}
        refresh, moved, fresh = [], [], []
        for row in rows:
            article, before = row.article, old.get(row.article.id)
            if before is not None and before[1] == article.content_hash:
                facts = _facts(article)
                if facts != before[5:]:  # a rescored article's facts are mostly as they were: no write
                    refresh.append((*facts, article.id))
                if facts[0] != before[5]:  # a new publication day: the postings carry it too
                    moved.append((facts[0], before[4], before[3]))
            elif row.words is None:
                raise ValueError(f"article {article.id}: a new or changed text needs its search words")
            else:
                fresh.append(row)
        if refresh:
            self._exec(
                "UPDATE search_docs d SET day = r.day, outlet = r.o, country = r.c, category = r.k, is_copy = r.copy,"
                " keywords = r.kw, cites = r.ci FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::int[],"
                " %s::text[], %s::text[], %s::text[]) AS r(day, o, c, k, copy, kw, ci, id) WHERE d.article_id = r.id",
                [list(column) for column in zip(*refresh, strict=True)],
            )
        self._many("UPDATE search_postings SET day = %s WHERE term = ANY(%s) AND doc = %s", moved)
        if fresh:
            self._index_words(fresh, old)

    def _index_words(self, rows: list[ArticleRow], old: dict[str, tuple[Any, ...]]) -> None:
        """The search rows and postings of articles whose text is new or changed."""
        stale = [old[r.article.id] for r in rows if r.article.id in old]
        gone = [(row[3], term) for row in stale for term in row[4]]  # the postings of the text indexed before
        if stale:  # and its pairs, read from the positions indexed before
            self._exec(f"DELETE FROM search_pairs s USING ({_PAIRS}) o WHERE s.pair = o.pair AND s.doc = o.doc",
                       ([row[3] for row in stale],))
        if gone:
            self._exec("DELETE FROM search_postings p USING unnest(%s::int[], %s::text[]) AS o(doc, term)"
                       " WHERE p.term = o.term AND p.doc = o.doc", ([d for d, _ in gone], [t for _, t in gone]))
        postings = [_postings(r.words) for r in rows]  # type: ignore[arg-type]
        lengths = [_length(r.words) for r in rows]  # type: ignore[arg-type]
        facts = [_facts(r.article) for r in rows]
        columns = list(zip(*[
            (r.article.id, r.article.content_hash, *f, r.words.title, r.words.body, " ".join(p), n)  # type: ignore[union-attr]
            for r, f, p, n in zip(rows, facts, postings, lengths, strict=True)
        ], strict=True))
        numbers = dict(self._rows(
            """INSERT INTO search_docs (article_id, indexed_hash, day, outlet, country, category, is_copy, keywords,
                   cites, bases, terms, length)
               SELECT id, h, day, o, c, k, copy, kw, ci,
                   setweight(to_tsvector('simple', t), 'A') || setweight(to_tsvector('simple', b), 'B'),
                   string_to_array(terms, ' '), n
               FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[], %s::text[], %s::text[], %s::int[],
                   %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[])
                   AS r(id, h, day, o, c, k, copy, kw, ci, t, b, terms, n)
               ON CONFLICT (article_id) DO UPDATE SET indexed_hash = excluded.indexed_hash, day = excluded.day,
                   outlet = excluded.outlet, country = excluded.country, category = excluded.category,
                   is_copy = excluded.is_copy, keywords = excluded.keywords, cites = excluded.cites,
                   bases = excluded.bases, terms = excluded.terms, length = excluded.length
               RETURNING article_id, doc""",
            [list(c) for c in columns],
        ))
        with self._connection() as conn, conn.cursor() as cursor, cursor.copy(
            "COPY search_postings (term, doc, weight, length, day) FROM STDIN"
        ) as copy:
            for row, weights, length, fact in zip(rows, postings, lengths, facts, strict=True):
                doc, day = numbers[row.article.id], fact[0]
                for term, weight in weights.items():
                    copy.write_row((term, doc, weight, length, day))
        self._exec(f"INSERT INTO search_pairs {_PAIRS} ON CONFLICT DO NOTHING", (list(numbers.values()),))
        # each term's postings (its idf), moved by what this batch took away and added
        change: dict[str, int] = {}
        for _, term in gone:
            change[term] = change.get(term, 0) - 1
        for weights in postings:
            for term in weights:
                change[term] = change.get(term, 0) + 1
        moved = sorted((t, n) for t, n in change.items() if n)  # in one order: two writers never deadlock
        if moved:
            self._exec(
                "INSERT INTO search_terms SELECT * FROM unnest(%s::text[], %s::int[]) ON CONFLICT (term)"
                " DO UPDATE SET postings = search_terms.postings + excluded.postings",
                ([t for t, _ in moved], [n for _, n in moved]),
            )
        # BM25's document count and mean length, kept as rows change (read by every search)
        added = sum(1 for r in rows if r.article.id not in old)
        grown = sum(lengths) - sum(row[2] for row in stale)
        self._exec("UPDATE search_stats SET docs = docs + %s, words = words + %s", (added, grown))

    def unindexed_articles(self) -> Iterator[Article]:
        stored, indexed = self._rows("SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM search_docs)")[0]
        if indexed >= stored:  # the usual case, checked on every open: two counts, no anti-join
            return
        last = 0
        while rows := self._rows(
            "SELECT seq, data FROM articles a WHERE seq > %s AND NOT EXISTS"
            " (SELECT 1 FROM search_docs d WHERE d.article_id = a.id) ORDER BY seq LIMIT 500",
            (last,),
        ):
            yield from (_article(row[1]) for row in rows)
            last = rows[-1][0]

    def clear_search_index(self) -> None:
        with self.transaction():
            self._exec("DELETE FROM search_docs")
            self._exec("DELETE FROM search_postings")
            self._exec("DELETE FROM search_terms")
            self._exec("DELETE FROM search_pairs")
            self._exec("UPDATE search_stats SET docs = 0, words = 0")

    def get_article(self, article_id: str) -> Article | None:
        rows = self._rows("SELECT data FROM articles WHERE id = %s", (article_id,))
        return _article(rows[0][0]) if rows else None

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        ids = list(ids)
        found = {row[0]: row[1] for row in self._rows("SELECT id, data FROM articles WHERE id = ANY(%s)", (ids,))}
        return [_article(found[i]) for i in ids if i in found]

    def list_articles(
        self, limit: int = 50, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[Article]:
        clause, params = article_where(where, "%s")
        rows = self._rows(f"SELECT data FROM articles {clause} {_NEWEST_FIRST} LIMIT %s OFFSET %s",
                          [*params, limit, offset])
        return [_article(row[0]) for row in rows]

    def count_articles(self, where: ArticleFilter | None = None) -> int:
        clause, params = article_where(where, "%s")
        return self._rows(f"SELECT COUNT(*) FROM articles {clause}", params)[0][0]

    def iter_articles(self) -> Iterator[Article]:
        last = 0
        while rows := self._rows("SELECT seq, data FROM articles WHERE seq > %s ORDER BY seq LIMIT 500", (last,)):
            yield from (_article(row[1]) for row in rows)
            last = rows[-1][0]

    def outlet_stats(self, outlet: str) -> tuple[int, int]:
        rows = self._rows("SELECT articles, copies FROM outlet_counts WHERE outlet = %s", (outlet,))
        return (rows[0][0], rows[0][1]) if rows else (0, 0)

    # -- events and stories --------------------------------------------

    def put_events(self, events: Iterable[Event]) -> None:
        self._many(
            "INSERT INTO events (id, story, date, size, data) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id)"
            " DO UPDATE SET story = excluded.story, date = excluded.date, size = excluded.size, data = excluded.data",
            [(e.id, e.story, e.date, len(e.articles), json_text(e.as_dict())) for e in _last_of(events)],
        )

    def delete_events(self, ids: Iterable[str]) -> None:
        self._exec("DELETE FROM events WHERE id = ANY(%s)", (list(ids),))

    def get_event(self, event_id: str) -> Event | None:
        rows = self._rows("SELECT data FROM events WHERE id = %s", (event_id,))
        return Event(**json_value(rows[0][0])) if rows else None

    def list_events(self, limit: int | None = None, offset: int = 0, largest: bool = False) -> list[Event]:
        order = "size DESC, date DESC NULLS LAST" if largest else "date DESC NULLS LAST, size DESC"
        rows = self._rows(f"SELECT data FROM events ORDER BY {order}, id LIMIT %s OFFSET %s", (limit, offset))
        return [Event(**json_value(row[0])) for row in rows]

    def count_events(self) -> int:
        return self._rows("SELECT COUNT(*) FROM events")[0][0]

    def put_stories(self, stories: Iterable[Story]) -> None:
        self._many(
            "INSERT INTO stories (id, last_date, size, data) VALUES (%s, %s, %s, %s) ON CONFLICT (id)"
            " DO UPDATE SET last_date = excluded.last_date, size = excluded.size, data = excluded.data",
            [(s.id, s.last_date, len(s.articles), json_text(s.as_dict())) for s in _last_of(stories)],
        )

    def delete_stories(self, ids: Iterable[str]) -> None:
        self._exec("DELETE FROM stories WHERE id = ANY(%s)", (list(ids),))

    def generation(self) -> int:
        """The next transaction id of the cluster: it moves on with every write of any process (and
        with writes to other databases of the cluster, which only makes a cache miss more often)."""
        return int(self._rows("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")[0][0])

    def put_redirects(self, kind: str, moves: dict[str, str]) -> None:
        rows = [(kind, old, new) for old, new in moves.items() if old != new]
        with self.transaction(), self._connection() as conn:
            for _, old, new in rows:
                conn.execute("UPDATE redirects SET new_id = %s WHERE kind = %s AND new_id = %s", (new, kind, old))
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO redirects (kind, old_id, new_id) VALUES (%s, %s, %s)"
                    " ON CONFLICT (kind, old_id) DO UPDATE SET new_id = excluded.new_id", rows)
            conn.execute("DELETE FROM redirects WHERE kind = %s AND old_id = ANY(%s)", (kind, list(moves.values())))
            conn.execute("DELETE FROM redirects WHERE kind = %s AND old_id = new_id", (kind,))

    def redirect(self, kind: str, old_id: str) -> str | None:
        rows = self._rows("SELECT new_id FROM redirects WHERE kind = %s AND old_id = %s", (kind, old_id))
        return rows[0][0] if rows else None

    def get_story(self, story_id: str) -> Story | None:
        rows = self._rows("SELECT data FROM stories WHERE id = %s", (story_id,))
        return Story(**json_value(rows[0][0])) if rows else None

    def list_stories(self, limit: int | None = None, offset: int = 0, largest: bool = False) -> list[Story]:
        order = "size DESC, last_date DESC NULLS LAST" if largest else "last_date DESC NULLS LAST, size DESC"
        rows = self._rows(f"SELECT data FROM stories ORDER BY {order}, id LIMIT %s OFFSET %s", (limit, offset))
        return [Story(**json_value(row[0])) for row in rows]

    def count_stories(self) -> int:
        return self._rows("SELECT COUNT(*) FROM stories")[0][0]

    # -- entities -------------------------------------------------------

    def put_entities(self, rows: Iterable[EntityRow]) -> None:
        rows = list({r.entity.id: r for r in rows}.values())
        with self.transaction():
            self._many(
                "INSERT INTO entities (id, type, mentions, data) VALUES (%s, %s, %s, %s) ON CONFLICT (id)"
                " DO UPDATE SET type = excluded.type, mentions = excluded.mentions, data = excluded.data",
                [(r.entity.id, r.entity.type, r.entity.mentions, json_text(_entity_row(r.entity))) for r in rows],
            )
            self._put_keys(rows)

    def _put_keys(self, rows: list[EntityRow]) -> None:
        self._exec("DELETE FROM entity_keys WHERE entity_id = ANY(%s)", ([r.entity.id for r in rows],))
        pairs = [(k, r.entity.id) for r in rows for k in sorted(r.keys)]
        if pairs:
            self._exec(
                "INSERT INTO entity_keys SELECT * FROM unnest(%s::text[], %s::text[]) ON CONFLICT DO NOTHING",
                ([k for k, _ in pairs], [e for _, e in pairs]),
            )

    def iter_entities(self) -> Iterator[Entity]:
        last = ""
        while rows := self._rows("SELECT id, data FROM entities WHERE id > %s ORDER BY id LIMIT 1000", (last,)):
            yield from (_entity(row[1]) for row in rows)
            last = rows[-1][0]

    def entity_keys_version(self) -> str | None:
        rows = self._rows("SELECT version FROM entity_keys_version")
        return rows[0][0] if len(rows) == 1 else None

    def rekey_entities(self, version: str, rows: Iterable[EntityRow]) -> None:
        with self.transaction():
            self._exec("DELETE FROM entity_keys")
            self._put_keys(list(rows))
            self._exec("DELETE FROM entity_keys_version")
            self._exec("INSERT INTO entity_keys_version VALUES (%s)", (version,))

    def entities_by_keys(self, keys: Iterable[str]) -> list[Entity]:
        rows = self._rows(
            "SELECT data FROM entities WHERE id IN (SELECT entity_id FROM entity_keys WHERE key = ANY(%s))"
            " ORDER BY id",
            (sorted(set(keys)),),
        )
        return [_entity(row[0]) for row in rows]

    def entity_keys_present(self, keys: Iterable[str]) -> set[str]:
        # One indexed probe per key, however many entities share it.
        rows = self._rows(
            "SELECT k FROM unnest(%s::text[]) AS k WHERE EXISTS (SELECT 1 FROM entity_keys WHERE key = k)",
            (sorted(set(keys)),),
        )
        return {row[0] for row in rows}

    def entity_article_counts(self, entity_ids: Iterable[str]) -> dict[str, int]:
        rows = self._rows(  # kept as the links change: one indexed probe per entity, however many articles
            "SELECT entity_id, articles FROM entity_article_counts WHERE entity_id = ANY(%s) AND articles > 0",
            (sorted(set(entity_ids)),),
        )
        return dict(rows)

    def entities_named_with(self, entity_id: str, others: Iterable[str]) -> set[str]:
        rows = self._rows(
            "SELECT other FROM entity_pairs WHERE entity_id = %s AND other = ANY(%s) AND articles > 0",
            (entity_id, sorted(set(others) - {entity_id})),
        )
        return {row[0] for row in rows}

    def entities_named_with_both(self, first: str, second: str) -> set[str]:
        rows = self._rows(  # from the pairs kept (migration 0009): the entities named with the first, not its articles
            "SELECT a.other FROM entity_pairs a JOIN entity_pairs b ON b.entity_id = a.other AND b.other = %s"
            " WHERE a.entity_id = %s AND a.articles > 0 AND b.articles > 0 AND a.other NOT IN (%s, %s)",
            (second, first, first, second),
        )
        return {row[0] for row in rows}

    def merge_entities(self, moves: dict[str, str]) -> list[str]:
        moves = {old: new for old, new in moves.items() if old != new}
        if not moves:
            return []
        olds, news = zip(*sorted(moves.items()), strict=True)
        with self.transaction():
            rows = self._rows(
                "SELECT id, data FROM articles WHERE id IN"
                " (SELECT article_id FROM article_entities WHERE entity_id = ANY(%s))",
                (list(olds),),
            )
            if rows:  # one statement, however many articles name the entities merged
                self._exec("UPDATE articles a SET data = m.data FROM unnest(%s::text[], %s::text[]) AS m(id, data)"
                           " WHERE a.id = m.id", ([i for i, _ in rows], [moved_mentions(d, moves) for _, d in rows]))
            before: dict[str, set[str]] = {}
            for article_id, entity_id in self._rows(
                "SELECT article_id, entity_id FROM article_entities WHERE article_id = ANY(%s)", ([i for i, _ in rows],)
            ):
                before.setdefault(article_id, set()).add(entity_id)
            added = self._rows(
                "INSERT INTO article_entities (article_id, entity_id) SELECT l.article_id, m.new"
                " FROM article_entities l JOIN unnest(%s::text[], %s::text[]) AS m(old, new) ON l.entity_id = m.old"
                " ON CONFLICT DO NOTHING RETURNING entity_id",
                (list(olds), list(news)),
            )
            self._exec("DELETE FROM article_entities WHERE entity_id = ANY(%s)", (list(olds),))
            self._move_pairs(_moved_pairs(before, moves))
            self._exec("DELETE FROM entity_article_counts WHERE entity_id = ANY(%s)", (list(olds),))
            grown = collections.Counter(row[0] for row in added)  # the links moved, not all the new entity's
            if grown:
                self._exec(
                    "INSERT INTO entity_article_counts SELECT * FROM unnest(%s::text[], %s::int[]) ON CONFLICT"
                    " (entity_id) DO UPDATE SET articles = entity_article_counts.articles + excluded.articles",
                    (sorted(grown), [grown[e] for e in sorted(grown)]),
                )
            self._exec("DELETE FROM entity_keys WHERE entity_id = ANY(%s)", (list(olds),))
            self._exec("DELETE FROM entities WHERE id = ANY(%s)", (list(olds),))
            self.put_redirects("entity", moves)
        return sorted(i for i, _ in rows)

    def get_entity(self, entity_id: str) -> Entity | None:
        rows = self._rows(
            "SELECT data FROM entities WHERE id = %s UNION ALL SELECT e.data FROM redirects r"
            " JOIN entities e ON e.id = r.new_id WHERE r.kind = 'entity' AND r.old_id = %s",
            (entity_id, entity_id),
        )
        return self._with_articles([_entity(rows[0][0])])[0] if rows else None

    def list_entities(self, limit: int | None = None, offset: int = 0, entity_type: str | None = None) -> list[Entity]:
        where, params = ("WHERE type = %s", [entity_type]) if entity_type else ("", [])
        rows = self._rows(f"SELECT data FROM entities {where} ORDER BY mentions DESC, id LIMIT %s OFFSET %s",
                          [*params, limit, offset])
        return self._with_articles([_entity(row[0]) for row in rows])

    def _with_articles(self, entities: list[Entity]) -> list[Entity]:
        by_id = {e.id: e for e in entities}
        for entity_id, article_id in self._rows(
            "SELECT l.entity_id, l.article_id FROM article_entities l JOIN articles a ON a.id = l.article_id"
            " WHERE l.entity_id = ANY(%s) ORDER BY a.seq",
            (list(by_id),),
        ):
            by_id[entity_id].articles.append(article_id)
        return entities

    def count_entities(self, entity_type: str | None = None) -> int:
        if entity_type:
            return self._rows("SELECT COUNT(*) FROM entities WHERE type = %s", (entity_type,))[0][0]
        return self._rows("SELECT COUNT(*) FROM entities")[0][0]

    # -- search ---------------------------------------------------------

    def ranked_matches(
        self, query: Query, limit: int = 20, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[tuple[str, float]]:
        return self._ranked_ids(query, limit, offset, where)

    def count_matches(self, query: Query, where: ArticleFilter | None = None) -> int:
        matches, params = self._matches(self._plan(query, ranked=False), where)
        return self._rows(f"SELECT COUNT(*) FROM ({matches}) m", params)[0][0]

    def _ranked_ids(
        self, parsed: Query, limit: int, offset: int, where: ArticleFilter | None
    ) -> list[tuple[str, float]]:
        """(article id, rank) of one page of matches, best first: SQLite FTS5's bm25() over the same
        phrases (``_terms``), column weights and document lengths, times the same recency boost.

        Ranked from the postings alone; only the page's articles are looked up, after the cut (ties
        at the cut kept, then broken by id).  When the query's terms are common, a threshold
        algorithm ranks only the best postings: the first ``depth`` of each term by impact (a bound
        on BM25's term part, migration 0008) and by day (a bound on the recency boost) are scored
        exactly; any other article scores at most the sum, over the terms, of what the depth-th
        postings bound.  If the page's last score beats that bound, the page is the exact one;
        else the depth grows, and past ``_FULL_FROM`` every match is ranked."""
        want = offset + limit
        plan = self._plan(parsed, ranked=True)
        window = where is not None and (where.since or where.until)  # the day index bounds those scans
        depth = _FIRST_DEPTH if sum(plan.postings) > _PRUNE_FROM and not window else _FULL_FROM + 1
        while True:
            pruned = depth <= _FULL_FROM
            matches, params = self._matches(plan, where, depth if pruned else None)
            rows = self._rows(
                f"SELECT d.article_id, m.score, m.day FROM ({matches} ORDER BY score DESC, day DESC NULLS LAST"
                " FETCH FIRST %s ROWS WITH TIES) m JOIN search_docs d ON d.doc = m.doc"
                " ORDER BY m.score DESC, m.day DESC NULLS LAST, d.article_id",
                [*params, want],
            )
            read_all = depth >= max(plan.postings, default=0)  # every posting among the candidates
            if not pruned or read_all or (len(rows) >= want and rows[want - 1][1] > self._rest_bound(plan, depth)):
                return [(row[0], float(row[1])) for row in rows[offset:want]]
            depth *= _DEEPER

    def _rest_bound(self, plan: _Plan, depth: int) -> float:
        """The most an article outside the first ``depth`` postings of every term's two orders can
        score: per term, idf times BM25's term part at the depth-th impact (the store's mean length
        may exceed the reference one), times the recency boost of the depth-th day."""
        deep = [(t, idf) for t, idf, n in zip(plan.terms, plan.idf, plan.postings, strict=True) if n > depth]
        if not deep:
            return -math.inf  # every posting was read
        cuts = self._rows(
            "SELECT (SELECT impact FROM search_postings p WHERE p.term = t.term ORDER BY impact DESC"
            " OFFSET %s LIMIT 1), (SELECT day FROM search_postings p WHERE p.term = t.term ORDER BY day DESC"
            " NULLS LAST OFFSET %s LIMIT 1) FROM unnest(%s::text[]) WITH ORDINALITY AS t(term, n) ORDER BY t.n",
            (depth - 1, depth - 1, [t for t, _ in deep]),
        )
        stretch = max(1.0, plan.avg / _IMPACT_LENGTH)
        bound = 0.0
        for (_, idf), (impact, day) in zip(deep, cuts, strict=True):
            ratio = impact * stretch
            recency = 1.0 if day is None or plan.newest is None else (
                1 + RECENCY_BOOST * 0.5 ** ((plan.newest - day) / RECENCY_HALF_LIFE_DAYS))
            bound += idf * ratio * (_K1 + 1) / (ratio + _K1) * recency
        return bound * (1 + 1e-5) + 1e-6  # float4 impacts, parts rounded to _GRID: round the bound up

    def _plan(self, parsed: Query, ranked: bool) -> _Plan:
        """What a query's SQL needs: its bm25 phrases' terms and idf, each term's postings, and the
        conditions of its phrases and negated words.

        A word matches its base in the title or body (term ``b:``), its stem there, or its stem in
        the stems column (``s:``); each is one of bm25's phrases, with its own idf.  A phrase matches
        where the postings of its words meet and its bases stand in order (the tsvector's positions);
        its frequency is its first word's."""
        keys: list[tuple[str, int | None]] = []  # (term, the phrase's matches or None) of each bm25 phrase
        conditions, params = [], []
        positive = parsed.positive
        for clause in positive:
            if len(clause.bases) > 1:
                docs = self._phrase_docs(clause.bases)
                keys.append((_terms(clause)[0], len(docs)))
                conditions.append("s.doc = ANY(%s)")
                params.append(docs)
            else:
                keys += [(term, None) for term in _terms(clause)]
        for clause in (c for c in parsed.clauses if c.negated):
            if len(clause.bases) > 1:
                conditions.append("NOT s.doc = ANY(%s)")
                params.append(self._phrase_docs(clause.bases))
            else:
                conditions.append("NOT EXISTS (SELECT 1 FROM search_postings x WHERE x.term = ANY(%s)"
                                  " AND x.doc = s.doc)")
                params.append(_terms(clause))
        terms = [t for t, _ in keys]
        plan = _Plan(terms, [0.0] * len(keys), [0] * len(keys), conditions, params)
        if ranked:  # BM25's statistics, the newest day and each term's postings, in one round trip
            total, words, plan.newest, found = self._rows(
                "SELECT docs, words, (SELECT MAX(day) FROM search_docs), ARRAY(SELECT COALESCE((SELECT postings"
                " FROM search_terms c WHERE c.term = t.term), 0) FROM unnest(%s::text[]) WITH ORDINALITY AS"
                " t(term, n) ORDER BY t.n) FROM search_stats",
                (terms,),
            )[0]
            plan.postings = list(found)
            counts = [count if matches is None else matches for count, (_, matches) in zip(found, keys, strict=True)]
            plan.idf = [max(1e-6, math.log((total - count + 0.5) / (count + 0.5))) for count in counts]
            plan.avg = (words / total) if total else 1.0
            plan.ranked = True
        plan.clause_of = [n for n, clause in enumerate(positive)
                          for _ in (_terms(clause)[:1] if len(clause.bases) > 1 else _terms(clause))]
        plan.clauses = len(positive)
        return plan

    def _matches(self, plan: _Plan, where: ArticleFilter | None, depth: int | None = None) -> tuple[str, list[Any]]:
        """SQL of a query's matches (doc, score, day; score only when ranked) and its parameters:
        SQLite's MATCH expression (``sqlite_search.match_expression``) and bm25(), over the postings.
        With ``depth``, only the articles among the first ``depth`` postings of a term by impact or
        by day (``_ranked_ids``)."""
        bits = plan.clauses  # which clauses an article holds: a bigint's bits, a bit string past 63
        kind = "bigint" if bits < 64 else f"bit({bits})"
        masks: list[Any] = ([1 << n for n in plan.clause_of] if bits < 64
                            else ["".join("1" if i == n else "0" for i in range(bits)) for n in plan.clause_of])
        full: Any = (1 << bits) - 1 if bits < 64 else "1" * bits
        # each term's part rounded to a multiple of 2^-32, so that the sum is exact whatever order a
        # plan adds the parts in: the full and the pruned ranking then give equal scores, and equal ties
        score = (f"SUM(round(q.idf * p.weight * {_K1 + 1} / (p.weight + {_K1} * ({1 - _B} + {_B} * p.length / %s))"
                 f" * {_GRID}::float8)) / {_GRID}::float8" if plan.ranked else "0")
        scored_params: list[Any] = [plan.avg] if plan.ranked else []
        query = f"unnest(%s::text[], %s::float8[], %s::{kind}[]) AS q(term, idf, bit)"
        if depth is None:
            days, day_params = _day_window(where.since if where else None, where.until if where else None,
                                           column="p.day", mark="%s")
            source = f"{query} JOIN search_postings p ON p.term = q.term" + (
                " AND " + days.removeprefix("WHERE ") if days else "")
            scored_params += [plan.terms, plan.idf, masks, *day_params]
        else:
            source = (
                "(SELECT DISTINCT c.doc FROM unnest(%s::text[]) AS t(term) CROSS JOIN LATERAL ("
                "(SELECT x.doc FROM search_postings x WHERE x.term = t.term ORDER BY x.impact DESC LIMIT %s)"
                " UNION ALL (SELECT x.doc FROM search_postings x WHERE x.term = t.term"
                " ORDER BY x.day DESC NULLS LAST LIMIT %s)) c) c"
                f" CROSS JOIN {query} JOIN search_postings p ON p.term = q.term AND p.doc = c.doc"
            )
            scored_params += [plan.terms, depth, depth, plan.terms, plan.idf, masks]
        scored = f"SELECT p.doc, {score} AS bm, MIN(p.day) AS day, bit_or(q.bit) AS seen FROM {source} GROUP BY p.doc"
        joins, clause_sql, filter_params = _filter_sql(where, "%s", "JOIN")
        if where is not None and (joins or clause_sql):
            joins = f"JOIN search_docs d ON d.doc = s.doc {joins}"
        # in float8 throughout: a numeric power() costs more than the whole BM25 sum
        recency = (f"(1 + {RECENCY_BOOST}::float8 * COALESCE(power(0.5::float8, (%s::int - s.day)::float8"
                   f" / {RECENCY_HALF_LIFE_DAYS}::float8), 0))")
        select = f"s.doc, s.bm * {recency} AS score, s.day" if plan.ranked else "s.doc"
        sql = (f"SELECT {select} FROM ({scored}) s {joins} WHERE s.seen = %s::{kind}"
               + "".join(f" AND {c}" for c in plan.conditions) + clause_sql)
        return sql, [*([plan.newest] if plan.ranked else []), *scored_params, full, *plan.params, *filter_params]

    def _phrase_docs(self, bases: tuple[str, ...]) -> list[int]:
        """The articles holding a phrase's bases in order in the title or body: those holding each
        of its pairs side by side (search_pairs, migration 0012), which for two words is all; for
        more, the positions are checked among them."""
        first, *others = [f"{a} {b}" for a, b in itertools.pairwise(bases)]
        if not others:
            return [row[0] for row in self._rows("SELECT doc FROM search_pairs WHERE pair = %s", (first,))]
        meets = "".join(f" JOIN search_pairs p{i} ON p{i}.pair = %s AND p{i}.doc = p.doc" for i in range(len(others)))
        rows = self._rows(
            f"SELECT p.doc FROM search_pairs p {meets} JOIN search_docs d ON d.doc = p.doc"
            " WHERE p.pair = %s AND d.bases @@ %s::tsquery",
            [*others, first, " <-> ".join(_lexeme(b) for b in bases)],
        )
        return [row[0] for row in rows]

    # -- window aggregates and views -------------------------------------

    def newest_day(self) -> str | None:
        day = self._rows("SELECT MAX(day) FROM search_docs")[0][0]
        return day_iso(day) if day is not None else None

    def keyword_lists(self, since: str | None = None, until: str | None = None) -> list[list[str]]:
        clause, params = _day_window(since, until, mark="%s")
        return [json_value(row[0]) for row in self._rows(f"SELECT keywords FROM search_docs {clause}", params)]

    def citing_articles(self, since: str | None = None, until: str | None = None) -> list[Article]:
        clause, params = _day_window(since, until, mark="%s")
        rows = self._rows(f"SELECT article_id, outlet, is_copy, cites FROM search_docs {clause}", params)
        return [
            Article(id=row[0], origin="", text="", source=Source(row[1]), duplicate_of="(copy)" if row[2] else None,
                    attributions=[Citation(**c) for c in json_value(row[3])])
            for row in rows
        ]

    def outlet_summaries(self) -> list[OutletSummary]:
        rows = self._rows(
            "SELECT source_name, source_country, COUNT(*), COUNT(duplicate_of), MIN(published), MAX(published)"
            " FROM articles GROUP BY source_name, source_country ORDER BY COUNT(*) DESC, source_name NULLS FIRST"
        )
        return [OutletSummary(*row) for row in rows]

    def category_counts(self) -> list[tuple[str, int]]:
        rows = self._rows("SELECT category, COUNT(*) AS n FROM articles WHERE category IS NOT NULL"
                          " GROUP BY category ORDER BY n DESC, category")
        return [(row[0], row[1]) for row in rows]

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]:
        rows = self._rows(
            "SELECT substr(a.published, 1, 10) AS day, COUNT(*) FROM article_entities e"
            " JOIN articles a ON a.id = e.article_id WHERE e.entity_id = %s AND a.published IS NOT NULL"
            " GROUP BY day ORDER BY day",
            (entity_id,),
        )
        return [(row[0], row[1]) for row in rows]

    def related_entities(self, entity_id: str, limit: int = 12) -> list[tuple[str, int]]:
        rows = self._rows(
            "SELECT o.entity_id, COUNT(*) AS n FROM article_entities e"
            " JOIN article_entities o ON o.article_id = e.article_id AND o.entity_id != e.entity_id"
            " WHERE e.entity_id = %s GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT %s",
            (entity_id, limit),
        )
        return [(row[0], row[1]) for row in rows]

    def entity_stories(self, entity_id: str, limit: int = 10) -> list[tuple[str, int]]:
        rows = self._rows(
            "SELECT a.story, COUNT(*) AS n FROM article_entities e JOIN articles a ON a.id = e.article_id"
            " WHERE e.entity_id = %s AND a.story IS NOT NULL GROUP BY a.story ORDER BY n DESC, a.story LIMIT %s",
            (entity_id, limit),
        )
        return [(row[0], row[1]) for row in rows]

    def copies_of(self, article_id: str) -> list[str]:
        rows = self._rows("SELECT id FROM articles WHERE duplicate_of = %s ORDER BY published NULLS FIRST, id",
                          (article_id,))
        return [row[0] for row in rows]

    def group_profile(self, where: ArticleFilter, top_entities: int = 5) -> GroupProfile:
        clause, params = article_where(where, "%s")
        rows = self._rows(
            "SELECT source_name, source_country, duplicate_of IS NOT NULL, published,"
            " (data::jsonb #>> '{credibility,score}')::float8, (data::jsonb #>> '{importance,score}')::float8"
            f" FROM articles {clause}",
            params,
        )
        entities = self._rows(
            f"SELECT entity_id, COUNT(*) AS n FROM article_entities WHERE article_id IN (SELECT id FROM articles {clause})"
            " GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT %s",
            [*params, top_entities],
        )
        members = [(*row[:4], _number(row[4]), _number(row[5])) for row in rows]
        return _profile(members, [(row[0], row[1]) for row in entities])

    # -- grouping lookups (GroupingState) --------------------------------

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        found = {}
        for row in self._rows(
            "SELECT id, key, day, content_hash, duplicate_of, event, data FROM grouping_docs WHERE id = ANY(%s)",
            (list(ids),),
        ):
            found[row[0]] = doc_record(row)
        return found

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]:
        return sorted(r[0] for r in self._rows(
            "SELECT id FROM grouping_hashes WHERE period = ANY(%s) AND hash = %s AND day BETWEEN %s AND %s",
            (periods(first_day, last_day), content_hash, first_day, last_day),
        ))

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]:
        return {r[0] for r in self._rows(
            "SELECT id FROM grouping_bands WHERE period = ANY(%s) AND band = ANY(%s) AND day BETWEEN %s AND %s",
            (periods(first_day, last_day), sorted(set(bands)), first_day, last_day),
        )}

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]:
        rows = self._rows(
            "SELECT p.value, x.id FROM unnest(%s::bigint[]) AS p(value) CROSS JOIN LATERAL"
            " (SELECT id FROM grouping_prints WHERE period = ANY(%s) AND print = p.value"
            "  AND day BETWEEN %s AND %s LIMIT %s) x",
            (sorted(set(prints)), periods(first_day, last_day), first_day, last_day, limit + 1),
        )
        holders: dict[int, list[str]] = {}
        for value, article_id in rows:
            holders.setdefault(value, []).append(article_id)
        return {v: sorted(ids) if len(ids) <= limit else [] for v, ids in holders.items()}

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        return {r[0] for r in self._rows(
            "SELECT id FROM grouping_terms WHERE day BETWEEN %s AND %s AND term = ANY(%s)",
            (first_day, last_day, sorted(set(terms))),
        )}

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        return near_ids(self.events_near(terms, day, limit))

    def events_near(self, terms: Iterable[str], day: int | None, limit: int) -> dict[str, list[tuple[int, str]]]:
        anchor, reach = day or 0, config.GROUPING_STORY_DAYS
        rows = self._rows(
            "SELECT t.term, x.event, x.day, x.side FROM unnest(%s::text[]) AS t(term) CROSS JOIN LATERAL ("
            " (SELECT event, day, 0 AS side FROM grouping_event_terms WHERE epoch = ANY(%s) AND term = t.term"
            "  AND day BETWEEN %s AND %s ORDER BY day DESC, event LIMIT %s)"
            " UNION ALL"
            " (SELECT event, day, 1 AS side FROM grouping_event_terms WHERE epoch = ANY(%s) AND term = t.term"
            "  AND day BETWEEN %s AND %s ORDER BY day, event LIMIT %s)) x",
            (sorted(set(terms)), epochs(anchor - reach, anchor), anchor - reach, anchor, limit,
             epochs(anchor + 1, anchor + reach), anchor + 1, anchor + reach, limit),
        )
        found: dict[str, list[tuple[int, str]]] = {}
        for term, event_id, event_day, _ in rows:
            found.setdefault(term, []).append((event_day, event_id))
        return {term: nearest(pairs, day, limit) for term, pairs in found.items()}

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        rows = self._rows("SELECT event, day, data FROM grouping_events WHERE event = ANY(%s)", (list(event_ids),))
        return {row[0]: (json_value(row[2])["vector"], row[1]) for row in rows}

    def event_names(self, event_ids: Iterable[str]) -> dict[str, tuple[list[str], list[str]]]:
        rows = self._rows("SELECT event, data FROM grouping_events WHERE event = ANY(%s)", (list(event_ids),))
        return {row[0]: (json_value(row[1]).get("title_names", []), json_value(row[1]).get("names", []))
                for row in rows}

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]:
        rows = self._rows("SELECT id, story FROM events WHERE story IS NOT NULL AND id = ANY(%s)", (list(event_ids),))
        return dict(rows)

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        event_ids = list(event_ids)
        links: dict[str, set[str]] = {e: set() for e in event_ids}
        for event_id, other in self._rows(
            "SELECT event, other FROM grouping_story_links WHERE event = ANY(%s)", (event_ids,)
        ):
            links[event_id].add(other)
        return links

    def write_grouping(self, rows: GroupingRows) -> None:
        with self.transaction():
            self._remember(list(rows.docs.values()), rows.prints)
            self._reindex(rows.moved_terms)
            self._insert_unnest("grouping_lines", "int[], %s::text[], %s::bigint[], %s::text[]", rows.line_rows())
            self._remember_events(rows.kept_events(), rows.gone_events())
            self._remember_story_links(rows.story_links)

    def _remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        docs = list({d.id: d for d in docs}.values())
        with self.transaction():
            known = {r[0] for r in self._rows("SELECT id FROM grouping_docs WHERE id = ANY(%s)", ([d.id for d in docs],))}
            self._many(
                "INSERT INTO grouping_docs VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET"
                " key = excluded.key, day = excluded.day, content_hash = excluded.content_hash,"
                " duplicate_of = excluded.duplicate_of, event = excluded.event, data = excluded.data",
                [(d.id, d.key, d.day, d.content_hash, d.duplicate_of, d.event, json_text(_doc_data(d))) for d in docs],
            )
            fresh = [d for d in docs if d.id not in known]
            self._many("INSERT INTO grouping_hashes VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                       [(period(slot(d.day)), d.content_hash, d.id, slot(d.day)) for d in fresh])
            self._insert_unnest("grouping_bands", "int[], %s::bigint[], %s::text[], %s::int[]",
                                [(period(slot(d.day)), b, d.id, slot(d.day)) for d in fresh for b in d.bands])
            self._insert_unnest("grouping_terms", "int[], %s::text[], %s::text[]",
                                [(slot(d.day), t, d.id) for d in fresh for t in d.index_terms])
            days = {d.id: slot(d.day) for d in docs}
            self._insert_unnest("grouping_prints", "int[], %s::bigint[], %s::text[], %s::int[]",
                                [(period(days[i]), v, i, days[i]) for i, values in prints.items() for v in values])

    def _reindex(self, changes: dict[str, tuple[int | None, list[str], list[str]]]) -> None:
        with self.transaction():
            for article_id, (day, old, new) in changes.items():
                self._exec("DELETE FROM grouping_terms WHERE day = %s AND term = ANY(%s) AND id = %s",
                           (slot(day), list(old), article_id))
                self._insert_unnest("grouping_terms", "int[], %s::text[], %s::text[]",
                                    [(slot(day), t, article_id) for t in new])

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for line, article_id in self._rows(
            "SELECT line, id FROM grouping_lines WHERE period = %s AND outlet = %s AND line = ANY(%s)"
            " ORDER BY line, id", (period, outlet, sorted(set(lines))),
        ):
            found.setdefault(line, []).append(article_id)
        return {line: ids[:limit] for line, ids in found.items()}

    def _insert_unnest(self, table: str, types: str, rows: list[tuple[Any, ...]]) -> None:
        """One multi-row insert of ``rows`` (column arrays typed by ``types``), duplicates ignored."""
        if rows:
            self._exec(f"INSERT INTO {table} SELECT * FROM unnest(%s::{types}) ON CONFLICT DO NOTHING",
                       [list(column) for column in zip(*rows, strict=True)])

    def _remember_events(self, vectors: dict[str, EventVector], deleted: Iterable[str]) -> None:
        gone = [*deleted, *vectors]
        with self.transaction():
            self._exec("DELETE FROM grouping_event_terms WHERE event = ANY(%s)", (gone,))
            self._exec("DELETE FROM grouping_events WHERE event = ANY(%s)", (gone,))
            self._many("INSERT INTO grouping_events VALUES (%s, %s, %s)",
                       [(e, day, json_text({"vector": v, "terms": terms, "title_names": titled, "names": named}))
                        for e, (v, day, terms, titled, named) in vectors.items()])
            self._insert_unnest("grouping_event_terms", "int[], %s::text[], %s::int[], %s::text[]",
                                [(epoch(day or 0), t, day or 0, e) for e, (_, day, terms, *_) in vectors.items()
                                 for t in terms])

    def _remember_story_links(self, links: dict[str, set[str]]) -> None:
        with self.transaction():
            self._exec("DELETE FROM grouping_story_links WHERE event = ANY(%s)", (list(links),))
            self._insert_unnest("grouping_story_links", "text[], %s::text[]",
                                [(e, o) for e, linked in links.items() for o in sorted(linked)])


@dataclass(slots=True)
class _Plan:
    """A parsed query made ready for SQL (``PostgresStore._plan``)."""

    terms: list[str]  # the postings' terms of its bm25 phrases
    idf: list[float]
    postings: list[int]  # each term's postings
    conditions: list[str]  # its phrases' and negated words' SQL conditions on s.doc
    params: list[Any]
    clause_of: list[int] = field(default_factory=list)  # each term's positive clause
    clauses: int = 0
    ranked: bool = False
    avg: float = 1.0  # mean article length
    newest: int | None = None  # the newest day stored


def _moved_pairs(links: dict[str, set[str]], moves: dict[str, str]) -> list[tuple[tuple[str, str], int]]:
    """How ``entity_pairs`` moves when these articles' links (article -> entities) follow ``moves``:
    only the pairs that name a moved entity or the one it joined change, so only those are counted
    (an article naming twenty entities changes a few dozen pairs, not its four hundred)."""
    change: dict[tuple[str, str], int] = {}
    for named in links.values():
        after = {moves.get(e, e) for e in named}
        changed = (named - after) | (after - named)
        for sign, entities in ((-1, named), (1, after)):
            pairs = {pair for first in entities & changed for second in entities - {first}
                     for pair in ((first, second), (second, first))}
            for pair in pairs:
                change[pair] = change.get(pair, 0) + sign
    return sorted((p, n) for p, n in change.items() if n)


def _terms(clause: Clause) -> list[str]:
    """The postings' terms of a word's bm25 phrases, as SQLite's MATCH expression has them: its base
    in the title or body, its stem there (when another form), its stem in the stems column; for a
    phrase, its words' bases."""
    if len(clause.bases) > 1:
        return [f"b:{b}" for b in clause.bases]
    base, stem = clause.bases[0], clause.stems[0]
    return [f"b:{base}", f"s:{stem}"] if base == stem else [f"b:{base}", f"b:{stem}", f"s:{stem}"]


def _postings(words: SearchWords) -> dict[str, float]:
    """term -> column-weighted occurrences, for an article's search words."""
    weights: dict[str, float] = {}
    for column, weight, prefix in ((words.title, COLUMN_WEIGHTS[0], "b:"), (words.body, COLUMN_WEIGHTS[1], "b:"),
                                   (words.stems, COLUMN_WEIGHTS[2], "s:")):
        for form in column.split():
            term = prefix + form
            weights[term] = weights.get(term, 0.0) + weight
    return weights


def _lexeme(form: str) -> str:
    return "'" + form.replace("\\", "\\\\").replace("'", "''") + "'"


def _length(words: SearchWords) -> int:
    return sum(len(column.split()) for column in (words.title, words.body, words.stems))


def _doc_data(doc: DocRecord) -> dict[str, Any]:
    return {"bands": doc.bands, "vector": doc.vector, "index_terms": doc.index_terms, "links": doc.links,
            "happened": doc.happened, "actor": doc.actor, "reaction": doc.reaction, "lead_names": doc.lead_names,
            "title_names": doc.title_names, "names": doc.names, "title_terms": doc.title_terms}


def _last_of(records: Iterable[Any]) -> list[Any]:
    """One record per id, the last given (an upsert may not touch a row twice)."""
    return list({r.id: r for r in records}.values())


def _number(value: float | None) -> int | float | None:
    """A score read back from JSON as it was written (an integer stays one)."""
    return int(value) if value is not None and value == int(value) else value


def _reason(error: Exception) -> str:
    """The first line of a driver error, without the connection string."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"(password=)\S+", r"\1***", text)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
