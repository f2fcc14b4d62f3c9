"""The data of each page: one function per page, shared by its HTML and its JSON twin (STYLE §7.2).

Every function takes the store and what the URL names, and returns plain JSON
data (dicts, lists, strings, numbers): the template renders it, ``?format=json``
returns it as it is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from marsad.model import Article, Event, Story
from marsad.scoring import keyword_cloud
from marsad.store import ArticleFilter, Store
from marsad.store.base import GroupProfile

HOME_STORIES = 8
HOME_EVENTS = 10
HOME_ARTICLES = 12
CLOUD_DAYS = 7  # the home page's keyword cloud covers the store's last week
CLOUD_SIZE = 40


def brief(article: Article) -> dict[str, Any]:
    """What a list shows of an article: title, outlet, date, category, scores, copy or not."""
    return {
        "id": article.id,
        "title": article.title or article.text[:90],
        "outlet": article.source.name,
        "country": article.source.country,
        "published": article.published,
        "category": article.category,
        "credibility": article.credibility.score,
        "importance": article.importance.score,
        "duplicate_of": article.duplicate_of,
    }


def entity_refs(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Entity id -> {"id", "name", "type"} for the ids that exist."""
    refs = {}
    for entity_id in dict.fromkeys(ids):
        entity = store.get_entity(entity_id)
        if entity is not None:
            refs[entity_id] = {"id": entity.id, "name": entity.name, "type": entity.type}
    return refs


def profile_dict(store: Store, profile: GroupProfile) -> dict[str, Any]:
    """A group profile with its top entities named."""
    refs = entity_refs(store, [e for e, _ in profile.top_entities])
    return {
        "articles": profile.articles,
        "copies": profile.copies,
        "outlets": profile.outlets,
        "all_outlets": profile.all_outlets,
        "countries": profile.countries,
        "first_published": profile.first_published,
        "last_published": profile.last_published,
        "credibility": profile.credibility,
        "importance": profile.importance,
        "top_entities": [{**refs[e], "articles": n} for e, n in profile.top_entities if e in refs],
    }


# -- home ---------------------------------------------------------------


def home_page(store: Store) -> dict[str, Any]:
    """Latest stories and events across outlets, the week's keyword cloud, the latest articles."""
    newest = store.newest_day()
    since = (date.fromisoformat(newest) - timedelta(days=CLOUD_DAYS - 1)).isoformat() if newest else None
    cloud = keyword_cloud(store.keyword_lists(since, newest), limit=CLOUD_SIZE)
    return {
        "newest_day": newest,
        "counts": {"articles": store.count_articles(), "events": store.count_events(),
                   "stories": store.count_stories(), "entities": store.count_entities()},
        "stories": [_story_card(store, s) for s in _multi(store.list_stories(limit=60), HOME_STORIES)],
        "events": [_event_card(store, e) for e in _newest_first(_multi(store.list_events(limit=80), HOME_EVENTS))],
        "keywords": {"since": since, "until": newest,
                     "cloud": [{"keyword": k, "weight": w} for k, w in cloud]},
        "articles": [brief(a) for a in store.list_articles(limit=HOME_ARTICLES)],
    }


def _multi(groups: list[Any], limit: int) -> list[Any]:
    """The groups with more than one article first (what several outlets covered), at most ``limit``."""
    several = [g for g in groups if len(g.articles) > 1]
    return (several + [g for g in groups if len(g.articles) <= 1])[:limit]


def _newest_first(events: list[Event]) -> list[Event]:
    """Events by the date they happened, newest first, undated ones last."""
    return sorted(events, key=lambda e: (e.date is not None, e.date or "", len(e.articles)), reverse=True)


def _story_card(store: Store, story: Story) -> dict[str, Any]:
    profile = store.group_profile(ArticleFilter(story=story.id))
    return {**story.as_dict(), "profile": profile_dict(store, profile)}


def _event_card(store: Store, event: Event) -> dict[str, Any]:
    profile = store.group_profile(ArticleFilter(event=event.id))
    return {**event.as_dict(), "profile": profile_dict(store, profile)}


# -- story and event ------------------------------------------------------


def story_page(store: Store, story: Story) -> dict[str, Any]:
    """A story: its events on a timeline by month, each with its articles by country and outlet."""
    articles = {a.id: a for a in store.get_articles(story.articles)}
    events = [e for e in (store.get_event(i) for i in story.events) if e is not None]
    events.sort(key=lambda e: (e.date is None, e.date or "", e.id))
    months: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        months[(event.date or "")[:7]].append(_event_block(store, event, articles))
    return {
        "story": story.as_dict(),
        "profile": profile_dict(store, store.group_profile(ArticleFilter(story=story.id), top_entities=10)),
        "months": [{"month": m, "events": months[m]} for m in sorted(months, key=lambda m: (not m, m))],
        "days": _articles_per_day(articles.values()),
    }


def event_page(store: Store, event: Event) -> dict[str, Any]:
    """An event: its articles by country and outlet, and the story it belongs to."""
    articles = {a.id: a for a in store.get_articles(event.articles)}
    story = store.get_story(event.story) if event.story else None
    return {
        "event": _event_block(store, event, articles),
        "story": {"id": story.id, "title": story.title} if story else None,
        "profile": profile_dict(store, store.group_profile(ArticleFilter(event=event.id), top_entities=10)),
    }


def _event_block(store: Store, event: Event, articles: dict[str, Article]) -> dict[str, Any]:
    """An event with its member articles grouped by country, then outlet."""
    members = [articles[i] for i in event.articles if i in articles]
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for article in sorted(members, key=lambda a: (a.published or "", a.id)):
        grouped[article.source.country or ""][article.source.name or ""].append(brief(article))
    by_country = [
        {"country": country or None,
         "outlets": [{"outlet": outlet or None, "articles": items} for outlet, items in outlets.items()]}
        for country, outlets in sorted(grouped.items(), key=lambda item: (not item[0], item[0]))
    ]
    originals = {a.source.name for a in members if not a.duplicate_of}
    published = sorted(a.published for a in members if a.published)
    return {**event.as_dict(), "by_country": by_country, "outlets": len(originals),
            "copies": sum(1 for a in members if a.duplicate_of),
            "first_published": published[0] if published else None,
            "last_published": published[-1] if published else None}


def _articles_per_day(articles: Any) -> list[dict[str, Any]]:
    """(day, articles) over the span of a group, every day present, for a small bar chart."""
    counts: dict[str, int] = defaultdict(int)
    for article in articles:
        if article.published:
            counts[article.published[:10]] += 1
    if not counts:
        return []
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    if (last - first).days > 400:  # a long story: one bar per month
        months: dict[str, int] = defaultdict(int)
        for day, n in counts.items():
            months[day[:7]] += n
        return [{"day": m, "articles": months[m]} for m in sorted(months)]
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return [{"day": d, "articles": counts.get(d, 0)} for d in days]
