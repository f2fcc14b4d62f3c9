"""The citation graph, first reporters and contradictions across articles."""

from __future__ import annotations

from marsad.model import Article, Citation, Source
from marsad.scoring import citation_edges, contradicting_outlets, first_reporters
from marsad.scoring.contradictions import stated_counts


def cite(to: str, kind: str) -> Citation:
    return Citation(to, kind, to, 0, len(to))


def test_edges_count_articles_not_mentions() -> None:
    one = Article("1", "x", "…", source=Source("سكاي نيوز عربية"),
                  attributions=[cite("رويترز", "agency"), cite("رويترز", "agency")])
    two = Article("2", "x", "…", source=Source("سكاي نيوز عربية"), attributions=[cite("رويترز", "agency")])
    assert citation_edges([one, two]) == [("سكاي نيوز عربية", "رويترز", "agency", 2)]


def test_copies_and_self_citations_are_no_edges() -> None:
    copy = Article("3", "x", "…", source=Source("عكاظ"), duplicate_of="1", attributions=[cite("رويترز", "agency")])
    self_cite = Article("4", "x", "…", source=Source("CNN"), attributions=[cite("سي إن إن", "outlet")])
    assert citation_edges([copy, self_cite]) == []


def test_first_reporter_is_the_earliest_original() -> None:
    articles = [
        Article("b", "x", "…", source=Source("ب"), event="e1", published="2018-05-08T10:00:00"),
        Article("a", "x", "…", source=Source("أ"), event="e1", published="2018-05-08T09:00:00"),
        Article("c", "x", "…", source=Source("ج"), event="e1", published="2018-05-08T08:00:00", duplicate_of="a"),
    ]
    assert first_reporters(articles) == {"e1": ("أ", "a")}


def test_stated_counts() -> None:
    assert stated_counts("أسفر الهجوم عن 12 قتيلا و٣٠ جريحا، بعد مقتل 3 جنود") == {
        "killed": {12, 3},
        "injured": {30},
    }


def test_contradicting_outlets_within_hours() -> None:
    def report(i: str, outlet: str, text: str, published: str) -> Article:
        return Article(i, "x", text, source=Source(outlet), published=published)

    ours = report("1", "أ", "سقط 12 قتيلا في الانفجار", "2018-05-08T10:00:00")
    same = report("2", "ب", "سقط 12 قتيلا في الانفجار", "2018-05-08T11:00:00")
    other = report("3", "ج", "سقط 20 قتيلا في الانفجار", "2018-05-08T12:00:00")
    later = report("4", "د", "ارتفعت الحصيلة إلى 30 قتيلا", "2018-05-09T12:00:00")  # a revised toll
    assert contradicting_outlets(ours, [ours, same, other, later]) == 1


def test_an_outlet_s_regional_edition_naming_the_parent_is_no_edge() -> None:
    cnn = Article("5", "x", "…", source=Source("سي إن إن بالعربية"), attributions=[cite("سي إن إن", "outlet")])
    assert citation_edges([cnn]) == []
