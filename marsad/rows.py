"""What the pipeline hands the store: each record with what the store's indexes hold for it.

The store keeps and finds; it does not know how an Arabic word is folded for search or what a
name is found by.  These functions compute it here, so every store (SQLite, PostgreSQL) indexes
the same forms: an article's search words (``marsad.search.index_columns``) and an entity's
resolver keys (``marsad.entities.keys.entity_keys``).
"""

from __future__ import annotations

from collections.abc import Iterable

from marsad.model import Article, Entity
from marsad.store.base import ArticleRow, EntityRow, SearchWords, Store

_BATCH = 1000


def search_words(article: Article) -> SearchWords:
    """The forms the search index holds for an article."""
    from marsad.search import index_columns

    return SearchWords(*index_columns(article.title, article.text))


def article_rows(articles: Iterable[Article], indexed: Iterable[str] = ()) -> list[ArticleRow]:
    """Rows for ``articles``; those whose ids are in ``indexed`` are stored with this text already,
    so their words are not computed again (a re-scored member of an event)."""
    from marsad.collect.urls import article_url_key

    known = set(indexed)
    return [ArticleRow(a, None if a.id in known else search_words(a), article_url_key(a.url)) for a in articles]


def entity_rows(entities: Iterable[Entity]) -> list[EntityRow]:
    """Rows for ``entities``, each with its resolver keys."""
    from marsad.entities.keys import entity_keys

    return [EntityRow(e, frozenset(entity_keys(e))) for e in entities]


def refresh_entity_keys(store: Store) -> bool:
    """Recompute every stored entity's keys when they were made by other key rules (or never
    made); True when they were."""
    from marsad.entities.keys import keys_version

    version = keys_version()
    if store.entity_keys_version() == version:
        return False
    store.rekey_entities(version, entity_rows(store.iter_entities()))
    return True


def index_backlog(store: Store) -> int:
    """Index the stored articles the search index lacks (a store from before it); how many.
    Nothing is written, and no write lock taken, when there are none."""
    pending = store.unindexed_articles()
    first = next(pending, None)
    if first is None:
        return 0
    count, batch = 0, [first]
    with store.transaction():
        for article in pending:
            batch.append(article)
            if len(batch) == _BATCH:
                store.put_articles(article_rows(batch))
                count, batch = count + len(batch), []
        store.put_articles(article_rows(batch))
    return count + len(batch)


def reindex_search(store: Store) -> int:
    """Rebuild the whole search index from the stored articles; how many were indexed."""
    with store.transaction():
        store.clear_search_index()
        return index_backlog(store)
