"""``/api/feeds``: the outlets Marsad collects from and the health of each of their feeds."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from marsad.api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["collection"])


class FeedHealthOut(BaseModel):
    url: str
    kind: str  # auto (not read yet) | feed | sitemap | home (its feeds were discovered)
    last_check: str | None
    last_status: str | None
    last_error: str | None
    new_items: int
    new_per_day: float | None
    error_streak: int
    next_check: str | None


class CollectedSourceOut(BaseModel):
    id: int
    url: str
    name: str | None
    country: str | None
    added_at: str | None
    feeds: list[FeedHealthOut]


@router.get("/feeds", response_model=list[CollectedSourceOut])
def feeds(store: StoreDep) -> list[dict[str, Any]]:
    """Every source `marsad collect` follows, with each feed's health: last check and status, new items
    a day, error streak, next check (`marsad sources add` adds them; see docs/collect.md)."""
    from marsad.collect.sources import source_view

    return [source_view(source, time.time()) for source in store.list_sources()]
