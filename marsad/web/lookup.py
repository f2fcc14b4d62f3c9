"""Page data of search and of the sources page (outlets, countries, who cites whom)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from marsad.scoring import citation_edges
from marsad.search import highlight_spans, parse_query
from marsad.store import ArticleFilter, Store
from marsad.web.markup import highlighted
from marsad.web.pages import brief

CITATION_EDGES = 150


def search_page(store: Store, q: str, where: ArticleFilter, limit: int, offset: int) -> dict[str, Any]:
    """Search results with highlighted titles and snippets, the filters in force and their choices."""
    parsed = parse_query(q)
    hits = store.search(q, limit=limit, offset=offset, where=where) if q.strip() else []
    entity = store.get_entity(where.entity) if where.entity else None
    return {
        "query": q,
        "words": sorted(parsed.bases()),
        "filters": {name: getattr(where, name) for name in ("since", "until", "outlet", "country",
                                                             "category", "entity")},
        "entity": {"id": entity.id, "name": entity.name} if entity else None,
        "count": store.count_search(q, where) if q.strip() else 0,
        "limit": limit,
        "offset": offset,
        "hits": [
            {**brief(hit.article), "rank": hit.rank, "snippet": hit.snippet,
             "highlights": [list(s) for s in hit.highlights],
             "title_segments": highlighted(brief(hit.article)["title"],
                                           highlight_spans(brief(hit.article)["title"], parsed)),
             "snippet_segments": highlighted(hit.snippet, hit.highlights)}
            for hit in hits
        ],
        "choices": _choices(store),
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
    }
