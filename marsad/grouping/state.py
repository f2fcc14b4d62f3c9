"""What the grouping stages may look up, and what they add: GroupingReader, GroupingState, PendingState.

The stages never see the store and never write it.  They receive a GroupingReader, whose lookups
are all keyed by what the new articles carry (hashes, band keys, fingerprints, terms and days,
event ids), so that a re-group costs about the new articles and not the whole store.
``SQLiteStore`` and ``PostgresStore`` satisfy it with indexed tables
(``marsad/store/sqlite_grouping.py``); ``MemoryState`` is the same in dictionaries, for tests and
for analysing inputs without a store.  A run keeps what it adds in a ``PendingState`` over the
reader, which answers as if those rows were written, and hands them back as plain rows
(``GroupingRows``) that the pipeline writes with ``write_grouping`` in the batch's transaction.
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


EventNames = tuple[list[str], list[str]]  # an event's title names and names (``EventVector``'s last two)


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
    title_names: list[str] = field(default_factory=list)  # features.title_names(): who or where it names
    names: list[str] = field(default_factory=list)  # features.names(): what the whole article names
    title_terms: list[str] = field(default_factory=list)  # features.title_terms(): the title's terms in order
    duplicate_of: str | None = None
    event: str | None = None
    links: list[str] = field(default_factory=list)  # articles this one is linked to (events)


class GroupingReader(Protocol):
    """Lookups the grouping stages need, each costing about its arguments: what a store (or
    ``MemoryState``) offers them, read-only.  The rows a run adds are kept beside it
    (``PendingState``) and written by the pipeline with ``write_grouping``."""

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        """The records of these articles (missing ids are left out)."""

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]:
        """Articles filed between the two days (``slot``) whose normalised text has this hash."""

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]:
        """Articles filed between the two days sharing at least one MinHash band key."""

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]:
        """For each fingerprint, the articles filed between the two days holding it (sorted);
        fingerprints held by more than ``limit`` of them map to [] (boilerplate), those held by none
        are left out."""

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        """Articles filed between the two days indexed under any of these terms."""

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        """Events indexed under any of these terms (story candidates): the events ``events_near``
        gives."""

    def get_articles(self, ids: Iterable[str]) -> list[Article]: ...

    def get_event(self, event_id: str) -> Event | None: ...

    def get_story(self, story_id: str) -> Story | None: ...

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        """Summed vector and day of each event (story similarity)."""

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The stored story of each of these events that has one (no event record decoded)."""

    def event_names(self, event_ids: Iterable[str]) -> dict[str, EventNames]:
        """Each event's title names and names (the union of its articles'), for the story split."""

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        """Events each of these events is linked to in a story."""

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]:
        """For each line key, at most ``limit`` articles of the outlet in the period that carry it
        (sorted; lines no stored article carries are left out)."""

    def events_near(self, terms: Iterable[str], day: int | None, limit: int) -> dict[str, list[tuple[int, str]]]:
        """For each term, (day, event) of the ``limit`` events indexed under it nearest in time
        before ``day`` (latest first) then of the ``limit`` nearest after it (earliest first), within
        the story window (undated events count as day 0); terms without any are left out."""

    def write_grouping(self, rows: GroupingRows) -> None:
        """Write what one grouping run added or changed (``PendingState.rows``), in one transaction."""


class GroupingState(GroupingReader, Protocol):
    """What a grouping run is handed: the reader's lookups over its own pending rows, and the
    methods that add to those rows."""

    def remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        """Add or replace article records; ``prints`` are the new articles' fingerprints."""

    def reindex(self, changes: dict[str, tuple[int | None, list[str], list[str]]]) -> None:
        """Move stored articles to new index terms: id -> (day, old terms, new terms).  An article
        re-read once a line of its outlet became boilerplate can lead with other terms."""

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
        self.event_vecs: dict[str, EventVector] = {}
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
        return {p: ids if len(ids) <= limit else [] for p, ids in found.items() if ids}

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        return set(self._within({i for term in terms for i in self.terms.get(term, ())}, first_day, last_day))

    def _within(self, ids: Iterable[str], first_day: int, last_day: int) -> list[str]:
        return sorted(i for i in ids if first_day <= slot(self.docs[i].day) <= last_day)

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        return near_ids(self.events_near(terms, day, limit))

    def events_near(self, terms: Iterable[str], day: int | None, limit: int) -> dict[str, list[tuple[int, str]]]:
        return {term: found for term in set(terms) if (found := nearest(
            ((self.event_vecs[e][1] or 0, e) for e in self.event_terms.get(term, ())), day, limit))}

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        return [self.articles[i] for i in ids if i in self.articles]

    def get_event(self, event_id: str) -> Event | None:
        return self.events.get(event_id)

    def get_story(self, story_id: str) -> Story | None:
        return self.stories.get(story_id)

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        return {e: self.event_vecs[e][:2] for e in event_ids if e in self.event_vecs}

    def event_names(self, event_ids: Iterable[str]) -> dict[str, EventNames]:
        return {e: self.event_vecs[e][3:5] for e in event_ids if e in self.event_vecs}

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

    def remember_events(self, vectors: dict[str, EventVector], deleted: Iterable[str]) -> None:
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

    def write_grouping(self, rows: GroupingRows) -> None:
        self.remember(list(rows.docs.values()), rows.prints)
        self.reindex(rows.moved_terms)
        for (outlet, period), lines in sorted(rows.lines.items()):
            self.remember_outlet_lines(outlet, period, lines)
        self.remember_events(rows.kept_events(), rows.gone_events())
        self.remember_story_links(rows.story_links)

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


# An event's vector, day, index terms, title names and names (those of its articles, together).
EventVector = tuple[dict[str, float], int | None, list[str], list[str], list[str]]


@dataclass(slots=True)
class GroupingRows:
    """What one grouping run adds to or changes in the lookup tables, as plain rows: what the
    pipeline hands the store (``write_grouping``) in the batch's transaction."""

    docs: dict[str, DocRecord] = field(default_factory=dict)  # each article's record as it last stood
    prints: dict[str, list[int]] = field(default_factory=dict)  # new articles' fingerprints
    moved_terms: dict[str, tuple[int | None, list[str], list[str]]] = field(default_factory=dict)  # reindex
    lines: dict[tuple[str, int], dict[str, list[int]]] = field(default_factory=dict)  # (outlet, period) -> id -> keys
    events: dict[str, EventVector | None] = field(default_factory=dict)  # None: the event is gone
    story_links: dict[str, set[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.docs or self.prints or self.moved_terms or self.lines or self.events or self.story_links)

    def line_rows(self) -> list[tuple[int, str, int, str]]:
        """``lines`` as the table's rows: (period, outlet, line key, article id)."""
        return [(period, outlet, key, article_id) for (outlet, period), lines in sorted(self.lines.items())
                for article_id, keys in lines.items() for key in keys]

    def kept_events(self) -> dict[str, EventVector]:
        """The events added or replaced, with their vectors."""
        return {e: v for e, v in self.events.items() if v is not None}

    def gone_events(self) -> list[str]:
        """The events to forget."""
        return [e for e, v in self.events.items() if v is None]


def nearest(dated: Iterable[tuple[int, str]], day: int | None, limit: int) -> list[tuple[int, str]]:
    """Of (day, event) pairs, the ``limit`` nearest before ``day`` (latest first) and the ``limit``
    nearest after it (earliest first), within the story window: ``events_near``'s answer for one term."""
    anchor, reach = day or 0, config.GROUPING_STORY_DAYS
    pairs = set(dated)
    before = sorted(((d, e) for d, e in pairs if anchor - reach <= d <= anchor), key=lambda de: (-de[0], de[1]))
    after = sorted((d, e) for d, e in pairs if anchor < d <= anchor + reach)
    return before[:limit] + after[:limit]


def near_ids(found: dict[str, list[tuple[int, str]]]) -> set[str]:
    return {e for pairs in found.values() for _, e in pairs}


class PendingState:
    """GroupingState for one grouping run: a reader's lookups (the store's, read-only) united with
    the rows this run has added so far, which it keeps in ``rows`` instead of writing them.

    Every lookup answers what the reader would answer had the rows been written: the union of
    the reader's answer and the pending rows, less what the pending rows replace, under the same
    bounds (a fingerprint's holder limit, a line's carrier limit, each term's nearest events)."""

    def __init__(self, reader: GroupingReader) -> None:
        self.reader = reader
        self.rows = GroupingRows()
        self._stored: set[str] = set()  # ids the reader holds a record of
        self._fresh: dict[str, DocRecord] = {}  # records new to the reader: their hash, bands and day
        self._terms: dict[str, tuple[int, set[str]]] = {}  # slot and terms of new and reindexed records
        self._prints: dict[int, dict[str, int]] = defaultdict(dict)  # fingerprint -> id -> slot
        self._lines: dict[tuple[str, int, int], set[str]] = defaultdict(set)

    # -- lookups ----------------------------------------------------------

    def grouping_docs(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        ids = list(ids)
        mine = self.rows.docs
        found = self.reader.grouping_docs([i for i in ids if i not in mine])
        self._stored.update(found)
        found.update((i, _copy(mine[i])) for i in ids if i in mine)
        return found

    def docs_with_hash(self, content_hash: str, first_day: int, last_day: int) -> list[str]:
        mine = {i for i, d in self._fresh.items() if d.content_hash == content_hash
                and first_day <= slot(d.day) <= last_day}
        return sorted(set(self.reader.docs_with_hash(content_hash, first_day, last_day)) | mine)

    def docs_in_bands(self, bands: Iterable[int], first_day: int, last_day: int) -> set[str]:
        bands = set(bands)
        mine = {i for i, d in self._fresh.items() if first_day <= slot(d.day) <= last_day and bands.intersection(d.bands)}
        return self.reader.docs_in_bands(bands, first_day, last_day) | mine

    def docs_with_prints(self, prints: Iterable[int], first_day: int, last_day: int,
                         limit: int) -> dict[int, list[str]]:
        prints = set(prints)
        stored = self.reader.docs_with_prints(prints, first_day, last_day, limit)
        found: dict[int, list[str]] = {}
        for value in prints:
            mine = {i for i, s in self._prints.get(value, {}).items() if first_day <= s <= last_day}
            held = stored.get(value)
            if held == [] or len(mine.union(held or ())) > limit:  # boilerplate, in the store or with this run
                found[value] = []
            elif mine or held:
                found[value] = sorted(mine.union(held or ()))
        return found

    def docs_with_terms(self, terms: Iterable[str], first_day: int, last_day: int) -> set[str]:
        terms = set(terms)
        found = {i for i in self.reader.docs_with_terms(terms, first_day, last_day) if i not in self._terms}
        return found | {i for i, (s, held) in self._terms.items() if first_day <= s <= last_day and terms & held}

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        return near_ids(self.events_near(terms, day, limit))

    def events_near(self, terms: Iterable[str], day: int | None, limit: int) -> dict[str, list[tuple[int, str]]]:
        """The reader's nearest events less those this run replaced or deleted, asked again deeper
        for a term until enough are left, united with this run's events."""
        replaced = self.rows.events
        terms, reach, found = sorted(set(terms)), limit, {}
        while terms:
            stored = self.reader.events_near(terms, day, reach)
            short = []
            for term in terms:
                pairs = stored.get(term, [])
                kept = [(d, e) for d, e in pairs if e not in replaced]
                if len(kept) < len(pairs) and reach < limit + len(replaced) and _cut(pairs, day, reach):
                    short.append(term)  # a replaced event took a place: the next ones may belong
                    continue
                mine = [(v[1] or 0, e) for e, v in replaced.items() if v is not None and term in v[2]]
                if found_pairs := nearest([*kept, *mine], day, limit):
                    found[term] = found_pairs
            terms, reach = short, limit + len(replaced)
        return found

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        return self.reader.get_articles(ids)

    def get_event(self, event_id: str) -> Event | None:
        return self.reader.get_event(event_id)

    def get_story(self, story_id: str) -> Story | None:
        return self.reader.get_story(story_id)

    def event_vectors(self, event_ids: Iterable[str]) -> dict[str, tuple[dict[str, float], int | None]]:
        event_ids = list(event_ids)
        found = self.reader.event_vectors([e for e in event_ids if e not in self.rows.events])
        for event_id in event_ids:
            value = self.rows.events.get(event_id)
            if value is not None:
                found[event_id] = value[:2]
        return found

    def event_names(self, event_ids: Iterable[str]) -> dict[str, EventNames]:
        event_ids = list(event_ids)
        found = self.reader.event_names([e for e in event_ids if e not in self.rows.events])
        for event_id in event_ids:
            value = self.rows.events.get(event_id)
            if value is not None:
                found[event_id] = (value[3], value[4])
        return found

    def event_stories(self, event_ids: Iterable[str]) -> dict[str, str]:
        return self.reader.event_stories(event_ids)

    def story_links(self, event_ids: Iterable[str]) -> dict[str, set[str]]:
        event_ids = list(event_ids)
        found = self.reader.story_links([e for e in event_ids if e not in self.rows.story_links])
        found.update((e, set(self.rows.story_links[e])) for e in event_ids if e in self.rows.story_links)
        return {e: found.get(e, set()) for e in event_ids}

    def outlet_lines(self, outlet: str, period: int, lines: Iterable[int], limit: int) -> dict[int, list[str]]:
        lines = set(lines)
        found = self.reader.outlet_lines(outlet, period, lines, limit)
        for line in lines:
            mine = self._lines.get((outlet, period, line))
            if mine:
                found[line] = sorted(mine.union(found.get(line, ())))[:limit]
        return found

    # -- what the run adds ------------------------------------------------

    def remember(self, docs: list[DocRecord], prints: dict[str, list[int]]) -> None:
        mine = self.rows.docs
        unknown = [d.id for d in docs if d.id not in mine and d.id not in self._stored]
        if unknown:  # the run asks for each record before it remembers it: this is a safeguard
            self._stored.update(self.reader.grouping_docs(unknown))
        for doc in docs:
            if doc.id not in mine and doc.id not in self._stored:
                self._fresh[doc.id] = _copy(doc)
                self._terms[doc.id] = (slot(doc.day), set(doc.index_terms))
            mine[doc.id] = _copy(doc)
        days = {d.id: slot(d.day) for d in docs}
        for article_id, values in prints.items():
            self.rows.prints.setdefault(article_id, []).extend(values)
            for value in values:
                self._prints[value][article_id] = days[article_id]

    def reindex(self, changes: dict[str, tuple[int | None, list[str], list[str]]]) -> None:
        for article_id, (day, old, new) in changes.items():
            first_old = self.rows.moved_terms.get(article_id, (day, old, new))[1]
            self.rows.moved_terms[article_id] = (day, list(first_old), list(new))
            self._terms[article_id] = (slot(day), set(new))

    def remember_outlet_lines(self, outlet: str, period: int, lines: dict[str, list[int]]) -> None:
        pending = self.rows.lines.setdefault((outlet, period), {})
        for article_id, keys in lines.items():
            pending[article_id] = sorted({*pending.get(article_id, ()), *keys})
            for key in keys:
                self._lines[(outlet, period, key)].add(article_id)

    def remember_events(self, vectors: dict[str, EventVector], deleted: Iterable[str]) -> None:
        for event_id in deleted:
            self.rows.events[event_id] = None
        for event_id, (vector, day, terms, title_names, names) in vectors.items():
            self.rows.events[event_id] = (dict(vector), day, list(terms), list(title_names), list(names))

    def remember_story_links(self, links: dict[str, set[str]]) -> None:
        for event_id, linked in links.items():
            self.rows.story_links[event_id] = set(linked)


def _cut(pairs: list[tuple[int, str]], day: int | None, reach: int) -> bool:
    """Whether the reader's answer for a term was cut at ``reach`` on either side of ``day``."""
    anchor = day or 0
    return sum(d <= anchor for d, _ in pairs) >= reach or sum(d > anchor for d, _ in pairs) >= reach


def _copy(doc: DocRecord) -> DocRecord:
    """A record as a store would give it back: nothing shared with the run's own."""
    return DocRecord(
        id=doc.id, key=doc.key, day=doc.day, content_hash=doc.content_hash, bands=list(doc.bands),
        vector=dict(doc.vector), index_terms=list(doc.index_terms), happened=doc.happened, actor=doc.actor,
        reaction=doc.reaction, lead_names=list(doc.lead_names), title_names=list(doc.title_names),
        names=list(doc.names), title_terms=list(doc.title_terms), duplicate_of=doc.duplicate_of,
        event=doc.event, links=list(doc.links),
    )
