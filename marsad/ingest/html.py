"""HTML article pages: the main text and the page's own metadata, without its chrome."""

from __future__ import annotations

import trafilatura

from marsad import config
from marsad.errors import InputError
from marsad.model import RawDocument, Source

# htmldate's extensive search guesses a date from any number on the page; a guess
# must not be dressed as a fact (unknown is null, never a guess), so only explicit dates count.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(html: str, origin: str) -> RawDocument:
    """One article page as a RawDocument."""
    return extract_page(RawDocument(origin=origin, kind="html", html=html))


def extract_page(raw: RawDocument) -> RawDocument:
    """Fill text, title, date, author and site name from ``raw.html``; what the input gave wins."""
    if len(raw.html or "") > config.MAX_HTML_CHARS:
        limit = config.MAX_HTML_CHARS / 2**20
        raise InputError(raw.origin, f"HTML page larger than {limit:g} M characters; not read", raw.line)
    page = trafilatura.bare_extraction(
        raw.html or "",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (page.text or "").strip() if page is not None else ""
    if len(text.split()) < config.MIN_PAGE_WORDS:
        raise InputError(raw.origin, "no article text found in the HTML page", raw.line)
    raw.title = raw.title or _clean(page.title)
    raw.text = _without_title(text, raw.title)
    raw.url = raw.url or _clean(page.url)
    raw.author = raw.author or _clean(page.author)
    if not raw.published and _clean(page.date):
        raw.published, raw.published_basis = page.date, "page"
    if raw.source.name is None and _clean(page.sitename):
        raw.source = Source(name=_clean(page.sitename), country=raw.source.country)
    return raw


def _without_title(text: str, title: str | None) -> str:
    """trafilatura keeps the page's <h1>; the title is a field of its own, not body text."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and first.strip() == title.strip():
        return rest.strip()
    return text


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
