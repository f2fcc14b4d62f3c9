"""``/api/search``, ``/api/keywords`` and ``/api/sources``: views across the store."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from marsad.api.deps import FilterDep, PagingDep, StoreDep
from marsad.api.errors import INVALID
from marsad.api.schemas import KeywordOut, SearchPage, SourcesOut
from marsad.scoring import citation_edges, keyword_cloud
from marsad.search import count_search
from marsad.search import search as search_articles

router = APIRouter(prefix="/api", tags=["search"])
SinceQuery = Annotated[date | None, Query(description="From this ISO date (inclusive).")]
UntilQuery = Annotated[date | None, Query(description="Up to this ISO date (inclusive).")]


@router.get("/search", response_model=SearchPage, responses=INVALID)
def search(
    store: StoreDep,
    paging: PagingDep,
    where: FilterDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words, \"phrases\", -excluded.")],
) -> dict[str, Any]:
    """Articles matching ``q``, ranked by relevance (BM25) and recency, with highlighted snippets.

    The query is normalised like the text: «أ» finds «ا», «المغرب» finds «بالمغرب».
    """
    hits = search_articles(store, q, limit=paging.limit, offset=paging.offset, where=where)
    data = [
        {**hit.article.as_dict(), "rank": hit.rank, "snippet": hit.snippet,
         "highlights": [list(span) for span in hit.highlights]}
        for hit in hits
    ]
    return {"query": q, "data": data, "count": count_search(store, q, where),
            "limit": paging.limit, "offset": paging.offset}


@router.get("/keywords", response_model=list[KeywordOut], responses=INVALID)
def keywords(
    store: StoreDep,
    since: SinceQuery = None,
    until: UntilQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """The keyword cloud of the articles published in the window: weights 0..1, heaviest first."""
    lists = store.keyword_lists(_iso(since), _iso(until))
    return [{"keyword": k, "weight": w} for k, w in keyword_cloud(lists, limit=limit)]


@router.get("/sources", response_model=SourcesOut, responses=INVALID)
def sources(
    store: StoreDep,
    since: SinceQuery = None,
    until: UntilQuery = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many citation edges.")] = 100,
) -> dict[str, Any]:
    """Outlets with their record, and the citation graph: which outlet cites which source."""
    edges = citation_edges(store.citing_articles(_iso(since), _iso(until)))[:limit]
    return {
        "outlets": [_outlet(o) for o in store.outlet_summaries()],
        "citations": [{"outlet": o, "cites": c, "kind": k, "articles": n} for o, c, k, n in edges],
    }


def _outlet(summary: Any) -> dict[str, Any]:
    return {name: getattr(summary, name) for name in summary.__slots__}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
