"""Pages kept as bytes until the store changes, answered before the framework sees the request.

The home page reads the whole store's newest stories, events and keywords: a crowd of readers
should not each pay for that, nor for routing, validation and building a response around bytes
that are already known.  A page is rendered once per state of the store (``Store.generation()``,
which changes when any process commits) and kept with an ETag:

- ``CachedPages``, an ASGI middleware inside the guard (Host check, security headers), answers a
  GET of a kept page straight from its bytes while the store's generation is the one it was
  rendered at: no template, no query of the store's tables, no route;
- a request carrying the kept ETag in ``If-None-Match`` gets ``304 Not Modified`` and no body;
- anything else (a first request, a page after a write, a query the page does not keep) goes to
  the route, which renders the page once while others asking for it wait (``PageCache.page``).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

KEPT_QUERIES = frozenset({"format"})  # a page asked with any other parameter is rendered, not kept


@dataclass(slots=True, frozen=True)
class KeptPage:
    store: Any  # the store it was rendered from, and its generation then
    generation: object
    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]]  # with its ETag and Cache-Control
    etag: bytes

    def fresh(self) -> bool:
        return self.store.generation() == self.generation

    def answer(self, if_none_match: bytes | None) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Status, headers and body for a request: 304 when it already holds these bytes."""
        if if_none_match is not None and _matches(if_none_match, self.etag):
            kept = [(k, v) for k, v in self.headers if k not in (b"content-length", b"content-type")]
            return 304, kept, b""
        return self.status, self.headers, self.body


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """``If-None-Match`` names ``etag`` (weak comparison, RFC 9110 §13.1.2) or is ``*``."""
    tags = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return b"*" in tags or etag in tags


class PageCache:
    """The kept pages of one app, by raw path and query string."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: dict[str, KeptPage] = {}

    @classmethod
    def of(cls, app: Any) -> PageCache:
        state = app.state
        if getattr(state, "page_cache", None) is None:
            state.page_cache = cls()
        return state.page_cache

    def fresh(self, key: str) -> KeptPage | None:
        """The page kept under ``key`` when its store has not changed since it was rendered."""
        kept = self.pages.get(key)
        return kept if kept is not None and kept.fresh() else None

    def page(self, request: Request, store: Any, render_page: Callable[[], Response]) -> Response:
        """The page for ``request``, rendered by ``render_page`` unless kept and fresh (run it in a thread)."""
        if set(request.query_params) - KEPT_QUERIES:
            return render_page()  # a query the page ignores is not kept: the cache stays a few pages
        key = request_key(request.scope)
        with self.lock:
            generation = store.generation()
            kept = self.pages.get(key)
            if kept is None or kept.store is not store or kept.generation != generation:
                kept = self._keep(key, store, generation, render_page())
        status, headers, body = kept.answer(request.headers.get("if-none-match", "").encode("latin-1") or None)
        answer = Response(body, status_code=status)
        answer.raw_headers = list(headers)
        return answer

    def _keep(self, key: str, store: Any, generation: object, response: Response) -> KeptPage:
        body = bytes(response.body)
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [*response.raw_headers, (b"etag", etag), (b"cache-control", b"no-cache")]
        kept = KeptPage(store, generation, response.status_code, body, headers, etag)
        self.pages[key] = kept
        return kept


def request_key(scope: dict[str, Any]) -> str:
    """The raw path and query string: one key per page and format."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8")
    return f"{raw.decode('latin-1')}?{scope.get('query_string', b'').decode('latin-1')}"


class CachedPages:
    """Answer a GET of a kept, fresh page from its bytes; pass everything else to the app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and "app" in scope:
            cache = getattr(scope["app"].state, "page_cache", None)
            kept = cache.fresh(request_key(scope)) if cache is not None else None
            if kept is not None:
                if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
                status, headers, body = kept.answer(if_none_match)
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
