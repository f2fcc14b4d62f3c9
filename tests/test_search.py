"""Search: query parsing, index terms, snippets, and ranked FTS5 search in the SQLite store."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Article, Citation, Source
from marsad.rows import article_rows, reindex_search
from marsad.search import count_search, highlight_spans, index_columns, make_snippet, parse_query, search
from marsad.store import ArticleFilter, open_store
from marsad.store.sqlite_search import match_expression


def article(article_id: str, text: str, title: str = "", published: str | None = "2024-05-01", **extra) -> Article:
    """A stored-looking article: its content hash is the hash of its text, as the cleaner makes it."""
    digest = hashlib.sha1(text.encode()).hexdigest()
    return Article(id=article_id, origin="test", text=text, title=title or None, published=published,
                   content_hash=digest, **extra)


@pytest.fixture
def store(tmp_path):
    opened = open_store(str(tmp_path / "search.db"))
    opened.put_articles(article_rows([
        article("morocco", "أعلنت الحكومة بالمغرب عن خطة جديدة للطاقة الشمسية.", "خطة للطاقة",
                source=Source("هسبريس", "المغرب")),
        article("america", "قالت الإدارة الأمريكية إن أمريكا ستنسحب من الاتفاق النووي.", "أمريكا تنسحب",
                published="2024-04-01", source=Source("سكاي نيوز عربية", "الإمارات")),
        article("hospital", "افتتح مستشفى جديد في مدينة طنجة شمال البلاد.", "مستشفى طنجة",
                source=Source("هسبريس", "المغرب")),
        article("deal-old", "الاتفاق النووي مع إيران يواجه مصيرا غامضا بعد قرار واشنطن.", "مصير الاتفاق",
                published="2023-01-10", source=Source("العربية", "السعودية")),
        article("deal-new", "الاتفاق النووي مع إيران يواجه مصيرا غامضا بعد قرار واشنطن.", "مصير الاتفاق",
                published="2024-05-01", source=Source("العربية", "السعودية")),
    ]))
    yield opened
    opened.close()


def ids(hits) -> list[str]:
    return [hit.article.id for hit in hits]


# -- queries and index terms -------------------------------------------------


def test_query_words_phrases_and_exclusions_are_parsed():
    query = parse_query('أمريكا "الاتفاق النووي" -كوريا')
    assert [(c.bases, c.negated) for c in query.clauses] == [
        (("امريكا",), False), (("اتفاق", "نووي"), False), (("كوريا",), True)]


def test_stop_words_and_punctuation_make_an_empty_query():
    assert parse_query("في من على ، .").is_empty()
    assert parse_query("-ترامب").is_empty()  # nothing required


@settings(deadline=None)  # correctness, not speed: on a loaded machine one parse can pass 200 ms
@given(st.text(max_size=60))
def test_any_query_text_parses_without_error(text):
    query = parse_query(text)
    if not query.is_empty():
        assert "MATCH" not in match_expression(query)  # only quoted forms and operators


def test_index_columns_strip_proclitics_and_normalise():
    title, body, stems = index_columns("للمغرب", "وبالمغرب أُعلن")
    assert title == "مغرب"
    assert body.split() == ["مغرب", "اعلن"]
    assert "مغرب" not in stems.split()  # its stem is its base: found through the base


def test_hashtag_words_are_separate_words():
    _, body, _ = index_columns("", "#السفارة_الأميركية")
    assert body.split() == ["سفاره", "اميركيه"]


# -- snippets ------------------------------------------------------------------


def test_snippet_highlights_point_at_the_matching_words():
    text = "كلام تمهيدي طويل " * 30 + "ثم زار الرئيس المغربي مدينة طنجة وقال إن المغرب بخير. " + "خاتمة " * 40
    snippet = make_snippet(text, parse_query("المغرب طنجة"))
    marked = [snippet.text[s:e] for s, e in snippet.highlights]
    assert {"طنجة", "المغرب"} <= set(marked)
    assert snippet.text.startswith("… ") and snippet.text.endswith(" …")


def test_snippet_without_a_match_is_the_opening():
    snippet = make_snippet("نص قصير بلا تطابق", parse_query("طنجة"))
    assert snippet.text == "نص قصير بلا تطابق" and snippet.highlights == ()


def test_highlight_spans_match_alef_and_clitic_variants():
    text = "وأمريكا وامريكا لأمريكا"
    assert len(highlight_spans(text, parse_query("أمريكا"))) == 3


# -- store search ------------------------------------------------------------------


def test_hamza_alef_finds_bare_alef_and_back(store):
    assert "america" in ids(search(store, "امريكا"))
    assert "america" in ids(search(store, "أمريكا"))


def test_word_with_article_finds_it_with_a_preposition(store):
    assert ids(search(store, "المغرب")) == ["morocco"]


def test_alef_maqsura_and_taa_marbuta_are_folded(store):
    store.put_articles(article_rows([article("yaa", "وصل الوفد إلى مكة المكرمة وأقام بمصطفى.")]))
    assert "yaa" in ids(search(store, "مكه مصطفي"))


def test_phrase_needs_the_words_in_order(store):
    assert set(ids(search(store, '"الاتفاق النووي"'))) == {"america", "deal-old", "deal-new"}
    assert ids(search(store, '"النووي الاتفاق"')) == []


def test_excluded_word_removes_matches(store):
    assert "america" not in ids(search(store, '"الاتفاق النووي" -أمريكا'))


def test_stem_matches_other_forms_of_a_word(store):
    assert "hospital" in ids(search(store, "المستشفيات"))


def test_recency_breaks_a_tie_between_equal_texts(store):
    assert ids(search(store, "غامضا"))[:2] == ["deal-new", "deal-old"]


def test_filters_restrict_the_matches(store):
    assert ids(search(store, "الاتفاق", where=ArticleFilter(outlet="العربية", since="2024-01-01"))) == ["deal-new"]
    assert set(ids(search(store, "جديد", where=ArticleFilter(country="المغرب")))) == {"hospital", "morocco"}
    assert count_search(store, "الاتفاق", ArticleFilter(country="الإمارات")) == 1


def test_paging_and_count_agree(store):
    everything = ids(search(store, "الاتفاق", limit=10))
    assert count_search(store, "الاتفاق") == len(everything) == 3
    assert ids(search(store, "الاتفاق", limit=2, offset=1)) == everything[1:3]


def test_stop_word_query_finds_nothing(store):
    assert search(store, "في") == [] and count_search(store, "في") == 0


def test_reput_with_same_text_is_not_indexed_twice(store):
    again = article("morocco", "أعلنت الحكومة بالمغرب عن خطة جديدة للطاقة الشمسية.", "خطة للطاقة")
    store.put_articles(article_rows([again, again]))
    assert count_search(store, "المغرب") == 1


def test_changed_text_is_found_by_its_new_words_only(store):
    store.put_articles(article_rows([article("morocco", "تغير النص كليا: مباراة كرة القدم في الرباط.")]))
    assert count_search(store, "المغرب") == 0
    assert ids(search(store, "الرباط")) == ["morocco"]


def test_reindex_rebuilds_the_same_results(store):
    before = ids(search(store, "الاتفاق"))
    assert reindex_search(store) == store.count_articles()
    assert ids(search(store, "الاتفاق")) == before


def test_a_store_from_before_the_index_is_indexed_on_first_search(tmp_path):
    opened = open_store(str(tmp_path / "old.db"))
    opened.put_articles(article_rows([article("a1", "خبر عن تونس")]))
    opened.db.execute("DELETE FROM search_docs")  # as if stored before migration 0005
    opened.close()
    reopened = open_store(str(tmp_path / "old.db"))
    assert ids(search(reopened, "تونس")) == ["a1"]
    reopened.close()


# -- window aggregates ---------------------------------------------------------------


def test_keyword_lists_cover_the_window_only(tmp_path):
    opened = open_store(str(tmp_path / "kw.db"))
    opened.put_articles(article_rows([
        article("k1", "أ", published="2024-05-01", keywords=["غزة", "القدس"]),
        article("k2", "ب", published="2024-05-09", keywords=["إيران"]),
        article("k3", "ج", published=None, keywords=["بلا تاريخ"]),
    ]))
    assert opened.keyword_lists("2024-05-05", "2024-05-31") == [["إيران"]]
    assert len(opened.keyword_lists()) == 3
    assert opened.newest_day() == "2024-05-09"
    opened.close()


def test_citing_articles_carry_outlet_attributions_and_copies(tmp_path):
    opened = open_store(str(tmp_path / "cite.db"))
    cited = Citation("رويترز", "agency", "رويترز", 0, 6)
    opened.put_articles(article_rows([
        article("c1", "رويترز: خبر", source=Source("الجزيرة"), attributions=[cited]),
        article("c2", "رويترز: خبر منقول", source=Source("موقع"), attributions=[cited], duplicate_of="c1"),
    ]))
    found = {a.id: a for a in opened.citing_articles()}
    assert found["c1"].source.name == "الجزيرة" and found["c1"].attributions == [cited]
    assert found["c2"].duplicate_of is not None
    opened.close()
