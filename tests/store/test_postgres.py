"""PostgreSQL in particular: bad URLs, passwords and schemas, a connection lost mid-batch, and
several processes ingesting into one database at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest
from conftest import count_pages

from marsad import pipeline
from marsad.collect.urls import article_url_key
from marsad.demo import sample_path
from marsad.errors import StoreError
from marsad.ingest import read_inputs
from marsad.store import open_store


def one_line(error: pytest.ExceptionInfo[StoreError]) -> str:
    text = str(error.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_unreachable_server_is_one_clear_line() -> None:
    with pytest.raises(StoreError) as error:
        open_store("postgresql://marsad:secret@127.0.0.1:9/marsad")
    text = one_line(error)
    assert text.startswith("postgresql://marsad:***@127.0.0.1:9/marsad: cannot use the database")
    assert "secret" not in text and "refused" in text


def test_missing_database_and_wrong_password_are_one_clear_line(postgres_server) -> None:
    from pgcluster import GUARDED, with_database

    with pytest.raises(StoreError) as error:
        open_store(with_database(postgres_server, "no_such_database"))
    assert 'database "no_such_database" does not exist' in one_line(error)
    if os.environ.get("MARSAD_TEST_POSTGRES"):
        return  # the password case needs the role the self-made cluster creates
    user, _ = GUARDED
    wrong = postgres_server.replace("postgresql://marsad@", f"postgresql://{user}:not-it@")
    with pytest.raises(StoreError) as error:
        open_store(wrong)
    text = one_line(error)
    assert "password authentication failed" in text and "not-it" not in text


def test_a_database_of_a_newer_or_foreign_schema_is_refused_untouched(postgres_url) -> None:
    open_store(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("INSERT INTO migrations VALUES ('9999_from_the_future.sql', 'x')")
    with pytest.raises(StoreError, match="9999_from_the_future.sql.*upgrade Marsad"):
        open_store(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE migrations")  # another application's tables, or a half-made store
    with pytest.raises(StoreError) as error:
        open_store(postgres_url)
    assert 'migration 0001_schema.sql failed (relation "articles" already exists)' in one_line(error)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('migrations')").fetchone() == (None,)  # nothing written


def test_connection_lost_mid_batch_stores_nothing_of_it_and_a_rerun_completes(postgres_url, tmp_path) -> None:
    lines = sample_path().read_text(encoding="utf-8").splitlines()[:30]
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[:15]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[15:]) + "\n", encoding="utf-8")
    store = open_store(postgres_url)
    pipeline.ingest(read_inputs([str(first)]), store)
    before = store.count_articles()

    put = store.put_articles

    def dropped(rows):  # the server goes away after the batch's first writes
        put(rows)
        with psycopg.connect(postgres_url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'")
        store.count_articles()

    store.put_articles = dropped
    with pytest.raises(StoreError) as error:
        pipeline.ingest(read_inputs([str(second)]), store)
    assert "nothing of this transaction was stored" in one_line(error)
    store.put_articles = put
    assert store.count_articles() == before == 15
    summary = pipeline.ingest(read_inputs([str(second)]), store)
    assert summary.stored == 15 and store.count_articles() == 30
    store.close()


def test_three_processes_ingesting_at_once_store_every_article_once(postgres_url, tmp_path) -> None:
    lines = sample_path().read_text(encoding="utf-8").splitlines()[:90]
    parts = []
    for n in range(3):
        part = tmp_path / f"part{n}.jsonl"
        part.write_text("\n".join(lines[n::3]) + "\n", encoding="utf-8")
        parts.append(part)
    open_store(postgres_url).close()  # the schema first, so the writers race on data only
    env = {**os.environ, "MARSAD_DB": postgres_url}
    writers = [
        subprocess.Popen([sys.executable, "-m", "marsad", "ingest", "--silent", str(part)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for part in parts
    ]
    results = [w.communicate(timeout=600) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], results
    store = open_store(postgres_url)
    stored = list(store.iter_articles())
    pages = count_pages(map(json.loads, lines))
    assert len(stored) == len({a.id for a in stored}) == pages
    events = {e.id: e for e in store.list_events()}
    for article in stored:  # every article sits in the event that lists it, and only there
        assert article.id in events[article.event].articles
    assert sum(len(e.articles) for e in events.values()) == pages
    stories = {s.id: s for s in store.list_stories()}
    for event in events.values():  # every event's story is stored and lists it
        assert event.story is None or event.id in stories[event.story].events
    # Grouping is serial and order-independent: the same events as one writer taking the parts in turn.
    alone = open_store(str(tmp_path / "alone.db"))
    for part in parts:
        pipeline.ingest(read_inputs([str(part)]), alone)
    # Of two records of one page, the first stored names the article: compared by page, not by id.
    page = {r["id"]: article_url_key(r["url"]) for r in map(json.loads, lines)}
    assert {frozenset(map(page.get, e.articles)) for e in alone.list_events()} == {
        frozenset(map(page.get, e.articles)) for e in events.values()
    }
    assert {page[a.id]: page.get(a.duplicate_of) for a in alone.iter_articles()} == {
        page[a.id]: page.get(a.duplicate_of) for a in stored
    }
    alone.close()
    store.close()


def test_term_counts_and_word_pairs_follow_the_texts(postgres_url) -> None:
    """search_terms (a term's idf is read from it) equals a count of the postings, and search_pairs
    (quoted phrases are read from it) the pairs of side-by-side words of the indexed texts, after new
    texts, a changed text, a re-put with the same text, and the index rebuilt; the migrations fill
    them in a store made before them.  Phrases of two and three words find what they should."""
    from marsad.model import Article, Source
    from marsad.rows import article_rows, reindex_search
    from marsad.search import count_search
    from marsad.store.postgres import _PAIRS

    def article(i: int, title: str, content_hash: str = "") -> Article:
        return Article(id=f"a{i}", origin="test", text=f"نص المقال {i} عن {title}", title=title,
                       published=f"2023-01-0{i}", source=Source("منبر", "مصر"), content_hash=content_hash)

    def agree(store) -> None:
        with psycopg.connect(postgres_url) as conn:
            counted = conn.execute("SELECT term, COUNT(*) FROM search_postings GROUP BY term ORDER BY term").fetchall()
            kept = conn.execute("SELECT term, postings FROM search_terms WHERE postings <> 0 ORDER BY term").fetchall()
        assert kept == counted and len(counted) > 5
        with psycopg.connect(postgres_url) as conn:
            docs = [row[0] for row in conn.execute("SELECT doc FROM search_docs")]
            pairs = sorted(conn.execute(_PAIRS, (docs,)).fetchall())
            assert sorted(conn.execute("SELECT pair, doc FROM search_pairs").fetchall()) == pairs and len(pairs) > 5

    store = open_store(postgres_url)
    store.put_articles(article_rows([article(1, "زيارة الرئيس إلى القاهرة"), article(2, "القاهرة تستقبل الوفد"),
                                     article(3, "الوفد في القاهرة")]))
    agree(store)
    assert count_search(store, '"القاهرة تستقبل"') == 1 and count_search(store, '"القاهرة تستقبل الوفد"') == 1
    assert count_search(store, '"تستقبل القاهرة"') == 0 and count_search(store, '"القاهرة الوفد تستقبل"') == 0
    store.put_articles(article_rows([article(1, "افتتاح معرض الكتاب", content_hash="other")]))
    store.put_articles(article_rows([article(3, "الوفد في القاهرة")], indexed=["a3"]))
    agree(store)
    store.clear_search_index()
    assert reindex_search(store) == 3
    agree(store)
    with psycopg.connect(postgres_url, autocommit=True) as conn:  # a store of the schema before the counts
        conn.execute("DROP TABLE search_terms")
        conn.execute("DROP TABLE search_pairs")
        conn.execute("DELETE FROM migrations WHERE name IN ('0011_search_terms.sql', '0012_search_pairs.sql')")
    store.close()
    store = open_store(postgres_url)
    agree(store)
    assert count_search(store, '"معرض الكتاب"') == 1 and count_search(store, '"القاهرة تستقبل الوفد"') == 1
    store.close()
