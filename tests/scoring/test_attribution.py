"""Attributions: who an article cites, with offsets into the text."""

from __future__ import annotations

import pytest

from marsad.scoring import find_attributions


def cited(text: str) -> list[tuple[str, str]]:
    return [(c.to, c.kind) for c in find_attributions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وذكر موقع إرم نقلا عن صحيفة “ديلي ميل” أن الفيلا تقع", [("إرم نيوز", "outlet"), ("ديلي ميل", "outlet")]),
        ('قالت صحيفة "نيويورك تايمز"، الخميس، إن', [("نيويورك تايمز", "outlet")]),
        ("حسبما أوردت صحيفة صنداي تليغراف البريطانية، مساء السبت", [("ديلي تلغراف", "outlet")]),
        ("وذكرت صحيفة فستفالن-بلات المحلية أن منزلها بدا فارغا", [("فستفالن-بلات", "outlet")]),
        ("ذكر موقع i24 news الإسرائيلي أن الجيش", [("i24 news", "outlet")]),
        ("أورد موقع africaintelligence أن الصفقة", [("أفريكا إنتليجنس", "outlet")]),
    ],
)
def test_outlets(text: str, expected: list[tuple[str, str]]) -> None:
    assert cited(text) == expected


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("(أ ف ب) قالت الشرطة", "وكالة فرانس برس"),
        ("الرياض - واس أكد الوزير", "وكالة الأنباء السعودية"),
        ("وأوضح البلاغ، نقلا عن و م ع، أن الإنتاج", "وكالة المغرب العربي للأنباء"),
        ("وفق ما ذكرت وكالة رويترز", "رويترز"),
        ("وفقا لرويترز ارتفع الذهب", "رويترز"),
        ("أعلنت وكالة الأنباء الألمانية أن", "وكالة الأنباء الألمانية"),
    ],
)
def test_agencies(text: str, agency: str) -> None:
    assert (agency, "agency") in cited(text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("وقالت مصادر مطلعة إن الاتفاق وشيك", "مصادر مطلعة"),
        ("أفادت مصادر متطابقة بسقوط قتلى", "مصادر متطابقة"),
        ("بحسب مصادر عسكرية يمنية، تقدمت القوات", "مصادر عسكرية يمنية"),
        ("وقال مسؤول رفض الكشف عن اسمه إن الاجتماع أُلغي", "مسؤول رفض الكشف عن اسمه"),
        ("وقال شهود عيان إن الانفجار هز المدينة", "شهود عيان"),
        ("ووفقا لمصادر غربية فإن التوتر يتصاعد", "مصادر غربية"),
    ],
)
def test_unnamed_sources(text: str, surface: str) -> None:
    found = find_attributions(text)
    assert [(c.surface, c.kind) for c in found] == [(surface, "unnamed")]


def test_official_with_title_and_name() -> None:
    text = "وقال المتحدث باسم وزارة الخارجية الأمريكية هيذر ناورت في بيان إن"
    assert cited(text) == [("المتحدث باسم وزارة الخارجية الأمريكية هيذر ناورت", "official")]


def test_institution_stops_at_its_name() -> None:
    assert cited("أعلن معهد الإدارة العامة أسماء المقبولين") == [("معهد الإدارة العامة", "official")]


def test_person_after_speech_verb() -> None:
    assert cited("وقال ترامب إن الاتفاق سيئ") == [("ترامب", "person")]


def test_speaker_and_the_agency_told() -> None:
    text = 'وقال عضو اللجنة كريستوف هوبنر لوكالة الأنباء الألمانية "لا يسع المرء إلا أن يأمل"'
    assert cited(text) == [("عضو اللجنة كريستوف هوبنر", "official"), ("وكالة الأنباء الألمانية", "agency")]


@pytest.mark.parametrize(
    "text",
    [
        "أكد ضرورة أن يتم ذلك قبل نهاية العام",  # an object, not a speaker
        "وقعت الحادثة في موقع الحادث قرب قناة السويس",  # "موقع" and "قناة" as ordinary nouns
        "افتتح سوق عكاظ في دورته التاسعة",  # the fair, not the newspaper
        "تعتمد البلاد على مصادر الطاقة المتجددة",  # sources of energy
        "قال تعالى: إن الله مع الصابرين",
        "وصل الرئيس إلى شبه الجزيرة العربية",  # الجزيرة the peninsula, not the channel
    ],
)
def test_ordinary_words_are_not_sources(text: str) -> None:
    assert find_attributions(text) == []


def test_offsets_point_into_the_original_text() -> None:
    text = "وقالت مصادرُ مطّلعةٌ نقلاً عن وكالة «رويترز» إن"  # diacritics, shadda and guillemets
    for citation in find_attributions(text):
        assert text[citation.start : citation.end] == citation.surface
    assert [c.kind for c in find_attributions(text)] == ["unnamed", "agency"]
