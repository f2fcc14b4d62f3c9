"""Events -> stories (stage 5, «القصة»): threads of events over weeks and months.

Two events are linked when their centres (summed article vectors, where the principal entities
and the theme dominate) are close and they happened within about a year of each other; a story is
a connected group of linked events.  Links are recomputed for the events that changed, from the
events' current centres only, so the stories do not depend on arrival order.
"""

from __future__ import annotations

from marsad import config
from marsad.grouping.features import cosine
from marsad.model import Event, Story


def top_terms(vector: dict[str, float], count: int) -> list[str]:
    """The heaviest terms of a vector (what an event is indexed under)."""
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


def is_linked(a: tuple[dict[str, float], int | None], b: tuple[dict[str, float], int | None]) -> bool:
    """Whether two events belong to one story (close centres, at most about a year apart)."""
    if a[1] is not None and b[1] is not None and abs(a[1] - b[1]) > config.GROUPING_STORY_DAYS:
        return False
    return cosine(a[0], b[0]) >= config.GROUPING_STORY_SIMILARITY


def story_id(events: list[Event]) -> str:
    """Deterministic story id: from the earliest event (``events`` sorted earliest first)."""
    return "st-" + events[0].id.removeprefix("ev-")


def build_story(events: list[Event]) -> Story:
    """The Story record of a group of events (sorted earliest first)."""
    dates = sorted(e.date for e in events if e.date)
    largest = max(events, key=lambda e: (len(e.articles), -events.index(e)))
    return Story(
        id=story_id(events),
        title=largest.title,
        events=[e.id for e in events],
        articles=[a for e in events for a in e.articles],
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )
