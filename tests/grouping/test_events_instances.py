"""Events: instances of a recurring item stay apart; a text with no words is a copy of nothing."""

from __future__ import annotations

from grouping_helpers import article, run

from marsad.model import DateMention

FORECAST = (
    "توقعت الرئاسة العامة للأرصاد وحماية البيئة في تقريرها عن حالة الطقس {day} سماء غائمة جزئيا وطقسا "
    "معتدلا على المرتفعات {regions}"
)
HOT_EAST = (
    "مع فرصة لتكون سحب رعدية ممطرة على مرتفعات جازان وعسير والباحة ونشاط في الرياح السطحية المثيرة للأتربة "
    "والغبار على أجزاء من المنطقة الشرقية والرياض وطقسا شديد الحرارة على شرق ووسط المملكة"
)
DUSTY_NORTH = (
    "وتتأثر الرؤية الأفقية بالعوالق الترابية على أجزاء من مناطق الحدود الشمالية والجوف وتبوك وحائل مع "
    "رياح نشطة على سواحل البحر الأحمر وطقسا حارا على شمال وغرب المملكة نهارا ومعتدلا ليلا"
)


def forecast(ident: str, day: str, named: str, regions: str, when: str) -> object:
    text = FORECAST.format(day=named, regions=regions)
    one = article(ident, text, "الأرصاد: سماء غائمة جزئيا على المرتفعات", published=f"{day}T06:00:00+03:00")
    start = text.index(named)
    one.dates = [DateMention(named, when, start, start + len(named))]
    return one


def test_the_weather_of_two_days_is_two_events_and_its_repost_one():
    first = forecast("w1", "2015-07-24", "ليوم الجمعة 24 يوليو", HOT_EAST, "2015-07-24")
    second = forecast("w2", "2015-07-26", "ليوم الأحد 26 يوليو", DUSTY_NORTH, "2015-07-26")
    repost = forecast("w3", "2015-07-25", "ليوم الجمعة 24 يوليو", HOT_EAST, "2015-07-24")
    _, result = run([first, second, repost])
    events = {a.id: a.event for a in result.articles}
    assert events["w1"] != events["w2"]  # one template, two instances
    assert events["w3"] == events["w1"]  # the same day's report re-published the next day
    copies = {a.id: a.duplicate_of for a in result.articles}
    assert copies["w3"] == "w1" and copies["w2"] is None


def test_one_report_and_a_next_day_update_naming_the_same_day_stay_one_event():
    first = forecast("u1", "2015-07-24", "ليوم الجمعة 24 يوليو", HOT_EAST, "2015-07-24")
    update = forecast("u2", "2015-07-25", "ليوم الجمعة 24 يوليو", DUSTY_NORTH, "2015-07-24")
    _, result = run([first, update])
    assert len({a.event for a in result.articles}) == 1


def test_articles_with_no_words_are_not_copies_of_each_other():
    one = article("e1", "", "هوليوود والصين")
    two = article("e2", "", "صفقات اندماج واستحواذ الصحف العالمية")
    _, result = run([one, two])
    assert {a.id: a.duplicate_of for a in result.articles} == {"e1": None, "e2": None}
    assert len({a.event for a in result.articles}) == 2
