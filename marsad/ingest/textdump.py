"""Plain-text articles, including pages copied from news aggregators.

An aggregator dump holds one article, the page's metadata block for *this*
article (تاريخ الخبر، المصدر: outlet - country، التصنيف، مستوى الصحة، الأهمية),
and chrome: latest-news lists that carry other articles' titles and metadata
blocks, keyword clouds, app banners.  Aggregators lay these out in three ways,
all read here:

- body, then metadata, then chrome;
- headline, then metadata, then body, then chrome;
- metadata, then headline and body, then chrome.

Only the first metadata block is read, and the body is looked for on the side of
it that holds more than a headline; chrome (from a stand-alone heading such as
«آخر الأخبار», or another metadata block) is dropped, so a neighbour's title or
metadata is never taken.  A dump with no body on either side is an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad import config
from marsad.errors import InputError
from marsad.model import PageClaims, RawDocument, Source
from marsad.text.normalize import normalize_digits

_SENTENCE_END = (".", "!", "؟", "?", ":", "،", "؛")


@dataclass(slots=True)
class DumpMetadata:
    """The fields of the first metadata block, as written (values not yet parsed)."""

    published: str | None = None
    source: str | None = None
    category: str | None = None
    credibility: str | None = None
    importance: str | None = None


def read_text(text: str, origin: str) -> RawDocument:
    """A plain-text article: title line, body, and the aggregator metadata block if any."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _metadata_start(lines)
    if start is None:
        meta, title, body = DumpMetadata(), *_split_title(_cut_chrome(lines))
    else:
        end = _metadata_end(lines, start)
        meta = _read_metadata(lines[start:end])
        title, body = _find_body(lines[:start], _cut_chrome(lines[end:], first=True))
    if not body.strip():
        raise InputError(origin, "no article text (the file holds only a title, metadata or page chrome)")
    published = _parse_published(meta.published)
    name, country = _parse_source(meta.source)
    return RawDocument(
        origin=origin,
        kind="text",
        text=body,
        title=title,
        published=published,
        published_basis="page" if published else None,
        source=Source(name=name, country=country),
        page=PageClaims(
            category=meta.category,
            credibility=_parse_percent(meta.credibility),
            importance=_parse_percent(meta.importance),
        ),
    )


def _find_body(before: list[str], after: list[str]) -> tuple[str | None, str]:
    """Title and body from the lines before and after the metadata block.

    The body lies before the block when more than a headline is there (body,
    metadata, chrome); otherwise after it, with the line before the block, if
    any, as the headline (headline, metadata, body; or metadata, headline, body).
    """
    head = [line.strip() for line in before if line.strip()]
    if len(head) > 1 or (head and not _looks_like_headline(head[0])):
        return _split_title(before)
    if not head:
        return _split_title(after)
    body = _join_paragraphs([line.strip() for line in after])
    return (head[0], body) if body else (None, "")


@cache
def _label_pattern() -> re.Pattern[str]:
    """Matches ``label:`` for every metadata label; the group name says which field."""
    labels = json.loads(resources.files("marsad.ingest").joinpath("data/dump_labels.json").read_text("utf-8"))
    parts = [
        f"(?P<{field}>{'|'.join(re.escape(label) for label in names)})"
        for field, names in labels.items()
    ]
    return re.compile(r"(?:" + "|".join(parts) + r")\s*[:：]\s*")


@cache
def _chrome_headings() -> frozenset[str]:
    text = resources.files("marsad.ingest").joinpath("data/chrome_headings.txt").read_text("utf-8")
    return frozenset(
        _heading_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _heading_key(line: str) -> str:
    return re.sub(r"[\s:：\-–—|»«]+", " ", line).strip()


def _metadata_start(lines: list[str]) -> int | None:
    """Index of the first line that opens with a metadata label."""
    pattern = _label_pattern()
    for index, line in enumerate(lines):
        if pattern.match(line.strip()):
            return index
    return None


def _metadata_end(lines: list[str], start: int) -> int:
    """Index just past the block's labelled lines.

    Blank lines between labelled lines belong to the block, but a label already
    seen starts another article's block (a neighbour's metadata), which ends it.
    """
    pattern = _label_pattern()
    end, seen = start, set()
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        fields = {m.lastgroup for m in pattern.finditer(stripped)} if pattern.match(stripped) else set()
        if fields and not fields & seen:
            end, seen = index + 1, seen | fields
        elif stripped or fields:
            break
    return end


def _read_metadata(block: list[str]) -> DumpMetadata:
    """Read label/value pairs from the block's labelled lines; first value wins."""
    meta = DumpMetadata()
    pattern = _label_pattern()
    for line in block:
        stripped = line.strip()
        matches = list(pattern.finditer(stripped))
        if not matches or matches[0].start() != 0:
            continue
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            end = following.start() if following is not None else len(stripped)
            value = stripped[match.end() : end].strip() or None
            field = match.lastgroup
            if field and getattr(meta, field) is None:
                setattr(meta, field, value)
    return meta


def _cut_chrome(lines: list[str], first: bool = False) -> list[str]:
    """Drop everything from the first stand-alone chrome heading or metadata line on.

    The first line is a title, never a heading, unless ``first`` (the lines after
    a metadata block, where chrome may start at once).
    """
    headings = _chrome_headings()
    pattern = _label_pattern()
    for index, line in enumerate(lines):
        if (index > 0 or first) and (_heading_key(line) in headings or pattern.match(line.strip())):
            return lines[:index]
    return lines


def _split_title(lines: list[str]) -> tuple[str | None, str]:
    """The first non-blank line is the title when it reads like a headline and a body follows."""
    content = [line.strip() for line in lines]
    while content and not content[0]:
        content.pop(0)
    while content and not content[-1]:
        content.pop()
    if len(content) > 1 and _looks_like_headline(content[0]):
        return content[0], _join_paragraphs(content[1:])
    return None, _join_paragraphs(content)


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= config.TITLE_MAX_CHARS and not line.endswith(_SENTENCE_END)


def _join_paragraphs(lines: list[str]) -> str:
    """Keep paragraph breaks, collapse runs of blank lines."""
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _parse_published(value: str | None) -> str | None:
    """``2022-07-21 21:24:27`` -> ``2022-07-21T21:24:27``; «14 مارس 2024» -> ``2024-03-14``.

    A date in words (any month family, Hijri) is read by the text layer's date
    grammar; a clock time after it is kept.  Anything unreadable is unknown.
    """
    if not value:
        return None
    value = normalize_digits(value)
    match = re.search(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", value)
    if match:
        year, month, day, hour, minute, second = match.groups()
        date = f"{year}-{int(month):02d}-{int(day):02d}"
    else:
        from marsad.text.dates import (
            find_dates,  # the date grammar is costly to load; only dates in words need it
        )

        full = [d for d in find_dates(value, None) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.value)]
        if not full:
            return None
        date = full[0].value
        clock = re.search(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)", value[full[0].end :])
        hour, minute, second = clock.groups() if clock else (None, None, None)
    if hour is None:
        return date
    return f"{date}T{int(hour):02d}:{minute}:{second or '00'}"


def _parse_source(value: str | None) -> tuple[str | None, str | None]:
    """``موقع الدار - المغرب`` -> (outlet, country): the country follows the last dash."""
    if not value:
        return None, None
    parts = re.split(r"\s+[-–—]\s+", value)
    if len(parts) >= 2:
        return " - ".join(parts[:-1]).strip() or None, parts[-1].strip() or None
    return value.strip(), None


def _parse_percent(value: str | None) -> int | None:
    if not value:
        return None
    match = re.search(r"\d{1,3}", normalize_digits(value))
    if not match or int(match.group()) > 100:
        return None
    return int(match.group())

