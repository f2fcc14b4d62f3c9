"""Events: instances of one template told by the slot they fill.  Two bodies' Eid receptions, or
the king receiving two visitors, share a title's wording and differ in a common word at one place
of it («الصحة», «المصري»), too common to count as a counterpart's name; reports of one happening
worded apart (a different verb, an added phrase) stay together."""

from __future__ import annotations

from grouping_helpers import article, record, run

from marsad import config
from marsad.grouping.events import link_threshold, pair_similarity, similarities, template_instances
from marsad.grouping.features import SLOT_WORD, cosine, title_names, title_terms

RECEPTION = "أقامت {body} صباح اليوم حفل المعايدة السنوي لمنسوبيها بمناسبة عيد الفطر المبارك {details}"
DETAILS = {
    "h": "بحضور وكيل الوزارة للخدمات العلاجية ومديري المستشفيات، وألقى مدير المدينة الطبية كلمة "
    "أشاد فيها بجهود الممارسين الصحيين خلال شهر رمضان في مستشفيات مكة والمدينة",
    "t": "بحضور وكيل الوزارة للطرق ومديري الموانئ والقطارات، واستعرض مدير المشاريع سير العمل في "
    "مشروعات الطرق السريعة والجسور التي افتتحت قبل العيد",
}


def reception(ident: str, body: str, title: str) -> object:
    return article(ident, RECEPTION.format(body=body, details=DETAILS[ident[0]]), title)


HEALTH = ("h", "وزارة الصحة", '"الصحة" تقيم حفل معايدة لمنسوبيها')
TRANSPORT = ("t", "وزارة النقل", "وزارة النقل تقيم حفل معايدة لمنسوبيها")


def test_title_terms_mark_definite_words_and_names_as_slots():
    terms = title_terms(article("a", "نص", "خادم الحرمين يستقبل وزير الخارجية المصري"))
    marked = {t.removeprefix(SLOT_WORD) for t in terms if t.startswith(SLOT_WORD)}
    assert {"حرم", "خارج", "مصر"} <= marked
    assert not any(t.startswith(SLOT_WORD) and "ستقبل" in t for t in terms)  # a verb fills no slot


def test_two_bodies_receptions_are_two_events():
    health, transport = reception(*HEALTH), reception(*TRANSPORT)
    first, second = record(health), record(transport)
    assert title_names(health) == [] and title_names(transport) == []  # too common for a counterpart
    assert template_instances(first, second) and template_instances(second, first)
    assert link_threshold(first, second) == config.GROUPING_EVENT_SIMILARITY_INSTANCE
    assert cosine(first.vector, second.vector) >= config.GROUPING_EVENT_SIMILARITY  # alike as texts
    assert pair_similarity(first, second) == similarities([first, second])[0, 1] == -1.0  # two happenings
    _, result = run([health, transport])
    assert len({a.event for a in result.articles}) == 2


def test_a_second_report_of_one_body_stays_with_it():
    health = reception(*HEALTH)
    again = reception("h2", "وزارة الصحة", "وزارة الصحة تقيم حفل المعايدة لمنسوبيها بعيد الفطر")
    _, result = run([health, reception(*TRANSPORT), again])
    events = {a.id: a.event for a in result.articles}
    assert events["h"] == events["h2"] != events["t"]


def test_a_report_naming_the_other_body_is_no_instance():
    health = reception("h", "وزارة الصحة بالتنسيق مع وزارة النقل", HEALTH[2])
    assert not template_instances(record(health), record(reception(*TRANSPORT)))


def test_one_meeting_worded_apart_is_not_two_visits():
    """Different words at different places of one wording (a verb, «العلاقات الثنائية») are a
    rewording; only a slot word at the same place, unnamed by the other, makes two instances."""
    text = "استقبل خادم الحرمين الشريفين اليوم وزير الدفاع الأمريكي وبحث معه العلاقات الثنائية بين البلدين"
    one = article("a", text, "خادم الحرمين الشريفين يستقبل وزير الدفاع الأمريكي")
    two = article(
        "b",
        text.replace("الأمريكي", "آشتون كارتر"),
        "خادم الحرمين الشريفين يبحث العلاقات الثنائية مع وزير الدفاع",
    )
    assert not template_instances(record(one), record(two))
    egypt = "استقبل خادم الحرمين الشريفين اليوم وزير الخارجية المصري وبحث معه تطورات الأحداث في المنطقة"
    france = "استقبل خادم الحرمين الشريفين اليوم وزير الخارجية الفرنسي وبحث معه تطورات الأحداث في المنطقة"
    first = article("e", egypt, "خادم الحرمين الشريفين يستقبل وزير الخارجية المصري")
    second = article("f", france, "خادم الحرمين يستقبل وزير الخارجية الفرنسي")
    assert template_instances(record(first), record(second))


def test_a_place_and_its_adjective_are_one_name():
    """The stemmer cuts «السودان» and «السوداني» apart; a report naming either names the other."""
    sudan = article(
        "s", "استقبل خادم الحرمين الشريفين رئيس السودان عمر البشير", "خادم الحرمين يستقبل الرئيس السوداني"
    )
    chad = article("c", "استقبل خادم الحرمين الشريفين رئيس تشاد", "خادم الحرمين يستقبل الرئيس التشادي")
    assert template_instances(record(sudan), record(chad))
    both = article(
        "b", "استقبل خادم الحرمين الشريفين رئيس تشاد ثم رئيس السودان", "خادم الحرمين يستقبل الرئيس التشادي"
    )
    assert not template_instances(record(sudan), record(both))
