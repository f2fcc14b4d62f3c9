"""What a feed, a sitemap or a home page lists, as plain items; nothing fetched here.

Bytes are decoded by Marsad's own reader (marsad/ingest/files.py: UTF-8, else the Arabic
encodings charset-normalizer may choose among), not by the charset a header claims, so a feed
whose header says UTF-8 and whose bytes are windows-1256 reads right.  A document that declares
XML entities (``<!ENTITY``) is refused before any parser sees it: no expansion, no billion laughs.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import lxml.etree
import lxml.html

from marsad.collect.urls import absolute
from marsad.errors import InputError
from marsad.ingest.feeds import html_fragment_text
from marsad.ingest.files import decode
from marsad.text import find_dates

FUTURE_SLACK_S = 24 * 3600  # a date more than a day ahead of the clock is not believed
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_ENTITY = re.compile(r"<!ENTITY", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


@dataclass(slots=True)
class Item:
    """An article a feed or sitemap lists."""

    url: str
    title: str | None = None
    summary: str | None = None  # the feed's summary as plain text (teaser check)
    published: str | None = None  # ISO 8601


@dataclass(slots=True)
class Listing:
    """What one feed, sitemap or home page gave."""

    kind: str  # feed | sitemap | home
    items: list[Item]
    sitemaps: list[str]  # child sitemaps (an index), or feeds/sitemaps a home page links to
    feeds: list[str]
    problems: list[str]  # one line each: entries skipped


def read_listing(body: bytes, url: str, now: float) -> Listing:
    """Read a fetched feed, sitemap or home page; InputError when it is none of these."""
    if not body.strip():
        raise InputError(url, "empty response")
    text = decode(body, url)
    head = _XML_DECLARATION.sub("", text[:4096], count=1).lstrip().lower()
    if _ENTITY.search(text[:65536]):
        raise InputError(url, "XML declares entities (<!ENTITY>); refused, not expanded")
    if head.startswith(("<urlset", "<sitemapindex")) or re.match(r"<\w+:(urlset|sitemapindex)", head):
        return read_sitemap(text, url, now)
    if head.startswith(("<rss", "<feed", "<rdf:rdf", "<?xml-stylesheet")) or "<rss" in head[:512]:
        return read_feed(text, url, now)
    if "<html" in head or "<!doctype html" in head:
        return discover(text, url)
    raise InputError(url, "neither an RSS/Atom feed, a sitemap nor an HTML page")


def read_feed(text: str, url: str, now: float) -> Listing:
    """RSS or Atom through feedparser, from text Marsad decoded (its declaration's charset removed)."""
    data = _XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1).encode("utf-8")
    feed = feedparser.parse(data, response_headers={"content-type": "application/xml; charset=utf-8"})
    if not feed.entries and feed.get("bozo"):
        reason = getattr(feed.get("bozo_exception"), "args", ["unreadable"])
        raise InputError(url, f"not a readable RSS or Atom feed ({reason[0] if reason else 'unreadable'})")
    items, problems = [], []
    for number, entry in enumerate(feed.entries, start=1):
        title = (entry.get("title") or "").strip() or None
        link = (entry.get("link") or "").strip()
        if not link:
            problems.append(f"{url}: feed entry {number} ({title or 'no title'}) has no link; skipped")
            continue
        items.append(
            Item(
                url=absolute(url, link),
                title=title,
                summary=_summary(entry),
                published=_entry_date(entry, now),
            )
        )
    return Listing("feed", items, [], [], problems)


def _summary(entry: feedparser.FeedParserDict) -> str | None:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    if not html or not html.strip():
        return None
    try:
        return html_fragment_text(html) or None
    except (lxml.etree.ParserError, ValueError):
        return None


def _entry_date(entry: feedparser.FeedParserDict, now: float) -> str | None:
    """The entry's date: feedparser's reading, else Marsad's date reader on the raw string; never the future."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        moment = calendar.timegm(parsed)
        if moment > now + FUTURE_SLACK_S:
            return None
        return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    written = entry.get("published") or entry.get("updated") or ""
    return believable_date(written, now)


def believable_date(written: str, now: float) -> str | None:
    """A date written in words or numbers («14 مارس 2024»), read by Marsad's date reader; None if in the future.

    >>> believable_date("الخميس 14 مارس 2024", 1_750_000_000)
    '2024-03-14'
    >>> believable_date("14 مارس 2099", 1_750_000_000) is None
    True
    """
    if not written.strip():
        return None
    for mention in find_dates(written, None):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", mention.value):
            day = datetime.fromisoformat(mention.value).replace(tzinfo=UTC).timestamp()
            return None if day > now + FUTURE_SLACK_S else mention.value
    return None


def read_sitemap(text: str, url: str, now: float) -> Listing:
    """A sitemap (``<url>`` entries, with ``news:`` title and date when given) or an index of sitemaps."""
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    data = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as error:
        raise InputError(url, f"unreadable sitemap XML ({error})") from error
    if root is None:
        raise InputError(url, "unreadable sitemap XML")
    items: list[Item] = []
    children: list[str] = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        if lxml.etree.QName(node).localname == "sitemap":
            children.append(absolute(url, loc))
            continue
        written = _child_text(node, "publication_date") or _child_text(node, "lastmod")
        items.append(
            Item(
                url=absolute(url, loc),
                title=_child_text(node, "title"),
                published=_iso_believable(written, now),
            )
        )
    return Listing("sitemap", items, children, [], [])


def _child_text(node: lxml.etree._Element, name: str) -> str | None:
    for child in node.iter():
        if isinstance(child.tag, str) and lxml.etree.QName(child).localname == name and child.text:
            return child.text.strip() or None
    return None


def _iso_believable(written: str | None, now: float) -> str | None:
    if not written:
        return None
    try:
        moment = datetime.fromisoformat(written.replace("Z", "+00:00"))
    except ValueError:
        return believable_date(written, now)
    stamp = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return None if stamp > now + FUTURE_SLACK_S else moment.isoformat()


def discover(html: str, url: str) -> Listing:
    """The feeds an outlet's home page announces (``<link rel="alternate" type="application/rss+xml">``)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as error:
        raise InputError(url, f"unreadable HTML page ({error})") from error
    feeds = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = link.get("href")
        if href and "alternate" in rel and kind in _FEED_TYPES and kind != "application/feed+json":
            found = absolute(url, href)
            if found not in feeds:
                feeds.append(found)
    return Listing("home", [], [], feeds, [])
