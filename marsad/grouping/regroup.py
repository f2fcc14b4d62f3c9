"""One re-grouping run: the bookkeeping behind ``group()`` (caches, what changed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from marsad import config
from marsad.grouping import boilerplate, dedup, events, stories
from marsad.grouping.actors import lead_names, lead_reaction, lead_speaker
from marsad.grouping.features import (
    Token,
    day_number,
    headline_actor,
    idf,
    names,
    title_names,
    title_terms,
    tokens,
    utc_key,
    vector,
)
from marsad.grouping.state import DocRecord, EventVector, GroupingState, window
from marsad.model import Article, Event, Passage, Story


class Run:
    """Caches and change sets of one ``group()`` call; each step is one method."""

    def __init__(self, state: GroupingState) -> None:
        self.state = state
        self.articles: dict[str, Article] = {}
        self.docs: dict[str, DocRecord] = {}
        self.words: dict[str, list[Token]] = {}
        self.new_ids: list[str] = []
        self.relinked: set[str] = set()  # stored articles re-read this run, and their former partners
        self.boilerplate: dict[str, list[tuple[int, int]]] = {}  # new and re-read articles' boilerplate
        self.touched: set[str] = set()
        self.events: dict[str, Event] = {}
        self.stories: dict[str, Story] = {}
        self.deleted_events: set[str] = set()
        self.deleted_stories: set[str] = set()
        self.centres: dict[str, stories.Centre] = {}  # event centres read in the story step

    # -- lookups through the caches -------------------------------------

    def fetch(self, ids: Iterable[str]) -> dict[str, Article]:
        ids = list(ids)
        missing = [i for i in ids if i not in self.articles]
        self.articles.update((a.id, a) for a in self.state.get_articles(missing))
        return {i: self.articles[i] for i in ids if i in self.articles}

    def lookup(self, ids: Iterable[str]) -> dict[str, DocRecord]:
        ids = list(ids)
        missing = [i for i in ids if i not in self.docs]
        self.docs.update(self.state.grouping_docs(missing))
        return {i: self.docs[i] for i in ids if i in self.docs}

    def centres_of(self, event_ids: Iterable[str]) -> dict[str, stories.Centre]:
        """Event centres, each read once a run (the story step compares each changed event with
        hundreds of candidates, and neighbouring changed events share most of them).  Only read
        once the events are regrouped, so every centre is the current one."""
        event_ids = list(event_ids)
        self.centres.update(self.state.event_vectors([i for i in event_ids if i not in self.centres]))
        return {i: self.centres[i] for i in event_ids if i in self.centres}

    def words_of(self, article_id: str) -> list[Token]:
        if article_id not in self.words:
            self.words[article_id] = tokens(self.fetch([article_id])[article_id].text)
        return self.words[article_id]

    # -- one new article -------------------------------------------------

    def add(self, article: Article) -> None:
        """Duplicates, passages and event links of one new article; remembered at once so the
        next article of the batch sees it."""
        if self.lookup([article.id]):
            return  # already grouped: re-ingest changes nothing
        self.articles[article.id] = article
        words = self.words[article.id] = tokens(article.text)
        crossed = self._count_lines(article)
        doc = self._record(article, words)
        self.docs[doc.id] = doc
        self.new_ids.append(article.id)
        copies = self._copies(doc, words)
        self._mark_duplicates(article, doc, copies)
        prints = dedup.fingerprints(words)
        self._share_passages(article, prints, copies)
        linked = self._link(doc, copies)
        self.state.remember([doc, *linked], {article.id: prints})
        for other_id in sorted(crossed):
            self._reread(other_id, boilerplate_changed=True)

    def reread(self, article_id: str) -> None:
        """Read a stored article again whose entity ids changed (a merge), and re-link it."""
        self._reread(article_id, boilerplate_changed=False)

    def _record(self, article: Article, words: list[Token]) -> DocRecord:
        """The article's grouping record.  Its vector, index terms and lead are read with the
        outlet's boilerplate blanked; the day it names (which also decides copies) from its text."""
        spans = self.boilerplate[article.id] = self._boilerplate(article)
        read = boilerplate.blanked(article, spans)
        vec = vector(read)
        return DocRecord(
            id=article.id,
            key=utc_key(article),
            day=day_number(article.published),
            content_hash=dedup.text_hash(words) if words else f"no words:{article.id}",  # a copy of nothing
            bands=dedup.band_keys(words),
            vector=vec,
            index_terms=stories.top_terms(vec, config.GROUPING_INDEX_TERMS),
            happened=events.happening_day(article),
            actor=headline_actor(read) or lead_speaker(read),
            reaction=lead_reaction(read),
            lead_names=lead_names(read),
            title_names=title_names(read),
            names=names(read),
            title_terms=title_terms(read),
        )

    # -- outlet boilerplate ------------------------------------------------

    def _lines(self, article: Article) -> tuple[str | None, int, dict[int, list[tuple[int, int]]],
                                                dict[int, list[str]]]:
        """The article's outlet, period, candidate lines (key -> spans) and their stored carriers."""
        outlet = events.source_name(article)
        spans: dict[int, list[tuple[int, int]]] = {}
        for unit in boilerplate.units(article.text) if outlet else []:
            spans.setdefault(unit.key, []).append((unit.start, unit.end))
        period = boilerplate.period(article)
        held = (self.state.outlet_lines(outlet, period, spans, config.GROUPING_BOILERPLATE_CARRIERS)
                if outlet and spans else {})
        return outlet, period, spans, held

    def _boilerplate(self, article: Article) -> list[tuple[int, int]]:
        """The spans of the article that are its outlet's boilerplate in its period."""
        _, _, spans, held = self._lines(article)
        return sorted(s for key, found in spans.items() if boilerplate.is_common(article.id, held.get(key, []))
                      for s in found)

    def _count_lines(self, article: Article) -> set[str]:
        """Count the new article's lines; return the stored articles that carry a line this
        article makes boilerplate (they are re-read once it is stored).  A line's carriers are
        stored only until there are enough of them: the count saturates, the table stays small."""
        outlet, period, spans, held = self._lines(article)
        if not outlet or not spans:
            return set()
        carriers = {key: [i for i in held.get(key, []) if i != article.id] for key in spans}
        limit = config.GROUPING_BOILERPLATE_CARRIERS
        self.state.remember_outlet_lines(outlet, period, {article.id: sorted(k for k, c in carriers.items()
                                                                             if len(c) < limit)})
        return {i for c in carriers.values() if len(c) == limit - 1 for i in c}

    def _reread(self, article_id: str, boilerplate_changed: bool) -> None:
        """Read a stored article again now that a line of it is boilerplate or its entities merged,
        and re-link it when its record changed: its links are then what they would be had the line
        been known as boilerplate, or the entities as one, when it came (order independence)."""
        article = self.fetch([article_id]).get(article_id)
        doc = self.lookup([article_id]).get(article_id)
        if article is None or doc is None:
            return
        fresh = self._record(article, self.words_of(article_id))
        if boilerplate_changed:
            self.touched.add(article_id)  # what later stages read of it (keywords) changed
        fields = ("vector", "index_terms", "actor", "reaction", "lead_names", "title_names", "names", "title_terms")
        if all(getattr(fresh, f) == getattr(doc, f) for f in fields):
            return
        old_terms = doc.index_terms
        for f in fields:
            setattr(doc, f, getattr(fresh, f))
        if old_terms != doc.index_terms:
            self.state.reindex({doc.id: (doc.day, old_terms, doc.index_terms)})
        partners = self.lookup(doc.links)
        copies = {p.id for p in partners.values() if self._copy_of(doc, p)}
        for partner in partners.values():
            if partner.id not in copies:
                partner.links = [i for i in partner.links if i != doc.id]
        linked = self._link(doc, copies)
        self.state.remember([doc, *partners.values(), *linked], {})
        self.relinked.update([doc.id, *partners])

    def _copy_of(self, doc: DocRecord, other: DocRecord) -> bool:
        """Whether two stored, linked articles are copies (as ``_copies`` found when the later came)."""
        if doc.content_hash == other.content_hash:
            return True
        limit = self._copy_limit(doc, other)
        return limit is not None and dedup.is_copy(self.words_of(doc.id), self.words_of(other.id), limit)

    def _copies(self, doc: DocRecord, words: list[Token]) -> set[str]:
        first, last = window(doc.day, config.GROUPING_COPY_DAYS)
        exact = set(self.state.docs_with_hash(doc.content_hash, first, last)) - {doc.id}
        near = self.state.docs_in_bands(doc.bands, first, last) - exact - {doc.id}
        self.fetch(near)
        records = self.lookup(near)
        limits = {i: self._copy_limit(doc, records.get(i)) for i in near}
        return exact | {
            i
            for i in near
            if i in self.articles
            and (limit := limits[i]) is not None
            and dedup.is_copy(words, self.words_of(i), limit)
        }

    @staticmethod
    def _copy_limit(doc: DocRecord, other: DocRecord | None) -> float | None:
        """How much of each other two texts must hold to be copies: more when they say their news
        happened on different days (the weather or a market's close of two days share most of their
        words; a re-publication of one report the next day shares nearly all).  None when each title
        names a counterpart the other never names, or both fill one template's slot differently: two
        regions' instances of one template may differ in that one word, and a copy would name it."""
        if other is not None and (events.counterparts_conflict(doc, other) or events.template_instances(doc, other)):
            return None
        if other is not None and events.instances_apart(doc, other):
            return config.GROUPING_COPY_INSTANCE_CONTAINMENT
        return config.GROUPING_COPY_CONTAINMENT

    def _mark_duplicates(self, article: Article, doc: DocRecord, copies: set[str]) -> None:
        """duplicate_of = the earliest copy, for the new article and for later copies of it."""
        records = self.lookup(copies)
        earlier = sorted((r.key, r.id) for r in records.values() if r.key < doc.key)
        article.duplicate_of = doc.duplicate_of = earlier[0][1] if earlier else None
        for record in records.values():
            current = (
                self.lookup([record.duplicate_of])[record.duplicate_of].key if record.duplicate_of else None
            )
            if record.key > doc.key and (current is None or current > doc.key):
                record.duplicate_of = article.id
                self.fetch([record.id])[record.id].duplicate_of = article.id
                self.touched.add(record.id)
                self.state.remember([record], {})

    def _share_passages(self, article: Article, prints: list[int], copies: set[str]) -> None:
        hits: dict[str, int] = {}
        first, last = window(self.docs[article.id].day, config.GROUPING_COPY_DAYS)
        for holders in self.state.docs_with_prints(
            prints, first, last, config.GROUPING_PRINT_MAX_POSTINGS
        ).values():
            for holder in holders:
                hits[holder] = hits.get(holder, 0) + 1
        others = sorted(i for i, n in hits.items() if n >= 2 and i not in copies and i != article.id)
        words = self.words[article.id]
        for other_id, other in self.fetch(others).items():
            for a_start, a_end, b_start, b_end in dedup.shared_runs(words, self.words_of(other_id)):
                add_passage(article, a_start, a_end, other_id)
                add_passage(other, b_start, b_end, article.id)
                self.touched.add(other_id)

    def _link(self, doc: DocRecord, copies: set[str]) -> list[DocRecord]:
        """Link the new article to the stored articles of the same happening; return those."""
        first, last = window(doc.day, config.GROUPING_EVENT_DAYS)
        shared: Counter[str] = Counter()
        for term in sorted(set(doc.index_terms)):
            shared.update(self.state.docs_with_terms([term], first, last))
        found = {i for i, n in shared.items() if n >= config.GROUPING_LINK_SHARED_TERMS}
        candidates = (found | copies) - {doc.id}
        linked = [
            c for c in self.lookup(sorted(candidates)).values() if c.id in copies or events.is_linked(doc, c)
        ]
        doc.links = sorted(c.id for c in linked)
        for other in linked:
            other.links = sorted({*other.links, doc.id})
        return linked

    # -- events and stories ------------------------------------------------

    def regroup_events(self) -> None:
        """Rebuild the events of the connected groups the new articles belong to."""
        for group in events.connected([*self.new_ids, *sorted(self.relinked)], self.lookup):
            docs = self.lookup(group)
            parts = events.split_group([docs[i] for i in group])
            self._forget_events(
                {docs[i].event for i in group if docs[i].event} - {events.event_id(p) for p in parts}
            )
            for members in parts:
                self._rebuild_event(members)
        self.deleted_events -= set(self.events)
        self.state.remember_events(
            {e.id: self._event_centre(e) for e in self.events.values()}, self.deleted_events
        )

    def _rebuild_event(self, members: list[str]) -> None:
        articles = self.fetch(members)
        event = events.build_event([articles[i] for i in members], self.lookup(members))
        self.events[event.id] = event
        changed = [self.docs[i] for i in members if self.docs[i].event != event.id]
        for record in changed:
            record.event = articles[record.id].event = event.id
            self.touched.add(record.id)
        self.state.remember(changed, {})

    def _forget_events(self, event_ids: set[str]) -> None:
        """Events merged into another: delete them, and their stories unless rebuilt."""
        for event_id in sorted(event_ids - self.deleted_events):
            old = self.state.get_event(event_id)
            if old is not None and old.story:
                self.deleted_stories.add(old.story)
        self.deleted_events.update(event_ids)

    def _event_centre(self, event: Event) -> EventVector:
        centre = events.summed_vector(self.docs[i].vector for i in event.articles)
        top = stories.top_terms(centre, config.GROUPING_VECTOR_TERMS)
        kept = {t: round(centre[t], 6) for t in top}  # rounded as article vectors are: shorter rows to decode
        day = day_number(event.date)
        if day is None:  # no article has a date: the latest date their texts write is a lower bound
            day = events.latest_written_day(self.fetch(event.articles).values())
        title_names = sorted({n for i in event.articles for n in self.docs[i].title_names})
        # The story split compares names of GROUPING_COUNTERPART_IDF or more: the articles' commoner
        # words (kept for ``events.template_instances``) would only lengthen the event's row.
        names = sorted({n for i in event.articles for n in self.docs[i].names if _counterpart(n)})
        return kept, day, top[: config.GROUPING_INDEX_TERMS], title_names, names

    def regroup_stories(self) -> None:
        """Relink the changed events into stories and rebuild the stories they touch."""
        changed = sorted(self.events)
        previous = self.state.story_links([*changed, *self.deleted_events])
        links = self._story_links(changed, previous)
        self.state.remember_story_links(links)
        pool = self._story_pool(changed, links)
        for group in self._story_groups(pool):
            self._rebuild_stories(group)

    def _story_links(self, changed: list[str], previous: dict[str, set[str]]) -> dict[str, set[str]]:
        centres = self.centres_of(changed)
        links: dict[str, set[str]] = {e: set() for e in changed}
        for event_id in changed:
            terms = stories.top_terms(centres[event_id][0], config.GROUPING_INDEX_TERMS)
            candidates = self.state.events_with_terms(
                terms, centres[event_id][1], config.GROUPING_STORY_CANDIDATES_PER_TERM
            ) - {event_id}
            for other, centre in self.centres_of(sorted(candidates)).items():
                if stories.is_linked(centres[event_id], centre):
                    links[event_id].add(other)
        gone = set(changed) | self.deleted_events
        neighbours = {n for e in previous for n in previous[e]} | {n for e in changed for n in links[e]}
        current = self.state.story_links(sorted(neighbours - gone))
        for other, linked in current.items():
            links[other] = (linked - gone) | {e for e in changed if other in links[e]}
        for event_id in self.deleted_events:
            links[event_id] = set()
        return links

    def _story_pool(self, changed: list[str], links: dict[str, set[str]]) -> set[str]:
        """The events re-split this run: the changed events and every event of the stories they,
        the events they are linked to, and the deleted events were in.  Other stories stay as
        they are, so the cost is that of the stories touched, not of all that links reach (over
        months, links reach most of the store)."""
        linked = {o for e in changed for o in links.get(e, ())}
        touched = set(self.state.event_stories([*changed, *linked, *self.deleted_events]).values())
        pool = set(changed)
        for story_id in sorted(touched):
            story = self.state.get_story(story_id)
            if story is not None:
                pool.update(story.events)
        return pool - self.deleted_events

    def _story_groups(self, pool: set[str]) -> list[list[str]]:
        """Connected groups of the pool's events through the links among them."""
        links = self.state.story_links(sorted(pool))
        seen: set[str] = set()
        groups = []
        for origin in sorted(pool):
            if origin in seen:
                continue
            group, frontier = set(), {origin}
            while frontier:
                seen.update(frontier)
                group.update(frontier)
                frontier = {n for e in frontier for n in links.get(e, ()) if n in pool} - seen
            groups.append(sorted(group))
        return groups

    def _rebuild_stories(self, event_ids: list[str]) -> None:
        """The stories of one connected group of linked events: its average-linkage parts."""
        found = {i: self.events.get(i) or self.state.get_event(i) for i in event_ids}
        members = {i: e for i, e in found.items() if e is not None}
        firsts = self.lookup(e.articles[0] for e in members.values())
        order = sorted(members, key=lambda i: firsts[members[i].articles[0]].key)
        centres = self.centres_of(order)
        names = self.state.event_names(order)
        parts = stories.split_group(
            [(i, centres[i]) for i in order],
            [names.get(i, ([], [])) for i in order],
            [members[i].title or "" for i in order],
        )
        for part in parts:
            self._rebuild_story([members[i] for i in part], centres)

    def _rebuild_story(self, members: list[Event], centres: dict[str, stories.Centre]) -> None:
        """Write one story (``members`` sorted earliest first) onto its events and articles."""
        story = stories.build_story(members, centres)
        self.stories[story.id] = story
        for event in members:
            if event.story != story.id:
                if event.story:
                    self.deleted_stories.add(event.story)
                event.story = story.id
                self.events[event.id] = event
            stale = [i for i in event.articles if i in self.articles and self.articles[i].story != story.id]
            if event.id in self.events or stale:
                for article in self.fetch(event.articles).values():
                    if article.story != story.id:
                        article.story = story.id
                        self.touched.add(article.id)

    def changed_articles(self) -> list[Article]:
        """The new articles and every older article whose grouping fields changed."""
        ids = sorted(set(self.new_ids) | self.touched)
        return [self.articles[i] for i in ids]


def add_passage(article: Article, start: int, end: int, other_id: str) -> None:
    """Record that ``other_id`` shares article[start:end]; one Passage per span."""
    for index, passage in enumerate(article.shared_passages):
        if passage.start == start and passage.end == end:
            if other_id not in passage.articles:
                merged = tuple(sorted({*passage.articles, other_id}))
                article.shared_passages[index] = Passage(start, end, merged)
            return
    article.shared_passages.append(Passage(start, end, (other_id,)))
    article.shared_passages.sort(key=lambda p: (p.start, p.end))


def _counterpart(name: str) -> bool:
    """Whether a name of ``features.names`` is an entity or a term of GROUPING_COUNTERPART_IDF or more."""
    return name.startswith("@") or idf(name) >= config.GROUPING_COUNTERPART_IDF
