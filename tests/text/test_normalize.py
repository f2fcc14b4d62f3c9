"""normalize_ar: each rule, the composition, idempotence, offsets, and our data files as no-ops."""

from __future__ import annotations

from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import normalize as n
from marsad.text import normalize_ar


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("جميـــــل", "جميل"),
        ("كَتَبَ الطّالِبُ دَرْساً", "كتب الطالب درسا"),
        ("گوگل کتاب یک پیتزا چای ڤيروس", "كوكل كتاب يك بيتزا جاي فيروس"),
        ("٢٠٢٢ و۱۴۰۱ و٪١٥", "2022 و1401 و%15"),
        ("ﻻ ﷲ", "لا الله"),
        ("مر\u200cحبا\u200f \u202bنص\u202c", "مرحبا نص"),
        ("«قال» “هنا” – ‘نعم’", '"قال" "هنا" - \'نعم\''),
        ("في\u00a0المغرب", "في المغرب"),
    ],
)
def test_rules(raw: str, expected: str) -> None:
    assert normalize_ar(raw) == expected


def test_composition_equals_the_rule_functions_in_order() -> None:
    text = "إلى المكتبةِ الوطنيّة ـ گ ٢٠٢٢ «نعم»\u200f"
    composed = text
    for rule in (
        n.remove_controls,
        n.dediac_ar,
        n.remove_tatweel,
        n.normalize_alef_ar,
        n.normalize_alef_maksura_ar,
        n.normalize_teh_marbuta_ar,
        n.normalize_persian_letters,
        n.normalize_digits,
        n.normalize_spaces,
        n.normalize_punctuation,
    ):
        composed = rule(composed)
    assert normalize_ar(text) == composed


def test_keeps_hamza_on_waw_and_yaa() -> None:
    """مسؤول and رئيس keep their hamza: mapping them would merge unrelated words."""
    assert normalize_ar("مسؤول رئيس") == "مسؤول رئيس"


@pytest.mark.parametrize("path", sorted(p.name for p in files("marsad.text").joinpath("data").iterdir()))
def test_is_a_no_op_on_every_shipped_data_file(path: str) -> None:
    """STYLE §3.2: a word list that normalisation changes could never match normalised text."""
    text = files("marsad.text").joinpath("data", path).read_text(encoding="utf-8")
    assert normalize_ar(text) == text


@given(st.text())
def test_idempotent(text: str) -> None:
    once = normalize_ar(text)
    assert normalize_ar(once) == once


ARABICISH = st.text(alphabet=st.sampled_from("ابتثأإآةىيوهـًٌٍَُِّْ٠١٢ گکی \u200c\u00a0ﻻﷲ«»-–"), max_size=40)


@given(ARABICISH)
def test_offsets_point_back_into_the_original(text: str) -> None:
    view, offsets = n.normalize_with_offsets(text)
    positions = [offsets.to_original(i) for i in range(len(view) + 1)]
    assert positions == sorted(positions)
    assert all(0 <= p <= len(text) for p in positions)
    for i, char in enumerate(view):
        source = text[positions[i]]
        assert char in n.apply_rules(source) or char in normalize_ar(source)


@given(st.text(alphabet=st.sampled_from("ابةأ ًـ\u00a0\u200fﻻ٢")))
def test_offsets_view_is_normalize_ar(text: str) -> None:
    """The offset-keeping view is the matching form, whichever path built it."""
    view, offsets = n.normalize_with_offsets(text)
    assert view == normalize_ar(text)
    assert offsets.to_original(len(view)) == len(text) or not text


def test_apply_rules_equals_the_translate_table() -> None:
    text = "إلى المكتبةِ الوطنيّة ـ گ ٢٠٢٢ «نعم»\u200f\u00a0"
    assert n.apply_rules(text) == text.translate(n.combined_table())
