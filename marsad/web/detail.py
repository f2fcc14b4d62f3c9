"""Page data of one article and of one entity (the encyclopedia), and the entity index."""

from __future__ import annotations

from typing import Any

from marsad.model import Article, Entity
from marsad.store import ArticleFilter, Store
from marsad.text.normalize import normalize_ar
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
        "outlet_now": _outlet_now(store, article),
    }


def _outlet_now(store: Store, article: Article) -> dict[str, Any] | None:
    """The outlet's record as the store holds it now (the score's evidence keeps the record it was given)."""
    if not article.source.name:
        return None
    articles, copies = store.outlet_stats(article.source.name)
    return {"articles": articles, "copies": copies, "share": round(100 * copies / articles) if articles else 0}


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


def entities_page(store: Store, limit: int, offset: int, entity_type: str | None = None,
                  q: str = "") -> dict[str, Any]:
    """The encyclopedia's index: canonical entities, most mentioned first, of one type or matching a name.

    A name matches when the words typed appear, normalised as the text is («أوباما» finds «اوباما»),
    in the entity's name or one of its spellings.
    """
    words = normalize_ar(q).split()
    if words:
        matching = [e for e in store.iter_entities()
                    if (not entity_type or e.type == entity_type) and _names_match(e, words)]
        matching.sort(key=lambda e: (-e.mentions, e.id))
        count = len(matching)
        found = matching[offset : offset + limit]
        articles = store.entity_article_counts(e.id for e in found)
    else:
        found = store.list_entities(limit=limit, offset=offset, entity_type=entity_type)
        count = store.count_entities(entity_type=entity_type)
        articles = {e.id: len(e.articles) for e in found}
    last = min(offset + limit, count)
    return {
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions,
             "articles": articles.get(e.id, 0), "variants": e.variants[:6]}
            for e in found
        ],
        "type": entity_type,
        "q": q,
        "count": count,
        "limit": limit,
        "offset": offset,
        "first": offset + 1 if count else 0,
        "last": last,
        "page": offset // limit + 1,
        "pages": max(1, -(-count // limit)),
    }


def _names_match(entity: Entity, words: list[str]) -> bool:
    names = " ".join(normalize_ar(n) for n in {entity.name, *entity.variants})
    return all(word in names for word in words)
