"""Events: instances of one template (the same item for different regions, counterparts or bodies)
stay apart when each title names who or where the other never names; reports of one happening
stay together when one names the other's counterpart anywhere, in words or as the same entity."""

from __future__ import annotations

from grouping_helpers import article, mention, record, run

from marsad import config
from marsad.grouping.events import counterparts_conflict, is_linked, link_threshold
from marsad.grouping.features import title_names
from marsad.grouping.stories import split_group

INTERVIEWS = (
    "بدأت الإدارة العامة للتعليم بمنطقة {region} اليوم إجراء المقابلات الشخصية للمعلمين الجدد المعينين "
    "والموجهين لمدارس المنطقة للعام الدراسي المقبل وذلك في مقر الإدارة بحضور مساعد المدير العام للشؤون "
    "التعليمية ولجان المقابلات التي شكلت لهذا الغرض{tail}"
)


def interviews(ident: str, region: str, tail: str = "") -> object:
    return article(
        ident,
        INTERVIEWS.format(region=region, tail=tail),
        f"تعليم {region} يبدأ إجراء المقابلات الشخصية للمعلمين الجدد",
    )


def test_the_same_item_of_two_regions_is_two_events():
    tabuk, jazan = interviews("t", "تبوك"), interviews("j", "جازان")
    assert title_names(tabuk) == ["تبوك"] and title_names(jazan) == ["جاز"]  # places the gazetteer knows
    _, result = run([tabuk, jazan])
    assert len({a.event for a in result.articles}) == 2


def test_a_second_report_of_one_region_stays_with_it():
    tabuk, again = interviews("t", "تبوك"), interviews("t2", "تبوك", " واستمرت حتى الظهر")
    _, result = run([tabuk, interviews("j", "جازان"), again])
    events = {a.id: a.event for a in result.articles}
    assert events["t"] == events["t2"] != events["j"]


def test_a_report_naming_the_other_counterpart_in_passing_is_no_instance():
    tabuk = interviews("t", "تبوك", " على غرار ما بدأته إدارة تعليم جازان أمس")
    jazan = interviews("j", "جازان")
    records = [record(a) for a in (tabuk, jazan)]
    assert not counterparts_conflict(*records)  # Tabuk's report names Jazan: Jazan's title is named


def test_entity_ids_that_disagree_do_not_make_counterparts_differ():
    """One outlet's entity stage gives the president one id, another's another: the words agree."""
    one_text = "تلقى ولي ولي العهد اتصالا هاتفيا من الرئيس عبدربه منصور هادي بحثا فيه تطورات الأوضاع"
    two_text = "بحث ولي ولي العهد هاتفيا مع الرئيس اليمني عبدربه منصور هادي تطورات الأوضاع في اليمن"
    one = article("a", one_text, "ولي ولي العهد يتلقى اتصالا من الرئيس عبدربه منصور هادي")
    one.entities = [mention(one_text, "عبدربه منصور هادي", "PER", "ent_hadi")]
    two = article("b", two_text, "ولي ولي العهد يبحث مع هادي تطورات الأوضاع")
    two.entities = [mention(two_text, "عبدربه منصور هادي", "PER", "ent_hadi_2")]
    assert not counterparts_conflict(record(one), record(two))
    jordan_text = "أجرى ولي ولي العهد اتصالا هاتفيا بالملك عبدالله الثاني بن الحسين ملك الأردن"
    jordan = article("c", jordan_text, "ولي ولي العهد يبحث هاتفيا مع ملك الأردن العلاقات الثنائية")
    jordan.entities = [mention(jordan_text, "عبدالله الثاني بن الحسين", "PER", "ent_abdullah")]
    assert counterparts_conflict(record(one), record(jordan))
    assert link_threshold(record(one), record(jordan)) == config.GROUPING_EVENT_SIMILARITY_INSTANCE


def test_one_entity_under_two_spellings_is_named():
    one_text, two_text = "قال نتنياهو إن إيران تجاوزت الخط الأحمر", "قال نتانياهو إن إيران تجاوزت الخط الأحمر"
    one = article("a", one_text, "نتنياهو يتوعد إيران")
    one.entities = [mention(one_text, "نتنياهو", "PER", "ent_netanyahu")]
    two = article("b", two_text, "نتانياهو يتوعد إيران")
    two.entities = [mention(two_text, "نتانياهو", "PER", "ent_netanyahu")]
    first, second = record(one), record(two)
    assert not counterparts_conflict(first, second) and is_linked(first, second)


# Two event centres whose cosine (0.4) joins them into one story unless something sets them apart.
NEAR, ALSO = ({"x": 0.4, "y": 0.916515}, 17000), ({"x": 1.0}, 17001)
TABUK = (["تبوك"], ["تبوك", "مقابلات"])  # title names, names
JAZAN = (["جاز\tent_jazan"], ["جاز", "@ent_jazan", "مقابلات"])


def test_two_instances_of_one_template_are_two_stories():
    titles = ["تعليم تبوك يبدأ إجراء المقابلات الشخصية", "تعليم جازان يبدأ إجراء المقابلات الشخصية"]
    centres = [("e1", NEAR), ("e2", ALSO)]
    assert split_group(centres) == [["e1", "e2"]]
    assert split_group(centres, [TABUK, JAZAN], titles) == [["e1"], ["e2"]]


def test_one_thread_naming_different_counterparts_stays_one_story():
    """Unlike titles: two happenings of one thread («داعش يسيطر على الشريط الحدودي» and «أردوغان:
    عازمون على التحرك») name different people and places and are not one template's instances."""
    centres = [("e1", NEAR), ("e2", ALSO)]
    unlike = ["تعليم تبوك يبدأ إجراء المقابلات الشخصية", "أمير جازان يستقبل المعلمين الجدد"]
    assert split_group(centres, [TABUK, JAZAN], unlike) == [["e1", "e2"]]
    named = (["تبوك"], ["تبوك", "جاز", "مقابلات"])  # this one names Jazan too: no conflict
    titles = ["تعليم تبوك يبدأ إجراء المقابلات الشخصية", "تعليم جازان يبدأ إجراء المقابلات الشخصية"]
    assert split_group(centres, [named, JAZAN], titles) == [["e1", "e2"]]
