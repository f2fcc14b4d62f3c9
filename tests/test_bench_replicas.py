"""The replica bench (bench/grouping.py, also the source of bench/postgres.py's large store) grows a
store that reads back like one the pipeline wrote: packed rows stay packed and readable, the
grouping tables are filled, and grouping goes on on top of it."""

from __future__ import annotations

from conftest import shared_file

from bench.grouping import group_batch, load_corpus, replicate
from marsad.store.sqlite import SQLiteStore


def test_replicas_read_back_and_grouping_goes_on(tmp_path) -> None:
    corpus = load_corpus(shared_file("demo_corpus_ant_may2018/articles.jsonl.gz"))[:120]
    scratch = SQLiteStore(tmp_path / "scratch.db")
    for first in range(0, len(corpus), 60):
        group_batch(scratch, corpus[first : first + 60])
    docs = scratch.db.execute("SELECT COUNT(*) FROM grouping_docs").fetchone()[0]
    events = scratch.count_events()
    scratch.close()
    assert docs == len(corpus)  # the bench writes grouping's rows, as the pipeline does

    assert replicate(tmp_path / "scratch.db", tmp_path / "grown.db", 3) == 3 * len(corpus)
    grown = SQLiteStore(tmp_path / "grown.db")
    assert grown.db.execute("SELECT COUNT(*) FROM grouping_docs").fetchone()[0] == 3 * docs
    assert grown.count_events() == 3 * events
    copy = next(e for e in grown.list_events() if e.id.endswith("#2"))
    assert all(a.endswith("#2") for a in copy.articles) and grown.get_story(copy.story) is not None
    member = grown.get_article(copy.articles[0])
    assert member is not None and member.event == copy.id and member.published < corpus[0].published
    result = group_batch(grown, corpus[:20])  # the originals again: copies of stored articles
    assert len(result.articles) == 20
    grown.close()
