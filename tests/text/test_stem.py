"""The light stemmer: a search for المغرب finds its clitic and suffix forms; unrelated words stay apart."""

from __future__ import annotations

import pytest

from marsad.text import stem


@pytest.mark.parametrize("word", ["المغرب", "بالمغرب", "للمغرب", "والمغرب", "وبالمغرب", "مغرب"])
def test_search_for_al_maghrib_finds_its_forms(word: str) -> None:
    assert stem(word) == "مغرب"


@pytest.mark.parametrize(
    "forms",
    [
        ("الحكومة", "حكومة", "للحكومة", "والحكومة", "حكومات"),
        ("الوزير", "وزير", "للوزير", "ووزير"),
        ("المدرسة", "مدرسة", "بالمدرسة"),
    ],
)
def test_forms_collapse(forms: tuple[str, ...]) -> None:
    assert len({stem(f) for f in forms}) == 1


def test_stems_keep_three_letters() -> None:
    """light10 would turn بيان into بي; we keep at least three letters."""
    assert stem("بيان") == "بيان"


def test_numbers_and_latin_are_left_alone() -> None:
    assert (stem("2022"), stem("Trump")) == ("2022", "Trump")
