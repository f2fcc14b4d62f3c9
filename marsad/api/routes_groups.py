"""``/api/events`` and ``/api/stories``: the groups of articles, most recent first."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from marsad.api.deps import EventDep, PagingDep, StoreDep, StoryDep
from marsad.api.errors import INVALID, MOVED, NOT_FOUND
from marsad.api.schemas import EventOut, Page, StoryOut

events = APIRouter(prefix="/api/events", tags=["events"])
stories = APIRouter(prefix="/api/stories", tags=["stories"])


@events.get("", response_model=Page[EventOut], responses=INVALID)
def list_events(store: StoreDep, paging: PagingDep) -> dict[str, Any]:
    """Events, most recent first."""
    found = store.list_events(limit=paging.limit, offset=paging.offset)
    return {"data": [e.as_dict() for e in found], "count": store.count_events(),
            "limit": paging.limit, "offset": paging.offset}


@events.get("/{event_id:path}", response_model=EventOut, responses={**MOVED, **NOT_FOUND, **INVALID})
def get_event(event: EventDep) -> dict[str, Any]:
    """One event.  An id that no longer exists (its event merged, split or renamed when an earlier
    report arrived) answers 301 with `Location` and `moved_to`: the event that took most of its articles."""
    return event.as_dict()


@stories.get("", response_model=Page[StoryOut], responses=INVALID)
def list_stories(store: StoreDep, paging: PagingDep) -> dict[str, Any]:
    """Stories, the most recently active first."""
    found = store.list_stories(limit=paging.limit, offset=paging.offset)
    return {"data": [s.as_dict() for s in found], "count": store.count_stories(),
            "limit": paging.limit, "offset": paging.offset}


@stories.get("/{story_id:path}", response_model=StoryOut, responses={**MOVED, **NOT_FOUND, **INVALID})
def get_story(story: StoryDep) -> dict[str, Any]:
    """One story.  An id that no longer exists answers 301 with `Location` and `moved_to`: the story
    that took most of its articles."""
    return story.as_dict()
