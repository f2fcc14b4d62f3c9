"""One contract suite over every store backend (STYLE §8.3)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.errors import StoreError
from marsad.model import Article, Entity, Event, Mention, Source, Story
from marsad.rows import article_rows, entity_rows, refresh_entity_keys
from marsad.store import ArticleFilter, SQLiteStore, open_store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    """Every store backend, empty: SQLite in a temporary file, PostgreSQL in a fresh database."""
    url = str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    opened = open_store(url)
    yield opened
    opened.close()


def article(i: int, published: str | None = "2023-01-0%d", **extra) -> Article:
    return Article(
        id=f"a{i}", origin="test", text=f"نص المقال {i}", title=f"عنوان {i}",
        published=published % i if published else None, source=Source("منبر", "مصر"), **extra,
    )


def test_articles_round_trip(store) -> None:
    original = article(1, entities=[Mention("القاهرة", "LOC", 0, 7, entity="e1")])
    store.put_articles(article_rows([original]))
    assert store.get_article("a1") == original
    assert store.known_ids(["a1", "a2"]) == {"a1"}


def test_newest_first_and_filters(store) -> None:
    store.put_articles(article_rows([article(1), article(3), article(2), article(4, published=None)]))
    assert [a.id for a in store.list_articles()] == ["a3", "a2", "a1", "a4"]
    assert [a.id for a in store.list_articles(where=ArticleFilter(since="2023-01-02"))] == ["a3", "a2"]
    assert store.count_articles(ArticleFilter(outlet="منبر")) == 4
    assert store.count_articles(ArticleFilter(country="تونس")) == 0


def test_failed_transaction_leaves_store_untouched(store) -> None:
    store.put_articles(article_rows([article(1)]))
    with pytest.raises(RuntimeError), store.transaction():
        store.put_articles(article_rows([article(2)]))
        raise RuntimeError("crash mid-batch")
    assert store.known_ids(["a1", "a2"]) == {"a1"}


def test_events_stories_entities(store) -> None:
    store.put_events([Event("ev1", "قمة", "2023-01-01", ["a1"], ["منبر"], ["e1"], "st1")])
    store.put_stories([Story("st1", "قمة", ["ev1"], ["a1"], "2023-01-01", "2023-01-01")])
    store.put_entities(entity_rows([Entity("e1", "القاهرة", "LOC", ["القاهرة"], ["a1"], 3)]))
    assert store.get_event("ev1").story == "st1"
    assert store.get_story("st1").events == ["ev1"]
    assert store.list_entities()[0].name == "القاهرة"
    store.delete_events(["ev1"])
    assert store.get_event("ev1") is None and store.count_events() == 0


def test_entities_found_by_their_resolver_keys(store) -> None:
    from marsad.entities.keys import entity_keys

    kochavi = Entity("e1", "أفيف كوخافي", "PER", ["أفيف كوخافي", "كوخافي"], ["a1"], 2)
    cairo = Entity("e2", "القاهرة", "LOC", ["القاهرة"], ["a1"], 1)
    store.put_entities(entity_rows([kochavi, cairo]))
    assert [e.id for e in store.entities_by_keys(sorted(entity_keys(kochavi)))] == ["e1"]
    assert [e.id for e in store.entities_by_keys([*entity_keys(kochavi), *entity_keys(cairo)])] == ["e1", "e2"]
    assert store.entities_by_keys(["PER|l:nothing"]) == []
    grown = Entity("e2", "القاهرة", "LOC", ["القاهرة", "مصر"], ["a1", "a2"], 3)
    store.put_entities(entity_rows([grown]))  # a new spelling brings its keys along
    found = store.entities_by_keys(entity_keys(Entity("x", "مصر", "LOC", ["مصر"], [], 0)))
    assert found == [replace(grown, articles=[])]  # a lookup carries no article list (see the links)


def test_entity_articles_are_the_links(store) -> None:
    store.put_articles(article_rows([
        article(1, entities=[Mention("القاهرة", "LOC", 0, 7, entity="e1"), Mention("مصر", "LOC", 8, 11, entity="e2")]),
        article(2, entities=[Mention("القاهرة", "LOC", 0, 7, entity="e1")]),
        article(3, entities=[Mention("غزة", "LOC", 0, 3, entity="e3")]),
    ]))
    store.put_entities(entity_rows([Entity("e1", "القاهرة", "LOC", ["القاهرة"], ["ignored"], 2)]))
    assert store.get_entity("e1").articles == ["a1", "a2"] == store.list_entities()[0].articles
    assert store.entities_named_with("e1", ["e1", "e2", "e3", "e4"]) == {"e2"}


def test_entity_article_counts(store) -> None:
    store.put_articles(article_rows([
        article(1, entities=[Mention("القاهرة", "LOC", 0, 7, entity="e1"), Mention("مصر", "LOC", 8, 11, entity="e2")]),
        article(2, entities=[Mention("القاهرة", "LOC", 0, 7, entity="e1")]),
    ]))
    assert store.entity_article_counts(["e1", "e2", "e3"]) == {"e1": 2, "e2": 1}


def test_sqlite_entity_keys_are_rebuilt_when_the_key_rules_change(tmp_path) -> None:
    from marsad.entities.keys import entity_keys

    store = SQLiteStore(tmp_path / "k.db")
    kochavi = Entity("e1", "أفيف كوخافي", "PER", ["أفيف كوخافي"], [], 1)
    store.put_entities(entity_rows([kochavi]))
    assert refresh_entity_keys(store)  # a new store has no key version yet
    assert store.entities_by_keys(entity_keys(kochavi)) == [kochavi]
    with store.transaction():
        store.db.execute("DELETE FROM entity_keys")
        store.db.execute("UPDATE entity_keys_version SET version = 'older rules'")
    assert store.entities_by_keys(entity_keys(kochavi)) == []
    assert refresh_entity_keys(store) and not refresh_entity_keys(store)
    assert store.entities_by_keys(entity_keys(kochavi)) == [kochavi]
    store.close()


def test_sqlite_migrations_are_recorded_once(tmp_path) -> None:
    path = tmp_path / "m.db"
    first = SQLiteStore(path).schema_version()
    assert first[0] == "0001_articles.sql"
    assert SQLiteStore(path).schema_version() == first


def test_store_in_missing_folder_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "nope" / "x.db"))


def test_sqlite_readers_do_not_wait_for_a_writer_and_a_second_writer_waits(tmp_path) -> None:
    import threading
    import time

    path = tmp_path / "w.db"
    store, other = SQLiteStore(path), SQLiteStore(path)
    store.put_articles(article_rows([article(1)]))
    writing, release = threading.Event(), threading.Event()

    def long_batch() -> None:
        with store.transaction():
            store.put_articles(article_rows([article(2)]))
            writing.set()
            release.wait(10)

    writer = threading.Thread(target=long_batch)
    writer.start()
    writing.wait(10)
    started = time.monotonic()
    assert store.count_articles() == 1 and store.get_article("a2") is None  # the last commit, at once
    assert time.monotonic() - started < 1.0
    second = threading.Thread(target=lambda: other.put_articles(article_rows([article(3)])))
    second.start()  # another connection's writer: waits for the first (busy timeout), then writes
    time.sleep(0.3)
    assert second.is_alive()
    release.set()
    writer.join(10)
    second.join(10)
    assert store.known_ids(["a1", "a2", "a3"]) == {"a1", "a2", "a3"}
    store.close()
    other.close()
