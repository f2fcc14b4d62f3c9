"""Page data of search and of the sources page (outlets, countries, who cites whom)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from marsad.model import Article
from marsad.scoring import citation_edges
from marsad.search import Query, count_search, highlight_spans, make_snippet, parse_query, search
from marsad.store import ArticleFilter, Store
from marsad.web.markup import highlighted
from marsad.web.pages import brief

CITATION_EDGES = 150
FILTERS = ("since", "until", "outlet", "country", "category", "entity")


def search_page(store: Store, q: str, where: ArticleFilter, limit: int, offset: int) -> dict[str, Any]:
    """Search results with highlighted titles and snippets, the filters in force and their choices.

    Without query words but with a filter, the page lists the filtered articles, newest first.
    """
    parsed = parse_query(q)
    filtered = any(getattr(where, name) for name in FILTERS)
    if not parsed.is_empty():
        hits = [_hit(h.article, h.rank, h.snippet, h.highlights, parsed)
                for h in search(store, q, limit=limit, offset=offset, where=where)]
        count = count_search(store, q, where)
    elif filtered:
        hits = [_hit(a, None, make_snippet(a.text, parsed).text, (), parsed)
                for a in store.list_articles(limit=limit, offset=offset, where=where)]
        count = store.count_articles(where)
    else:
        hits, count = [], 0
    entity = store.get_entity(where.entity) if where.entity else None
    return {
        "query": q,
        "words": sorted(parsed.bases()),
        "filters": {name: getattr(where, name) for name in FILTERS},
        "entity": {"id": entity.id, "name": entity.name} if entity else None,
        "listing": bool(filtered and parsed.is_empty()),
        "count": count,
        "limit": limit,
        "offset": offset,
        "hits": hits,
        "choices": _choices(store),
    }


def _hit(article: Article, rank: float | None, snippet: str, spans: Any, parsed: Query) -> dict[str, Any]:
    """One result: the article's brief, its rank and snippet, title and snippet as segments."""
    row = brief(article)
    return {
        **row, "rank": rank, "snippet": snippet, "highlights": [list(s) for s in spans],
        "title_segments": highlighted(row["title"], highlight_spans(row["title"], parsed)),
        "snippet_segments": highlighted(snippet, spans),
    }


def _choices(store: Store) -> dict[str, list[str]]:
    """The values the filters offer: outlets, countries and categories present in the store."""
    outlets = store.outlet_summaries()
    return {
        "outlets": sorted({o.name for o in outlets if o.name}),
        "countries": sorted({o.country for o in outlets if o.country}),
        "categories": [c for c, _ in store.category_counts()],
    }


def sources_page(store: Store, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """Outlets and their record, countries, and the citation graph of the window."""
    outlets = store.outlet_summaries()
    countries: dict[str, dict[str, Any]] = defaultdict(lambda: {"outlets": 0, "articles": 0, "copies": 0})
    for outlet in outlets:
        row = countries[outlet.country or ""]
        row["outlets"] += 1
        row["articles"] += outlet.articles
        row["copies"] += outlet.copies
    edges = citation_edges(store.citing_articles(since, until))
    kinds: dict[str, int] = defaultdict(int)
    for _, _, kind, n in edges:
        kinds[kind] += n
    return {
        "since": since,
        "until": until,
        "outlets": [{name: getattr(o, name) for name in o.__slots__} for o in outlets],
        "countries": [{"country": c or None, **row} for c, row in
                      sorted(countries.items(), key=lambda item: -item[1]["articles"])],
        "citations": [{"outlet": o, "cites": c, "kind": k, "articles": n}
                      for o, c, k, n in edges[:CITATION_EDGES]],
        "citation_kinds": dict(sorted(kinds.items(), key=lambda item: -item[1])),
        "followed": _followed(store),
    }


def _followed(store: Store) -> list[dict[str, Any]]:
    """The sources ``marsad collect`` follows, with their feeds' health (docs/collect.md)."""
    import time

    from marsad.collect.sources import source_view

    now = time.time()
    return [source_view(s, now) for s in store.list_sources()]
