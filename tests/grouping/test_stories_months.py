"""Stories over months: a thread sharing its principal actors and places is one story despite gaps
of months and different words; a thread that merely shares a place with it stays apart."""

from __future__ import annotations

from grouping_helpers import article, mention, run

from marsad.model import DateMention

PEOPLE = {
    "محمد بن سلمان": "ent_mbs",
    "جوكو ويدودو": "ent_widodo",
    "إندونيسيا": "ent_indonesia",
    "السعودية": "ent_saudi",
    "جاكرتا": "ent_jakarta",
}

THREAD = [
    (
        "t1",
        "2022-03-10",
        "توقيع مذكرة تفاهم للاستثمار",
        "وقعت السعودية وإندونيسيا في جاكرتا مذكرة تفاهم للاستثمار في الطاقة المتجددة بحضور ممثلين عن "
        "محمد بن سلمان والرئيس جوكو ويدودو وتشمل المذكرة مشروعات للطاقة الشمسية وتحلية المياه",
    ),
    (
        "t2",
        "2022-07-28",
        "زيارة رسمية إلى الرياض",
        "استقبل محمد بن سلمان في الرياض الرئيس جوكو ويدودو في زيارة رسمية تناولت العلاقات بين السعودية "
        "وإندونيسيا وجرت للضيف مراسم استقبال رسمية في قصر اليمامة وأقيمت مأدبة غداء تكريما له",
    ),
    (
        "t3",
        "2022-11-15",
        "لقاء على هامش القمة",
        "التقى محمد بن سلمان الرئيس جوكو ويدودو على هامش قمة العشرين في بالي وبحثا مستجدات الأوضاع "
        "الإقليمية والدولية والتعاون بين السعودية وإندونيسيا في مجالات الأمن الغذائي والصحة",
    ),
    (
        "t4",
        "2023-01-19",
        "اجتماع اللجنة المشتركة",
        "عقدت اللجنة السعودية الإندونيسية المشتركة اجتماعها في جاكرتا لمتابعة ما اتفق عليه محمد بن سلمان "
        "والرئيس جوكو ويدودو بين السعودية وإندونيسيا وناقشت اللجنة جداول تنفيذ مشروعات التعليم والتدريب",
    ),
    (
        "t5",
        "2023-05-02",
        "اتصال هاتفي",
        "تلقى محمد بن سلمان اتصالا هاتفيا من الرئيس جوكو ويدودو هنأه فيه بحلول عيد الفطر وتبادلا خلاله "
        "التهاني بين السعودية وإندونيسيا وأكدا حرصهما على استمرار التنسيق في القضايا الإسلامية",
    ),
]
OTHER = (
    "o1",
    "2022-08-02",
    "ماراثون في جاكرتا",
    "شارك آلاف العدائين في ماراثون جاكرتا السنوي الذي أقيم في شوارع العاصمة وسط أجواء حارة وفاز "
    "بالسباق عداء كيني فيما حلت عداءة إثيوبية أولى في سباق السيدات وتسلم الفائزون جوائزهم",
)


def thread_article(ident, day, title, text):
    one = article(ident, text, title, published=f"{day}T09:00:00+03:00")
    one.entities = [
        mention(text, surface, "PER" if entity in ("ent_mbs", "ent_widodo") else "LOC", entity)
        for surface, entity in PEOPLE.items()
        if surface in text
    ]
    return one


def test_a_thread_over_fourteen_months_is_one_story_and_a_place_alone_is_not():
    _, result = run([thread_article(*item) for item in [*THREAD, OTHER]])
    stories = {a.id: a.story for a in result.articles}
    events = {a.id: a.event for a in result.articles}
    assert len({events[i] for i, *_ in THREAD}) == 5  # five happenings months apart
    assert len({stories[i] for i, *_ in THREAD}) == 1
    assert stories["o1"] != stories["t1"]  # shares Jakarta only


def undated(item, written):
    """A thread article as a plain text: no publication date, one full date written in its text."""
    one = thread_article(*item)
    one.published = None
    one.dates = [DateMention(written, written, 0, len(written))]
    return one


def test_undated_reports_of_the_thread_join_it_as_their_own_events():
    items = [
        thread_article(*THREAD[0]),
        thread_article(*THREAD[1]),
        undated(THREAD[2], "2022-11-15"),
        undated(THREAD[3], "2023-01-19"),
        thread_article(*THREAD[4]),
    ]
    _, result = run(items)
    assert len({a.event for a in result.articles}) == 5  # a November and a January text: two happenings
    assert len({a.story for a in result.articles}) == 1  # placed by the dates they write, not a slot apart


def test_an_undated_meeting_naming_an_earlier_visit_does_not_join_the_visit():
    visit = thread_article(*THREAD[1])
    meeting = undated(THREAD[3], "2023-01-19")
    meeting.dates.append(DateMention("2022-07-28", "2022-07-28", 0, 1))  # the visit, as background
    _, result = run([visit, meeting])
    events = {a.id: a.event for a in result.articles}
    assert events["t2"] != events["t4"]
