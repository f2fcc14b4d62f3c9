"""The HTTP API and the web UI: ``create_app(db_url)`` is what ``marsad serve`` runs.

One router per resource (``routes_*.py``), the store as a dependency (``deps.py``),
response models apart from the stored records (``schemas.py``) and one JSON error
shape (``errors.py``).  The web pages (``marsad.web``) are served by the same app.
Reference: docs/api.md.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from marsad import config
from marsad.api import routes_articles, routes_entities, routes_feeds, routes_groups, routes_search
from marsad.api.deps import StoreDep
from marsad.api.errors import install_error_handlers
from marsad.api.guard import BodyLimit, Guard
from marsad.api.schemas import HealthOut
from marsad.store import Store, open_store

__all__ = ["create_app"]


def create_app(
    db_url: str | None = None, store: Store | None = None, allowed_hosts: list[str] | None = None
) -> FastAPI:
    """The Marsad web app over the store at ``db_url`` (or an open ``store``, which the caller closes).

    ``allowed_hosts``: the Host names answered (default: ``$MARSAD_ALLOWED_HOSTS``, else any).
    Writes need ``$MARSAD_API_TOKEN`` when it is set, else come from loopback clients only.

    Example:
        >>> import uvicorn
        >>> uvicorn.run(create_app("marsad.db"), port=8000)    # doctest: +SKIP
    """
    owned = store is None
    opened = store if store is not None else open_store(db_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(
        title="Marsad (مرصد)",
        summary="Arabic news intelligence: articles, events, stories, entities, search.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # marsad.web serves /docs itself, without a CDN
        redoc_url=None,
    )
    app.state.store = opened
    install_error_handlers(app)
    for router in (routes_articles.router, routes_groups.events, routes_groups.stories,
                   routes_entities.router, routes_search.router, routes_feeds.router):
        app.include_router(router)
    app.add_api_route("/healthz", healthz, methods=["GET"], response_model=HealthOut, tags=["health"])
    from marsad.web import install_web

    install_web(app)
    app.add_middleware(BodyLimit)
    if allowed_hosts is None and os.environ.get(config.ALLOWED_HOSTS_VARIABLE):
        allowed_hosts = [h.strip() for h in os.environ[config.ALLOWED_HOSTS_VARIABLE].split(",") if h.strip()]
    app.add_middleware(Guard, allowed_hosts=allowed_hosts, token=os.environ.get(config.API_TOKEN_VARIABLE))
    return app


def healthz(store: StoreDep) -> dict[str, Any]:
    """Liveness: the store answers."""
    return {"status": "ok", "articles": store.count_articles()}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("marsad")
    except PackageNotFoundError:
        return "0.0.0"
