"""Full-text search over articles (SQLite FTS5), and the store-wide views the web UI reads.

The index lives in migration 0005: ``article_search`` (FTS5, index only) and
``search_docs`` (one live row per article: its FTS rowid, publication day and the
facts the keyword cloud and the citation graph aggregate).  ``_index_articles`` is
called by ``SQLiteStore.put_articles`` inside the same transaction, so an article
is searchable exactly when it is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from marsad.model import Article, Citation, Source
from marsad.store.base import (
    COLUMN_WEIGHTS,
    RECENCY_BOOST,
    RECENCY_HALF_LIFE_DAYS,
    ArticleFilter,
    ArticleRow,
    Clause,
    GroupProfile,
    OutletSummary,
    Query,
    json_text,
    json_value,
    unpacked_json,
)

_EPOCH = date(1970, 1, 1).toordinal()


def publication_day(published: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date or date-time; None when undated or unreadable."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal() - _EPOCH
    except ValueError:
        return None


def day_iso(day: int) -> str:
    """The ISO date of a day number of ``publication_day``."""
    return date.fromordinal(day + _EPOCH).isoformat()


class SearchTables:
    """Mixin for SQLiteStore: the FTS5 index, ranked search with snippets, window aggregates."""

    # -- indexing -------------------------------------------------------

    def _index_articles(self, rows: list[ArticleRow]) -> None:
        """Index a batch of articles being written (called inside the writer's transaction).

        The words are indexed once per content: a re-put with the same text (re-scoring,
        re-grouping) only refreshes the facts columns.  The batch is read and written with
        one statement per kind of row, not three per article: at 100k stored articles the
        per-row statements cost more than the words themselves (bench/search.py).
        """
        db = self.db  # type: ignore[attr-defined]
        latest = {r.article.id: r for r in rows}  # the last write of an id in the batch wins
        indexed = _indexed_rows(db, list(latest))
        refresh, stale, fresh = [], [], []
        for new in latest.values():
            article, row = new.article, indexed.get(new.article.id)
            if row is not None and row[1] == article.content_hash:
                refresh.append((*_facts(article), row[0]))
                continue
            if new.words is None:
                raise ValueError(f"article {article.id}: a new or changed text needs its search words")
            if row is not None:  # the text changed: a fresh row; the old postings become unreachable
                stale.append((row[0],))
            fresh.append(new)
        db.executemany(
            "UPDATE search_docs SET day = ?, outlet = ?, country = ?, category = ?, is_copy = ?,"
            " keywords = ?, cites = ? WHERE rowid = ?",
            refresh,
        )
        db.executemany("DELETE FROM search_docs WHERE rowid = ?", stale)
        if fresh:
            self._insert_fresh(fresh)

    def _insert_fresh(self, rows: list[ArticleRow]) -> None:
        """Give each article a new search row (rowids above any ever used) and its index entry."""
        articles = [r.article for r in rows]
        db = self.db  # type: ignore[attr-defined]
        last = db.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'search_docs'), 0),"
            " COALESCE((SELECT MAX(rowid) FROM search_docs), 0))"
        ).fetchone()[0]
        rowids = range(last + 1, last + 1 + len(articles))
        db.executemany(
            "INSERT INTO search_docs (rowid, article_id, indexed_hash, day, outlet, country, category,"
            " is_copy, keywords, cites) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r, a.id, a.content_hash, *_facts(a)) for r, a in zip(rowids, articles, strict=True)],
        )
        db.executemany(
            "INSERT INTO article_search (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
            [(r, w.title, w.body, w.stems) for r, w in zip(rowids, (r.words for r in rows), strict=True)],
        )

    def clear_search_index(self) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            self.db.execute("INSERT INTO article_search (article_search) VALUES ('delete-all')")  # type: ignore[attr-defined]
            self.db.execute("DELETE FROM search_docs")  # type: ignore[attr-defined]

    def unindexed_articles(self) -> Iterator[Article]:
        """Stored articles without a search row, oldest first (none in a store indexed from the start)."""
        stored = self.query("SELECT COUNT(*) FROM articles")[0][0]  # type: ignore[attr-defined]
        if self.query("SELECT COUNT(*) FROM search_docs")[0][0] >= stored:  # type: ignore[attr-defined]
            return
        last = 0
        while rows := self.query(  # type: ignore[attr-defined]
            "SELECT seq, data FROM articles a WHERE seq > ? AND NOT EXISTS"
            " (SELECT 1 FROM search_docs d WHERE d.article_id = a.id) ORDER BY seq LIMIT 500",
            (last,),
        ):
            yield from (Article.from_dict(unpacked_json(row[1])) for row in rows)
            last = rows[-1][0]

    # -- search ---------------------------------------------------------

    def ranked_matches(
        self, query: Query, limit: int = 20, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[tuple[str, float]]:
        """(article id, rank) of one page of matches, by BM25 relevance times a recency boost."""
        return self._ranked_ids(query, limit, offset, where)

    def count_matches(self, query: Query, where: ArticleFilter | None = None) -> int:
        """How many articles match ``query`` under the filter (for paging)."""
        joins, clause, params = _filter_sql(where, entity=_ENTITY_DOCS)
        rows = self.query(  # type: ignore[attr-defined]
            f"SELECT COUNT(*) FROM article_search CROSS JOIN search_docs d ON d.rowid = article_search.rowid"
            f" {joins} WHERE article_search MATCH ? {clause}",
            [match_expression(query), *params],
        )
        return rows[0][0]

    def _ranked_ids(
        self, parsed: Query, limit: int, offset: int, where: ArticleFilter | None
    ) -> list[tuple[str, float]]:
        """(article id, rank) of one page of matches, best first."""
        joins, clause, params = _filter_sql(where, entity=_ENTITY_DOCS)
        newest = self.query("SELECT MAX(day) FROM search_docs")[0][0]  # type: ignore[attr-defined]
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        # bm25() is lower for better matches, hence the minus; undated articles get no boost.
        rank = (
            f"-bm25(article_search, {weights})"
            f" * (1 + {RECENCY_BOOST} * COALESCE(pow(0.5, (? - d.day) / {RECENCY_HALF_LIFE_DAYS}), 0))"
        )
        rows = self.query(  # type: ignore[attr-defined]
            f"SELECT d.article_id, {rank} AS score FROM article_search"
            f" CROSS JOIN search_docs d ON d.rowid = article_search.rowid {joins}"
            f" WHERE article_search MATCH ? {clause}"
            " ORDER BY score DESC, d.day DESC, d.article_id LIMIT ? OFFSET ?",
            [newest, match_expression(parsed), *params, limit, offset],
        )
        return [(row[0], row[1]) for row in rows]

    # -- window aggregates ------------------------------------------------

    def newest_day(self) -> str | None:
        """The latest publication date in the store (ISO), the "today" of its pages."""
        day = self.query("SELECT MAX(day) FROM search_docs")[0][0]  # type: ignore[attr-defined]
        return day_iso(day) if day is not None else None

    def keyword_lists(self, since: str | None = None, until: str | None = None) -> list[list[str]]:
        """The keywords of every article published in [since, until] (ISO dates, inclusive)."""
        clause, params = _day_window(since, until)
        rows = self.query(f"SELECT keywords FROM search_docs {clause}", params)  # type: ignore[attr-defined]
        return [json_value(row[0]) for row in rows]

    def citing_articles(self, since: str | None = None, until: str | None = None) -> list[Article]:
        """Articles of the window reduced to what the citation graph reads (outlet, attributions, copy).

        Their text is empty: ``scoring.citation_edges`` needs only these fields, and
        reading them from ``search_docs`` keeps the sources page cheap on a large store.
        """
        clause, params = _day_window(since, until)
        rows = self.query(  # type: ignore[attr-defined]
            f"SELECT article_id, outlet, is_copy, cites FROM search_docs {clause}", params
        )
        return [
            Article(
                id=row[0], origin="", text="", source=Source(row[1]),
                duplicate_of="(copy)" if row[2] else None,
                attributions=[Citation(**c) for c in json_value(row[3])],
            )
            for row in rows
        ]

    def outlet_summaries(self) -> list[OutletSummary]:
        """Every outlet with its country, articles, copies and first and last publication, largest first."""
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT source_name, source_country, COUNT(*), COUNT(duplicate_of), MIN(published),"
            " MAX(published) FROM articles GROUP BY source_name, source_country"
            " ORDER BY COUNT(*) DESC, source_name"
        )
        return [OutletSummary(*row) for row in rows]

    def category_counts(self) -> list[tuple[str, int]]:
        """(Marsad category, articles), most first."""
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT category, COUNT(*) AS n FROM articles WHERE category IS NOT NULL"
            " GROUP BY category ORDER BY n DESC, category"
        )
        return [(row[0], row[1]) for row in rows]

    # -- entities, copies, groups ------------------------------------------

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]:
        """(ISO day, articles) mentioning the entity, oldest first; undated articles left out."""
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT substr(a.published, 1, 10) AS day, COUNT(*) FROM article_entities e"
            " JOIN articles a ON a.seq = e.article WHERE e.entity = (SELECT num FROM entity_numbers WHERE id = ?) AND a.published IS NOT NULL"
            " GROUP BY day ORDER BY day",
            (entity_id,),
        )
        return [(row[0], row[1]) for row in rows]

    def related_entities(self, entity_id: str, limit: int = 12) -> list[tuple[str, int]]:
        """(entity id, shared articles) of the entities most often named with this one."""
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT names.id, COUNT(*) AS shared FROM article_entities e"
            " JOIN article_entities o ON o.article = e.article AND o.entity != e.entity"
            " JOIN entity_numbers names ON names.num = o.entity"
            " WHERE e.entity = (SELECT num FROM entity_numbers WHERE id = ?) GROUP BY o.entity ORDER BY shared DESC, names.id LIMIT ?",
            (entity_id, limit),
        )
        return [(row[0], row[1]) for row in rows]

    def entity_stories(self, entity_id: str, limit: int = 10) -> list[tuple[str, int]]:
        """(story id, articles naming the entity) of the stories it appears in, most first."""
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT a.story, COUNT(*) AS n FROM article_entities e JOIN articles a ON a.seq = e.article"
            " WHERE e.entity = (SELECT num FROM entity_numbers WHERE id = ?) AND a.story IS NOT NULL GROUP BY a.story ORDER BY n DESC, a.story LIMIT ?",
            (entity_id, limit),
        )
        return [(row[0], row[1]) for row in rows]

    def copies_of(self, article_id: str) -> list[str]:
        """Ids of the stored articles that copy this one (their ``duplicate_of``), oldest first."""
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY published, id", (article_id,)
        )
        return [row[0] for row in rows]

    def group_profile(self, where: ArticleFilter, top_entities: int = 5) -> GroupProfile:
        """Outlets, copies, countries, time span, scores and top entities of a group (event or story)."""
        clause, params = _articles_where(where)
        rows = self.query(  # type: ignore[attr-defined]
            "SELECT source_name, source_country, duplicate_of IS NOT NULL, published,"
            " credibility, importance"
            f" FROM articles {clause}",
            params,
        )
        entities = self.query(  # type: ignore[attr-defined]
            "SELECT names.id, COUNT(*) AS named FROM article_entities l JOIN entity_numbers names ON names.num = l.entity"
            f" WHERE l.article IN (SELECT seq FROM articles {clause})"
            " GROUP BY l.entity ORDER BY named DESC, names.id LIMIT ?",
            [*params, top_entities],
        )
        return _profile(rows, [(row[0], row[1]) for row in entities])


def _indexed_rows(db: Any, article_ids: list[str]) -> dict[str, tuple[int, str]]:
    """article id -> (search row, indexed content hash) for those of ``article_ids`` indexed."""
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT article_id, rowid, indexed_hash FROM search_docs WHERE article_id IN ({marks})", chunk
        )
        found.update((row[0], (row[1], row[2])) for row in rows)
    return found


def _facts(article: Article) -> tuple[Any, ...]:
    """(day, outlet, country, category, is_copy, keywords, cites) of an article, as search_docs keeps them."""
    cites = [
        {"to": c.to, "kind": c.kind, "surface": c.surface, "start": c.start, "end": c.end}
        for c in article.attributions
    ]
    return (
        publication_day(article.published),
        article.source.name,
        article.source.country,
        article.category,
        int(article.duplicate_of is not None),
        json_text(article.keywords),
        json_text(cites),
    )


def match_expression(query: Query) -> str:
    """The FTS5 MATCH expression of a parsed query over the columns (title, body, stems) of
    ``article_search``."""
    required = " AND ".join(_clause_expression(c) for c in query.positive)
    excluded = "".join(f" NOT {_clause_expression(c)}" for c in query.clauses if c.negated)
    return required + excluded


def _clause_expression(clause: Clause) -> str:
    """FTS5 syntax for one clause: a word (any of its forms) or a phrase (its exact bases)."""
    if len(clause.bases) > 1:
        return "{title body} : " + " + ".join(_quoted(b) for b in clause.bases)
    return _word_expression(clause.bases[0], clause.stems[0])


def _word_expression(base: str, stem: str) -> str:
    """A word matches its base in title or body, or its stem as a base there or in the stems."""
    if base == stem:
        return f"({{title body}} : {_quoted(base)} OR stems : {_quoted(stem)})"
    return f"({{title body}} : ({_quoted(base)} OR {_quoted(stem)}) OR stems : {_quoted(stem)})"


def _quoted(form: str) -> str:
    return '"' + form.replace('"', '""') + '"'



# The search rows of the articles naming an entity in SQLite, whose links hold numbers (migration 0018).
_ENTITY_DOCS = (
    "d.article_id IN (SELECT a.id FROM article_entities l JOIN articles a ON a.seq = l.article"
    " WHERE l.entity = (SELECT num FROM entity_numbers WHERE id = ?))"
)


def _filter_sql(
    where: ArticleFilter | None, mark: str = "?", join: str = "CROSS JOIN", entity: str | None = None
) -> tuple[str, str, list[Any]]:
    """(JOIN, AND-clause, params) restricting matches to the articles an ArticleFilter allows.

    Dates, outlet, country, category and entity are read from search_docs and
    article_entities; only event and story need the articles table.  Joins are CROSS JOINs so that SQLite
    walks the matches first and looks each one up: left to itself it may start from a
    filter's index and re-run the full-text match once per filtered article (100x slower).
    ``mark`` is the driver's placeholder and ``join`` its join (PostgreSQL plans a plain JOIN well);
    ``entity`` the condition for an entity, where the links are not (article_id, entity_id) rows.
    """
    if where is None:
        return "", "", []
    conditions: list[str] = []
    params: list[Any] = []
    window, window_params = _day_window(where.since, where.until, column="d.day", mark=mark)
    if window:
        conditions.append(window.removeprefix("WHERE "))
        params.extend(window_params)
    own = {
        "outlet": f"d.outlet = {mark}",
        "entity": entity or f"d.article_id IN (SELECT article_id FROM article_entities WHERE entity_id = {mark})",
        "country": f"d.country = {mark}",
        "category": f"d.category = {mark}",
        "event": f"a.event = {mark}",
        "story": f"a.story = {mark}",
    }
    for name, condition in own.items():
        value = getattr(where, name)
        if value is not None:
            conditions.append(condition)
            params.append(value)
    joins = f"{join} articles a ON a.id = d.article_id" if any(c.startswith("a.") for c in conditions) else ""
    return joins, "".join(f" AND {c}" for c in conditions), params


def _articles_where(where: ArticleFilter | None) -> tuple[str, list[Any]]:
    from marsad.store.sqlite import ENTITY_ARTICLES, article_where

    return article_where(where, entity=ENTITY_ARTICLES)


def _day_window(
    since: str | None, until: str | None, column: str = "day", mark: str = "?"
) -> tuple[str, list[Any]]:
    """WHERE clause over search_docs.day for an inclusive ISO date window (unreadable bounds ignored)."""
    conditions, params = [], []
    for bound, operator in ((since, ">="), (until, "<=")):
        day = publication_day(bound)
        if day is not None:
            conditions.append(f"{column} {operator} {mark}")
            params.append(day)
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


def _profile(rows: list[Any], entities: list[tuple[str, int]]) -> GroupProfile:
    """Aggregate the member rows of a group into its profile."""
    originals = [row for row in rows if not row[2]]
    dated = sorted(row[3] for row in rows if row[3])
    credibility = [row[4] for row in originals if row[4] is not None]
    importance = [row[5] for row in rows if row[5] is not None]
    countries = Counter(row[1] for row in rows if row[1])
    return GroupProfile(
        articles=len(rows),
        copies=len(rows) - len(originals),
        outlets=len({row[0] for row in originals if row[0]}),
        all_outlets=len({row[0] for row in rows if row[0]}),
        countries=[name for name, _ in sorted(countries.items(), key=lambda item: (-item[1], item[0]))],  # ties by name
        first_published=dated[0] if dated else None,
        last_published=dated[-1] if dated else None,
        credibility=round(sum(credibility) / len(credibility)) if credibility else None,
        importance=max(importance) if importance else None,
        top_entities=entities,
    )
