"""Source lists in and out: a plain file (one URL a line, name and country after tabs) and OPML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import lxml.etree

from marsad.errors import InputError


@dataclass(slots=True, frozen=True)
class SourceLine:
    url: str
    name: str | None = None
    country: str | None = None


def read_sources_file(path: Path) -> list[SourceLine | InputError]:
    """OPML (``.opml`` or an ``<opml`` root), else one source a line: ``URL[<TAB>name[<TAB>country]]``.

    Blank lines and lines starting with ``#`` are skipped; a line that is not an http(s) URL is an error
    naming the file and line, and the other lines are still read.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read ({error.strerror or error})") from error
    if path.suffix.lower() == ".opml" or data.lstrip()[:200].lower().find(b"<opml") >= 0:
        return read_opml(data, str(path))
    from marsad.ingest.files import decode

    found: list[SourceLine | InputError] = []
    for number, line in enumerate(decode(data, str(path)).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() or None for f in line.split("\t")]
        url = fields[0] or ""
        if not url.startswith(("http://", "https://")):
            found.append(InputError(str(path), f"not an http(s) URL: {url[:80]!r}", number))
            continue
        found.append(SourceLine(url, *(fields[1:3] + [None, None])[:2]))
    return found


def read_opml(data: bytes, origin: str) -> list[SourceLine | InputError]:
    """Every ``<outline xmlUrl=…>`` (feed readers' export), its text or title as the name.

    A ``country`` attribute (Marsad's own export writes it) gives the country.
    """
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as error:
        raise InputError(origin, f"unreadable OPML ({error})") from error
    found: list[SourceLine | InputError] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        if not url.startswith(("http://", "https://")):
            found.append(InputError(origin, f"not an http(s) URL: {url[:80]!r}", outline.sourceline))
            continue
        name = (outline.get("text") or outline.get("title") or "").strip() or None
        found.append(SourceLine(url, name, (outline.get("country") or "").strip() or None))
    return found


def sources_text(sources: list[dict[str, Any]]) -> str:
    """The plain sources file of these sources."""
    lines = ["# Marsad sources: URL<TAB>name<TAB>country"]
    for source in sources:
        lines.append(
            "\t".join([source["url"], source.get("name") or "", source.get("country") or ""]).rstrip()
        )
    return "\n".join(lines) + "\n"


def sources_opml(sources: list[dict[str, Any]]) -> str:
    """OPML 2.0 of these sources: one outline per feed, named after its outlet."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<opml version="2.0">',
        "<head><title>Marsad sources</title></head>",
        "<body>",
    ]
    for source in sources:
        feeds = [f for f in source.get("feeds", []) if f["kind"] in ("feed", "sitemap")] or [
            {"url": source["url"], "kind": "auto"}
        ]
        name = source.get("name") or source["url"]
        for feed in feeds:
            attributes = f'type="rss" text={quoteattr(name)} xmlUrl={quoteattr(feed["url"])}'
            if source.get("country"):
                attributes += f" country={quoteattr(source['country'])}"
            if feed["url"] != source["url"]:
                attributes += f" htmlUrl={quoteattr(source['url'])}"
            lines.append(f"  <outline {attributes}/>")
    lines += ["</body>", "</opml>"]
    return "\n".join(lines) + "\n"


def feed_health(feed: dict[str, Any], now: float) -> dict[str, Any]:
    """A feed's health as the CLI, the API and the sources page show it."""
    from datetime import UTC, datetime

    def iso(stamp: float | None) -> str | None:
        return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None

    per_day = None
    if feed.get("first_check"):
        first = datetime.fromisoformat(feed["first_check"]).replace(tzinfo=UTC).timestamp()
        days = max(1.0, (now - first) / 86400)  # a feed read for an hour is not extrapolated to a day
        per_day = round(feed["new_items"] / days, 1)
    return {
        "url": feed["url"],
        "kind": feed["kind"],
        "last_check": feed.get("last_check"),
        "last_status": feed.get("last_status"),
        "last_error": feed.get("last_error"),
        "new_items": feed.get("new_items", 0),
        "new_per_day": per_day,
        "error_streak": feed.get("error_streak", 0),
        "next_check": iso(feed.get("next_check")) if feed["kind"] != "home" else None,
    }


def source_view(source: dict[str, Any], now: float) -> dict[str, Any]:
    """A source with its feeds' health: the shape of ``sources list --json`` and ``/api/feeds``."""
    return {
        "id": source["id"],
        "url": source["url"],
        "name": source.get("name"),
        "country": source.get("country"),
        "added_at": source.get("added_at"),
        "feeds": [feed_health(f, now) for f in source.get("feeds", [])],
    }
