"""JSON Lines: one article record per line, streamed so that huge files stay cheap."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.errors import InputError
from marsad.ingest.files import decode
from marsad.ingest.html import extract_page
from marsad.model import PageClaims, RawDocument, Source


def read_jsonl(lines: Iterable[bytes], origin: str) -> Iterator[RawDocument | InputError]:
    """Yield a RawDocument per good line and an InputError (with its line number) per bad one."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        yield _parse_line(raw, origin, number)


def _parse_line(raw: bytes, origin: str, number: int) -> RawDocument | InputError:
    try:
        text = decode(raw, origin)
        record = json.loads(text)
    except InputError as error:
        return InputError(origin, error.problem, number)
    except json.JSONDecodeError as error:
        problem = "line is not JSON"
        if not raw.endswith(b"\n"):
            problem = "half-written last line (no closing newline; not valid JSON)"
        return InputError(origin, f"{problem}: {error.msg} at column {error.colno}", number)
    try:
        document = record_to_document(record, origin, number)
        return document if document.text is not None else extract_page(document)
    except InputError as error:
        return error


def record_to_document(record: Any, origin: str, line: int | None = None) -> RawDocument:
    """A SPEC.md JSON record (also what ``POST /api/articles`` takes) as a RawDocument."""
    if not isinstance(record, dict):
        raise InputError(origin, f"record is a JSON {type(record).__name__}, not an object", line)
    text, html, title = record.get("text"), record.get("html"), record.get("title")
    headline_only = not _nonblank(text) and not _nonblank(html)
    if headline_only and not (isinstance(title, str) and title.strip()):
        raise InputError(origin, "record has neither text, html nor title", line)
    for name in ("text", "html", "title", "url", "published", "category", "id"):
        value = record.get(name)
        if value is not None and not isinstance(value, str | int):
            raise InputError(origin, f'field "{name}" must be a string', line)
    published = _str(record.get("published"))
    return RawDocument(
        origin=origin,
        kind="html" if _nonblank(html) and not _nonblank(text) else "jsonl",
        text=text if _nonblank(text) else (title if headline_only else None),
        html=html if _nonblank(html) else None,
        title=_str(record.get("title")),
        url=_str(record.get("url")),
        published=published,
        published_basis="input" if published else None,
        source=_source(record["source"] if record.get("source") is not None else record.get("outlet"), origin, line),
        page=PageClaims(category=_str(record.get("category"))),
        given_id=_str(record.get("id")),
        line=line,
        author=_str(record.get("author")),
        headline_only=headline_only,
    )


def _source(value: Any, origin: str, line: int | None) -> Source:
    if value is None:
        return Source()
    if isinstance(value, str):
        return Source(name=value.strip() or None)
    if isinstance(value, dict):
        return Source(name=_str(value.get("name")), country=_str(value.get("country")))
    raise InputError(origin, 'field "source" must be a string or {"name", "country"}', line)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _nonblank(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
