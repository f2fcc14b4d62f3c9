"""RSS and Atom feeds: every entry becomes an article."""

from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser
import lxml.html

from marsad import config
from marsad.errors import InputError
from marsad.model import RawDocument, Source


def looks_like_feed(text: str) -> bool:
    """RSS or Atom, judged from the first root element."""
    head = text[:2048].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_feed(text: str, origin: str) -> Iterator[RawDocument | InputError]:
    """One RawDocument per entry (its content, or its summary when that is all there is)."""
    feed = feedparser.parse(text)
    if not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "args", ["no entries"])
        raise InputError(origin, f"not an RSS or Atom feed with entries ({reason[0]})")
    outlet = feed.feed.get("title") or None
    if len(feed.entries) > config.MAX_FEED_ITEMS:
        yield InputError(
            origin, f"feed has {len(feed.entries)} entries; only the first {config.MAX_FEED_ITEMS} are read"
        )
    for number, entry in enumerate(feed.entries[: config.MAX_FEED_ITEMS], start=1):
        body = _entry_body(entry)
        if not body:
            yield InputError(origin, f"feed entry {number} has no content or summary")
            continue
        published = _entry_date(entry)
        yield RawDocument(
            origin=origin,
            kind="feed",
            text=body,
            title=(entry.get("title") or "").strip() or None,
            url=entry.get("link") or None,
            published=published,
            published_basis="feed" if published else None,
            source=Source(name=outlet),
            given_id=None,
            line=None,
            author=entry.get("author") or None,
        )


def _entry_body(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    if not html or not html.strip():
        return ""
    return html_fragment_text(html)


def html_fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per line."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for block in tree.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    lines = (line.strip() for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed)
