"""What the grouping stages may look up and remember between ingests: the GroupingState protocol.

The stages never see the store.  They receive a GroupingState, whose lookups are all keyed by what
the new articles carry (hashes, band keys, fingerprints, terms and days, event ids), so that a
re-group costs about the new articles and not the whole store.  ``SQLiteStore`` satisfies it with
indexed tables (``marsad/store/sqlite_grouping.py``); ``MemoryState`` is the same in dictionaries,
for tests and for analysing inputs without a store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from marsad import config
from marsad.model import Article, Event, Story

# The time slot of an undated article: it is looked up among the other undated articles only,
# since a window of days around "no date" would be the whole store.
UNDATED = -(10**9)


def slot(day: int | None) -> int:
    """The day an article is filed under in the lookup tables (UNDATED when it has no date)."""
    return UNDATED if day is None else day


def window(day: int | None, reach: int) -> tuple[int, int]:
    """The first and last slot an article published on ``day`` looks up, ``reach`` days each way."""
    return (UNDATED, UNDATED) if day is None else (day - reach, day + reach)


@dataclass(slots=True)
class DocRecord:
    """What grouping keeps about one stored article (its row in the grouping index)."""

    id: str
    key: str  # utc_key(): publication time in UTC then id; "earliest" means smallest key
    day: int | None
    content_hash: str
    bands: list[int]
    vector: dict[str, float]
    index_terms: list[str]
    happened: int | None = None  # events.happening_day(): the day the text says its news happened
    actor: str | None = None  # who the article leads with: headline_actor(), else actors.lead_speaker()
    reaction: str | None = None  # actors.lead_reaction(): the actor when the lead reports a reaction
    lead_names: list[str] = field(default_factory=list)  # actors.lead_names(): entities the lead names
    duplicate_of: str | None = None
    event: str | None = None
    links: list[str] = field(default_factory=list)  # articles this one is linked to (events)


class GroupingState(Protocol):
    """Lookups and writes the grouping stages need, each costing about its arguments."""

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        """The records of these articles (missing ids are left out)."""

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]:
        """Articles filed between the two days (``slot``) whose normalised text has this hash."""

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]:
        """Articles filed between the two days sharing at least one MinHash band key."""

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]:
        """For each fingerprint, the articles filed between the two days holding it; fingerprints
        held by more than ``limit`` of them are left out (boilerplate)."""

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        """Articles filed between the two days indexed under any of these terms."""

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        """Events indexed under any of these terms (story candidates): for each term, the
        ``limit`` events nearest in time before ``day`` and the ``limit`` nearest after it, within
        the story window (undated events count as day 0)."""

    def get_articles(self, ids: Iterable[str]) -> list[Article]: ...

    def get_event(self, event_id: str) -> Event | None: ...

    def get_story(self, story_id: str) -> Story | None: ...

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        """Summed vector and day of each event (story similarity)."""

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The stored story of each of these events that has one (no event record decoded)."""

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        """Events each of these events is linked to in a story."""

    def remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        """Add or replace article records; ``prints`` are the new articles' fingerprints."""

    def reindex(self, changes: dict[str, tuple[int | None, list[str], list[str]]]) -> None:
        """Move stored articles to new index terms: id -> (day, old terms, new terms).  An article
        re-read once a line of its outlet became boilerplate can lead with other terms."""

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]:
        """For each line key, at most ``limit`` articles of the outlet in the period that carry it
        (sorted; lines no stored article carries are left out)."""

    def remember_outlet_lines(self, outlet: str, period: int, lines: dict[str, list[int]]) -> None:
        """Record that these articles of the outlet carry these line keys."""

    def remember_events(
        self, vectors: dict[str, tuple[dict[str, float], int | None, list[str]]], deleted: Iterable[str]
    ) -> None:
        """Add or replace event vectors (vector, day, index terms); forget deleted events."""

    def remember_story_links(self, links: dict[str, set[str]]) -> None:
        """Replace the story links of these events (both directions are given)."""


class MemoryState:
    """GroupingState in dictionaries: for tests and for ``marsad analyze`` over no store."""

    def __init__(self) -> None:
        self.docs: dict[str, DocRecord] = {}
        self.articles: dict[str, Article] = {}
        self.events: dict[str, Event] = {}
        self.stories: dict[str, Story] = {}
        self.hashes: dict[str, list[str]] = defaultdict(list)
        self.bands: dict[int, set[str]] = defaultdict(set)
        self.prints: dict[int, set[str]] = defaultdict(set)
        self.terms: dict[str, set[str]] = defaultdict(set)
        self.event_terms: dict[str, set[str]] = defaultdict(set)
        self.event_vecs: dict[str, tuple[dict[str, float], int | None, list[str]]] = {}
        self.links: dict[str, set[str]] = defaultdict(set)
        self.lines: dict[tuple[str, int, int], set[str]] = defaultdict(set)

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        return {i: self.docs[i] for i in ids if i in self.docs}

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]:
        return self._within(self.hashes.get(content_hash, ()), first_day, last_day)

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]:
        return set(self._within({i for band in bands for i in self.bands.get(band, ())}, first_day, last_day))

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]:
        found = {p: self._within(self.prints.get(p, ()), first_day, last_day) for p in set(prints)}
        return {p: ids for p, ids in found.items() if 0 < len(ids) <= limit}

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        return set(self._within({i for term in terms for i in self.terms.get(term, ())}, first_day, last_day))

    def _within(self, ids: Iterable[str], first_day: int, last_day: int) -> list[str]:
        return sorted(i for i in ids if first_day <= slot(self.docs[i].day) <= last_day)

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        found: set[str] = set()
        anchor, reach = day or 0, config.GROUPING_STORY_DAYS
        for term in set(terms):
            dated = sorted((self.event_vecs[e][1] or 0, e) for e in self.event_terms.get(term, ()))
            before = [(d, e) for d, e in dated if anchor - reach <= d <= anchor]
            after = [(d, e) for d, e in dated if anchor < d <= anchor + reach]
            found.update(e for _, e in sorted(before, key=lambda de: (-de[0], de[1]))[:limit])
            found.update(e for _, e in after[:limit])
        return found

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        return [self.articles[i] for i in ids if i in self.articles]

    def get_event(self, event_id: str) -> Event | None:
        return self.events.get(event_id)

    def get_story(self, story_id: str) -> Story | None:
        return self.stories.get(story_id)

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        return {e: self.event_vecs[e][:2] for e in event_ids if e in self.event_vecs}

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]:
        found = (self.events.get(e) for e in event_ids)
        return {e.id: e.story for e in found if e is not None and e.story}

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        return {e: set(self.links.get(e, ())) for e in event_ids}

    def remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        for doc in docs:
            if doc.id not in self.docs:
                self.hashes[doc.content_hash].append(doc.id)
                for band in doc.bands:
                    self.bands[band].add(doc.id)
                for term in doc.index_terms:
                    self.terms[term].add(doc.id)
            self.docs[doc.id] = doc
        for article_id, values in prints.items():
            for value in values:
                self.prints[value].add(article_id)

    def reindex(self, changes: dict[str, tuple[int | None, list[str], list[str]]]) -> None:
        for article_id, (_, old, new) in changes.items():
            for term in old:
                self.terms[term].discard(article_id)
            for term in new:
                self.terms[term].add(article_id)

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]:
        found = {line: sorted(self.lines.get((outlet, period, line), ()))[:limit] for line in set(lines)}
        return {line: ids for line, ids in found.items() if ids}

    def remember_outlet_lines(self, outlet: str, period: int, lines: dict[str, list[int]]) -> None:
        for article_id, keys in lines.items():
            for key in keys:
                self.lines[(outlet, period, key)].add(article_id)

    def remember_events(
        self, vectors: dict[str, tuple[dict[str, float], int | None, list[str]]], deleted: Iterable[str]
    ) -> None:
        for event_id in [*deleted, *vectors]:
            for term in self.event_vecs.pop(event_id, ({}, None, []))[2]:
                self.event_terms[term].discard(event_id)
        for event_id, value in vectors.items():
            self.event_vecs[event_id] = value
            for term in value[2]:
                self.event_terms[term].add(event_id)

    def remember_story_links(self, links: dict[str, set[str]]) -> None:
        for event_id, linked in links.items():
            self.links[event_id] = set(linked)

    def apply(self, articles: Iterable[Article], events: Iterable[Event], stories: Iterable[Story],
              deleted_events: Iterable[str], deleted_stories: Iterable[str]) -> None:
        """Keep what a GroupingResult says to write, as a store would."""
        for event_id in deleted_events:
            self.events.pop(event_id, None)
        for story_id in deleted_stories:
            self.stories.pop(story_id, None)
        self.articles.update((a.id, a) for a in articles)
        self.events.update((e.id, e) for e in events)
        self.stories.update((s.id, s) for s in stories)
