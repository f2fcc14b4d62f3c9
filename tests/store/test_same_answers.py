"""Same answers on every store: the demo corpus ingested into SQLite and into PostgreSQL, compared
field by field, through every reading method of the contract and every copied table; and
``marsad copy`` taking the SQLite store to PostgreSQL and back without a difference."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import count_pages

from marsad import pipeline
from marsad.demo import sample_path
from marsad.ingest import read_inputs
from marsad.moving import copy_store
from marsad.search import count_search, search
from marsad.store import ArticleFilter, Store, open_store
from marsad.store.base import COPIED_TABLES

QUERIES = ["ترامب", "الاتفاق النووي", "القدس", '"البيت الأبيض"', "إيران -ترامب", "فلسطين"]


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a reader can ask of a store, as plain data."""
    events, stories, entities = store.list_events(), store.list_stories(), store.list_entities()
    top = [e.id for e in entities[:15]]
    originals = {a.duplicate_of for a in store.iter_articles() if a.duplicate_of}
    return {
        "articles": [a.as_dict() for a in store.iter_articles()],
        "newest_first": [a.id for a in store.list_articles(limit=1000)],
        "filtered": {
            outlet: [a.id for a in store.list_articles(where=ArticleFilter(outlet=outlet))]
            for outlet in sorted({s.name for s in store.outlet_summaries()} - {None})
        },
        "events": [e.as_dict() for e in events],
        "stories": [s.as_dict() for s in stories],
        "entities": [(e.id, e.name, e.type, e.variants, e.mentions, e.articles, e.merges, e.spellings) for e in entities],
        "counts": (store.count_articles(), store.count_events(), store.count_stories(), store.count_entities()),
        "search": {q: (count_search(store, q), sorted(h.article.id for h in search(store, q, limit=500))) for q in QUERIES},
        "ranked": {q: [(h.article.id, h.snippet, h.highlights) for h in search(store, q, limit=10)] for q in QUERIES},
        "newest_day": store.newest_day(),
        "keywords": sorted(store.keyword_lists("2018-05-09", "2018-05-12")),
        "citing": sorted((a.id, a.source.name, a.duplicate_of, a.attributions) for a in store.citing_articles()),
        "outlets": store.outlet_summaries(),
        "categories": store.category_counts(),
        "entity_views": {
            e: (store.entity_timeline(e), store.related_entities(e), store.entity_stories(e)) for e in top
        },
        "profiles": [store.group_profile(ArticleFilter(event=e.id)) for e in events[:40]]
        + [store.group_profile(ArticleFilter(story=s.id)) for s in stories[:20]],
        "copies": {a: store.copies_of(a) for a in sorted(originals)},
        "tables": {name: sorted(store.dump_table(name), key=repr) for name in COPIED_TABLES},
    }


def demo_pages() -> int:
    """The bundled sample's articles: its records, one per URL (some pages are filed twice)."""
    return count_pages(map(json.loads, sample_path().read_text("utf-8").splitlines()))


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("same") / "demo.db")
    store = open_store(path)
    summary = pipeline.ingest(read_inputs([str(sample_path())]), store)
    assert summary.stored == demo_pages() and summary.failed == 0
    yield store, snapshot(store)
    store.close()


@pytest.fixture(scope="module")
def postgres_demo(postgres_server):
    from pgcluster import drop_database, fresh_database

    url = fresh_database(postgres_server)
    store = open_store(url)
    pipeline.ingest(read_inputs([str(sample_path())]), store)
    yield store, snapshot(store)
    store.close()
    drop_database(postgres_server, url)


def assert_same(left: dict[str, Any], right: dict[str, Any]) -> None:
    for key in left:  # one key at a time, so that a failure names what differs
        assert left[key] == right[key], key


def test_demo_corpus_gives_the_same_answers_in_sqlite_and_postgres(sqlite_demo, postgres_demo) -> None:
    assert len(sqlite_demo[1]["articles"]) == demo_pages() and sqlite_demo[1]["counts"][1] > 50
    assert_same(sqlite_demo[1], postgres_demo[1])


def test_copy_takes_the_demo_store_to_postgres_and_back(sqlite_demo, postgres_server, tmp_path) -> None:
    from pgcluster import drop_database, fresh_database

    url = fresh_database(postgres_server)
    server, back = open_store(url), open_store(str(tmp_path / "back.db"))
    try:
        assert copy_store(sqlite_demo[0], server, url) == demo_pages()
        assert_same(sqlite_demo[1], snapshot(server))
        assert copy_store(server, back, "back.db") == demo_pages()
        assert_same(sqlite_demo[1], snapshot(back))
    finally:
        server.close()
        back.close()
        drop_database(postgres_server, url)


def test_pruned_ranking_gives_the_page_that_ranking_every_match_gives(postgres_demo, monkeypatch) -> None:
    """The threshold algorithm (PostgresStore._ranked_ids), forced to start at a depth of 2 postings,
    gives the same pages as ranking every match, for common words, pairs, phrases, negations and
    filters."""
    from marsad.search import parse_query
    from marsad.store import postgres

    store = postgres_demo[0]
    queries = [*QUERIES, "قال", "الرئيس الأمريكي", "في", "إيران", "السعودية -إيران", '"الأمم المتحدة"']
    outlet, category = store.outlet_summaries()[1].name, store.category_counts()[1][0]
    filters = [None, ArticleFilter(outlet=outlet), ArticleFilter(category=category)]

    def pages(prune_from: int, first_depth: int) -> list[Any]:
        monkeypatch.setattr(postgres, "_PRUNE_FROM", prune_from)
        monkeypatch.setattr(postgres, "_FIRST_DEPTH", first_depth)
        monkeypatch.setattr(postgres, "_DEEPER", 2)
        return [store.ranked_matches(parse_query(q), limit, offset, where)
                for q in queries for where in filters for limit, offset in ((10, 0), (5, 7), (20, 40))]

    full = pages(10**12, 1)
    ranked_all, matches = [], postgres.PostgresStore._matches
    monkeypatch.setattr(postgres.PostgresStore, "_matches",
                        lambda self, plan, where, depth=None: ranked_all.append(depth is None) or matches(
                            self, plan, where, depth))
    pruned = pages(0, 2)
    assert sum(map(len, full)) > 300 and all(full[n] for n in (0, 3, 6))
    assert pruned == full
    assert ranked_all.count(True) < len(full) / 2  # most pages were decided before every match was ranked
