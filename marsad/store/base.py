"""The Store protocol: everything the pipeline, the CLI and the API may ask of a store.

SQLite implements it by default (``sqlite.py``), PostgreSQL for a server (``postgres.py``); the
stages never see either.  A store keeps and finds what it is handed and does no domain work: the
pipeline computes what its indexes hold (the search words of an article, the resolver keys of an
entity, ``marsad/rows.py``) and hands it plain rows.  ``tests/store/test_contract.py`` runs one
suite over every implementation.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

import orjson

from marsad.grouping.state import DocRecord, GroupingRows
from marsad.model import Article, Entity, Event, Story

# How every store ranks a match: BM25 (SQLite FTS5's bm25()) with these column weights (title, body,
# stems), set a priori, not tuned on the judged queries: a title match is worth most, the exact base
# more than a shared stem; times a recency boost, 1 + RECENCY_BOOST * 0.5 ** (age / half-life), age
# in days before the newest article in the store (a store of 2018 news has its own "now").  An
# article of the newest day ranks up to 1.5 times higher than an equally relevant old one; one a
# month older gets 1.25 times.
COLUMN_WEIGHTS = (3.0, 1.5, 1.0)
RECENCY_BOOST = 0.5
RECENCY_HALF_LIFE_DAYS = 30.0


@dataclass(slots=True, frozen=True)
class Clause:
    """One required or excluded part of a query: a word (one form) or a phrase (several), as
    ``marsad.search.parse_query`` folds it (bases and stems, the forms the index holds)."""

    bases: tuple[str, ...]
    stems: tuple[str, ...]
    negated: bool = False


@dataclass(slots=True, frozen=True)
class Query:
    """A parsed query (``marsad.search.parse_query``): its clauses in the order written."""

    text: str
    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    def is_empty(self) -> bool:
        """True when nothing is required (only stop words, punctuation or exclusions)."""
        return not self.positive

    def bases(self) -> frozenset[str]:
        return frozenset(b for c in self.positive for b in c.bases)

    def stems(self) -> frozenset[str]:
        return frozenset(s for c in self.positive for s in c.stems)


@dataclass(slots=True, frozen=True)
class ArticleFilter:
    """Filters for listing and searching articles; None means no filter."""

    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    outlet: str | None = None
    country: str | None = None
    category: str | None = None
    entity: str | None = None
    event: str | None = None
    story: str | None = None


@dataclass(slots=True, frozen=True)
class SearchHit:
    """One search result: the article, its rank score (higher is better) and a highlighted snippet.

    ``highlights`` are (start, end) offsets into ``snippet`` of the words that match the query.
    """

    article: Article
    rank: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True, frozen=True)
class OutletSummary:
    """One outlet's record in the store: articles, copies among them, first and last publication."""

    name: str | None
    country: str | None
    articles: int
    copies: int
    first_published: str | None
    last_published: str | None


@dataclass(slots=True, frozen=True)
class GroupProfile:
    """How a group of articles (an event or a story) is covered, for its card in the UI."""

    articles: int
    copies: int  # members that copy another article
    outlets: int  # outlets with an original report (copies not counted)
    all_outlets: int  # outlets with any member, copies included
    countries: list[str]  # most members first
    first_published: str | None
    last_published: str | None
    credibility: int | None  # mean over the original reports
    importance: int | None  # highest of the members
    top_entities: list[tuple[str, int]]  # (entity id, members naming it), most first


@dataclass(slots=True, frozen=True)
class SearchWords:
    """What the search index holds for one article (``marsad.search.index_columns``): the bases of
    its title's words, of its body's words, and its other stems, each space-separated."""

    title: str
    body: str
    stems: str


@dataclass(slots=True, frozen=True)
class ArticleRow:
    """An article as the store writes it.  ``words`` is None for an article stored before with
    the same text (a re-scored or re-grouped one): its index entry stays as it is."""

    article: Article
    words: SearchWords | None = None
    url_key: str | None = None  # the article's URL as one key (``marsad.collect.urls.article_url_key``)


@dataclass(slots=True, frozen=True)
class EntityRow:
    """An entity as the store writes it, with the resolver keys it is found by
    (``marsad.entities.keys.entity_keys``)."""

    entity: Entity
    keys: frozenset[str]


# What the collector keeps of a feed between rounds (conditional-GET validators, health, schedule).
FEED_STATE = (
    "etag",
    "last_modified",
    "last_check",
    "last_status",
    "last_error",
    "error_streak",
    "next_check",
    "interval_s",
    "first_check",
    "checks",
    "new_items",
    "unconditional_due",
)

# The tables a store copies row for row (``marsad copy``): the same columns in every store.
# Articles are not among them: they are copied through ``put_articles``, which rebuilds their search
# entries and entity links.
COPIED_TABLES: dict[str, tuple[str, ...]] = {
    "events": ("id", "story", "date", "size", "data"),
    "stories": ("id", "last_date", "size", "data"),
    "entities": ("id", "type", "mentions", "data"),
    "entity_keys": ("key", "entity_id"),
    "entity_keys_version": ("version",),
    "grouping_docs": ("id", "key", "day", "content_hash", "duplicate_of", "event", "data"),
    "grouping_hashes": ("period", "hash", "id", "day"),
    "grouping_bands": ("period", "band", "id", "day"),
    "grouping_prints": ("period", "print", "id", "day"),
    "grouping_terms": ("day", "term", "id"),
    "grouping_events": ("event", "day", "data"),
    "grouping_event_terms": ("epoch", "term", "day", "event"),
    "grouping_story_links": ("event", "other"),
    "grouping_lines": ("period", "outlet", "line", "id"),
    "sources": ("id", "url", "name", "country", "added_at"),
    "feeds": ("id", "source_id", "url", "kind", "etag", "last_modified", "last_check", "last_status", "last_error",
              "error_streak", "next_check", "interval_s", "first_check", "checks", "new_items", "unconditional_due"),
    "collect_queue": ("url_key", "url", "source_id", "title", "summary", "published", "state", "attempts",
                      "not_before", "added_at", "done_at", "article_id", "error"),
    "raw_pages": ("url_key", "url", "fetched_at", "status", "content_type", "body", "article_id"),
    "redirects": ("kind", "old_id", "new_id"),
}


class Store(Protocol):
    """A place that keeps articles, events, stories, entities and the grouping lookups.

    Writes happen inside ``transaction()``; a store used by several processes at once makes the
    batch's resolution, grouping and writing serial (SQLite: one writer; PostgreSQL: an advisory
    lock taken by ``transaction(exclusive=True)``), while reads never wait for a writer.
    """

    def transaction(self, exclusive: bool = False) -> AbstractContextManager[None]:
        """Everything written inside is committed together or not at all.  ``exclusive``: no other
        exclusive transaction of any process runs at the same time (the batch writer's)."""

    def generation(self) -> object:
        """A value that changes whenever a write was committed since it was last read, by any process
        (it may change more often, never less): what a cache of a rendered page is keyed on."""

    def schema_version(self) -> list[str]:
        """Names of the applied migrations, oldest first."""

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored."""

    def articles_by_url(self, keys: Iterable[str]) -> dict[str, str]:
        """The stored article of each of these URL keys that has one (URL key -> article id)."""

    def put_articles(self, rows: Iterable[ArticleRow]) -> None:
        """Insert or replace articles (their search entry and entity links with them)."""

    def unindexed_articles(self) -> Iterator[Article]:
        """Stored articles the search index lacks (a store from before the index)."""

    def clear_search_index(self) -> None:
        """Forget every search entry (before re-indexing every article)."""

    def get_article(self, article_id: str) -> Article | None: ...

    def get_articles(self, ids: Iterable[str]) -> list[Article]: ...

    def list_articles(
        self, limit: int = 50, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[Article]:
        """Newest first."""

    def count_articles(self, where: ArticleFilter | None = None) -> int: ...

    def iter_articles(self) -> Iterator[Article]:
        """Every article, oldest stored first (for re-scoring and exports)."""

    def put_events(self, events: Iterable[Event]) -> None: ...

    def delete_events(self, ids: Iterable[str]) -> None: ...

    def get_event(self, event_id: str) -> Event | None: ...

    def list_events(self, limit: int | None = None, offset: int = 0, largest: bool = False) -> list[Event]:
        """Most recent first (``largest``: most articles first, then most recent)."""

    def count_events(self) -> int: ...

    def put_stories(self, stories: Iterable[Story]) -> None: ...

    def put_redirects(self, kind: str, moves: dict[str, str]) -> None:
        """Remember that each old id of ``kind`` ("event", "story") now lives at its new id; earlier
        redirects to an old id follow it, so none takes more than one hop, and an id that exists
        again stops redirecting."""

    def redirect(self, kind: str, old_id: str) -> str | None:
        """The id an old event or story id now lives at (None: never moved)."""

    def delete_stories(self, ids: Iterable[str]) -> None: ...

    def get_story(self, story_id: str) -> Story | None: ...

    def list_stories(self, limit: int | None = None, offset: int = 0, largest: bool = False) -> list[Story]:
        """Latest last date first (``largest``: most articles first, then latest)."""

    def count_stories(self) -> int: ...

    def put_entities(self, rows: Iterable[EntityRow]) -> None:
        """Insert or replace entities with their resolver keys (their articles are the links
        ``put_articles`` writes)."""

    def iter_entities(self) -> Iterator[Entity]:
        """Every entity, by id, ``articles`` left empty."""

    def entity_keys_version(self) -> str | None:
        """The version of the key rules the stored keys were made with (None: never made)."""

    def rekey_entities(self, version: str, rows: Iterable[EntityRow]) -> None:
        """Replace every stored resolver key by these, made with the rules of ``version``."""

    def merge_entities(self, moves: dict[str, str]) -> list[str]:
        """Each entity ``old`` of ``moves`` turned out to be ``moves[old]`` (written in the same
        transaction): its article links and the mentions stored in its articles move to the new id,
        its row and resolver keys go, and it redirects to the new id (``redirect("entity", old)``), so
        ``get_entity(old)`` answers the new entity from then on (as do ids that had moved to ``old``).
        Returns the ids of the articles whose mentions moved, sorted: grouping reads them again."""

    def get_entity(self, entity_id: str) -> Entity | None:
        """The entity, or the one it was merged into (``merge_entities``), with its current id."""

    def list_entities(self, limit: int | None = None, offset: int = 0, entity_type: str | None = None) -> list[Entity]:
        """Most mentioned first; only those of ``entity_type`` ("PER", "ORG"…) when it is given."""

    def count_entities(self, entity_type: str | None = None) -> int: ...

    def entity_article_counts(self, entity_ids: Iterable[str]) -> dict[str, int]:
        """Stored articles naming each of these entities (ids with none are left out)."""
        ...

    def entities_by_keys(self, keys: Iterable[str]) -> list[Entity]:
        """Stored entities with any of these resolver keys (``entities.keys.entity_keys``), by id,
        with ``articles`` left empty (ask ``entity_article_counts``)."""
        ...

    def entity_keys_present(self, keys: Iterable[str]) -> set[str]:
        """Which of these resolver keys some stored entity has (a yes or no per key, for keys such
        as ``w:محمد`` that thousands of entities share)."""
        ...

    def entities_named_with(self, entity_id: str, others: Iterable[str]) -> set[str]:
        """Which of ``others`` share a stored article with ``entity_id``."""
        ...

    def entities_named_with_both(self, first: str, second: str) -> set[str]:
        """Entities that share a stored article with ``first`` and one with ``second`` (neither of the
        two); the cost is about ``first``'s articles, so give the less named first."""
        ...

    def outlet_stats(self, outlet: str) -> tuple[int, int]:
        """(articles, copies) the outlet has in the store: its record."""

    def ranked_matches(
        self, query: Query, limit: int = 20, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[tuple[str, float]]:
        """(article id, rank) of one page of the articles matching a parsed, non-empty query, best
        first (``marsad.search.search`` makes the hits and their snippets)."""

    def count_matches(self, query: Query, where: ArticleFilter | None = None) -> int:
        """How many articles match a parsed, non-empty query."""

    def newest_day(self) -> str | None:
        """The latest publication date in the store (ISO date)."""

    def keyword_lists(self, since: str | None = None, until: str | None = None) -> list[list[str]]:
        """The keywords of each article published in [since, until] (inclusive ISO dates)."""

    def citing_articles(self, since: str | None = None, until: str | None = None) -> list[Article]:
        """Articles of the window with their outlet, attributions and copy link (text left out)."""

    def outlet_summaries(self) -> list[OutletSummary]:
        """Every outlet's record, largest first."""

    def category_counts(self) -> list[tuple[str, int]]:
        """(category, articles), most first."""

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]:
        """(ISO day, articles mentioning the entity), oldest first."""

    def related_entities(self, entity_id: str, limit: int = 12) -> list[tuple[str, int]]:
        """(entity id, shared articles) of the entities most often named with this one."""

    def entity_stories(self, entity_id: str, limit: int = 10) -> list[tuple[str, int]]:
        """(story id, articles naming the entity), most first."""

    def copies_of(self, article_id: str) -> list[str]:
        """Ids of the stored articles whose ``duplicate_of`` is this one."""

    def group_profile(self, where: ArticleFilter, top_entities: int = 5) -> GroupProfile:
        """Coverage of the articles a filter selects (an event's or a story's)."""

    # -- grouping lookups (``marsad.grouping.state.GroupingReader``, which the stage is handed) and writes --

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]: ...

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]: ...

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]: ...

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]: ...

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]: ...

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]: ...

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]: ...

    def event_names(self, event_ids: Iterable[str]) -> dict[str, tuple[list[str], list[str]]]: ...

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]: ...

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]: ...

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]: ...

    def events_near(self, terms: Iterable[str], day: int | None, limit: int) -> dict[str, list[tuple[int, str]]]: ...

    def write_grouping(self, rows: GroupingRows) -> None:
        """Write the lookup rows one grouping run computed (``GroupingResult.rows``)."""

    # -- live collection (``marsad.collect``): sources, feeds, the URL queue, raw pages ----------

    def add_source(self, url: str, name: str | None, country: str | None) -> tuple[dict[str, Any], bool]:
        """Add a source and its first feed (kind ``auto``); (the source row, whether it is new)."""

    def remove_source(self, url_or_id: str) -> bool: ...

    def list_sources(self) -> list[dict[str, Any]]:
        """Every source with its feeds (``feeds``: a list of feed rows)."""

    def get_source(self, source_id: int) -> dict[str, Any] | None: ...

    def list_feeds(self) -> list[dict[str, Any]]: ...

    def due_feeds(self, now: float, limit: int | None = None) -> list[dict[str, Any]]: ...

    def add_feed(self, source_id: int, url: str, kind: str) -> bool: ...

    def update_feed(self, feed_id: int, **fields: Any) -> None: ...

    def enqueue(self, rows: Iterable[dict[str, Any]]) -> int:
        """Queue article URLs not seen before (by ``url_key``); how many were new."""

    def queued(self, now: float, limit: int) -> list[dict[str, Any]]: ...

    def count_queue(self) -> dict[str, int]: ...

    def queue_keys_done(self, keys: Iterable[str]) -> set[str]: ...

    def finish_url(self, url_key: str, state: str, article_id: str | None = None, error: str | None = None,
                   not_before: float = 0) -> None: ...

    def add_alias(self, url_key: str, url: str, source_id: int | None, article_id: str | None) -> None: ...

    def put_raw_page(self, url_key: str, url: str, status: int, content_type: str | None, body: bytes,
                     article_id: str | None) -> None: ...

    def iter_raw_pages(self) -> Iterator[dict[str, Any]]: ...

    def set_raw_page_article(self, url_key: str, article_id: str | None) -> None: ...

    # -- whole tables (``marsad copy``) ------------------------------------

    def dump_table(self, name: str) -> Iterator[tuple[Any, ...]]:
        """Every row of one of ``COPIED_TABLES``, its columns in that order."""

    def load_table(self, name: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Add rows dumped by ``dump_table`` (of any store) to the same table."""

    def close(self) -> None: ...


def json_text(data: object) -> str:
    """How a store writes JSON: UTF-8 (Arabic as letters, not escapes) and compact, so rows are
    short to store and quick to decode.  orjson writes a record (dataclasses included, field by
    field, tuples as lists) in C: ``dataclasses.asdict`` and the json module cost about 6 % of an
    ingest's CPU (docs/performance.md)."""
    return orjson.dumps(data).decode()


def json_value(text: str | bytes) -> Any:
    """A JSON row read back (orjson: about 3x the json module's speed on article rows)."""
    return orjson.loads(text)


def packed_json(data: object) -> bytes:
    """A large JSON row as a store keeps it where the database does not compress: orjson's JSON,
    deflated with a preset dictionary (``row_dictionary.txt``), behind a one-byte mark.  Arabic
    text in UTF-8 (two bytes a letter) and JSON keys repeated in every row shrink to about a
    quarter: an article row from 7.4 to 1.8 KB (docs/performance.md).  The dictionary holds an
    article row's keys and the fixed wording of its scores' evidence, which a row of one or two KB
    cannot teach itself."""
    return _pack(orjson.dumps(data))


def unpacked_json(data: str | bytes) -> Any:
    """A row written by ``packed_json`` (bytes) or, in a store written before, plain JSON text."""
    return orjson.loads(_unpack(data) if isinstance(data, bytes) else data)


def packed_text(text: str | bytes) -> bytes:
    """JSON text packed as ``packed_json`` packs it (rows copied in from another store); packed
    rows are left as they are."""
    return text if isinstance(text, bytes) else _pack(text.encode())


def unpacked_text(data: str | bytes) -> str:
    """A packed row as the JSON text other stores keep (rows copied out to another store)."""
    return _unpack(data).decode() if isinstance(data, bytes) else data


def _pack(raw: bytes) -> bytes:
    packer = zlib.compressobj(_PACK_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=_DICTIONARY)
    return _WITH_DICTIONARY + packer.compress(raw) + packer.flush()


def _unpack(data: bytes) -> bytes:
    """Either packing: the mark and a raw deflate stream with the dictionary, or (rows written
    before it) a plain zlib stream, whose first byte is never the mark."""
    if data[:1] == _WITH_DICTIONARY:
        unpacker = zlib.decompressobj(-zlib.MAX_WBITS, zdict=_DICTIONARY)
        return unpacker.decompress(data[1:]) + unpacker.flush()
    return zlib.decompress(data)


_PACK_LEVEL = 6  # zlib's default: level 9 gains nothing on these rows, level 1 a tenth less room
# The preset dictionary, frozen: rows packed with it cannot be read without it.  Another one
# would need a mark of its own beside this one (tests/test_store_size.py checks its digest).
_DICTIONARY = resources.files("marsad.store").joinpath("row_dictionary.txt").read_bytes()
_WITH_DICTIONARY = b"\x01"  # a zlib stream starts with 0x78 (deflate, 32 KB window)
