"""JSON Lines: one article record per line, streamed so that huge files stay cheap.

Every line is read with a length limit (``config.MAX_LINE_BYTES``), parsed with limits on nesting
and integer length, and checked for lone surrogates; whatever is wrong becomes one InputError
naming the line, and the next line is read.
"""

from __future__ import annotations

import html as html_entities
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from marsad import config
from marsad.errors import InputError
from marsad.ingest.files import decode, utf16_by_content
from marsad.ingest.html import extract_page
from marsad.model import PageClaims, RawDocument, Source

_CHUNK = 1 << 20
# Other names that crawled corpora and scrapers give the record fields (SaudiNewsNet writes
# "content" and "date_extracted"): each is read when the field itself is missing, in this order.
# A crawl time comes last: it stands in for the publication date only when nothing else gives one.
FIELD_ALIASES = {
    "text": ("content", "body", "article", "article_text"),
    "published": ("date_published", "datePublished", "published_at", "pubDate", "publish_date", "date",
                  "date_extracted", "crawled_at"),
}
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]{2,8});")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _LongLine:
    """A line longer than the limit, read through and dropped: only its length is kept."""

    def __init__(self, length: int) -> None:
        self.length = length


def read_jsonl(lines: Iterable[bytes | _LongLine], origin: str) -> Iterator[RawDocument | InputError]:
    """Yield a RawDocument per good line and an InputError (with its line number) per bad one."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, _LongLine):
            limit = config.MAX_LINE_BYTES / 2**20
            yield InputError(origin, f"line longer than {limit:g} MB ({raw.length:,} bytes); skipped", number)
            continue
        if not raw.strip():
            continue
        yield _parse_line(raw, origin, number)


def read_jsonl_stream(stream: IO[bytes], origin: str) -> Iterator[RawDocument | InputError]:
    """A JSON Lines file (UTF-8, or UTF-16 with or without BOM) read line by line, lines bounded."""
    head = _peek(stream)
    encoding = "utf_16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else utf16_by_content(head)
    if encoding:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=None)
        lines: Iterable[bytes | _LongLine] = (
            line if isinstance(line, _LongLine) else line.encode("utf-8")
            for line in _bounded_lines(text, config.MAX_LINE_BYTES // 2)
        )
    else:
        lines = _bounded_lines(stream, config.MAX_LINE_BYTES)
    yield from read_jsonl(lines, origin)


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(4096)[:4096] if peek else b""


def _bounded_lines(stream: Any, limit: int) -> Iterator[Any]:
    """The stream's lines; a line past ``limit`` is read through in chunks and yielded as a _LongLine."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith("\n" if isinstance(line, str) else b"\n"):
            yield line
            continue
        length = len(line)
        while (rest := stream.readline(_CHUNK)) and not rest.endswith("\n" if isinstance(rest, str) else b"\n"):
            length += len(rest)
        length += len(rest)
        yield _LongLine(length)


def read_json_document(data: str, origin: str) -> Iterator[RawDocument | InputError] | None:
    """A .json file holding one JSON array of records, or one record (pretty-printed or not).

    None when it is neither (a .json file of JSON Lines is read as such by the caller).
    """
    try:
        value = load_json(data, origin)
    except json.JSONDecodeError:
        return None
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise InputError(origin, f"JSON {type(value).__name__}, not a record or a list of records")
    if not value:
        raise InputError(origin, "empty JSON list: no records")
    return (_document(record, origin, number) for number, record in enumerate(value, start=1))


def load_json(text: str, origin: str, line: int | None = None) -> Any:
    """``json.loads`` with limits: nesting (config.MAX_JSON_DEPTH) and integer length.

    Raises InputError past a limit, json.JSONDecodeError for what is not JSON.
    """
    try:
        value = json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        value = None
        depth = config.MAX_JSON_DEPTH + 1
    except _LongInteger as error:
        raise InputError(
            origin, f"integer of {error.digits:,} digits (at most {config.MAX_JSON_INT_DIGITS} read)", line
        ) from None
    else:
        depth = _depth(value)
    if depth > config.MAX_JSON_DEPTH:
        raise InputError(origin, f"JSON nested deeper than {config.MAX_JSON_DEPTH} levels", line)
    return value


class _LongInteger(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > config.MAX_JSON_INT_DIGITS:
        raise _LongInteger(len(digits.lstrip("-")))
    return int(digits)


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= config.MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _parse_line(raw: bytes, origin: str, number: int) -> RawDocument | InputError:
    notices: list[str] = []
    try:
        text = decode(raw, origin, notices)
        record = load_json(text, origin, number)
    except InputError as error:
        return InputError(origin, error.problem, number)
    except json.JSONDecodeError as error:
        problem = "line is not JSON"
        if not raw.endswith(b"\n"):
            problem = "half-written last line (no closing newline; not valid JSON)"
        return InputError(origin, f"{problem}: {error.msg} at column {error.colno}", number)
    document = _document(record, origin, number)
    if isinstance(document, RawDocument):
        document.notices[:0] = notices
    return document


def _document(record: Any, origin: str, number: int) -> RawDocument | InputError:
    try:
        document = record_to_document(record, origin, number)
        return document if document.text is not None else extract_page(document)
    except InputError as error:
        return error


def record_to_document(record: Any, origin: str, line: int | None = None) -> RawDocument:
    """A JSON record (docs/reference.md, "Record fields") (also what ``POST /api/articles`` takes) as a RawDocument."""
    if not isinstance(record, dict):
        raise InputError(origin, f"record is a JSON {type(record).__name__}, not an object", line)
    record, repaired = _without_surrogates(record)
    record = _with_aliases(record)
    text, html, title = _unescaped(record.get("text")), record.get("html"), _unescaped(record.get("title"))
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
        title=_str(title),
        url=_str(record.get("url")),
        published=published,
        published_basis="input" if published else None,
        source=_source(record["source"] if record.get("source") is not None else record.get("outlet"), origin, line),
        page=PageClaims(category=_str(record.get("category"))),
        given_id=_str(record.get("id")),
        line=line,
        author=_str(record.get("author")),
        headline_only=headline_only,
        notices=[f"{repaired} lone surrogate{'s' if repaired > 1 else ''} (invalid UTF-16 escapes) replaced with U+FFFD"]
        if repaired
        else [],
    )


def _without_surrogates(record: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The record with every lone surrogate in its strings replaced by U+FFFD, and how many there were.

    ``"\\ud800"`` is valid JSON but no valid text: it cannot be written as UTF-8 (the store, pages).
    """
    count = 0

    def fix(value: Any) -> Any:
        nonlocal count
        if isinstance(value, str):
            found = len(_SURROGATE.findall(value))
            if found:
                count += found
                return _SURROGATE.sub("\ufffd", value)
            return value
        if isinstance(value, dict):
            return {fix(k): fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    return fix(record), count


def _source(value: Any, origin: str, line: int | None) -> Source:
    if value is None:
        return Source()
    if isinstance(value, str):
        return Source(name=value.strip() or None)
    if isinstance(value, dict):
        return Source(name=_str(value.get("name")), country=_str(value.get("country")))
    raise InputError(origin, 'field "source" must be a string or {"name", "country"}', line)


def _with_aliases(record: dict[str, Any]) -> dict[str, Any]:
    """The record with each missing field taken from the first of its other names that is set."""
    missing = {field: names for field, names in FIELD_ALIASES.items() if not _nonblank(record.get(field))}
    if not missing:
        return record
    record = dict(record)
    for field, names in missing.items():
        given = next((record[name] for name in names if _nonblank(record.get(name))), None)
        if given is not None:
            record[field] = given
    return record


def _unescaped(value: Any) -> Any:
    """Plain text with the HTML entities a scraper left in it («&quot;سبق&quot;») decoded."""
    if isinstance(value, str) and "&" in value and _ENTITY.search(value):
        return html_entities.unescape(value)
    return value


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _nonblank(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
