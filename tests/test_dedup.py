"""Exact and near duplicates, and shared passages."""

from __future__ import annotations

from datetime import date, timedelta

from grouping_helpers import QUOTE, WIRE, article, run
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad import config
from marsad.grouping import dedup
from marsad.grouping.features import tokens
from marsad.grouping.state import UNDATED
from marsad.rows import article_rows


def test_exact_copy_points_to_the_earliest_whatever_the_order():
    early = article("a", WIRE, published="2018-05-14T08:00:00+00:00")
    late = article("b", "  " + WIRE.replace("وزراء", "وُزَراء"), published="2018-05-14T09:00:00+00:00")
    for order in ([early, late], [late, early]):
        state, _ = run([a for a in order])
        assert state.articles["b"].duplicate_of == "a"
        assert state.articles["a"].duplicate_of is None


def test_a_vocalised_copy_has_the_same_words_and_the_same_hash():
    vocalised = "ثمّن الوزير الاتفاقَ وحذَّر من تأخير تنفيذه"
    assert [t.norm for t in tokens(vocalised)] == ["ثمن", "الوزير", "الاتفاق", "وحذر", "من", "تاخير", "تنفيذه"]
    assert tokens(vocalised)[0].end == len("ثمّن")  # offsets span the marks
    plain = "ثمن الوزير الاتفاق وحذر من تأخير تنفيذه"
    assert dedup.text_hash(tokens(vocalised)) == dedup.text_hash(tokens(plain))
    assert [t.norm for t in tokens("ـ #برنامج_تطوير")] == ["برنامج", "تطوير"]


def test_copy_arriving_in_a_later_batch_is_repointed_to_the_earlier_original():
    late = article("b", WIRE, published="2018-05-14T09:00:00+00:00")
    state, _ = run([late])
    _, result = run([article("a", WIRE, published="2018-05-14T08:00:00+00:00")], state)
    assert {a.id for a in result.articles} == {"a", "b"}  # b changed: it now copies a
    assert state.articles["b"].duplicate_of == "a"


def test_reworded_wire_copy_is_a_near_duplicate():
    reworded = WIRE.replace("أعلنت وزارة الخارجية السودانية اليوم", "قالت الخرطوم الاثنين إنها قررت") + " رسميا"
    state, _ = run([article("a", WIRE), article("b", reworded, published="2018-05-14T11:00:00+00:00")])
    assert state.articles["b"].duplicate_of == "a"


def test_different_report_of_the_same_event_is_not_a_copy():
    other = ("أجرى الرئيس السوداني عمر البشير تغييرات مهمة في حكومته شملت حقيبتي الخارجية والنفط بعد أشهر "
             "من أزمة وقود خانقة أدت إلى طوابير طويلة أمام المحطات واحتجاجات في العاصمة ومدن أخرى")
    state, _ = run([article("a", WIRE), article("b", other)])
    assert state.articles["b"].duplicate_of is None


def test_update_with_a_new_lead_on_the_old_paragraphs_is_not_a_copy():
    """Most of the text is shared (containment passes both ways) but the lead is new: shared passages."""
    base = WIRE + (" وأوضحت الوزارة في بيانها أن التعديل يهدف إلى تحسين أداء الحكومة ومعالجة الأزمة الاقتصادية"
                   " التي تمر بها البلاد منذ مطلع العام الجاري")
    lead = ("أدى الوزراء الجدد اليمين الدستورية أمام الرئيس السوداني عمر البشير في القصر الجمهوري بالخرطوم صباح "
            "الثلاثاء بعد يوم من الإعلان عن التعديل الذي طال الحقائب السيادية وسط ترقب لسياسات الحكومة الجديدة "
            "في مواجهة أزمة الوقود وارتفاع الأسعار")
    old, update = tokens(base), tokens(lead + " " + base)
    shared = dedup.containment(dedup.shingles(update, 2), dedup.shingles(old, 2))
    assert shared >= config.GROUPING_COPY_CONTAINMENT and dedup.lead_overlap(old, update) < 0.2
    state, _ = run([article("a", base), article("b", lead + " " + base, published="2018-05-15T10:00:00+00:00")])
    assert state.articles["b"].duplicate_of is None
    assert state.articles["b"].shared_passages


def test_shared_quote_is_a_passage_with_offsets_on_both_articles():
    first = "قال الرئيس الفلسطيني في خطاب مساء الاثنين " + QUOTE + " ودعا إلى إضراب عام وتنكيس الأعلام"
    second = "وفي رام الله أكد محمود عباس أمام القيادة " + QUOTE + " فيما سقط عشرات القتلى على حدود غزة"
    state, _ = run([article("a", first), article("b", second)])
    (passage,) = state.articles["b"].shared_passages
    assert passage.articles == ("a",)
    assert second[passage.start : passage.end] == QUOTE
    (back,) = state.articles["a"].shared_passages
    assert first[back.start : back.end] == QUOTE and back.articles == ("b",)


def test_boilerplate_fingerprints_are_ignored_beyond_the_posting_limit(monkeypatch):
    monkeypatch.setattr("marsad.config.GROUPING_PRINT_MAX_POSTINGS", 1)
    texts = [f"خبر رقم {i} عن موضوع مختلف تماما " + QUOTE for i in range(3)]
    state, _ = run([article(str(i), t) for i, t in enumerate(texts)])
    assert state.articles["2"].shared_passages == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(WIRE.split()), min_size=3, max_size=40),
       st.lists(st.sampled_from(WIRE.split()), min_size=3, max_size=40))
def test_copy_relation_is_symmetric(first, second):
    a, b = tokens(" ".join(first)), tokens(" ".join(second))
    assert dedup.is_copy(a, b) == dedup.is_copy(b, a)


def test_term_frequency_table_was_built_with_the_active_term_function():
    """term_df.tsv must be rebuilt (scripts/build_term_df.py) whenever the stemmer changes."""
    from importlib import resources

    from marsad.grouping.features import term_source

    header = resources.files("marsad.grouping").joinpath("data/term_df.tsv").read_text("utf-8").split("\n", 1)[0]
    assert header.split("\t")[2] == term_source()


def _group_into(store, articles):
    from marsad.grouping import group

    with store.transaction():
        result = group(articles, store)
        store.write_grouping(result.rows)
        store.put_events(result.events)
        store.put_stories(result.stories)
        store.put_articles(article_rows(result.articles))


def test_copies_and_passages_are_looked_for_within_the_copy_window(tmp_path):
    """An exact copy 10 days later is a copy; one published beyond the window is not (memory and SQLite)."""
    from marsad.store.sqlite import SQLiteStore

    def days_after_a(days: int) -> str:
        return (date(2018, 5, 14) + timedelta(days=days)).isoformat() + "T08:00:00+00:00"

    near = article("b", WIRE, published=days_after_a(10))
    far = article("c", WIRE, published=days_after_a(config.GROUPING_COPY_DAYS + 2))  # 12+ days after b
    state, _ = run([article("a", WIRE), near, far])
    store = SQLiteStore(tmp_path / "w.db")
    _group_into(store, [article("a", WIRE), near, far])
    stored = {a.id: a.duplicate_of for a in store.iter_articles()}
    store.close()
    assert {i: a.duplicate_of for i, a in state.articles.items()} == stored == {"a": None, "b": "a", "c": "b"}


def test_undated_articles_are_grouped_among_the_undated_only():
    dated = article("a", WIRE)
    undated = [article("u", WIRE, published=None), article("v", WIRE, published=None)]
    state, _ = run([dated, *undated])
    assert state.articles["v"].duplicate_of == "u" and state.articles["u"].duplicate_of is None
    assert state.articles["a"].event != state.articles["u"].event == state.articles["v"].event


def test_period_keyed_migration_agrees_with_the_config():
    """Migration 0007 computes periods in SQL with the constants of config and grouping.state."""
    from importlib import resources

    sql = resources.files("marsad.store").joinpath("migrations/0007_grouping_periods.sql").read_text("utf-8")
    assert f"% {config.GROUPING_PERIOD_DAYS} + {config.GROUPING_PERIOD_DAYS})" in sql
    assert f"% {config.GROUPING_STORY_PERIOD_DAYS} + {config.GROUPING_STORY_PERIOD_DAYS})" in sql
    assert f"COALESCE(day, {UNDATED})" in sql


def test_period_keyed_migration_rekeys_the_rows_of_an_older_store():
    import sqlite3
    from importlib import resources

    folder = resources.files("marsad.store").joinpath("migrations")
    db = sqlite3.connect(":memory:")
    db.executescript(folder.joinpath("0004_grouping.sql").read_text("utf-8"))
    db.executemany("INSERT INTO grouping_docs VALUES (?, '', ?, ?, NULL, NULL, '{}')", [("a", 17665, "h"), ("u", None, "h")])
    db.executemany("INSERT INTO grouping_bands VALUES (?, ?)", [(7, "a"), (7, "u")])
    db.executemany("INSERT INTO grouping_prints VALUES (?, ?)", [(9, "a")])
    db.executemany("INSERT INTO grouping_terms VALUES (?, ?, ?)", [("x", 17665, "a"), ("x", None, "u")])
    db.execute("INSERT INTO grouping_event_terms VALUES ('x', -3, 'ev-a')")
    db.executescript(folder.joinpath("0007_grouping_periods.sql").read_text("utf-8"))
    assert db.execute("SELECT * FROM grouping_bands ORDER BY id").fetchall() == [
        (17665 // config.GROUPING_PERIOD_DAYS, 7, "a", 17665),
        (UNDATED // config.GROUPING_PERIOD_DAYS, 7, "u", UNDATED),
    ]
    assert db.execute("SELECT * FROM grouping_hashes WHERE id = 'a'").fetchall() == [
        (17665 // config.GROUPING_PERIOD_DAYS, "h", "a", 17665)]
    assert db.execute("SELECT period, print FROM grouping_prints").fetchall() == [(17665 // config.GROUPING_PERIOD_DAYS, 9)]
    assert db.execute("SELECT * FROM grouping_terms ORDER BY id").fetchall() == [(17665, "x", "a"), (UNDATED, "x", "u")]
    assert db.execute("SELECT epoch FROM grouping_event_terms").fetchall() == [(-3 // config.GROUPING_STORY_PERIOD_DAYS,)]
