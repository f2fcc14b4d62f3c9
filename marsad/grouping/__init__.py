"""Stage 4-5: duplicates, shared passages, events and stories, re-grouped after each ingest.

``group(new_articles, reader)`` is the one entry point the pipeline calls.  It sets
``duplicate_of``, ``shared_passages``, ``event`` and ``story`` on the new articles and returns
everything to write: the new articles, older articles whose grouping fields changed, the new or
changed events and stories, the ids of events and stories that no longer exist, and the rows of
grouping's own lookup tables (``rows``, for ``write_grouping``).  It writes nothing: the reader
(the store) is only read, and what the run adds is looked up beside it (``PendingState``).  The
cost is about the new articles (their candidates and the events and stories they join), not the
store.

Example:
    >>> from marsad.grouping import MemoryState, group
    >>> state = MemoryState()
    >>> result = group(articles, state)            # doctest: +SKIP
    >>> state.write_grouping(result.rows)                      # doctest: +SKIP
    >>> state.apply(result.articles, result.events, result.stories,
    ...             result.deleted_events, result.deleted_stories)   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from marsad.grouping.state import (
    DocRecord,
    GroupingReader,
    GroupingRows,
    GroupingState,
    MemoryState,
    PendingState,
)
from marsad.model import Article, Event, Story

__all__ = ["DocRecord", "GroupingReader", "GroupingResult", "GroupingRows", "GroupingState", "MemoryState", "group"]


@dataclass(slots=True)
class GroupingResult:
    """What one re-grouping changed: records to write and ids to delete."""

    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    deleted_events: list[str] = field(default_factory=list)
    deleted_stories: list[str] = field(default_factory=list)
    # Every article the run read or added, by id, as it now stands (all members of ``events``
    # among them): scoring reuses them rather than reading the events' members again.
    read: dict[str, Article] = field(default_factory=dict)
    # Spans of the returned articles that are their outlet's boilerplate (``boilerplate``): what
    # later stages leave out too (keywords); the article text itself is not changed.
    boilerplate: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # Rows of grouping's lookup tables the run added or changed (the reader's ``write_grouping``).
    rows: GroupingRows = field(default_factory=GroupingRows)


def group(
    new_articles: Iterable[Article], reader: GroupingReader, reread: Iterable[str] = ()
) -> GroupingResult:
    """Group new articles with what ``reader`` knows; return what to write.

    Articles already known to ``reader`` are left alone, so grouping the same input twice
    changes nothing.  ``reread`` are stored articles whose entity ids changed since they were
    grouped (``Store.merge_entities``): they are read again first, so their records name the
    entities as the new articles do, as they would had the merge been known when they came.
    """
    from marsad.grouping.regroup import Run  # here, so reading the store never loads datasketch and scipy

    state = PendingState(reader)
    run = Run(state)
    for article_id in sorted(set(reread)):
        run.reread(article_id)
    for article in sorted(new_articles, key=lambda a: a.id):
        run.add(article)
    run.regroup_events()
    run.regroup_stories()
    return GroupingResult(
        articles=run.changed_articles(),
        events=sorted(run.events.values(), key=lambda e: e.id),
        stories=sorted(run.stories.values(), key=lambda s: s.id),
        deleted_events=sorted(run.deleted_events - set(run.events)),
        deleted_stories=sorted(run.deleted_stories - set(run.stories)),
        read=run.articles,
        boilerplate={i: spans for i, spans in sorted(run.boilerplate.items()) if spans},
        rows=state.rows,
    )
