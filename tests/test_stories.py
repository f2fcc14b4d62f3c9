"""Stories: events of one thread over weeks and months."""

from __future__ import annotations

from grouping_helpers import article, run

DEAL = "اتفاقية التعاون الدفاعي بين المغرب وإسرائيل"
THREAD = [
    ("d1", "2021-11-24T09:00:00", f"توقيع {DEAL} في الرباط",
     f"وقع وزير الدفاع الإسرائيلي بيني غانتس في الرباط {DEAL} مع الوزير المغربي عبد اللطيف لوديي لتنظيم "
     "التعاون الأمني والاستخباراتي والصناعات الدفاعية بين البلدين"),
    ("d2", "2022-07-19T09:00:00", "رئيس أركان الجيش الإسرائيلي يزور المغرب",
     f"وصل رئيس أركان الجيش الإسرائيلي أفيف كوخافي إلى الرباط في أول زيارة من نوعها تطبيقا لبنود {DEAL} "
     "والتقى الوزير المغربي عبد اللطيف لوديي لبحث التعاون الدفاعي والصناعات الدفاعية"),
    ("d3", "2023-01-19T09:00:00", "اجتماع لجنة التعاون الدفاعي المغربية الإسرائيلية",
     f"عقدت اللجنة العسكرية المشتركة اجتماعها الأول في الرباط لمتابعة تنفيذ {DEAL} بحضور الوزير عبد اللطيف "
     "لوديي ومسؤولين إسرائيليين في مجالات التعاون الدفاعي والاستخباراتي"),
]
OTHER = ("x1", "2022-07-19T12:00:00", "ارتفاع أسعار القمح في الأسواق العالمية",
         "ارتفعت أسعار القمح في الأسواق العالمية بسبب موجة الجفاف في أوروبا وتراجع المحاصيل")


def articles():
    return [article(i, text, title, published=when) for i, when, title, text in [*THREAD, OTHER]]


def test_agreement_visit_and_committee_a_year_later_form_one_story():
    state, _ = run(articles())
    events = {a.id: a.event for a in state.articles.values()}
    assert len({events["d1"], events["d2"], events["d3"]}) == 3  # months apart: three events
    stories = {a.id: a.story for a in state.articles.values()}
    assert stories["d1"] == stories["d2"] == stories["d3"] == "st-d1"
    assert stories["x1"] != "st-d1"
    story = state.stories["st-d1"]
    assert story.first_date == "2021-11-24" and story.last_date == "2023-01-19"
    assert story.events == [events["d1"], events["d2"], events["d3"]]


def test_story_ids_do_not_depend_on_arrival_order():
    expected = {a.id: a.story for a in run(articles())[0].articles.values()}
    state = None
    for one in reversed(articles()):
        state, _ = run([one], state)
    assert {a.id: a.story for a in state.articles.values()} == expected
    assert set(state.stories) == set(expected.values())


def test_a_story_is_named_by_its_central_event_not_its_largest_side_event():
    from marsad.grouping.stories import build_story
    from marsad.model import Event

    def event(ident, title, size, day):
        return Event(id=ident, title=title, date=f"2018-05-{day:02d}", articles=[f"{ident}-{n}" for n in range(size)],
                     sources=[])

    main = [event("ev-a", "ليفربول يبلغ نهائي دوري الأبطال", 2, 3), event("ev-b", "صلاح هداف الدوري", 2, 5),
            event("ev-c", "صلاح لاعب الموسم", 3, 7)]
    side = event("ev-d", "غوارديولا يكرم توريه", 5, 6)
    events = [main[0], main[1], side, main[2]]
    centres = {"ev-a": ({"liverpool": 0.8, "final": 0.6}, 1), "ev-b": ({"salah": 0.8, "liverpool": 0.6}, 2),
               "ev-c": ({"salah": 0.6, "liverpool": 0.8}, 3), "ev-d": ({"city": 0.8, "liverpool": 0.6}, 4)}
    assert build_story(events).title == "غوارديولا يكرم توريه"  # without centres: the largest
    story = build_story(events, centres)
    assert story.title == "صلاح لاعب الموسم"
    assert story.id == "st-a" and story.first_date == "2018-05-03" and story.last_date == "2018-05-07"
