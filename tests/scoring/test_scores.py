"""Credibility and importance: reproducible from their evidence, and moving the right way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Article, Coverage, DateMention, Mention, Source
from marsad.scoring import credibility, find_attributions, importance

NAMED = 'وقال وزير الصحة خالد الفالح في بيان إن "الوضع تحت السيطرة تماما" وإن المستشفيات جاهزة.'
UNNAMED = 'وقالت مصادر إن "الوضع تحت السيطرة تماما" وإن المستشفيات جاهزة.'


def article(text: str, **fields) -> Article:
    made = Article(id="a", origin="test", text=text, source=Source("سكاي نيوز عربية"), **fields)
    made.attributions = find_attributions(text)
    return made


def test_named_official_scores_above_unnamed_sources() -> None:
    coverage = Coverage()
    assert credibility(article(NAMED), coverage).score > credibility(article(UNNAMED), coverage).score


def test_eight_independent_outlets_beat_one_outlet_and_seven_copies() -> None:
    text = article(NAMED)
    wide, copied = Coverage(independent_outlets=8), Coverage(independent_outlets=1, copies=7)
    assert credibility(text, wide).score > credibility(text, copied).score
    assert importance(text, wide).score > importance(text, copied).score


def test_sensational_wording_costs_credibility() -> None:
    calm = article("أعلنت وزارة الصحة ارتفاع عدد الإصابات.", title="ارتفاع الإصابات")
    loud = article("أعلنت وزارة الصحة ارتفاع عدد الإصابات!!", title="فضيحة صادمة: ارتفاع الإصابات")
    signals = {e.signal for e in credibility(loud, Coverage()).evidence}
    assert "sensational_wording" in signals
    assert credibility(loud, Coverage()).score < credibility(calm, Coverage()).score


def test_contradicting_outlets_cost_credibility() -> None:
    text = article(NAMED)
    assert credibility(text, Coverage(contradicting_outlets=2)).score < credibility(text, Coverage()).score


def test_stated_facts_are_evidence() -> None:
    plain = article(NAMED)
    rich = article(NAMED, dates=[DateMention("أمس", "2018-05-08", 0, 3)],
                   entities=[Mention("الرياض", "LOC", 0, 6), Mention("خالد الفالح", "PER", 20, 31)])
    signals = {e.signal for e in credibility(rich, Coverage()).evidence}
    assert {"stated_dates", "stated_places", "stated_people"} <= signals
    assert credibility(rich, Coverage()).score > credibility(plain, Coverage()).score


def test_attributed_quote_is_evidence() -> None:
    signals = {e.signal: e for e in credibility(article(NAMED), Coverage()).evidence}
    assert "attributed_quotes" in signals and "named_sources" in signals


def test_outlet_naming_itself_is_not_a_source() -> None:
    own = article("(سكاي نيوز عربية) أعلنت الحكومة الإغلاق.")
    named = [e for e in credibility(own, Coverage()).evidence if e.signal == "named_sources"]
    assert all("سكاي" not in e.detail for e in named)


def test_recent_political_news_outranks_old_miscellany() -> None:
    coverage = Coverage(newest_published="2018-05-15T12:00:00")
    fresh = article(NAMED, category="سياسة", published="2018-05-15T08:00:00")
    stale = article(NAMED, category="منوعات", published="2017-01-01T08:00:00")
    assert importance(fresh, coverage).score > importance(stale, coverage).score


def test_clamp_is_evidence_too() -> None:
    loud = article("فضيحة صادمة مرعبة لن تصدق كارثة عاجل!!", title="فضيحة صادمة لن تصدق")
    score = credibility(loud, Coverage(independent_outlets=1, copies=3, contradicting_outlets=5))
    assert sum(e.effect for e in score.evidence) == score.score


coverages = st.builds(
    Coverage,
    independent_outlets=st.integers(1, 40),
    copies=st.integers(0, 40),
    hours_to_spread=st.none() | st.floats(0, 500),
    story_events=st.integers(1, 30),
    first_reporter=st.none() | st.sampled_from(["رويترز", "سكاي نيوز عربية"]),
    entity_prominence=st.dictionaries(st.sampled_from(["e1", "e2", "e3", "e4"]), st.integers(1, 5000)),
    outlet_articles=st.integers(0, 5000),
    outlet_duplicate_share=st.floats(0, 1),
    newest_published=st.none() | st.sampled_from(["2018-05-15T12:00:00", "2019-01-01"]),
    contradicting_outlets=st.integers(0, 10),
)
texts = st.sampled_from([NAMED, UNNAMED, "نص قصير بلا مصدر", "فضيحة!! قالت مصادر مطلعة لرويترز"])
categories = st.sampled_from(["سياسة", "رياضة", "منوعات", "غير مصنف"])


@settings(max_examples=200, deadline=None)
@given(coverage=coverages, text=texts, category=categories)
def test_evidence_sums_to_the_score(coverage: Coverage, text: str, category: str) -> None:
    subject = article(text, category=category, published="2018-05-10T10:00:00")
    for score in (credibility(subject, coverage), importance(subject, coverage)):
        assert 0 <= score.score <= 100
        assert sum(e.effect for e in score.evidence) == score.score
        assert score.evidence[0].signal == "base"
        assert all(e.signal.isidentifier() and e.detail for e in score.evidence)
