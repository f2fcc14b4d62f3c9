"""Arabic agreement of counted nouns and durations (issue: «18 حدث», «5 نسخة», «2.0 يوم»)."""

from __future__ import annotations

import pytest

from marsad.text.counting import NOUNS, counted, counted_parts, duration, plural_category


@pytest.mark.parametrize(("n", "expected"), [
    (0, "لا أحداث"), (1, "حدث واحد"), (2, "حدثان"), (3, "3 أحداث"), (10, "10 أحداث"),
    (11, "11 حدثًا"), (18, "18 حدثًا"), (99, "99 حدثًا"), (100, "100 حدث"), (102, "102 حدث"),
    (103, "103 أحداث"), (111, "111 حدثًا"), (1000, "1000 حدث"),
])
def test_counted_follows_the_number(n: int, expected: str) -> None:
    assert counted(n, "حدث") == expected


def test_feminine_nouns_and_adjectives_agree() -> None:
    assert counted(1, "نسخة") == "نسخة واحدة"
    assert counted(5, "نسخة") == "5 نسخ"
    assert counted(45, "مقال") == "45 مقالًا"
    assert counted(5, "نتيجة") == "5 نتائج"
    assert counted(2, "منفذ مستقل") == "منفذان مستقلان"
    assert counted(7, "منفذ مستقل") == "7 منافذ مستقلة"
    assert counted(12, "منفذ مستقل") == "12 منفذًا مستقلًا"


def test_dual_after_a_preposition_is_genitive() -> None:
    assert counted(2, "مقال", case="gen") == "مقالين"
    assert counted(2, "مقال") == "مقالان"


def test_every_noun_has_six_distinct_roles_filled() -> None:
    for noun, forms in NOUNS.items():
        assert all(forms), noun
        assert forms.one.startswith(noun.split()[0][:2]), noun


def test_unknown_noun_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no Arabic word forms"):
        counted(3, "شيء")


def test_parts_split_the_numeral_for_bold_display() -> None:
    assert counted_parts(5, "مقال") == ("5", "مقالات")
    assert counted_parts(2, "مقال") == ("", "مقالان")
    assert counted_parts(0, "مقال") == ("", "لا مقالات")


@pytest.mark.parametrize(("days", "expected"), [
    (2.0, "يومان"), (1.0, "يوم واحد"), (3.4, "3 أيام"), (2 / 24, "ساعتان"), (5 / 24, "5 ساعات"),
    (20, "3 أسابيع"), (90, "3 أشهر"), (400, "سنة واحدة"), (0.2 / 1440, "أقل من دقيقة"),
])
def test_durations_read_naturally(days: float, expected: str) -> None:
    assert duration(days) == expected
    assert "." not in duration(days)


def test_plural_categories_match_cldr() -> None:
    from babel import Locale

    rule = Locale.parse("ar").plural_form
    for n in range(0, 1200):
        assert plural_category(n) == rule(n), n
