"""Re-scoring stays flat as an event grows: a new member is scored in full, older members have only
their event's evidence redone, and once that evidence is past its caps no older member is written."""

from __future__ import annotations

from datetime import datetime

import pytest

from marsad import pipeline, scoring
from marsad.model import RawDocument, Source
from marsad.pipeline import ingest
from marsad.scoring.credibility import EVENT_SIGNALS as CREDIBILITY_SIGNALS
from marsad.scoring.importance import EVENT_SIGNALS as IMPORTANCE_SIGNALS
from marsad.store.sqlite import SQLiteStore

# Sentences about one happening; each report takes three of them and two of its own wording, so
# that most reports are independent (not copies) and all of them make one event.
SHARED = [
    "حثت منظمة ناجين من الهولوكوست السلطات الألمانية على تكثيف بحثها عن أورسولا هافربيك.",
    "وأعربت لجنة أوشفيتز الدولية عن أملها في العثور قريبا على هافربيك البالغة 89 عاما.",
    "وحكم على هافربيك بالسجن عامين بتهمة إنكار محرقة اليهود.",
    "وكان من المفترض أن تبدأ هافربيك تنفيذ الحكم يوم الأربعاء في مدينة بيليفيلد.",
    "وذكرت صحيفة محلية أن منزل هافربيك في فلوتو بدا فارغا لأيام.",
    "وقال عضو اللجنة كريستوف هوبنر إن على الشرطة أن تكثف بحثها عن هافربيك.",
    "وتعد إنكار المحرقة جريمة يعاقب عليها القانون في ألمانيا.",
    "ولم تسلم هافربيك نفسها للسلطات رغم صدور الحكم النهائي.",
]
OWN = [
    "وفي برلين رفض متحدث باسم الحكومة التعليق على مكان وجودها.",
    "ويقول محامو الدفاع إنهم سيستأنفون أمام المحكمة الدستورية.",
    "وتجمع عشرات المتظاهرين أمام مبنى المحكمة مطالبين بالإسراع.",
    "وأشار خبراء قانونيون إلى أن التأخير في التنفيذ نادر.",
    "ونشرت الشرطة صورتها في محطات القطارات والمطارات.",
    "وأكد مكتب الادعاء العام أن مذكرة توقيف صدرت بحقها.",
    "وتابعت وسائل إعلام أوروبية القضية باهتمام واسع.",
    "وطالبت جمعيات يهودية بتشديد العقوبات على منكري المحرقة.",
    "وتقيم المرأة وحدها منذ وفاة زوجها قبل سنوات طويلة.",
    "وسبق أن أدينت في قضايا مماثلة خلال العقد الماضي.",
    "ولم يصدر عن عائلتها أي بيان حتى مساء الاثنين.",
    "وتشير تقارير إلى أنها قد تكون غادرت البلاد سرا.",
    "وانتقد نواب في البرلمان بطء أجهزة الأمن في التحرك.",
]


def report(i: int, toll: int | None = None, outlet: str | None = None) -> RawDocument:
    """Report ``i`` of one happening, from an outlet of its own; ``toll`` adds a stated count."""
    sentences = [SHARED[(i + k * 3) % len(SHARED)] for k in range(3)]
    sentences += [OWN[i % len(OWN)], OWN[(i * 5 + 3) % len(OWN)]]
    if toll is not None:
        sentences.append(f"وأسفر الهجوم عن مقتل {toll} شخصا.")
    return RawDocument(
        origin=f"report{i}",
        kind="jsonl",
        text=" ".join(sentences),
        title="البحث عن هافربيك في ألمانيا",
        given_id=f"report-{i}" + (f"-{outlet}" if outlet else ""),
        published=f"2018-05-07T{i // 60:02d}:{i % 60:02d}:00+00:00",
        source=Source(name=outlet or f"منفذ {i}"),
    )


def grown(store: SQLiteStore, members: int) -> str:
    ingest([report(i) for i in range(members)], store)
    events = {a.event for a in store.iter_articles()}
    assert len(events) == 1, "the reports must make one event for this test to mean anything"
    return events.pop()


@pytest.mark.parametrize("members", [10, 30])
def test_a_new_member_of_a_widely_covered_event_rescores_and_rewrites_only_itself(
    tmp_path, monkeypatch, members: int
) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    event = grown(store, members)
    scored, written = [], []
    full = scoring.credibility
    monkeypatch.setattr(scoring, "credibility", lambda a, c: scored.append(a.id) or full(a, c))
    put = store.put_articles
    monkeypatch.setattr(
        store, "put_articles", lambda rows: put([written.append(r.article.id) or r for r in rows])
    )
    regrouped: list[str] = []  # older articles whose grouping fields changed: written whatever scoring does
    group = pipeline.grouping.group
    monkeypatch.setattr(pipeline.grouping, "group", lambda new, state, **kw: _noting(group(new, state, **kw), regrouped))
    summary = ingest([report(members)], store)
    assert summary.stored == 1 and store.get_article(f"report-{members}").event == event
    coverage = {e.signal: e.detail for a in store.iter_articles() for e in a.importance.evidence}
    assert "أو أكثر" in coverage["coverage_breadth"]  # the event is past the cap of its outlets
    assert scored == [f"report-{members}"]  # the other members' texts are not scored again
    new = f"report-{members}"
    assert set(written) - (set(regrouped) - {new}) == {new}  # past the caps no member's score moves
    assert len(store.get_event(event).articles) == members + 1


def _noting(result, regrouped: list[str]):
    regrouped.extend(a.id for a in result.articles)
    return result


def test_older_members_event_evidence_is_what_a_full_rescoring_gives(tmp_path) -> None:
    """One article at a time (outlets, copies, tolls that disagree): each member's stored event
    evidence equals that of scoring it afresh against the event as it ends up."""
    store = SQLiteStore(tmp_path / "m.db")
    tolls = [12, None, 12, 15, None, 17, 12, None, 20]
    for i, toll in enumerate(tolls):
        ingest([report(i, toll)], store)
    ingest([report(3, 15, outlet="ناقل")], store)  # a copy of report 3, from another outlet
    articles = list(store.iter_articles())
    assert len({a.event for a in articles}) == 1
    assert store.get_article("report-3-ناقل").duplicate_of == "report-3"
    assert sum(1 for a in articles if not a.duplicate_of) >= 3
    assert any(e.signal == "contradictions" for a in articles for e in a.credibility.evidence)
    for article in articles:
        expected = _afresh(article, articles)
        got_c = [e for e in article.credibility.evidence if e.signal in CREDIBILITY_SIGNALS]
        got_i = [e for e in article.importance.evidence if e.signal in IMPORTANCE_SIGNALS]
        assert (got_c, got_i) == expected, article.id


def _afresh(article, members):
    """The event evidence of ``article`` computed from scratch over every member."""
    from marsad.model import Coverage

    originals = [a for a in members if not a.duplicate_of]
    dated = sorted((a.published, a.source.name) for a in originals if a.published)
    first, last = datetime.fromisoformat(dated[0][0]), datetime.fromisoformat(dated[-1][0])
    coverage = Coverage(
        independent_outlets=len({a.source.name for a in originals}),
        copies=len(members) - len(originals),
        hours_to_spread=(last - first).total_seconds() / 3600,
        first_reporter=dated[0][1],
        contradicting_outlets=scoring.contradicting_outlets(article, members),
    )
    evidence = scoring.event_credibility(coverage), scoring.event_importance(article, coverage)
    return [e for e in evidence[0]], [e for e in evidence[1] if e.signal != "story_size"]


def test_rescoring_reads_no_member_text_again(tmp_path, monkeypatch) -> None:
    """The members grouping read are reused: scoring asks the store for none of them again."""
    store = SQLiteStore(tmp_path / "m.db")
    grown(store, 12)
    asked: list[str] = []
    get = store.get_articles
    monkeypatch.setattr(store, "get_articles", lambda ids: get([asked.append(i) or i for i in ids]))
    calls = []
    rescore = pipeline.rescore
    monkeypatch.setattr(pipeline, "rescore", lambda *a: calls.append(len(asked)) or rescore(*a))
    ingest([report(12)], store)
    assert calls and len(asked) == calls[0]  # nothing read from the store inside rescore
