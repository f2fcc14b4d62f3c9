"""The Store protocol: everything the pipeline, the CLI and the API may ask of a store.

SQLite implements it by default; a PostgreSQL implementation satisfies the same
protocol without the stages knowing (they never see the store at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from marsad.model import Article, Entity, Event, Story


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


class Store(Protocol):
    """A place that keeps articles, events, stories and entities."""

    def transaction(self) -> AbstractContextManager[None]:
        """Everything written inside is committed together or not at all."""

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored."""

    def put_articles(self, articles: Iterable[Article]) -> None:
        """Insert or replace articles."""

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

    def list_events(self, limit: int | None = None, offset: int = 0) -> list[Event]:
        """Most recent first."""

    def count_events(self) -> int: ...

    def put_stories(self, stories: Iterable[Story]) -> None: ...

    def delete_stories(self, ids: Iterable[str]) -> None: ...

    def get_story(self, story_id: str) -> Story | None: ...

    def list_stories(self, limit: int | None = None, offset: int = 0) -> list[Story]: ...

    def count_stories(self) -> int: ...

    def put_entities(self, entities: Iterable[Entity]) -> None: ...

    def get_entity(self, entity_id: str) -> Entity | None: ...

    def list_entities(self, limit: int | None = None, offset: int = 0) -> list[Entity]:
        """Most mentioned first."""

    def count_entities(self) -> int: ...

    def entity_article_counts(self, entity_ids: Iterable[str]) -> dict[str, int]:
        """Stored articles naming each of these entities (ids with none are left out)."""
        ...

    def entities_by_keys(self, keys: Iterable[str]) -> list[Entity]:
        """Stored entities with any of these resolver keys (``entities.keys.entity_keys``), by id,
        with ``articles`` left empty (ask ``entity_article_counts``)."""
        ...

    def entities_named_with(self, entity_id: str, others: Iterable[str]) -> set[str]:
        """Which of ``others`` share a stored article with ``entity_id``."""
        ...

    def outlet_stats(self, outlet: str) -> tuple[int, int]:
        """(articles, copies) the outlet has in the store: its record."""

    def search(
        self, query: str, limit: int = 20, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[SearchHit]:
        """Articles matching ``query`` (normalised like the text), best first."""

    def count_search(self, query: str, where: ArticleFilter | None = None) -> int:
        """How many articles match ``query``."""

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
