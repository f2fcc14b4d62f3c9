"""Page data of one article and of one entity (the encyclopedia), and the entity index."""

from __future__ import annotations

from typing import Any

from marsad.model import Article, Entity
from marsad.store import ArticleFilter, Store
from marsad.web.markup import segments
from marsad.web.pages import brief, entity_refs

ENTITY_ARTICLES = 20
PASSAGE_CHARS = 300


def article_page(store: Store, article: Article) -> dict[str, Any]:
    """An article: text with entities and dates marked, scores and their evidence, sources, copies."""
    refs = entity_refs(store, [m.entity for m in article.entities if m.entity])
    event = store.get_event(article.event) if article.event else None
    story = store.get_story(article.story) if article.story else None
    original = store.get_article(article.duplicate_of) if article.duplicate_of else None
    return {
        "article": article.as_dict(),
        "paragraphs": segments(article.text, _text_marks(article, refs)),
        "entities": _mentioned(article, refs),
        "event": {"id": event.id, "title": event.title, "articles": len(event.articles)} if event else None,
        "story": {"id": story.id, "title": story.title, "events": len(story.events)} if story else None,
        "duplicate_of": brief(original) if original else None,
        "copies": [brief(a) for a in store.get_articles(store.copies_of(article.id))],
        "passages": _passages(store, article),
    }


def _text_marks(article: Article, refs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Entity mentions (linked when resolved) and written dates, as marks over the text."""
    marks = [
        {"start": m.start, "end": m.end, "kind": "entity", "type": m.type,
         "entity": m.entity if m.entity in refs else None}
        for m in article.entities
    ]
    marks += [{"start": d.start, "end": d.end, "kind": "date", "value": d.value} for d in article.dates]
    return marks


def _mentioned(article: Article, refs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The entities the article names, each once, most mentioned first."""
    counts: dict[str, int] = {}
    for mention in article.entities:
        if mention.entity in refs:
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
    return [{**refs[e], "mentions": n} for e, n in sorted(counts.items(), key=lambda item: -item[1])]


def _passages(store: Store, article: Article) -> list[dict[str, Any]]:
    """Shared passages with their text and the other articles that carry them."""
    others = {a.id: a for a in store.get_articles({i for p in article.shared_passages for i in p.articles})}
    return [
        {"start": p.start, "end": p.end, "text": article.text[p.start : p.end][:PASSAGE_CHARS],
         "articles": [brief(others[i]) for i in p.articles if i in others]}
        for p in article.shared_passages
    ]


def entity_page(store: Store, entity: Entity) -> dict[str, Any]:
    """An entity: name, type, variants and why each was merged, mentions over time, neighbours, stories."""
    related = store.related_entities(entity.id)
    related_refs = entity_refs(store, [e for e, _ in related])
    stories = [(store.get_story(s), n) for s, n in store.entity_stories(entity.id)]
    reasons = {m.variant: m.reason for m in entity.merges}
    return {
        "entity": entity.as_dict(),
        "variants": [
            {"spelling": v, "mentions": entity.spellings.get(v), "reason": reasons.get(v)}
            for v in sorted(entity.variants, key=lambda v: -entity.spellings.get(v, 0))
        ],
        "timeline": [{"day": d, "articles": n} for d, n in store.entity_timeline(entity.id)],
        "related": [{**related_refs[e], "articles": n} for e, n in related if e in related_refs],
        "stories": [{"id": s.id, "title": s.title, "articles": n, "first_date": s.first_date,
                     "last_date": s.last_date} for s, n in stories if s is not None],
        "articles": [brief(a) for a in store.list_articles(limit=ENTITY_ARTICLES,
                                                           where=ArticleFilter(entity=entity.id))],
    }


def entities_page(store: Store, limit: int, offset: int) -> dict[str, Any]:
    """The encyclopedia's index: canonical entities, most mentioned first."""
    found = store.list_entities(limit=limit, offset=offset)
    return {
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions,
             "articles": len(e.articles), "variants": e.variants[:6]}
            for e in found
        ],
        "count": store.count_entities(),
        "limit": limit,
        "offset": offset,
    }
