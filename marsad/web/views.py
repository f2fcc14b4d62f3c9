"""The web UI: server-rendered pages, each with a JSON twin (``?format=json``) from the same data.

Templates are Jinja2 with autoescaping on, so every string from an input is
escaped; none is ever marked safe.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException

from marsad.api.deps import FOLDERS, StoreDep
from marsad.api.errors import error_response
from marsad.store import ArticleFilter
from marsad.text.counting import counted, counted_parts, duration
from marsad.web import apidocs, detail, feeds, lookup, markup, pages
from marsad.web.cache import CachedPages, PageCache

router = APIRouter(include_in_schema=False)
FormatQuery = Annotated[str | None, Query(alias="format", pattern="^(html|json)$")]


@cache
def environment() -> Environment:
    """The Jinja environment: package templates, autoescape, the page helpers as filters."""
    env = Environment(
        loader=PackageLoader("marsad.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        ardate=markup.arabic_date, month=markup.month_label, clock=markup.clock, level=markup.score_level,
        weburl=markup.web_url, counted=counted, counted_parts=counted_parts, duration=duration,
        language=markup.language_name, signal=markup.signal_label, section=markup.page_section,
        pathpart=lambda value: _part(str(value)),
    )
    env.globals.update(labels=markup.labels())
    return env


def render(request: Request, template: str, data: dict[str, Any], fmt: str | None, status: int = 200,
           feed: feeds.FeedSubject | None = None) -> Response:
    """The page as HTML, or its data as JSON under ``?format=json``; both name the other, and the page's feed."""
    json_url = _with_query(request, format="json")
    if feed is not None:
        data["feed"] = {"title": feed.title, **feeds.feed_paths(feed, _feed_query(request))}
    if fmt == "json":
        return JSONResponse(data, status_code=status)
    html = environment().get_template(template).render(data=data, request=request, json_url=json_url)
    # A header is Latin-1: an Arabic path goes into it percent-encoded (RFC 8288 links are URIs).
    safe = "/?=&%:;,+@!$'()*[]~"
    links = [f'<{quote(json_url, safe=safe)}>; rel="alternate"; type="application/json"']
    if feed is not None:
        links.append(f'<{quote(data["feed"]["atom"], safe=safe)}>; rel="alternate"; type="application/atom+xml"')
    return HTMLResponse(html, status_code=status, headers={"Link": ", ".join(links)})


def _feed_query(request: Request) -> str:
    """The search's own parameters (not its paging or format), for the URL of its feed."""
    return urlencode(sorted((k, v) for k, v in request.query_params.items()
                            if v and k not in ("offset", "limit", "format")))


def not_found(request: Request, what: str, fmt: str | None) -> Response:
    """A 404 page (or ``{"error"}`` under ``?format=json``)."""
    if fmt == "json":
        return JSONResponse({"error": what}, status_code=404)
    return render(request, "error.html", {"error": what, "status": 404}, None, status=404)


def moved(request: Request, store: Any, kind: str, group_id: str) -> Response | None:
    """A 301 to where an article, event or story that no longer exists went (its query kept), or None."""
    new_id = store.redirect(kind, group_id)
    if new_id is None:
        return None
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/{FOLDERS[kind]}/{_part(new_id)}{query}", status_code=301)


def _part(value: str) -> str:
    """An id as one path segment: every character but letters, digits and ``-._~`` percent-encoded
    (an id holding ``/``, ``?`` or ``#``, or Arabic, round-trips)."""
    return quote(value, safe="")


def _with_query(request: Request, **changes: Any) -> str:
    params = dict(request.query_params)
    params.update({k: v for k, v in changes.items() if v is not None})
    return f"{_raw_path(request)}?{urlencode(params)}"


def _raw_path(request: Request) -> str:
    """The path as the client sent it, still percent-encoded: an id holding ``?`` or ``#`` stays
    inside its segment (``request.url.path`` is decoded)."""
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if raw else quote(request.url.path)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, fmt: FormatQuery = None) -> Response:
    """Home: latest stories and events across outlets, the week's keyword cloud, the latest articles.

    Rendered once per state of the store and then answered from its bytes (marsad/web/cache.py)."""
    latest = feeds.FeedSubject("latest", "", "آخر الأحداث", "/")
    return PageCache.of(request.app).page(
        request, store, lambda: render(request, "home.html", pages.home_page(store), fmt, feed=latest)
    )


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story(request: Request, story_id: str, store: StoreDep, fmt: FormatQuery = None) -> Response:
    """A story: its events on a timeline by month, each with its articles by country and outlet."""
    found = store.get_story(story_id)
    if found is None:
        return moved(request, store, "story", story_id) or not_found(
            request, f"لا توجد قصة بالمعرف {story_id}", fmt
        )
    subject = feeds.FeedSubject("story", found.id, f"قصة: {found.title}", f"/stories/{_part(found.id)}")
    return render(request, "story.html", pages.story_page(store, found), fmt, feed=subject)


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event(request: Request, event_id: str, store: StoreDep, fmt: FormatQuery = None) -> Response:
    """An event: its articles by country and outlet, and the story it belongs to."""
    found = store.get_event(event_id)
    if found is None:
        return moved(request, store, "event", event_id) or not_found(
            request, f"لا يوجد حدث بالمعرف {event_id}", fmt
        )
    subject = feeds.FeedSubject("event", found.id, f"حدث: {found.title}", f"/events/{_part(found.id)}")
    return render(request, "event.html", pages.event_page(store, found), fmt, feed=subject)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str, store: StoreDep, fmt: FormatQuery = None) -> Response:
    """An article: text with entities and dates marked, scores with their evidence, sources, copies."""
    found = store.get_article(article_id)
    if found is None:
        return moved(request, store, "article", article_id) or not_found(
            request, f"لا يوجد مقال بالمعرف {article_id}", fmt
        )
    return render(request, "article.html", detail.article_page(store, found), fmt)


ENTITY_TYPES = ("PER", "ORG", "LOC", "PRODUCT", "EVENT", "MISC")


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    entity_type: Annotated[str, Query(alias="type", pattern=f"^({'|'.join(ENTITY_TYPES)})?$")] = "",
    q: Annotated[str, Query(max_length=200)] = "", fmt: FormatQuery = None,
) -> Response:
    """The encyclopedia: entities most mentioned first, by type (`type=PER`…) or name (`q=`), paged."""
    data = detail.entities_page(store, limit, offset, entity_type or None, q.strip())
    types = {t: "/entities" + (f"?{urlencode(p)}" if (p := {k: v for k, v in (("q", q.strip()), ("type", t)) if v})
                               else "") for t in ("", *ENTITY_TYPES)}
    data["links"] = {**_pages(request, data["count"], limit, offset), "types": types}
    return render(request, "entities.html", data, fmt)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str, store: StoreDep, fmt: FormatQuery = None) -> Response:
    """An entity: its spellings and why each was merged, mentions over time, related entities, stories."""
    found = store.get_entity(entity_id)
    if found is None:
        return not_found(request, f"لا يوجد كيان بالمعرف {entity_id}", fmt)
    if found.id != entity_id:  # an entity merged into another: its old address points at the survivor
        return moved(request, store, "entity", entity_id) or not_found(request, entity_id, fmt)
    subject = feeds.FeedSubject("entity", found.id, f"كل ما يخص {found.name}", f"/entities/{_part(found.id)}")
    return render(request, "entity.html", detail.entity_page(store, found), fmt, feed=subject)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, store: StoreDep, q: Annotated[str, Query(max_length=500)] = "",
    since: date | None = None, until: date | None = None, outlet: str | None = None,
    country: str | None = None, category: str | None = None, entity: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Annotated[int, Query(ge=0)] = 0,
    fmt: FormatQuery = None,
) -> Response:
    """Search: ranked articles with highlighted snippets, the same filters as /api/search."""
    where = ArticleFilter(
        since=since.isoformat() if since else None, until=until.isoformat() if until else None,
        outlet=outlet or None, country=country or None, category=category or None, entity=entity or None,
    )
    data = lookup.search_page(store, q, where, limit, offset)
    data["pages"] = _pages(request, data["count"], limit, offset)
    return render(request, "search.html", data, fmt, feed=_search_subject(request, q, where))


def _search_subject(request: Request, q: str, where: ArticleFilter) -> feeds.FeedSubject | None:
    """A search's feed: an outlet's own feed when the outlet is all it asks, else the search's."""
    if where.outlet and not q.strip() and not any(getattr(where, f) for f in ("since", "until", "country",
                                                                                 "category", "entity")):
        return outlet_subject(where.outlet)
    if not q.strip() and where == ArticleFilter():
        return None
    title = f"بحث: {q.strip()}" if q.strip() else "بحث مرشح"
    return feeds.FeedSubject("search", q.strip(), title, f"/search?{_feed_query(request)}")


def outlet_subject(outlet: str) -> feeds.FeedSubject:
    return feeds.FeedSubject("outlet", outlet, f"منفذ: {outlet}", f"/search?{urlencode({'outlet': outlet})}")


@router.get("/sources", response_class=HTMLResponse)
def sources(
    request: Request, store: StoreDep, since: date | None = None, until: date | None = None,
    fmt: FormatQuery = None,
) -> Response:
    """Outlets and their record, countries, and who cites whom."""
    data = lookup.sources_page(store, since.isoformat() if since else None, until.isoformat() if until else None)
    return render(request, "sources.html", data, fmt)


def _pages(request: Request, count: int, limit: int, offset: int) -> dict[str, str | None]:
    """Links to the previous and next page of results, None at either end."""
    previous = _with_query(request, offset=max(0, offset - limit)) if offset > 0 else None
    following = _with_query(request, offset=offset + limit) if offset + limit < count else None
    return {"previous": previous, "next": following}


# -- feeds: Atom and JSON Feed of the newest events -------------------------------------------------------

FeedFormat = Annotated[str, Path(pattern="^(atom|json)$")]


def feed_response(request: Request, store: Any, subject: feeds.FeedSubject, ext: str,
                  where: ArticleFilter | None = None) -> Response:
    data = feeds.feed_data(store, subject, str(request.base_url), where, _feed_query(request))
    if ext == "json":
        return JSONResponse(feeds.json_feed(data), media_type="application/feed+json")
    return Response(feeds.atom(data), media_type="application/atom+xml; charset=utf-8")


@router.get("/feeds/latest.{ext}")
def latest_feed(request: Request, store: StoreDep, ext: FeedFormat) -> Response:
    """Atom feed (or JSON Feed, `.json`) of the newest events of the whole store."""
    return feed_response(request, store, feeds.FeedSubject("latest", "", "آخر الأحداث", "/"), ext)


@router.get("/feeds/search.{ext}")
def search_feed(
    request: Request, store: StoreDep, ext: FeedFormat, q: Annotated[str, Query(max_length=500)] = "",
    since: date | None = None, until: date | None = None, outlet: str | None = None,
    country: str | None = None, category: str | None = None, entity: str | None = None,
) -> Response:
    """Atom feed (or JSON Feed, `.json`) of the newest events of a search, with the search's filters."""
    where = ArticleFilter(
        since=since.isoformat() if since else None, until=until.isoformat() if until else None,
        outlet=outlet or None, country=country or None, category=category or None, entity=entity or None,
    )
    subject = _search_subject(request, q, where) or feeds.FeedSubject("latest", "", "آخر الأحداث", "/")
    if subject.kind == "outlet":  # the same events, under the search's own address
        subject = feeds.FeedSubject("search", "", subject.title, subject.page)
    return feed_response(request, store, subject, ext, where)


@router.get("/feeds/{kind}/{key:path}.{ext}")  # a key may hold "/" (percent-encoded)
def subject_feed(
    request: Request, store: StoreDep, kind: Annotated[str, Path(pattern="^(entity|story|event|outlet)$")],
    key: str, ext: FeedFormat,
) -> Response:
    """Atom feed (or JSON Feed, `.json`) of the newest events of an entity, a story or an outlet, or of
    the newest reports of one event (one entry per article)."""
    if kind == "entity":
        entity = store.get_entity(key)
        if entity is None:
            return error_response(404, f"no such entity: {key}")
        if entity.id != key:
            return moved_feed(request, store, "entity", key, ext) or error_response(404, f"no such entity: {key}")
        subject = feeds.FeedSubject("entity", key, f"كل ما يخص {entity.name}", f"/entities/{_part(key)}")
    elif kind == "story":
        story = store.get_story(key)
        if story is None:
            return moved_feed(request, store, "story", key, ext) or error_response(404, f"no such story: {key}")
        subject = feeds.FeedSubject("story", key, f"قصة: {story.title}", f"/stories/{_part(key)}")
    elif kind == "event":
        found = store.get_event(key)
        if found is None:
            return moved_feed(request, store, "event", key, ext) or error_response(404, f"no such event: {key}")
        subject = feeds.FeedSubject("event", key, f"حدث: {found.title}", f"/events/{_part(key)}")
    else:
        if not store.count_articles(ArticleFilter(outlet=key)):
            return error_response(404, f"no articles from outlet: {key}")
        subject = outlet_subject(key)
    return feed_response(request, store, subject, ext)


def moved_feed(request: Request, store: Any, kind: str, old_id: str, ext: str) -> Response | None:
    """A 301 from the feed of a story (or entity) that no longer exists to the feed of the one that took
    its articles (as its page and the API answer), or None.  The JSON twin also names it in its body."""
    new_id = store.redirect(kind, old_id)
    if new_id is None:
        return None
    location = feeds.feed_paths(feeds.FeedSubject(kind, new_id, "", ""))[ext]
    if request.url.query:
        location += f"?{request.url.query}"
    if ext == "json":
        body = {"error": f"{kind} {old_id} is now {new_id}", "moved_to": new_id, "location": location}
        return JSONResponse(body, status_code=301, headers={"Location": location})
    return RedirectResponse(location, status_code=301)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, fmt: FormatQuery = None) -> Response:
    """The API reference, rendered from the app's OpenAPI description: no script, no CDN."""
    return render(request, "api_docs.html", apidocs.reference(request.app.openapi()), fmt)


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not an API client, not a JSON twin): it gets HTML errors."""
    if request.url.path.startswith("/api/") or request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


async def http_error(request: Request, error: HTTPException) -> Response:
    """An unknown path is an Arabic page for a browser and ``{"error"}`` for everyone else."""
    if error.status_code == 404 and wants_page(request):
        message = "لا توجد صفحة بهذا العنوان. ربما نُقلت أو كُتب العنوان خطأً."
        return render(request, "error.html", {"error": message, "status": 404}, None, status=404)
    return error_response(error.status_code, str(error.detail))


def install_web(app: FastAPI) -> None:
    """Serve the pages at /, the API reference at /docs, the static files at /static, and page errors."""
    app.include_router(router)
    app.add_middleware(CachedPages)
    app.mount("/static", StaticFiles(directory=str(files("marsad.web").joinpath("static"))), name="static")
    app.add_exception_handler(HTTPException, http_error)
