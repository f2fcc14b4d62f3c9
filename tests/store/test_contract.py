"""One contract suite over every store backend (STYLE §8.3)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.errors import StoreError
from marsad.grouping.state import GroupingRows
from marsad.model import Article, Entity, Event, Mention, Source, Story
from marsad.rows import article_rows, entity_rows, refresh_entity_keys
from marsad.search import count_search, search
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


def test_articles_are_found_by_their_url_key(store) -> None:
    pages = [article(1, url="https://x.example/news/1?utm_source=rss"), article(2, url="https://x.example/")]
    store.put_articles(article_rows(pages))
    assert store.articles_by_url(["https://x.example/news/1", "https://x.example/", "https://x.example/2"]) == {
        "https://x.example/news/1": "a1"  # a site's front page names no one article
    }
    store.put_articles(article_rows([replace(pages[0], title="عنوان معدل")], indexed=["a1"]))
    assert store.articles_by_url(["https://x.example/news/1"]) == {"https://x.example/news/1": "a1"}


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
    assert store.list_entities(entity_type="PER") == [] and store.count_entities("LOC") == 1
    store.delete_events(["ev1"])
    assert store.get_event("ev1") is None and store.count_events() == 0


def test_events_and_stories_listed_newest_or_largest_first(store) -> None:
    sizes = {"old-big": ("2023-01-01", 3), "new-small": ("2023-03-01", 1), "mid": ("2023-02-01", 2)}
    store.put_events([Event(i, i, d, [f"{i}-{n}" for n in range(k)], [], [], f"st-{i}") for i, (d, k) in sizes.items()])
    store.put_stories([Story(f"st-{i}", i, [i], [f"{i}-{n}" for n in range(k)], d, d) for i, (d, k) in sizes.items()])
    assert [e.id for e in store.list_events()] == ["new-small", "mid", "old-big"]
    assert [e.id for e in store.list_events(largest=True)] == ["old-big", "mid", "new-small"]
    assert [e.id for e in store.list_events(limit=1, offset=1, largest=True)] == ["mid"]
    assert [s.id for s in store.list_stories()] == ["st-new-small", "st-mid", "st-old-big"]
    assert [s.id for s in store.list_stories(limit=2, largest=True)] == ["st-old-big", "st-mid"]


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
    store.put_articles(article_rows([article(1, entities=[Mention("القاهرة", "LOC", 0, 7, entity="e1")])]))
    assert store.entities_named_with("e1", ["e2", "e3"]) == set() == store.entities_named_with("e2", ["e1"])
    store.put_articles(article_rows([article(3, entities=[Mention("غزة", "LOC", 0, 3, entity="e3"),
                                                          Mention("القاهرة", "LOC", 4, 11, entity="e1")])]))
    assert store.entities_named_with("e3", ["e1", "e2"]) == {"e1"}


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


def test_collection_tables(store) -> None:
    source, new = store.add_source("https://example.org/feed", "منبر", "مصر")
    assert new and source["name"] == "منبر"
    again, new = store.add_source("https://example.org/feed", None, "تونس")
    assert not new and again["id"] == source["id"] and again["country"] == "تونس"
    assert store.get_source(source["id"])["url"] == "https://example.org/feed"
    assert store.add_feed(source["id"], "https://example.org/sitemap.xml", "sitemap")
    assert not store.add_feed(source["id"], "https://example.org/sitemap.xml", "sitemap")
    feeds = store.list_sources()[0]["feeds"]
    assert [f["kind"] for f in feeds] == ["auto", "sitemap"]
    store.update_feed(feeds[1]["id"], next_check=500.0, last_status="200", error_streak=0)
    assert [f["url"] for f in store.due_feeds(100.0)] == ["https://example.org/feed"]
    assert len(store.due_feeds(1000.0)) == 2 and store.list_feeds()[0]["source_name"] == "منبر"
    with pytest.raises(ValueError):
        store.update_feed(feeds[0]["id"], url="x")
    rows = [{"url_key": f"example.org/{n}", "url": f"https://example.org/{n}", "source_id": source["id"]}
            for n in range(3)]
    assert store.enqueue(rows) == 3 and store.enqueue(rows[:1]) == 0
    assert [q["url_key"] for q in store.queued(0.0, 2)] == ["example.org/0", "example.org/1"]
    store.finish_url("example.org/0", "done", article_id="a1")
    store.finish_url("example.org/1", "queued", error="timeout", not_before=50.0)
    store.add_alias("example.org/canonical", "https://example.org/canonical", source["id"], "a1")
    assert store.count_queue() == {"done": 1, "queued": 2, "alias": 1}
    assert store.queue_keys_done(["example.org/0", "example.org/1", "example.org/canonical"]) == {
        "example.org/0", "example.org/canonical"}
    assert [q["url_key"] for q in store.queued(10.0, 5)] == ["example.org/2"]
    store.put_raw_page("example.org/0", "https://example.org/0", 200, "text/html", b"\x78\x9c\x00", None)
    store.set_raw_page_article("example.org/0", "a1")
    pages = list(store.iter_raw_pages())
    assert [(p["url_key"], p["body"], p["article_id"]) for p in pages] == [("example.org/0", b"\x78\x9c\x00", "a1")]
    # with what its queue row and source say: `marsad reprocess` rebuilds the article from them
    assert (pages[0]["page_url"], pages[0]["listed_url"], pages[0]["source_name"]) == (
        "https://example.org/0", "https://example.org/0", "منبر")
    assert store.remove_source(str(source["id"])) and store.list_sources() == []
    assert store.list_feeds() == []


# -- the grouping lookups: one suite over the in-memory state and every store ----------------------


class Writes:
    """What a grouping run sees of a reader (the in-memory state or a store) while it adds rows:
    ``written``, each call's rows written at once (``write_grouping``) and read back from the
    reader; ``pending``, every row kept in a ``PendingState`` over the reader, nothing written;
    ``mixed``, the first call's rows written and the later ones pending.  All three must answer
    alike."""

    WRITES = ("remember", "reindex", "remember_outlet_lines", "remember_events", "remember_story_links")

    def __init__(self, reader, mode: str) -> None:
        from marsad.grouping.state import PendingState

        self.reader, self.mode, self.calls = reader, mode, 0
        self.pending = PendingState(reader)

    def __getattr__(self, name: str):
        if name in self.WRITES:
            return lambda *args, **kwargs: self._write(name, *args, **kwargs)
        if hasattr(self.pending, name) and not name.startswith("_"):
            return getattr(self.pending, name)
        return getattr(self.reader, name)

    def _write(self, name: str, *args, **kwargs) -> None:
        from marsad.grouping.state import PendingState

        getattr(self.pending, name)(*args, **kwargs)
        self.calls += 1
        if self.mode == "written" or (self.mode == "mixed" and self.calls == 1):
            self.reader.write_grouping(self.pending.rows)
            self.pending = PendingState(self.reader)


@pytest.fixture(params=[(kind, mode) for kind in ("memory", "sqlite", "postgres")
                        for mode in ("written", "pending", "mixed")], ids="-".join)
def state(request, tmp_path):
    from marsad.grouping import MemoryState

    kind, mode = request.param
    if kind == "memory":
        yield Writes(MemoryState(), mode)
        return
    url = str(tmp_path / "g.db") if kind == "sqlite" else request.getfixturevalue("postgres_url")
    opened = open_store(url)
    yield Writes(opened, mode)
    opened.close()


def doc(ident: str, day: int | None, **extra):
    from marsad.grouping import DocRecord

    fields = {"content_hash": f"h-{ident}", "bands": [], "vector": {"w": 1.0}, "index_terms": [], **extra}
    return DocRecord(id=ident, key=f"k-{ident}", day=day, **fields)


def test_grouping_lookups_find_within_the_window_only(state) -> None:
    from marsad.grouping.state import UNDATED

    docs = [
        doc("d1", 17000, content_hash="same", bands=[11, 12], index_terms=["قمة", "غزة"], actor="e1",
            lead_names=["e1", "e2"], links=["d2"], happened=16999),
        doc("d2", 17003, content_hash="same", bands=[12, 13], index_terms=["قمة"], duplicate_of="d1", event="ev1"),
        doc("d3", 17100, content_hash="same", bands=[12], index_terms=["قمة"]),
        doc("d4", None, content_hash="same", bands=[12], index_terms=["قمة"]),
    ]
    state.remember(docs, {"d1": [7, 8], "d2": [7], "d3": [7], "d4": [9]})
    assert state.grouping_docs(["d1", "d2", "nope"]) == {"d1": docs[0], "d2": docs[1]}
    assert state.docs_with_hash("same", 16990, 17010) == ["d1", "d2"]
    assert state.docs_with_hash("same", UNDATED, UNDATED) == ["d4"]
    assert state.docs_in_bands([12, 99], 16990, 17010) == {"d1", "d2"}
    assert state.docs_in_bands([13], 16990, 17200) == {"d2"}
    assert state.docs_with_prints([7, 8, 9, 10], 16990, 17200, limit=2) == {7: [], 8: ["d1"]}  # 7: boilerplate
    assert state.docs_with_prints([7], 16990, 17010, limit=2) == {7: ["d1", "d2"]}
    assert state.docs_with_terms(["قمة"], 17001, 17005) == {"d2"}
    assert state.docs_with_terms(["غزة", "قمة"], 16999, 17000) == {"d1"}
    changed = doc("d2", 17003, content_hash="same", bands=[12, 13], index_terms=["قمة"], event="ev2")
    state.remember([changed], {})  # a record replaced: its lookups stay as they were
    assert state.grouping_docs(["d2"])["d2"].event == "ev2"
    assert state.docs_in_bands([13], 16990, 17200) == {"d2"}
    state.remember([doc("d5", 17002, content_hash="same", bands=[13], index_terms=["غزة"])], {"d5": [8]})
    assert state.docs_with_prints([8], 16990, 17010, limit=2) == {8: ["d1", "d5"]}
    assert state.docs_with_prints([8], 16990, 17010, limit=1) == {8: []}  # one stored, one added: over the limit
    assert state.docs_with_hash("same", 16990, 17010) == ["d1", "d2", "d5"]
    assert state.docs_in_bands([13], 16990, 17200) == {"d2", "d5"}
    assert state.docs_with_terms(["غزة"], 16999, 17002) == {"d1", "d5"}


def test_reindex_and_outlet_lines(state) -> None:
    state.remember([doc("d1", 17000, index_terms=["قمة", "غزة"])], {})
    state.reindex({"d1": (17000, ["قمة", "غزة"], ["غزة", "هدنة"])})
    assert state.docs_with_terms(["قمة"], 16999, 17001) == set()
    assert state.docs_with_terms(["هدنة"], 16999, 17001) == {"d1"}
    state.reindex({"d1": (17000, ["غزة", "هدنة"], ["قمة"])})
    assert state.docs_with_terms(["هدنة", "غزة"], 16999, 17001) == set()
    assert state.docs_with_terms(["قمة"], 16999, 17001) == {"d1"}
    big = -(2**62)  # line keys are signed 64-bit hashes
    state.remember_outlet_lines("منبر", 531, {"a2": [5, big], "a1": [5]})
    state.remember_outlet_lines("منبر", 531, {"a3": [5]})
    state.remember_outlet_lines("آخر", 531, {"b1": [5]})
    assert state.outlet_lines("منبر", 531, [5, big, 6], limit=2) == {5: ["a1", "a2"], big: ["a2"]}
    assert state.outlet_lines("منبر", 532, [5], limit=2) == {}
    assert state.outlet_lines("آخر", 531, [5], limit=9) == {5: ["b1"]}


def test_event_centres_candidates_and_story_links(state) -> None:
    gaza = (["غزة\tent_gaza"], ["@ent_gaza", "غزة", "قمة"])  # title names, names
    state.remember_events({
        "ev1": ({"قمة": 0.8}, 17000, ["قمة", "غزة"], *gaza),
        "ev2": ({"قمة": 0.5}, 17010, ["قمة"], [], []),
        "ev3": ({"قمة": 0.5}, 16990, ["قمة"], [], []),
        "ev4": ({"قمة": 0.5}, 18000, ["قمة"], [], []),  # beyond the story window
        "ev5": ({"x": 1.0}, None, ["قمة"], [], []),  # undated: day 0
    }, deleted=[])
    assert state.event_vectors(["ev1", "ev5", "nope"]) == {"ev1": ({"قمة": 0.8}, 17000), "ev5": ({"x": 1.0}, None)}
    assert state.event_names(["ev1", "ev5", "nope"]) == {"ev1": gaza, "ev5": ([], [])}
    assert state.events_with_terms(["قمة"], 17005, limit=5) == {"ev1", "ev2", "ev3"}
    assert state.events_with_terms(["قمة"], 17005, limit=1) == {"ev1", "ev2"}  # nearest before, nearest after
    assert state.events_with_terms(["غزة"], None, limit=5) == set()
    assert state.events_with_terms(["قمة"], None, limit=5) == {"ev5"}
    state.remember_events({"ev2": ({"قمة": 0.6}, 17010, ["غزة"], [], [])}, deleted=["ev3"])
    assert state.events_with_terms(["قمة"], 17005, limit=5) == {"ev1"}
    assert state.event_vectors(["ev2", "ev3"]) == {"ev2": ({"قمة": 0.6}, 17010)}
    assert state.event_names(["ev3"]) == {}
    state.remember_events(
        {"ev6": ({"قمة": 0.2}, 16995, ["قمة"], [], []), "ev7": ({"قمة": 0.2}, 16994, ["قمة"], [], [])}, []
    )
    state.remember_events({"ev1": ({"قمة": 0.8}, 17000, ["غزة"], [], [])}, deleted=[])
    assert state.event_names(["ev1"]) == {"ev1": ([], [])}
    assert state.events_with_terms(["قمة"], 17005, limit=1) == {"ev6"}  # the nearest one left before
    assert state.events_with_terms(["قمة", "غزة"], 17005, limit=1) == {"ev6", "ev1", "ev2"}
    state.remember_story_links({"ev1": {"ev2"}, "ev2": {"ev1"}})
    state.remember_story_links({"ev1": {"ev4"}})
    assert state.story_links(["ev1", "ev2", "ev9"]) == {"ev1": {"ev4"}, "ev2": {"ev1"}, "ev9": set()}


def test_event_stories_and_records_read_back(state) -> None:
    events = [Event("ev1", "قمة", "2023-01-01", ["a1"], ["منبر"], [], "st1"),
              Event("ev2", "غزة", "2023-01-02", ["a2"], ["منبر"], [], None)]
    story = Story("st1", "قمة", ["ev1"], ["a1"], "2023-01-01", "2023-01-01")
    if hasattr(state, "apply"):
        state.apply([article(1), article(2)], events, [story], [], [])
    else:
        state.put_articles(article_rows([article(1), article(2)]))
        state.put_events(events)
        state.put_stories([story])
    assert state.event_stories(["ev1", "ev2", "ev9"]) == {"ev1": "st1"}
    assert state.get_event("ev2") == events[1] and state.get_story("st1") == story
    assert [a.id for a in state.get_articles(["a2", "a9", "a1"])] == ["a2", "a1"]


def test_every_store_has_every_method_of_the_contract() -> None:
    import inspect

    from marsad.store.base import Store
    from marsad.store.postgres import PostgresStore

    methods = {n: inspect.signature(v) for n, v in vars(Store).items() if callable(v) and not n.startswith("_")}
    assert len(methods) > 70
    for implementation in (SQLiteStore, PostgresStore):
        for name, signature in methods.items():
            mine = inspect.signature(getattr(implementation, name))
            assert list(mine.parameters) == list(signature.parameters), (implementation.__name__, name)


def test_search_index_rebuilt_and_keys_remade(store) -> None:
    from marsad.entities.keys import entity_keys
    from marsad.rows import reindex_search

    store.put_articles(article_rows([article(1), article(2)]))
    assert count_search(store, "المقال") == 2 and list(store.unindexed_articles()) == []
    store.clear_search_index()
    assert count_search(store, "المقال") == 0 and [a.id for a in store.unindexed_articles()] == ["a1", "a2"]
    assert reindex_search(store) == 2 and count_search(store, "المقال") == 2
    cairo = Entity("e1", "القاهرة", "LOC", ["القاهرة"], [], 1)
    store.put_entities(entity_rows([cairo]))
    assert refresh_entity_keys(store) and not refresh_entity_keys(store)
    assert store.entity_keys_version() is not None and list(store.iter_entities()) == [cairo]
    store.rekey_entities("other rules", [])
    assert store.entities_by_keys(entity_keys(cairo)) == [] and store.entity_keys_version() == "other rules"
    assert refresh_entity_keys(store) and store.entities_by_keys(entity_keys(cairo)) == [cairo]


def test_search_follows_a_changed_text_and_a_moved_day(store) -> None:
    """A re-put with a new text is found by its new words only; a new date moves it in a date filter;
    ranking, phrases, exclusions and filters agree with what is stored."""
    first = replace(article(1), title="زيارة الرئيس إلى القاهرة")
    store.put_articles(article_rows([first, replace(article(2), title="القاهرة تستقبل الوفد")]))
    in_day = ArticleFilter(since="2023-01-01", until="2023-01-01")
    assert count_search(store, "القاهرة") == 2 and count_search(store, "القاهرة", in_day) == 1
    assert [h.article.id for h in search(store, '"زيارة الرئيس"')] == ["a1"]
    assert [h.article.id for h in search(store, "القاهرة -الرئيس")] == ["a2"]
    changed = replace(first, title="افتتاح معرض الكتاب", text="معرض الكتاب يفتح أبوابه", content_hash="other",
                      published="2023-01-05")
    store.put_articles(article_rows([changed]))
    assert [h.article.id for h in search(store, "القاهرة")] == ["a2"] and count_search(store, "الرئيس") == 0
    assert [h.article.id for h in search(store, "معرض", where=ArticleFilter(since="2023-01-05"))] == ["a1"]
    store.put_articles(article_rows([replace(changed, published="2023-01-09")], indexed=["a1"]))
    assert count_search(store, "معرض", ArticleFilter(since="2023-01-06")) == 1
    assert count_search(store, "معرض", ArticleFilter(until="2023-01-06")) == 0
    assert count_search(store, "الكتاب", ArticleFilter(outlet="منبر")) == 1
    assert count_search(store, "الكتاب", ArticleFilter(outlet="غيره")) == 0


def test_outlet_record_and_story_deletion(store) -> None:
    store.put_articles(article_rows([article(1), article(2, duplicate_of="a1"), article(3)]))
    assert store.outlet_stats("منبر") == (3, 1) and store.outlet_stats("غيره") == (0, 0)
    store.put_articles(article_rows([article(2), article(3, duplicate_of="a1"), article(3, duplicate_of="a1")]))
    assert store.outlet_stats("منبر") == (3, 1)  # rewritten rows move the counts, once each
    store.put_articles(article_rows([replace(article(4), source=Source("غيره")), article(1, duplicate_of="a3")]))
    assert store.outlet_stats("منبر") == (3, 2) and store.outlet_stats("غيره") == (1, 0)
    store.put_stories([Story("st1", "قمة", ["ev1"], ["a1"], "2023-01-01", "2023-01-01")])
    store.delete_stories(["st1", "st9"])
    assert store.get_story("st1") is None and store.count_stories() == 0


def test_tables_dumped_by_one_store_load_into_another(store, tmp_path) -> None:
    from marsad.store.base import COPIED_TABLES

    store.put_entities(entity_rows([Entity("e1", "القاهرة", "LOC", ["القاهرة"], [], 1)]))
    store.write_grouping(GroupingRows(docs={"d1": doc("d1", 17000, bands=[5], index_terms=["قمة"])}, prints={"d1": [3]}))
    other = open_store(str(tmp_path / "other.db"))
    for name in COPIED_TABLES:
        other.load_table(name, store.dump_table(name))
        assert sorted(other.dump_table(name), key=repr) == sorted(store.dump_table(name), key=repr), name
    assert other.docs_in_bands([5], 16990, 17010) == {"d1"} and other.count_entities() == 1
    other.close()


def test_entities_listed_and_counted_by_type(store) -> None:
    entities = [Entity(f"e{i}", f"اسم {i}", "PER" if i % 2 else "LOC", [f"اسم {i}"], [], mentions=10 - i)
                for i in range(1, 6)]
    store.put_entities(entity_rows(entities))
    assert [e.id for e in store.list_entities(entity_type="PER")] == ["e1", "e3", "e5"]
    assert [e.id for e in store.list_entities(limit=1, offset=1, entity_type="LOC")] == ["e4"]
    assert store.count_entities(entity_type="PER") == 3 and store.count_entities() == 5


def test_redirects_follow_moves_in_one_hop_and_stop_when_the_id_lives_again(store) -> None:
    assert store.redirect("event", "ev-a") is None
    store.put_redirects("event", {"ev-a": "ev-b"})
    store.put_redirects("event", {"ev-b": "ev-c"})  # the group moved again: the first link follows it
    assert store.redirect("event", "ev-a") == "ev-c" and store.redirect("event", "ev-b") == "ev-c"
    assert store.redirect("story", "ev-a") is None  # kinds are kept apart
    store.put_redirects("event", {"ev-c": "ev-a"})  # ev-a is a group again: it redirects nowhere
    assert store.redirect("event", "ev-a") is None
    assert store.redirect("event", "ev-b") == "ev-a" and store.redirect("event", "ev-c") == "ev-a"
    assert ("event", "ev-b", "ev-a") in set(store.dump_table("redirects"))


def test_generation_moves_with_every_committed_write_of_any_process(store, tmp_path, request) -> None:
    first = store.generation()
    assert store.generation() == first  # reading moves nothing
    store.put_articles(article_rows([article(1)]))
    second = store.generation()
    assert second != first
    url = store.path if isinstance(store, SQLiteStore) else request.getfixturevalue("postgres_url")
    other = open_store(url)  # another writer: a process of its own would do the same
    try:
        other.put_articles(article_rows([article(2)]))
    finally:
        other.close()
    assert store.generation() != second


def test_merged_entities_move_their_links_mentions_and_keys_and_their_old_ids_still_answer(store) -> None:
    from marsad.entities.keys import entity_keys

    lone = Entity("e1", "كوخافي", "PER", ["كوخافي"], [], 1)
    full = Entity("e2", "أفيف كوخافي", "PER", ["أفيف كوخافي"], [], 2)
    store.put_entities(entity_rows([lone, full, Entity("e3", "غزة", "LOC", ["غزة"], [], 1)]))
    store.put_articles(article_rows([
        article(1, entities=[Mention("كوخافي", "PER", 0, 6, entity="e1"), Mention("غزة", "LOC", 7, 10, entity="e3")]),
        article(2, entities=[Mention("أفيف كوخافي", "PER", 0, 11, entity="e2"), Mention("كوخافي", "PER", 12, 18,
                                                                                     entity="e1")]),
    ]))
    grown = Entity("e2", "أفيف كوخافي", "PER", ["أفيف كوخافي", "كوخافي"], [], 3)
    with store.transaction():
        store.put_entities(entity_rows([grown]))
        moved = store.merge_entities({"e1": "e2"})
    assert moved == ["a1", "a2"]  # the articles whose mentions moved: grouping reads them again
    assert store.get_entity("e1") == store.get_entity("e2") == replace(grown, articles=["a1", "a2"])
    assert [m.entity for m in store.get_article("a1").entities] == ["e2", "e3"]
    assert [m.entity for m in store.get_article("a2").entities] == ["e2", "e2"]
    assert store.entity_article_counts(["e1", "e2"]) == {"e2": 2} and store.count_entities() == 2
    assert [e.id for e in store.entities_by_keys(entity_keys(lone))] == ["e2"]
    assert store.entities_named_with("e2", ["e1", "e3"]) == {"e3"}
    store.put_entities(entity_rows([Entity("e4", "أفيف كوخافي", "PER", ["أفيف كوخافي"], [], 1)]))
    assert store.merge_entities({"e2": "e4"}) == ["a1", "a2"]  # an id that moved before follows the entity it joined
    assert store.get_entity("e1").id == store.get_entity("e2").id == "e4"
    assert store.entities_named_with("e4", ["e2", "e3"]) == {"e3"} and store.entities_named_with("e3", ["e4", "e2"]) == {"e4"}
    assert store.get_entity("e9") is None


def test_entities_named_with_both_of_two(store) -> None:
    def named(*ids: str) -> list[Mention]:
        return [Mention(i, "PER", 2 * n, 2 * n + 1, entity=i) for n, i in enumerate(ids)]

    store.put_entities(entity_rows([Entity(f"e{i}", f"e{i}", "PER", [f"e{i}"], [], 1) for i in range(1, 7)]))
    store.put_articles(article_rows([
        article(1, entities=named("e1", "e3", "e6")),
        article(2, entities=named("e2", "e3", "e4")),
        article(3, entities=named("e1", "e5")),
        article(4, entities=named("e5", "e6")),  # e5 and e6 named with e1, but neither with e2
    ]))
    assert store.entities_named_with_both("e1", "e2") == store.entities_named_with_both("e2", "e1") == {"e3"}
    assert store.entities_named_with_both("e1", "e5") == {"e6"}
    assert store.entities_named_with_both("e1", "e9") == set()
