"""Outlet boilerplate learned from the store: a line many of an outlet's articles carry is left out
of what grouping reads, whatever order the articles come in; the stored text is unchanged."""

from __future__ import annotations

import random

from grouping_helpers import article, run

from marsad import config, scoring
from marsad.grouping import boilerplate, group
from marsad.grouping.features import day_number, terms
from marsad.pipeline import drop_boilerplate_keywords
from marsad.rows import article_rows
from marsad.store.sqlite import SQLiteStore

SIGN_OFF = "للتواصل مع المحرر أرسل رسالة نصية قصيرة إلى الرقم المختصر للصحيفة"
TOPICS = [
    "افتتح أمير المنطقة مستشفى الولادة الجديد في المدينة بسعة ثلاثمائة سرير",
    "أطلقت هيئة السياحة مهرجان الصيف للأطفال في الكورنيش بمشاركة فرق شعبية",
    "ضبطت الجمارك شحنة كبيرة من الحبوب المخدرة مخبأة داخل إطارات سيارة نقل",
    "أعلنت الجامعة قبول دفعة جديدة من طلاب الدراسات العليا في كلية الهندسة",
    "حذرت الأرصاد من أمطار رعدية غزيرة وسيول على المرتفعات الجنوبية حتى الجمعة",
]


def outlet_articles(count: int, source: str = "صحيفة المدينة") -> list:
    return [
        article(
            f"b{n}",
            f"{TOPICS[n]}\n{SIGN_OFF}",
            published=f"2015-07-26T{8 + n:02d}:00:00+03:00",
            source=source,
        )
        for n in range(count)
    ]


def grouping(state) -> dict[str, tuple]:
    return {i: (d.event, tuple(sorted(d.vector.items())), tuple(d.links)) for i, d in state.docs.items()}


def test_units_are_short_lines_and_the_heads_of_lines():
    text = "رابط الخبر بصحيفة الوئام: أسعار النفط تغلق على تراجع في ختام تداولات الأسبوع الماضي\n" + SIGN_OFF
    found = [text[u.start : u.end] for u in boilerplate.units(text)]
    assert found == ["رابط الخبر بصحيفة الوئام:", SIGN_OFF]
    other = "رابط الخبر بصحيفة الوئام: ارتفاع أسعار الذهب مع تراجع الدولار الأمريكي أمام العملات الرئيسية"
    assert boilerplate.units(other)[0].key == boilerplate.units(text)[0].key  # the head, whatever follows


def test_a_line_many_articles_of_an_outlet_carry_is_left_out_of_grouping():
    state, result = run(outlet_articles(5))
    sign_off = set(terms(SIGN_OFF))
    for doc in state.docs.values():  # the first carriers too, re-read when the line became boilerplate
        assert not sign_off & set(doc.vector)
    assert len({a.event for a in result.articles}) == 5  # five happenings, one sign-off
    assert all(a.text.endswith(SIGN_OFF) for a in state.articles.values())  # the stored text is as given


def test_too_few_carriers_or_another_outlet_keep_the_line():
    assert config.GROUPING_BOILERPLATE_CARRIERS == 4  # the two tests below hold one carrier fewer
    state, _ = run(outlet_articles(3))
    assert all(set(terms(SIGN_OFF)) & set(d.vector) for d in state.docs.values())
    assert len({d.event for d in state.docs.values()}) == 1  # the sign-off alone links them
    mixed = outlet_articles(3) + [article("c9", f"{TOPICS[4]}\n{SIGN_OFF}", source="صحيفة أخرى")]
    state, _ = run(mixed)
    assert all(set(terms(SIGN_OFF)) & set(d.vector) for d in state.docs.values())


def test_boilerplate_does_not_depend_on_arrival_order_or_batch_size():
    expected = grouping(run(outlet_articles(5))[0])
    for seed in range(4):
        shuffled = outlet_articles(5)
        random.Random(seed).shuffle(shuffled)
        size = 1 + seed % 3
        state = None
        for start in range(0, len(shuffled), size):
            state, _ = run(shuffled[start : start + size], state)
        assert grouping(state) == expected


def test_sqlite_state_learns_boilerplate_like_the_memory_state(tmp_path):
    expected = {i: d.event for i, d in run(outlet_articles(5))[0].docs.items()}
    store = SQLiteStore(tmp_path / "g.db")
    for one in outlet_articles(5):
        with store.transaction():
            result = group([one], store)
            store.write_grouping(result.rows)
            store.delete_events(result.deleted_events)
            store.put_events(result.events)
            store.put_articles(article_rows(result.articles))
    assert {i: d.event for i, d in store.grouping_docs(expected).items()} == expected
    day = day_number("2015-07-26")
    assert store.docs_with_terms(terms(SIGN_OFF), day - 1, day + 1) == set()  # re-indexed without the line
    assert store.docs_with_terms(terms("مستشفى الولادة"), day - 1, day + 1) == {"b0"}
    store.close()


def test_keywords_leave_the_boilerplate_out():
    articles = outlet_articles(5)
    for one in articles:
        one.keywords = scoring.extract_keywords(one.title, one.text)
    assert all("المختصر" in a.keywords for a in articles)  # the sign-off's words were keywords
    state, result = run(articles)
    assert sorted(result.boilerplate) == [a.id for a in articles]  # the first carriers re-read too
    drop_boilerplate_keywords(result.articles, result.boilerplate)
    for one in result.articles:
        assert one.keywords and not any(k in SIGN_OFF for k in one.keywords)
        assert one.keywords == scoring.extract_keywords(one.title, one.text.replace(SIGN_OFF, ""))
