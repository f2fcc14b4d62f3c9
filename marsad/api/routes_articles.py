"""``/api/articles``: list, one article, and ingest (the same pipeline as ``marsad ingest``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from marsad import config
from marsad.api.deps import ArticleDep, FilterDep, PagingDep, StoreDep
from marsad.api.errors import INVALID, NOT_FOUND, BadRequest, Unprocessable
from marsad.api.schemas import ArticleIn, ArticleOut, ErrorOut, IngestOut, Page
from marsad.errors import InputError
from marsad.model import RawDocument

router = APIRouter(prefix="/api/articles", tags=["articles"])
ORIGIN = "POST /api/articles"


@router.get("", response_model=Page[ArticleOut], responses=INVALID)
def list_articles(store: StoreDep, paging: PagingDep, where: FilterDep) -> dict[str, Any]:
    """Stored articles, newest first, optionally filtered."""
    articles = store.list_articles(limit=paging.limit, offset=paging.offset, where=where)
    return {
        "data": [a.as_dict() for a in articles],
        "count": store.count_articles(where),
        "limit": paging.limit,
        "offset": paging.offset,
    }


@router.get("/{article_id:path}", response_model=ArticleOut, responses={**NOT_FOUND, **INVALID})
def get_article(article: ArticleDep) -> dict[str, Any]:
    """One article."""
    return article.as_dict()


@router.post(
    "",
    response_model=IngestOut,
    status_code=201,
    responses={200: {"model": IngestOut, "description": "Nothing new stored"},
               400: {"model": ErrorOut}, **INVALID},
)
def post_articles(
    store: StoreDep,
    response: Response,
    records: Annotated[ArticleIn | list[ArticleIn], Body(description="A record, or a list of records.")],
) -> dict[str, Any]:
    """Ingest one record or a list of records: the whole pipeline, then stored.

    Idempotent like ``marsad ingest``: posting the same record twice stores it once
    (``duplicates`` counts the second).  Bad records are reported in ``errors`` and
    the good ones still stored; when every record is bad the answer is 422.
    """
    from marsad import pipeline  # here, not above: serving pages and searches never loads the models

    items = _documents(records)
    summary = pipeline.ingest(items, store)
    if summary.failed and not summary.stored and not summary.duplicates:
        raise Unprocessable("; ".join(str(e) for e in summary.errors[:3]))
    response.status_code = 201 if summary.stored else 200
    return {
        "read": summary.read, "stored": summary.stored, "duplicates": summary.duplicates,
        "copies": summary.copies, "failed": summary.failed,
        "errors": [str(e) for e in summary.errors], "articles": summary.stored_ids,
        "warnings": [str(n) for n in summary.notices],
    }


def _documents(records: ArticleIn | list[ArticleIn]) -> list[RawDocument | InputError]:
    """The records as the readers would give them: RawDocuments, or the InputError of a bad one."""
    listed = records if isinstance(records, list) else [records]
    if not listed:
        raise BadRequest("no records: send a record or a non-empty list of records")
    if len(listed) > config.MAX_POST_RECORDS:
        raise BadRequest(f"{len(listed)} records in one request; send at most {config.MAX_POST_RECORDS}")
    from marsad.ingest.html import extract_page
    from marsad.ingest.jsonl import record_to_document

    items: list[RawDocument | InputError] = []
    for number, record in enumerate(listed, start=1):
        try:
            document = record_to_document(record.model_dump(exclude_unset=True), ORIGIN, number)
            items.append(document if document.text is not None else extract_page(document))
        except InputError as error:
            items.append(error)
    return items
