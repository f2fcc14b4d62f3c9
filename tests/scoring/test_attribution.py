"""Attributions: who an article cites, with offsets into the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        "في كل قناة 70% من العاملين أجانب",  # a number is not a channel's name
        "أضاف \"نحن مقتنعون أن القرار خاطئ\"",  # a pronoun is not a person
        "قرار ترامب نقل سفارة بلاده إلى القدس",  # نقل moves the embassy, it reports nothing
    ],
)
def test_ordinary_words_are_not_sources(text: str) -> None:
    assert find_attributions(text) == []


def test_offsets_point_into_the_original_text() -> None:
    text = "وقالت مصادرُ مطّلعةٌ نقلاً عن وكالة «رويترز» إن"  # diacritics, shadda and guillemets
    for citation in find_attributions(text):
        assert text[citation.start : citation.end] == citation.surface
    assert [c.kind for c in find_attributions(text)] == ["unnamed", "agency"]


def people_in(text: str, *names: str) -> list[tuple[int, int]]:
    """Spans of the given person names, as the recogniser would hand them over."""
    return [(text.index(name), text.index(name) + len(name)) for name in names]


def test_a_citing_phrase_names_a_person_the_recogniser_found() -> None:
    text = "نقلا عن محمد العتيبي المتحدث باسم الوزارة"
    assert find_attributions(text) == []  # without the recogniser: a name after a cue is unknown
    found = find_attributions(text, people_in(text, "محمد العتيبي"))
    assert [(c.to, c.kind, c.surface) for c in found] == [("محمد العتيبي", "person", "محمد العتيبي")]


def test_a_family_name_after_a_cue_cites_the_full_name_written_before() -> None:
    text = "وقال سعد العتيبي إن الاجتماع مهم. ووفقا للعتيبي فإن الموعد غدا."
    found = find_attributions(text, people_in(text, "سعد العتيبي"))
    assert [(c.to, c.kind) for c in found] == [("سعد العتيبي", "person"), ("سعد العتيبي", "person")]
    assert text[found[1].start : found[1].end] == found[1].surface


def test_a_cue_before_an_ordinary_word_is_no_source() -> None:
    text = "وقال سعد العتيبي إن الاجتماع مهم. ووفقا للقانون فإن الموعد غدا."
    assert [c.to for c in find_attributions(text, people_in(text, "سعد العتيبي"))] == ["سعد العتيبي"]


def test_an_official_stops_before_fa_inna() -> None:
    assert cited("وبحسب وزير الخارجية سامح شكري فإن المفاوضات مستمرة") == [
        ("وزير الخارجية سامح شكري", "official")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'ذكرت صحيفة "الشرق الأوسط" أن الحكومة ستستقيل. وأضافت الصحيفة أن الرئيس سيعلن ذلك.',
            [("الشرق الأوسط", "outlet", 'صحيفة "الشرق الأوسط"'), ("الشرق الأوسط", "outlet", "الصحيفة")],
        ),
        (
            "وقالت وكالة رويترز إن الاتفاق وشيك. ونقلت الوكالة عن مسؤول قوله إن التوقيع غدا.",
            [("رويترز", "agency", "وكالة رويترز"), ("رويترز", "agency", "الوكالة")],
        ),
    ],
)
def test_the_newspaper_refers_back_to_the_outlet_named_before(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.to, c.kind, c.surface) for c in find_attributions(text)] == expected


def test_the_newspaper_with_nothing_named_before_is_no_source() -> None:
    assert cited("وأضافت الصحيفة أن الرئيس سيعلن ذلك. وقالت وكالة رويترز إن") == [("رويترز", "agency")]


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("وقال متحدث التحالف موجهًا حديثه للشعب اليمني إن", "متحدث التحالف"),
        ("وأوضح المدعي العام فرنسوا مولينز للصحافة من موقع الاعتداء أن", "المدعي العام فرنسوا مولينز"),
    ],
)
def test_an_official_stops_before_a_participle_or_the_addressee(text: str, official: str) -> None:
    assert cited(text) == [(official, "official")]


def test_a_cue_that_opens_a_clause_names_no_person() -> None:
    text = "كما أدار مازيتش نهائي كأس القارات"
    assert find_attributions(text, people_in(text, "مازيتش")) == []


def test_an_institution_named_in_quotes() -> None:
    assert cited('أعلنت شركة "غوغل" أن المستخدمين سيتمكنون') == [("غوغل", "official")]


def test_the_newspaper_refers_back_to_a_newspaper_not_a_channel() -> None:
    text = 'وقالت صحيفة "أس" إن النجم غاضب. وبث برنامج قناة "تيليسينو" تقريرا. وقالت الصحيفة إن التقرير أثار سخطه'
    assert [(c.to, c.surface) for c in find_attributions(text) if c.surface == "الصحيفة"] == [("أس", "الصحيفة")]


def test_an_outlet_named_but_not_cited_is_no_source() -> None:
    assert cited('وقد هدد بمقاضاة محطة "ميدياسيت" الإسبانية، بعد أن بثت تقريرا') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('قالت "مكدونالدز" إنها تعمل على وقف المكونات', [("مكدونالدز", "official")]),
        ('وقال "أعتقد أنني يجب أن أسعى خلف أفضل الأهداف"', []),  # a quotation, not a name
        ('وقال للصحافيين "الموازنة جرى عليها التعديل"', []),  # the addressee, not the speaker
        ("أكدت مصادر إسبانية أن النجم هدد بمقاضاة المحطة", [("مصادر إسبانية", "unnamed")]),
        ("وأفادت وسائل الإعلام التركية أن المغنية قتلت", [("وسائل الإعلام التركية", "unnamed")]),
        ("قال باحثون إن الإصابة بالرجفان قد تزيد الخطر", [("باحثون", "unnamed")]),
        ("يمكنكم تسلم إشعارات بعد تحميل تطبيق بي بي سي عربي", []),
        ("وقالت مصر", [("مصر", "official")]),  # the subject is the text's last word
    ],
)
def test_subjects_of_reporting_verbs(text: str, expected: list[tuple[str, str]]) -> None:
    assert cited(text) == expected


def test_a_person_the_recogniser_found_after_a_descriptor() -> None:
    text = "من جهته، أكد المخرج عامر المري أن العمل سيلقى النجاح"
    found = find_attributions(text, people_in(text, "عامر المري"))
    assert [(c.to, c.kind) for c in found] == [("عامر المري", "person")]


# Words the rules look at (cues, verbs, heads, titles, states, agencies) and punctuation, so that
# random texts end, start and break in every place a rule reads a word before or after.
_RULE_WORDS = (
    "قال", "وقالت", "أفادت", "نقلا", "عن", "وفق", "بحسب", "حسب", "ذكرت", "صحيفة", "وكالة", "مصادر",
    "مطلعة", "الوزير", "وزير", "الخارجية", "مصر", "الولايات", "المتحدة", "رويترز", "أ", "ف", "ب",
    "إن", "أن", "فإن", "الصحيفة", "مسؤول", "محمد", "\"", "،", ".", ":", "(", ")", "و",
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_RULE_WORDS), max_size=8))
def test_any_sequence_of_rule_words_is_read_without_error(words: list[str]) -> None:
    text = " ".join(words)
    for citation in find_attributions(text):
        assert 0 <= citation.start < citation.end <= len(text)


def test_an_outlet_naming_itself_cites_no_source() -> None:
    text = "دبي (CNN) – أعلن الجيش. المقال لا يعبر بالضرورة عن رأي CNN. وقالت رويترز إن الهجوم وقع"
    assert [c.to for c in find_attributions(text)] == ["سي إن إن", "الجيش", "سي إن إن", "رويترز"]
    assert [c.to for c in find_attributions(text, outlet="سي إن إن بالعربية")] == ["الجيش", "رويترز"]
