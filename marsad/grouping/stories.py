"""Events -> stories (stage 5, «القصة»): threads of events over weeks and months.

Two events are linked when their centres (summed article vectors, where the principal entities
and the theme dominate) are close and they happened within about a year of each other.  The
events a batch touches (its changed events and every event of the stories they, their linked
events and the deleted events were in) are then split by average linkage, as events are: with
many small events, one bridging link (an interview touching two threads) would otherwise chain
two threads into one story.  Links are recomputed for the events that changed, from the events'
current centres only, and a split depends only on the events split; stories the batch does not
touch are not reconsidered (docs/grouping.md, "Order independence")."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from marsad import config
from marsad.grouping.events import average_linkage, name_conflicts, summed_vector
from marsad.grouping.features import cosine, idf, terms
from marsad.grouping.state import EventNames
from marsad.model import Event, Story

Centre = tuple[dict[str, float], int | None]  # an event's summed vector and day


def top_terms(vector: dict[str, float], count: int) -> list[str]:
    """The heaviest terms of a vector (what an event is indexed under)."""
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


def is_linked(a: Centre, b: Centre) -> bool:
    """Whether two events belong to one story (close centres, at most about a year apart)."""
    if a[1] is not None and b[1] is not None and abs(a[1] - b[1]) > config.GROUPING_STORY_DAYS:
        return False
    return cosine(a[0], b[0]) >= config.GROUPING_STORY_SIMILARITY


def split_group(
    centres: list[tuple[str, Centre]], names: list[EventNames] | None = None, titles: list[str] | None = None
) -> list[list[str]]:
    """Average-linkage split of one connected group of events (given sorted earliest first).

    Parts join while the mean cosine of all their pairs reaches GROUPING_STORY_COHESION
    (``events.average_linkage``).  Days do not count here: the links already keep to the story
    window, and a story may run longer than the window through the events between its ends.
    Returns the parts, each in the given order, in the order of their first event.  The split
    costs the square of the group's size, so a group longer than GROUPING_STORY_SPLIT_EVENTS is
    cut first into consecutive runs of that many events, each split on its own: a thread that
    long breaks where the runs meet.
    """
    run = config.GROUPING_STORY_SPLIT_EVENTS
    names = names if names is not None else [([], [])] * len(centres)
    titles = titles if titles is not None else [""] * len(centres)
    if len(centres) > run:
        return [
            part
            for start in range(0, len(centres), run)
            for part in split_group(
                centres[start : start + run], names[start : start + run], titles[start : start + run]
            )
        ]
    similarity = _similarities([centre for _, centre in centres])
    rarer = [[n for n in held if idf(n.split("\t")[0]) >= config.GROUPING_STORY_COUNTERPART_IDF] for held, _ in names]
    conflicts = name_conflicts(rarer, [n[1] for n in names])
    if conflicts.any():
        conflicts &= _alike_titles(titles, names)
        similarity -= config.GROUPING_STORY_COUNTERPART_PENALTY * conflicts
    return [[centres[i][0] for i in part] for part in average_linkage(similarity, config.GROUPING_STORY_COHESION)]


def _alike_titles(titles: list[str], names: list[EventNames]) -> np.ndarray:
    """Whether two events' titles are one template's: they share at least half of the shorter
    title's terms, names left out («تعليم تبوك يبدأ إجراء المقابلات الشخصية» and «بدء إجراء
    المقابلات الشخصية ... بتعليمي الباحة»; «زلزال ... يضرب إسلام آباد» and «زلزال ... يضرب جاوة»)."""
    held = []
    for title, (title_names, _) in zip(titles, names, strict=True):
        named = {n.split("\t")[0] for n in title_names}
        held.append({t for t in terms(title) if t not in named})
    count = len(held)
    alike = np.zeros((count, count), dtype=bool)
    for i in range(count):
        for j in range(i + 1, count):
            shared = len(held[i] & held[j])
            smaller = min(len(held[i]), len(held[j]))
            alike[i, j] = alike[j, i] = shared >= 2 and shared >= config.GROUPING_STORY_TEMPLATE_SHARE * smaller
    return alike


def _similarities(centres: list[Centre]) -> np.ndarray:
    """Pairwise cosines of the centres (dot products, as features.cosine), through a sparse matrix."""
    columns: dict[str, int] = {}
    weights: list[float] = []
    indices: list[int] = []
    starts = [0]
    for vector, _ in centres:
        for term, weight in vector.items():
            indices.append(columns.setdefault(term, len(columns)))
            weights.append(weight)
        starts.append(len(indices))
    rows = csr_matrix((weights, indices, starts), shape=(len(centres), len(columns)))
    return (rows @ rows.T).toarray()


def story_id(events: list[Event]) -> str:
    """Deterministic story id: from the earliest event (``events`` sorted earliest first)."""
    return "st-" + events[0].id.removeprefix("ev-")


def build_story(events: list[Event], centres: dict[str, Centre] | None = None) -> Story:
    """The Story record of a group of events (sorted earliest first).

    Its title is the title of the event closest to the story's centre (the events' centres, each
    counted once per article), so a long thread is named by its main happening rather than by a
    large side event; without centres, the largest event's.
    """
    dates = sorted(e.date for e in events if e.date)
    sizes = {e.id: (len(e.articles), -i) for i, e in enumerate(events)}
    if centres and all(e.id in centres for e in events):
        middle = summed_vector({t: w * len(e.articles) for t, w in centres[e.id][0].items()} for e in events)
        central = max(events, key=lambda e: (round(cosine(centres[e.id][0], middle), 6), sizes[e.id]))
    else:
        central = max(events, key=lambda e: sizes[e.id])
    return Story(
        id=story_id(events),
        title=central.title,
        events=[e.id for e in events],
        articles=[a for e in events for a in e.articles],
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )
