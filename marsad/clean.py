"""Stage 2: a RawDocument becomes an Article: clean whitespace, a stable id, ISO dates.

Chrome is already gone here (trafilatura for HTML, the metadata-block rule for
aggregator dumps); what remains is making the text a stable base for offsets.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from marsad import config
from marsad.errors import InputError
from marsad.model import Article, RawDocument

# Zero-width and bidi controls are kept in the text (they are part of what the
# outlet wrote; the text layer ignores them for matching), but NBSP and other
# exotic spaces become plain spaces so that offsets and display agree.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def clean_text(text: str) -> str:
    """One paragraph per line, single spaces, no blank-line runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def article_id(raw: RawDocument, text: str) -> str:
    """The id the input gives, else a hash of what identifies the article (same input, same id)."""
    if raw.given_id:
        return raw.given_id
    key = "\n".join([raw.url or "", raw.title or "", text])
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def iso_datetime(value: str | None) -> str | None:
    """An input date as ISO 8601 (``2022-07-21T21:24:27``, offset kept), or None when unreadable."""
    if not value:
        return None
    value = value.strip()[:100]  # a date is short; a long "date" is junk, not worth parsing
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:  # a real day of a real month (2018-02-30 and 0000-00-00 are not): stored as null
            return date.fromisoformat(value).isoformat() if value >= "0001" else None
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return moment.isoformat()


def to_article(raw: RawDocument) -> Article:
    """The cleaned Article of a RawDocument (text set: readers guarantee it)."""
    if len(raw.text or "") > config.MAX_TEXT_CHARS:
        raise InputError(
            raw.origin,
            f"text too long for one article ({len(raw.text or ''):,} characters;"
            f" at most {config.MAX_TEXT_CHARS:,}, MARSAD_MAX_TEXT_CHARS)",
            raw.line,
        )
    text = clean_text(raw.text or "")
    title = clean_text(raw.title) if raw.title else None
    published = iso_datetime(raw.published)
    return Article(
        id=article_id(raw, text),
        origin=raw.origin,
        text=text,
        title=title or None,
        url=raw.url,
        published=published,
        published_basis=raw.published_basis if published else None,
        source=raw.source,
        page=raw.page,
        headline_only=raw.headline_only,
        teaser=raw.teaser,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
