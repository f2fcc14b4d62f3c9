"""Stories: one bridging event must not chain two threads into one story."""

from __future__ import annotations

from grouping_helpers import article, run

from marsad import config
from marsad.grouping import stories

DEAL = "الاتفاق النووي مع إيران"
EMBASSY = "نقل السفارة الأمريكية إلى القدس"
DEAL_THREAD = [
    ("a1", "2018-05-01T09:00:00", f"أوروبا تتمسك ب{DEAL}",
     f"أكدت فرنسا وألمانيا وبريطانيا تمسكها ب{DEAL} وحثت واشنطن على البقاء فيه وعدم فرض عقوبات جديدة "
     "على طهران وبرنامجها لتخصيب اليورانيوم"),
    ("a2", "2018-05-08T09:00:00", f"ترامب ينسحب من {DEAL}",
     f"أعلن الرئيس الأمريكي الانسحاب من {DEAL} وإعادة فرض العقوبات على طهران وبرنامجها لتخصيب اليورانيوم"),
    ("a3", "2018-05-15T09:00:00", f"طهران تهدد بعد انهيار {DEAL}",
     f"هددت طهران باستئناف تخصيب اليورانيوم إذا فشل الأوروبيون في إنقاذ {DEAL} بعد العقوبات الأمريكية"),
    ("a4", "2018-05-22T09:00:00", f"وزير الخارجية الإيراني يجول في العواصم الأوروبية لإنقاذ {DEAL}",
     f"بدأ وزير الخارجية الإيراني جولة في العواصم الأوروبية لبحث ضمانات بقاء {DEAL} رغم العقوبات "
     "الأمريكية على طهران وبرنامجها لتخصيب اليورانيوم"),
]
EMBASSY_THREAD = [
    ("b1", "2018-05-02T09:00:00", f"الفلسطينيون يرفضون {EMBASSY}",
     f"رفضت السلطة الفلسطينية {EMBASSY} ودعت إلى مسيرات غاضبة في غزة والضفة الغربية ضد الاحتلال والاستيطان"),
    ("b2", "2018-05-14T09:00:00", "افتتاح السفارة في القدس ومقتل العشرات في غزة",
     f"افتتحت الولايات المتحدة سفارتها في القدس بعد {EMBASSY} بينما قتل العشرات في غزة برصاص الاحتلال "
     "خلال مسيرات العودة والاستيطان"),
    ("b3", "2018-05-20T09:00:00", f"غواتيمالا تحذو حذو واشنطن في {EMBASSY}",
     f"افتتحت غواتيمالا سفارتها في القدس بعد {EMBASSY} وسط تنديد فلسطيني بالاحتلال والاستيطان ومسيرات في غزة"),
    ("b4", "2018-05-27T09:00:00", f"الجامعة العربية تدين {EMBASSY}",
     f"أدانت الجامعة العربية {EMBASSY} ودعت إلى حماية الفلسطينيين في غزة والضفة الغربية من الاحتلال "
     "ووقف الاستيطان"),
]
# A comment on both threads at once: close enough to each to be linked to both.
BRIDGE = ("x", "2018-05-10T09:00:00", "أردوغان ينتقد واشنطن",
          f"انتقد الرئيس التركي أردوغان انسحاب واشنطن من {DEAL} و{EMBASSY} وقال إن العقوبات على طهران "
          "والاستيطان في القدس خطأ")


def articles():
    return [article(i, text, title, published=when)
            for i, when, title, text in [*DEAL_THREAD, *EMBASSY_THREAD, BRIDGE]]


def test_a_bridging_event_does_not_chain_two_threads():
    state, _ = run(articles())
    event = {a.id: a.event for a in state.articles.values()}
    story = {a.id: a.story for a in state.articles.values()}
    bridge_links = state.story_links([event["x"]])[event["x"]]
    assert {event["a2"], event["b2"]} <= bridge_links  # single linkage would make one story
    assert len({story[i] for i, *_ in DEAL_THREAD}) == 1
    assert len({story[i] for i, *_ in EMBASSY_THREAD}) == 1
    assert story["a1"] != story["b1"]
    assert story["x"] in {story["a1"], story["b1"]}


def test_the_split_does_not_depend_on_arrival_order():
    expected = {a.id: a.story for a in run(articles())[0].articles.values()}
    state = None
    for one in sorted(articles(), key=lambda a: a.id, reverse=True):
        state, _ = run([one], state)
    assert {a.id: a.story for a in state.articles.values()} == expected


def unit(**weights: float) -> dict[str, float]:
    norm = sum(w * w for w in weights.values()) ** 0.5
    return {t: w / norm for t, w in weights.items()}


def test_split_group_keeps_a_cohesive_group_whole_and_cuts_at_a_bridge():
    close = [("e1", (unit(deal=1, iran=1), 1)), ("e2", (unit(deal=1, iran=1, europe=0.5), 2)),
             ("e3", (unit(deal=1, iran=0.5), 3))]
    assert stories.split_group(close) == [["e1", "e2", "e3"]]
    deal = [(f"p{n}", (unit(deal=1, iran=1, **{f"p{n}": 0.3}), n)) for n in range(3)]
    embassy = [(f"r{n}", (unit(embassy=1, gaza=1, **{f"r{n}": 0.3}), 10 + n)) for n in range(3)]
    bridge = ("q", (unit(deal=0.4, embassy=0.35, turkey=1), 5))
    assert stories.is_linked(bridge[1], deal[0][1]) and stories.is_linked(bridge[1], embassy[0][1])
    assert stories.split_group([*deal, bridge, *embassy]) == [["p0", "p1", "p2", "q"], ["r0", "r1", "r2"]]
    assert stories.split_group(close[:1]) == [["e1"]]


def test_a_group_longer_than_the_split_run_is_split_run_by_run(monkeypatch):
    monkeypatch.setattr(config, "GROUPING_STORY_SPLIT_EVENTS", 2)
    thread = [(f"e{n}", (unit(deal=1, iran=1), n)) for n in range(5)]
    assert stories.split_group(thread) == [["e0", "e1"], ["e2", "e3"], ["e4"]]


def test_a_batch_rebuilds_only_the_stories_it_touches():
    first = [a for a in articles() if a.id != "a4"]
    state, _ = run(first)
    embassy = {state.articles[i].story for i, *_ in EMBASSY_THREAD}
    _, result = run([a for a in articles() if a.id == "a4"], state)
    assert {s.id for s in result.stories} == {state.articles["a1"].story}
    assert not embassy & {s.id for s in result.stories}
    assert not {e.id for e in result.events} & {state.articles[i].event for i, *_ in EMBASSY_THREAD}
    assert state.articles["a4"].story == state.articles["a1"].story
