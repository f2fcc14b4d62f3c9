"""Keywords per article and the keyword cloud."""

from __future__ import annotations

from marsad.scoring import extract_keywords, keyword_cloud
from marsad.text import is_stopword

TEXT = (
    "أسقطت الدفاعات الجوية السعودية الطائرات بدون طيار التي أطلقها الحوثيون باتجاه جازان. "
    "وقال المتحدث إن الطائرات بدون طيار كانت محملة بالمتفجرات، وإن الدفاعات تصدت لها فوق جازان."
)


def test_multi_word_term_is_kept_whole() -> None:
    assert "الطائرات بدون طيار" in extract_keywords("الدفاعات تسقط الطائرات بدون طيار", TEXT)


def test_no_stop_words_and_no_clitics() -> None:
    keywords = extract_keywords(None, TEXT)
    assert keywords
    assert not any(is_stopword(k) for k in keywords)
    assert "جازان" in keywords  # "باتجاه جازان" and "فوق جازان", never "بجازان"
    assert not any(k.startswith(("وال", "بال", "لل")) for k in keywords)


def test_commonest_written_form_without_prepositions() -> None:
    text = "زار الوفد المغرب. وتحدث عن المغرب ودور المغرب، وقال إن للمغرب مكانة وبالمغرب فرصا."
    assert extract_keywords(None, text, limit=1) == ["المغرب"]


def test_limit_and_empty_text() -> None:
    assert len(extract_keywords(None, TEXT, limit=3)) == 3
    assert extract_keywords(None, "") == []


def test_cloud_merges_spellings_and_weighs_by_articles() -> None:
    cloud = keyword_cloud([["إيران", "النفط"], ["إيران"], ["ايران", "الذهب"]], limit=2)
    assert cloud[0] == ("إيران", 1.0)
    assert len(cloud) == 2 and 0 < cloud[1][1] < 1


def test_cloud_of_nothing() -> None:
    assert keyword_cloud([]) == []
