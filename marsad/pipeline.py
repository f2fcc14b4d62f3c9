"""The one place that wires the stages, in order.

1. ingest   inputs -> RawDocument (one reader per format; bad inputs become InputError)
2. clean    RawDocument -> Article (clean text, stable id, ISO dates)
3. text     language, dates in the text, publication date stated in the text
4. per-article analysis: entity mentions, category, keywords, attributions
5. entities mentions -> canonical entities across the store
6. grouping duplicates, shared passages, events, stories (cost ~ the new articles)
7. scoring  credibility and importance, from the article and its event's coverage
8. store    every write of a batch in one transaction

Stages never call each other and never write to the store; this module hands each
one plain records and writes what it returns.  Two read it through a narrow
interface: the resolver looks up candidate entities by key (``Store.entities_by_keys``,
with their article counts from the entity-article links) and grouping looks up candidates by time window (``GroupingState``).

Stages 1-4 need only the article, so they may run on other processes or machines
(``marsad.parallel``: ``marsad ingest --workers N`` or ``--ray ADDRESS``): files are read there,
and cleaned articles are annotated there in chunks.  Stages 5-8 stay here, batch after batch in
input order, so the store is the same whatever ran stages 1-4.
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

from marsad import clean, config, entities, grouping, scoring, text
from marsad.errors import InputError, InputNotice, StoreError
from marsad.ingest import input_files, is_stream, read_inputs, read_path
from marsad.model import Article, Coverage, Event, Evidence, PageClaims, RawDocument, Score, Story
from marsad.parallel import InProcess, Ready, WorkerLost, Workers, imap
from marsad.rows import article_rows, entity_rows, refresh_entity_keys
from marsad.scoring.contradictions import stated_counts
from marsad.scoring.credibility import EVENT_SIGNALS as CREDIBILITY_SIGNALS
from marsad.scoring.evidence import refreshed, weights
from marsad.scoring.importance import EVENT_SIGNALS as IMPORTANCE_SIGNALS
from marsad.store import Store, open_store

Progress = Callable[[int], None]


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did: the one-line summary the CLI prints."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0  # already stored, or submitted twice in this run: nothing new stored
    copies: int = 0  # stored, but a copy (exact or near) of an earlier article
    failed: int = 0
    errors: list[InputError] = field(default_factory=list)
    notices: list[InputNotice] = field(default_factory=list)  # repaired, or a bad date left out: still stored
    stored_ids: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"read {self.read}, stored {self.stored}, duplicates {self.duplicates}, "
            f"failed {self.failed} (copies of earlier articles among the stored: {self.copies})"
        )


def annotate(article: Article) -> Article:
    """Stages 3 and 4 on one article: everything that needs only the article itself."""
    # 3. text
    article.language = text.detect_language(article.text)
    if article.published is None:
        stated = text.published_from_text(article.text)
        if stated:
            article.published, article.published_basis = stated, "text"
    article.dates = text.find_dates(article.text, article.published)
    # 4. per-article analysis
    article.entities = entities.recognize(article.text)
    article.category = scoring.classify(article.title, article.text)
    article.keywords = scoring.extract_keywords(article.title, article.text)
    people = [(m.start, m.end) for m in article.entities if m.type == "PER"]
    article.attributions = scoring.find_attributions(article.text, people, article.source.name)
    return article


def warm_up() -> None:
    """Load every model stages 1-4 use, once per worker process, before its first unit."""
    annotate(clean.to_article(RawDocument(origin="warm-up", kind="text", text=_WARM_UP_TEXT, title="تجربة")))
    _settle_memory()


def _settle_memory() -> None:
    """Once per process, with the models loaded: leave what is alive now out of the garbage
    collector's full passes.  The models and word tables are hundreds of thousands of objects
    that live as long as the process; every full pass walked them all again (a tenth of the CPU
    of an ingest).  Collected first, so no garbage is kept; frozen objects are still freed when
    nothing refers to them."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


_settled = False


_WARM_UP_TEXT = "قال وزير الخارجية محمد علي في القاهرة يوم الاثنين 14 مارس 2024 إن المحادثات مستمرة."


def read(inputs: Iterable[str], workers: Workers | None = None) -> Iterator[RawDocument | InputError]:
    """Stage 1 over ``inputs``, in order: pages, text files and feeds are read on the workers,
    JSON Lines and standard input here (a stream of records, cheap to split, read as it comes)."""
    if workers is None or isinstance(workers, InProcess):
        yield from read_inputs(inputs)
        return

    def units() -> Iterator[Path | Ready[list[RawDocument | InputError]]]:
        for file in input_files(inputs):
            if isinstance(file, InputError):
                yield Ready([file])
            elif is_stream(file):
                yield from (Ready([item]) for item in read_inputs([str(file)]))
            else:
                yield file

    for items in imap(workers, read_file, units(), ahead=4 * workers.size):
        yield from items


def read_file(path: Path) -> list[RawDocument | InputError]:
    """Stage 1 for one file on a worker: its documents, or the error that names it."""
    return list(read_path(path))


def annotate_all(articles: list[Article]) -> list[Article | str]:
    """Stages 3 and 4 for a chunk on a worker: each annotated article, or why it could not be."""
    done: list[Article | str] = []
    for article in articles:
        try:
            done.append(annotate(article))
        except Exception as error:  # one odd article must not stop a feed of thousands
            done.append(f"article {article.id} could not be analysed ({type(error).__name__}: {error}); not stored")
    return done


def ingest(
    items: Iterable[RawDocument | InputError],
    store: Store,
    on_error: Callable[[InputError], None] | None = None,
    progress: Progress | None = None,
    workers: Workers | None = None,
) -> IngestSummary:
    """Run the whole pipeline over ``items`` and store the result, batch by batch.

    Each batch is written in one transaction, so a crash loses at most the batch
    in flight and a re-run stores exactly what is missing.  With ``workers``, stages 3-4
    of the next batches run there while this process resolves, groups, scores and writes.
    """
    workers = workers or InProcess()
    summary = IngestSummary()
    seen: set[str] = set()
    batches = (_Batch.of(batch, store, seen) for batch in _batches(iter(items), config.INGEST_BATCH))
    for batch, outcomes in _annotated(batches, workers):
        summary.read += batch.read
        summary.duplicates += batch.duplicates
        for error in batch.errors:
            _fail(error, summary, on_error)
        for notice in batch.notices:
            summary.notices.append(notice)
            if on_error:
                on_error(notice)
        annotated = []
        for article, outcome in zip(batch.fresh, outcomes, strict=True):
            if isinstance(outcome, str):
                _fail(InputError(article.origin, outcome), summary, on_error)
            else:
                annotated.append(outcome)
        if annotated:
            failed = summary.failed
            stored = _store_batch(annotated, store, summary, on_error)
            # Those neither stored nor failed were stored meanwhile by another writer.
            summary.duplicates += len(annotated) - len(stored) - (summary.failed - failed)
            summary.stored += len(stored)
            summary.copies += sum(1 for a in stored if a.duplicate_of)
            summary.stored_ids.extend(a.id for a in stored)
        if annotated:
            _settle_memory()  # after the first batch stored: every model of stages 1-8 is loaded
        if progress:
            progress(batch.size)
    return summary


CHUNK = 20  # articles per unit of work sent to a worker: ~0.3 CPU-s, so shipping them costs little


def _annotated(batches: Iterator[_Batch], workers: Workers) -> Iterator[tuple[_Batch, list[Article | str]]]:
    """Each batch with the outcome of stages 3-4 for its fresh articles, batches in order.

    A batch's chunks go to the workers as soon as it is cut, and it is handed on only once
    the next chunks are in flight, so the workers keep busy while this process writes it.
    """
    owners: deque[_Batch] = deque()  # the batch of each unit, in the order imap returns them

    def units() -> Iterator[list[Article] | Ready[list[Article | str]]]:
        for batch in batches:
            if not batch.fresh:  # nothing to analyse; still counted and reported in its turn
                owners.append(batch)
                yield Ready([])
            for start in range(0, len(batch.fresh), CHUNK):
                owners.append(batch)
                yield batch.fresh[start : start + CHUNK]

    current: _Batch | None = None
    outcomes: list[Article | str] = []
    try:
        for done in imap(workers, annotate_all, units(), ahead=2 * workers.size + 1):
            batch = owners.popleft()
            if batch is not current:
                if current is not None:
                    yield current, outcomes
                current, outcomes = batch, []
            outcomes.extend(done)
    except WorkerLost as error:
        where = owners[0].fresh[0].origin if owners and owners[0].fresh else "the input"
        raise WorkerLost(
            f"{where}: {error} while analysing its articles; every batch before is stored, "
            "run the same command again to store the rest"
        ) from error
    if current is not None:
        yield current, outcomes


@dataclass(slots=True)
class _Batch:
    """One batch after stage 2: its fresh articles, and what became of the rest."""

    size: int
    read: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    notices: list[InputNotice] = field(default_factory=list)
    fresh: list[Article] = field(default_factory=list)

    @classmethod
    def of(cls, items: list[RawDocument | InputError], store: Store, seen: set[str]) -> _Batch:
        """Stage 2 for a batch; drop what is already stored or repeated; keep bad inputs to report.

        Only a first sieve, so that stored articles are not analysed again: another writer may
        store one of these before this batch is written; ``store_articles`` decides again under its lock.
        """
        batch = cls(size=len(items))
        articles: list[Article] = []
        for item in items:
            if isinstance(item, RawDocument):
                batch.read += 1
                try:
                    article = clean.to_article(item)
                except InputError as error:
                    item = error
                else:
                    articles.append(article)
                    batch.notices.extend(_notices(item, article))
            if isinstance(item, InputError):
                batch.errors.append(item)
        known = store.known_ids(a.id for a in articles)
        for article in articles:
            if article.id in known or article.id in seen:
                batch.duplicates += 1
            else:
                seen.add(article.id)
                batch.fresh.append(article)
        return batch


def _store_batch(
    articles: list[Article], store: Store, summary: IngestSummary, on_error: Callable[[InputError], None] | None
) -> list[Article]:
    """``store_articles`` for a batch; when the batch cannot be written, each article alone, so that
    one article the store refuses costs itself, not the batch's good ones."""
    # The batch as analysed, should it have to be stored article by article: pickled, since
    # stages 5-8 change the articles in place; a deep copy cost ten times more.
    pristine = pickle.dumps(articles, pickle.HIGHEST_PROTOCOL) if len(articles) > 1 else None
    try:
        return store_articles(articles, store)
    except StoreError:
        raise  # the store itself (busy, full, gone): nothing to retry article by article
    except Exception as error:
        if len(articles) == 1:
            problem = f"article {articles[0].id} could not be stored ({type(error).__name__}: {error})"
            _fail(InputError(articles[0].origin, problem), summary, on_error)
            return []
    stored = []
    for article in pickle.loads(pristine) if pristine else []:
        stored += _store_batch([article], store, summary, on_error)
    return stored


def _notices(raw: RawDocument, article: Article) -> list[InputNotice]:
    """What was repaired or left out while reading ``raw``, which is still stored."""
    problems = list(raw.notices)
    if raw.published and article.published is None:
        problems.append(f"date {raw.published[:40]!r} is not a real date; stored without a date")
    return [InputNotice(raw.origin, f"{problem} (article {article.id})", raw.line) for problem in problems]


def _fail(error: InputError, summary: IngestSummary, on_error: Callable[[InputError], None] | None) -> None:
    summary.failed += 1
    summary.errors.append(error)
    if on_error:
        on_error(error)


def store_articles(new: list[Article], store: Store) -> list[Article]:
    """Stages 5-8 for annotated articles: resolve, group, score, write; returns those stored.

    This is the write transaction, the one place where the store's write lock is held (SQLite:
    BEGIN IMMEDIATE; exclusive=True asks other stores for the same).  What is new is decided inside
    it, and resolution and grouping see every batch written before, whichever process wrote it: two
    writers given the same articles, in two processes or two threads, store each once and group it
    once, the second waiting for the first and finding its articles stored.  Everything before it
    (reading, cleaning, analysing) runs outside, so the lock is held only to resolve, group and write.
    """
    with store.transaction(exclusive=True):
        known = store.known_ids(a.id for a in new)  # stored by another writer since the batch was read
        new = one_per_url([a for a in new if a.id not in known], store)
        if not new:
            return []
        refresh_entity_keys(store)
        resolver = entities.EntityResolver(lookup=store.entities_by_keys, links=store)
        # The batch is resolved at once: its entities do not depend on the order of its articles.
        resolved = resolver.resolve_many([(a.id, a.text, a.entities) for a in new])
        for article, mentions in zip(new, resolved, strict=True):
            article.entities = mentions
        store.put_entities(entity_rows(resolver.changed()))
        moved = store.merge_entities(resolver.merged())  # stored entities this batch showed to be one
        result = grouping.group(new, store, reread=moved)
        store.write_grouping(result.rows)
        drop_boilerplate_keywords(result.articles, result.boilerplate)
        before = {e.id: store.get_event(e.id) for e in result.events}  # as the previous batch left them
        touched = {a.id: a for a in result.articles}
        touched.update({a.id: a for a in new})
        store.put_redirects("event", _moves([store.get_event(i) for i in result.deleted_events], touched, "event"))
        store.put_redirects("story", _moves([store.get_story(i) for i in result.deleted_stories], touched, "story"))
        store.delete_events(result.deleted_events)
        store.delete_stories(result.deleted_stories)
        store.put_events(result.events)
        store.put_stories(result.stories)
        prominence = resolver.article_counts()
        rescored = rescore(new, touched, result, before, store, prominence)
        fresh = {a.id for a in new}
        store.put_articles(article_rows(rescored, indexed=[a.id for a in rescored if a.id not in fresh]))
    return new


def one_per_url(new: list[Article], store: Store) -> list[Article]:
    """The articles of ``new`` that are not another record of a page already stored or earlier in
    the batch (one URL, without tracking parameters, is one article).  The sections such a record
    was filed under are added to the article kept, which is rewritten when it is stored already."""
    from marsad.collect.urls import article_url_key

    keys = {a.id: article_url_key(a.url) for a in new}
    stored = store.articles_by_url({k for k in keys.values() if k})
    kept: dict[str, Article] = {}  # URL key -> the batch's article for it
    into_stored: dict[str, list[Article]] = {}
    moves: dict[str, str] = {}  # the id each other record came with -> the article kept (a 301)
    fresh = []
    for article in new:
        key = keys[article.id]
        if key is None:
            fresh.append(article)
        elif key in stored:
            into_stored.setdefault(stored[key], []).append(article)
            moves[article.id] = stored[key]
        elif key in kept:
            kept[key].page = _with_sections(kept[key], [article])
            moves[article.id] = kept[key].id
        else:
            kept[key] = article
            fresh.append(article)
    if into_stored:
        changed = []
        for target in store.get_articles(sorted(into_stored)):
            page = _with_sections(target, into_stored[target.id])
            if page != target.page:
                target.page = page
                changed.append(target)
        store.put_articles(article_rows(changed, indexed=[a.id for a in changed]))
    if moves:
        store.put_redirects("article", moves)
    return fresh


def _with_sections(article: Article, others: list[Article]) -> PageClaims:
    """``article``'s page claims with the sections ``others`` (records of the same page) were filed under."""
    sections = article.page.all_sections()
    sections += [s for other in others for s in other.page.all_sections() if s not in sections]
    return dataclasses.replace(article.page, sections=tuple(s for s in sections if s != article.page.category))


def _moves(gone: list[Event | Story | None], articles: dict[str, Article], field: str) -> dict[str, str]:
    """Where each event or story that no longer exists went: the group (``field`` of its articles)
    that took most of its articles, the smallest id on a tie.  Links to the old id redirect there."""
    moves = {}
    for group in gone:
        if group is None:
            continue
        taken = Counter(getattr(articles[i], field) for i in group.articles if i in articles)
        taken.pop(None, None)
        if taken:
            moves[group.id] = min(taken, key=lambda g: (-taken[g], g))
    return moves


def drop_boilerplate_keywords(articles: list[Article], spans: dict[str, list[tuple[int, int]]]) -> None:
    """Keywords read without the outlet's boilerplate that grouping found (a sign-off, a share
    bar): taken again from the text with those spans blanked, when a keyword is written in them."""
    for article in articles:
        found = spans.get(article.id)
        if not found or not any(kw in article.text[s:e] for s, e in found for kw in article.keywords):
            continue
        chars = list(article.text)
        for start, end in found:
            chars[start:end] = " " * (end - start)
        article.keywords = scoring.extract_keywords(article.title, "".join(chars))


def rescore(
    new: list[Article],
    touched: dict[str, Article],
    result: grouping.GroupingResult,
    before: dict[str, Event | None],
    store: Store,
    prominence: dict[str, int],
) -> list[Article]:
    """Stage 7: scores for the batch's articles, and fresh event evidence for the other members of
    the events the batch changed.  Returns the articles to write: the batch's, those grouping
    changed, and the members whose scores moved.

    The cost is about the batch, not the events it joins.  A new article is scored in full.  An
    older member keeps the evidence about itself as it was computed and only its event's evidence
    is redone (``scoring.event_credibility``/``event_importance``: counts of outlets and copies,
    spread, story size, first reporter, contradictions), from members grouping has already read;
    past each signal's cap that evidence reads "N or more", so once an event is widely covered a
    further article changes no member's score and none is written again.  A member's
    contradictions are counted again only when a new article contradicts it, or when the event
    lost members or grouping changed one (a split, a merge, a new copy link).

    ``prominence`` is the number of articles that mention each entity the batch touched
    (the resolver's counts, which include the batch); other entities are counted in the store.
    """
    fresh = {a.id for a in new}
    events = {e.id: e for e in result.events}
    for article in touched.values():  # an article whose event grouping did not rebuild
        if article.event and article.event not in events and (event := store.get_event(article.event)):
            events[event.id] = event
    known = {**result.read, **touched}
    members = [i for e in events.values() for i in e.articles if i not in known]
    known.update((a.id, a) for a in store.get_articles(members))
    context = _BatchContext(store, _newest(store, touched.values()), prominence)
    scored: dict[str, Article] = {}
    for event in events.values():
        group = [known[i] for i in event.articles if i in known]
        coverage = context.event_coverage(event, group)
        redo = _contradictions_redone(event, group, fresh, touched, before.get(event.id))
        evidence: dict[tuple[str | None, bool, int], tuple[list[Evidence], list[Evidence]]] = {}
        for article in group:
            if article.id in fresh:
                scored[article.id] = _score(article, context.coverage_of(article, coverage, group))
            elif article.id not in scored:
                count = (scoring.contradicting_outlets(article, group) if redo(article)
                         else _stored_contradictions(article))
                first = coverage.first_reporter or article.source.name
                key = (first, first == article.source.name, count)  # all a member's event evidence depends on
                if key not in evidence:
                    member = dataclasses.replace(coverage, first_reporter=first, contradicting_outlets=count)
                    evidence[key] = scoring.event_credibility(member), scoring.event_importance(article, member)
                if _refresh(article, *evidence[key]) or article.id in touched:
                    scored[article.id] = article
    for article in touched.values():  # no event at all
        if article.id not in scored:
            single = context.event_coverage(None, [article])
            scored[article.id] = _score(article, context.coverage_of(article, single, [article]))
    return list(scored.values())


def _score(article: Article, coverage: Coverage) -> Article:
    article.credibility = scoring.credibility(article, coverage)
    article.importance = scoring.importance(article, coverage)
    return article


def _refresh(article: Article, credibility: list[Evidence], importance: list[Evidence]) -> bool:
    """An older member's scores with its event's evidence replaced by these and its own kept;
    whether they changed (most members of a widely covered event come out as they were)."""
    if (_event_part(article.credibility, CREDIBILITY_SIGNALS) == credibility
            and _event_part(article.importance, IMPORTANCE_SIGNALS) == importance):
        return False
    article.credibility = refreshed("credibility", article.credibility, CREDIBILITY_SIGNALS, credibility)
    article.importance = refreshed("importance", article.importance, IMPORTANCE_SIGNALS, importance)
    return True


def _event_part(score: Score, signals: frozenset[str]) -> list[Evidence]:
    return [e for e in score.evidence if e.signal in signals]


def _stored_contradictions(article: Article) -> int:
    """The contradicting outlets an article's stored credibility counts (the cap when it reads "or more")."""
    rule = weights()["credibility"]["contradictions"]
    effect = next((e.effect for e in article.credibility.evidence if e.signal == "contradictions"), 0.0)
    return round(effect / rule["per_item"])


def _contradictions_redone(
    event: Event, group: list[Article], fresh: set[str], touched: dict[str, Article], before: Event | None
) -> Callable[[Article], bool]:
    """Which older members of ``event`` need their contradictions counted again: every member with
    a stated count when the event lost a member or grouping changed an older one that states a count
    (it may have become a copy); otherwise those a new article contradicts, unless their count
    already reached the cap."""
    lost = before is None or not set(before.articles) <= set(event.articles)
    changed = (touched[i] for i in event.articles if i in touched and i not in fresh)
    if lost or any(stated_counts(article.text) for article in changed):
        return lambda article: bool(stated_counts(article.text))
    arrivals = [a for a in group if a.id in fresh]
    rule = weights()["credibility"]["contradictions"]
    cap = round(rule["cap"] / rule["per_item"])
    return lambda article: _stored_contradictions(article) < cap and any(
        scoring.contradicts(article, other) for other in arrivals
    )


class _BatchContext:
    """What coverage needs from the store, looked up once per batch (per event, outlet, entity)."""

    def __init__(self, store: Store, newest: str | None, prominence: dict[str, int]) -> None:
        self.store, self.newest, self.entity_articles = store, newest, prominence
        self.outlets: dict[str, tuple[int, int]] = {}

    def event_coverage(self, event: Event | None, members: list[Article]) -> Coverage:
        """How the event is covered, the same for each member: independent outlets, copies, speed,
        story size and first reporter (one pass over the members)."""
        originals = [a for a in members if not a.duplicate_of]
        outlets = {a.source.name or a.origin for a in originals}
        dated = sorted((a.published, a.source.name) for a in originals if a.published)
        hours = _hours_between(dated[0][0], dated[-1][0]) if len(dated) > 1 else None
        story = self.store.get_story(event.story) if event and event.story else None
        return Coverage(
            independent_outlets=max(1, len(outlets)),
            copies=len(members) - len(originals),
            hours_to_spread=hours,
            story_events=len(story.events) if story else 1,
            first_reporter=dated[0][1] if dated else None,
        )

    def coverage_of(self, article: Article, event: Coverage, members: list[Article]) -> Coverage:
        """The event's coverage with what is the article's own: its outlet's record, its entities'
        prominence, the newest date in the store and the outlets that contradict it."""
        articles, copies = self._outlet(article.source.name)
        entity_ids = sorted({m.entity for m in article.entities if m.entity})  # stable evidence order
        return dataclasses.replace(
            event,
            first_reporter=event.first_reporter or article.source.name,
            entity_prominence=self._prominence(entity_ids),
            outlet_articles=articles,
            outlet_duplicate_share=copies / articles if articles else 0.0,
            newest_published=self.newest,
            contradicting_outlets=scoring.contradicting_outlets(article, members),
        )

    def _prominence(self, entity_ids: list[str]) -> dict[str, int]:
        """Articles naming each entity: the resolver's count for the batch's entities, else the store's."""
        missing = [e for e in entity_ids if e not in self.entity_articles]
        if missing:  # an older member of a changed event names entities the batch did not touch
            stored = self.store.entity_article_counts(missing)
            self.entity_articles.update({e: stored.get(e, 1) for e in missing})
        return {e: self.entity_articles[e] for e in entity_ids}

    def _outlet(self, outlet: str | None) -> tuple[int, int]:
        if not outlet:
            return 0, 0
        if outlet not in self.outlets:
            self.outlets[outlet] = self.store.outlet_stats(outlet)
        return self.outlets[outlet]


def _hours_between(first: str, last: str) -> float | None:
    try:
        start, end = datetime.fromisoformat(first), datetime.fromisoformat(last)
        if (start.tzinfo is None) != (end.tzinfo is None):
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        return abs((end - start).total_seconds()) / 3600
    except ValueError:
        return None


def _newest(store: Store, batch: Iterable[Article]) -> str | None:
    """The latest publication date in the store or the batch: "now" for recency."""
    latest = store.list_articles(limit=1)
    dates = [a.published[:19] for a in batch if a.published]
    if latest and latest[0].published:
        dates.append(latest[0].published[:19])
    return max(dates) if dates else None


def analyze(inputs: Iterable[str], on_error: Callable[[InputError], None] | None = None) -> list[Article]:
    """The whole pipeline over ``inputs`` as if ingested into an empty store; stores nothing."""
    store = open_store(":memory:")
    summary = ingest(read_inputs(inputs), store, on_error=on_error)
    return store.get_articles(summary.stored_ids)


def _batches(items: Iterator[RawDocument | InputError], size: int) -> Iterator[list[RawDocument | InputError]]:
    while batch := list(islice(items, size)):
        yield batch
