"""Date anchors: every rule run in the windows around its anchors finds what a whole-text scan finds."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import shared_file
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text import find_dates
from marsad.text.date_anchors import RULES, anchor_windows
from marsad.text.date_vocab import alternation, patterns, vocabulary
from marsad.text.normalize import normalize_with_offsets


def _whole(view: str) -> dict[str, list[tuple[int, int]]]:
    """Each rule's match spans over the whole text."""
    p = patterns()
    return {rule: [m.span() for m in getattr(p, rule).finditer(view)] for rule in RULES}


def _windowed(view: str) -> dict[str, list[tuple[int, int]]]:
    """Each rule's match spans in its anchor windows only."""
    p, windows = patterns(), anchor_windows(view)
    return {
        rule: [m.span() for s, e in windows.get(rule, []) for m in getattr(p, rule).finditer(view, s, e)]
        for rule in RULES
    }


def _date_words() -> list[str]:
    """Words the grammar reads, and some that merely look like them."""
    v = vocabulary()
    words = [*v.months, *v.hijri_months, *v.weekdays, *v.relative_days, *v.units, *v.modifiers]
    words += [*v.raw["ago_words"], *v.ago_units, *v.raw["year_cues"], *v.raw["month_cues"], *v.ordinals]
    return words + ["ابو", "مايك", "العامه", "بعد غدا", "من", "و", "الي", "م", "ه", "هذا"]


DATEISH = st.lists(
    st.one_of(
        st.sampled_from(_date_words()),
        st.from_regex(r"\A(?:[0-3]?\d|1[3-9]\d\d|20\d\d)\Z"),
        st.sampled_from(["/", ".", "-", "،", "(", ")", "\n", "  ", "2020م", "12.5", "كتب"]),
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(DATEISH)
def test_windows_find_what_a_whole_scan_finds(view: str) -> None:
    assert _windowed(view) == _whole(view)


def test_windows_on_the_demo_corpus() -> None:
    path = shared_file("demo_corpus_ant_may2018/articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(300), lines, strict=False)]
    for row in rows:
        view, _ = normalize_with_offsets(f"{row.get('title') or ''}\n{row.get('text') or ''}")
        assert _windowed(view) == _whole(view)


def test_no_anchor_no_window() -> None:
    assert anchor_windows("قال الوزير إن الحكومة ستعلن خطة جديدة") == {}


@pytest.mark.parametrize("word", ["ابو", "مايكل", "العامه", "ابرز"])
def test_words_that_start_like_a_date_word_are_not_anchors(word: str) -> None:
    assert anchor_windows(f"قال {word} شيئا") == {}


def test_a_month_name_with_no_digit_in_the_text_is_read() -> None:
    """A written day and a month name, and nothing else that looks like a date."""
    found = find_dates("في الثاني والعشرين من فبراير خرجت المسيرات.", "2019-03-01")
    assert [(d.surface, d.value) for d in found] == [("الثاني والعشرين من فبراير", "2019-02-22")]


def test_a_dotted_numeric_date() -> None:
    assert [d.value for d in find_dates("آخر أجل هو 30.06.2023.", None)] == ["2023-06-30"]


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["اب", "ابريل", "ايار"], "ابريل اب ايار", ["ابريل", "اب", "ايار"]),
        (["كانون الثاني", "كانون الاول"], "كانون   الثاني", ["كانون   الثاني"]),
    ],
)
def test_trie_alternation_prefers_the_longer_word(words: list[str], text: str, expected: list[str]) -> None:
    import re

    assert re.findall(f"(?:{alternation(words)})", text) == expected
