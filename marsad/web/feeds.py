"""Atom feeds (and their JSON Feed twins) of the newest events of a search, an entity, a story or an
outlet, and of the newest reports of one event.

An analyst follows "everything about this person" in the feed reader they
already use: each page names its feed with ``<link rel="alternate"
type="application/atom+xml">``.  One entry per event, newest first, its id
built from the event's id (``urn:marsad:event:…``) so a reader sees an event
once however often the feed is fetched; its ``updated`` is the publication of
the event's newest article, so an event that grows comes back as updated.
An event's own feed follows a happening as it unfolds: one entry per report
(``urn:marsad:article:…``), newest first, so each new outlet's report is a
new entry.

Atom (RFC 4287) is written with ElementTree, which escapes every text; the
JSON twin follows JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from marsad.model import Event
from marsad.search import search
from marsad.store import ArticleFilter, Store
from marsad.text.counting import counted
from marsad.web.markup import arabic_date

FEED_EVENTS = 20  # entries per feed
SCAN_ARTICLES = 300  # newest matching articles looked at to find the feed's events
MEMBERS_READ = 50  # an event's articles read for its outlets and lead text
ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"


@dataclass(slots=True, frozen=True)
class FeedSubject:
    """What a feed follows: its kind, its key, its Arabic title and the page it belongs to."""

    kind: str  # "search", "entity", "story", "event", "outlet", "latest"
    key: str  # the query string, entity, story or event id, or outlet name ("" for latest)
    title: str
    page: str  # path of the page the feed belongs to, with its query


def feed_paths(subject: FeedSubject, query: str = "") -> dict[str, str]:
    """The Atom and JSON Feed paths of ``subject`` (``query`` is the search's query string)."""
    if subject.kind == "search":
        base = "/feeds/search"
        suffix = f"?{query}" if query else ""
        return {"atom": f"{base}.atom{suffix}", "json": f"{base}.json{suffix}"}
    if subject.kind == "latest":
        return {"atom": "/feeds/latest.atom", "json": "/feeds/latest.json"}
    key = quote(subject.key, safe="")
    return {"atom": f"/feeds/{subject.kind}/{key}.atom", "json": f"/feeds/{subject.kind}/{key}.json"}


def _iso_z(value: str | None) -> str:
    """An ISO date or date-time as an RFC 3339 timestamp (a bare date is midnight UTC)."""
    if not value:
        return EPOCH
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.fromisoformat(value[:10])
        except ValueError:
            return EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _opening(text: str, limit: int = 280) -> str:
    """The first ``limit`` characters of a text, cut at a word."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def events_of_articles(store: Store, article_ids: list[str]) -> list[Event]:
    """The events of these articles, each once, in the order their first article comes."""
    events: list[Event] = []
    seen: set[str] = set()
    for article in store.get_articles(article_ids):
        if article.event and article.event not in seen:
            seen.add(article.event)
            event = store.get_event(article.event)
            if event is not None:
                events.append(event)
    return events


def subject_events(store: Store, subject: FeedSubject, where: ArticleFilter | None = None) -> list[Event]:
    """The events a feed follows, before they are ordered: those of its newest matching articles."""
    if subject.kind == "story":
        story = store.get_story(subject.key)
        if story is None:
            return []
        return [e for e in (store.get_event(i) for i in story.events) if e is not None]
    if subject.kind == "search":
        if subject.key.strip():
            hits = search(store, subject.key, limit=SCAN_ARTICLES, where=where)
            ids = [h.article.id for h in sorted(hits, key=lambda h: h.article.published or "", reverse=True)]
        else:
            ids = [a.id for a in store.list_articles(limit=SCAN_ARTICLES, where=where or ArticleFilter())]
        return events_of_articles(store, ids)
    if subject.kind == "entity":
        where = ArticleFilter(entity=subject.key)
    elif subject.kind == "outlet":
        where = ArticleFilter(outlet=subject.key)
    else:
        where = ArticleFilter()
    return events_of_articles(store, [a.id for a in store.list_articles(limit=SCAN_ARTICLES, where=where)])


def report_entries(store: Store, event_id: str, base: str) -> list[dict[str, Any]]:
    """An event's reports as feed entries: one per article, its outlet, and whose copy it is."""
    event = store.get_event(event_id)
    if event is None:
        return []
    entries = []
    for article in store.get_articles(event.articles):
        outlet = article.source.name
        said = f"{outlet}، {arabic_date(article.published)}" if article.published else outlet or "مصدر غير معروف"
        if article.duplicate_of:
            said += " · نسخة منقولة عن تقرير سابق"
        entries.append({
            "id": f"urn:marsad:article:{quote(article.id, safe='')}",
            "article": article.id,
            "event": event.id,
            "title": article.title or _opening(article.text, 80),
            "url": f"{base}/articles/{quote(article.id, safe='')}",
            "updated": _iso_z(article.published or event.date),
            "published": _iso_z(article.published or event.date),
            "summary": f"{said}.\n{_opening(article.text)}",
            "outlets": [outlet] if outlet else [],
            "copy_of": article.duplicate_of,
        })
    return entries


def feed_data(store: Store, subject: FeedSubject, base_url: str, where: ArticleFilter | None = None,
              query: str = "") -> dict[str, Any]:
    """A feed as plain data: its id, title, links and entries (newest event, or report, first)."""
    base = base_url.rstrip("/")
    entries = report_entries(store, subject.key, base) if subject.kind == "event" else []
    for event in [] if subject.kind == "event" else subject_events(store, subject, where):
        profile = store.group_profile(ArticleFilter(event=event.id), top_entities=5)
        members = sorted(store.get_articles(event.articles[:MEMBERS_READ]), key=lambda a: (a.published or "", a.id))
        lead = next((a for a in members if not a.duplicate_of), members[0] if members else None)
        coverage = (f"{counted(profile.outlets, 'منفذ مستقل')} · {counted(profile.copies, 'نسخة منقولة')}"
                    f" · {counted(profile.articles, 'مقال')}")
        if profile.countries:
            coverage += " · بلدان المصادر: " + "، ".join(profile.countries[:4])
        happened = f"وقع في {arabic_date(event.date)}" if event.date else "تاريخ الحدث غير معروف"
        entries.append({
            "id": f"urn:marsad:event:{quote(event.id, safe='')}",
            "event": event.id,
            "title": event.title,
            "url": f"{base}/events/{quote(event.id, safe='')}",
            "updated": _iso_z(profile.last_published or event.date),
            "published": _iso_z(profile.first_published or event.date),
            "date": event.date,
            "summary": f"{happened}. {coverage}." + (f"\n{_opening(lead.text)}" if lead else ""),
            "outlets": list(dict.fromkeys(a.source.name for a in members if a.source.name)),
            "entities": [e for e, _ in profile.top_entities],
        })
    entries.sort(key=lambda e: (e["updated"], e.get("article", e["event"])), reverse=True)
    entries = entries[:FEED_EVENTS]
    paths = feed_paths(subject, query)
    return {
        "id": ":".join(filter(None, ("urn:marsad:feed", subject.kind,
                                     quote(query if subject.kind == "search" else subject.key, safe="")))),
        "title": f"مرصد: {subject.title}",
        "page": base + subject.page,
        "atom": base + paths["atom"],
        "json": base + paths["json"],
        "updated": max((e["updated"] for e in entries), default=EPOCH),
        "entries": entries,
    }


ET.register_namespace("", ATOM)


def atom(data: dict[str, Any]) -> bytes:
    """The feed as an Atom 1.0 document (RFC 4287), UTF-8."""

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"})
    sub(feed, "id", data["id"])
    sub(feed, "title", data["title"])
    sub(feed, "updated", data["updated"])
    sub(feed, "link", rel="self", type="application/atom+xml", href=data["atom"])
    sub(feed, "link", rel="alternate", type="text/html", href=data["page"])
    sub(feed, "link", rel="alternate", type="application/feed+json", href=data["json"])
    author = sub(feed, "author")
    sub(author, "name", "مرصد")
    sub(feed, "generator", "Marsad")
    for item in data["entries"]:
        entry = sub(feed, "entry")
        sub(entry, "id", item["id"])
        sub(entry, "title", item["title"])
        sub(entry, "link", rel="alternate", type="text/html", href=item["url"])
        sub(entry, "published", item["published"])
        sub(entry, "updated", item["updated"])
        sub(entry, "summary", item["summary"])
        for outlet in item["outlets"]:
            sub(entry, "category", term=outlet, label=outlet)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)


def _marsad_fields(item: dict[str, Any]) -> dict[str, Any]:
    if "article" in item:  # a report of an event's own feed
        return {"article": item["article"], "event": item["event"], "copy_of": item["copy_of"]}
    return {"event": item["event"], "date": item["date"], "entities": item["entities"]}


def json_feed(data: dict[str, Any]) -> dict[str, Any]:
    """The feed as JSON Feed 1.1, with Marsad's event (or article) fields under ``_marsad``."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": data["title"],
        "home_page_url": data["page"],
        "feed_url": data["json"],
        "language": "ar",
        "authors": [{"name": "مرصد"}],
        "items": [
            {"id": item["id"], "url": item["url"], "title": item["title"], "content_text": item["summary"],
             "date_published": item["published"], "date_modified": item["updated"], "tags": item["outlets"],
             "_marsad": _marsad_fields(item)}
            for item in data["entries"]
        ],
    }
