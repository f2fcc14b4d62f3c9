"""Dependencies shared by the routers: the store, paging, filters, and "fetch or 404"."""

from __future__ import annotations

from datetime import date
from typing import Annotated, NoReturn
from urllib.parse import quote

from fastapi import Depends, Path, Query, Request

from marsad.api.errors import Moved, NotFound
from marsad.model import Article, Entity, Event, Story
from marsad.store import ArticleFilter, Store

MAX_LIMIT = 500


async def get_store(request: Request) -> Store:
    """The store the app was created with (tests swap it with ``app.dependency_overrides``).
    A coroutine, so that handing it over costs no trip through the thread pool."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


class Paging:
    """``?limit=&offset=`` of every list."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many items.")] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


PagingDep = Annotated[Paging, Depends()]


def article_filter(
    since: Annotated[date | None, Query(description="Published on or after (ISO date).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (ISO date).")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Outlet name, as stored.")] = None,
    country: Annotated[str | None, Query(max_length=200)] = None,
    category: Annotated[str | None, Query(max_length=200, description="Marsad's category.")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="Canonical entity id.")] = None,
) -> ArticleFilter:
    """The filters of the article list and of search."""
    return ArticleFilter(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        outlet=outlet or None,
        country=country or None,
        category=category or None,
        entity=entity or None,
    )


FilterDep = Annotated[ArticleFilter, Depends(article_filter)]
IdPath = Annotated[str, Path(min_length=1, max_length=300)]


def article_or_404(article_id: IdPath, store: StoreDep) -> Article:
    found = store.get_article(article_id)
    if found is None:
        _moved_or_404(store, "article", article_id)
    return found


def event_or_404(event_id: IdPath, store: StoreDep) -> Event:
    found = store.get_event(event_id)
    if found is None:
        _moved_or_404(store, "event", event_id)
    return found


def story_or_404(story_id: IdPath, store: StoreDep) -> Story:
    found = store.get_story(story_id)
    if found is None:
        _moved_or_404(store, "story", story_id)
    return found


def _moved_or_404(store: Store, kind: str, group_id: str) -> NoReturn:
    """An id that no longer exists: a 301 to where it went (the group its articles went to; the
    article a second record of one page joined), else a 404."""
    new_id = store.redirect(kind, group_id)
    if new_id is None:
        raise NotFound(f"no such {kind}: {group_id}")
    raise Moved(kind, group_id, new_id, f"/api/{FOLDERS[kind]}/{quote(new_id, safe='')}")


FOLDERS = {"article": "articles", "event": "events", "story": "stories", "entity": "entities"}  # where each kind's pages live


def entity_or_404(entity_id: IdPath, store: StoreDep) -> Entity:
    found = store.get_entity(entity_id)
    if found is None:
        raise NotFound(f"no such entity: {entity_id}")
    if found.id != entity_id:  # the store found it under the id of an entity merged into it
        _moved_or_404(store, "entity", entity_id)
    return found


ArticleDep = Annotated[Article, Depends(article_or_404)]
EventDep = Annotated[Event, Depends(event_or_404)]
StoryDep = Annotated[Story, Depends(story_or_404)]
EntityDep = Annotated[Entity, Depends(entity_or_404)]
