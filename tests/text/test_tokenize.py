"""tokenize, terms and stop words: offsets, proclitics split or kept, speed-relevant caching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import is_stopword, terms, tokenize


@given(st.text())
def test_offsets_slice_back_to_the_surface(text: str) -> None:
    for token in tokenize(text):
        assert text[token.start : token.end] == token.surface


@pytest.mark.parametrize(
    ("word", "clitics", "base"),
    [
        ("والمغرب", "وال", "مغرب"),
        ("بالمغرب", "بال", "مغرب"),
        ("للمغرب", "لل", "مغرب"),
        ("وبالمغرب", "وبال", "مغرب"),
        ("فقال", "ف", "قال"),
        ("لليبيا", "ل", "ليبيا"),
        ("للقاء", "ل", "لقاء"),
        ("ووزير", "و", "وزير"),
    ],
)
def test_proclitics_are_split(word: str, clitics: str, base: str) -> None:
    (token,) = tokenize(word)
    assert (token.clitics, token.base) == (clitics, base)


@pytest.mark.parametrize(
    "word", ["وزير", "وزارة", "بلد", "لبنان", "فلسطين", "فرنسا", "بيان", "كتاب", "ولاية", "الله"]
)
def test_words_that_merely_start_with_clitic_letters_stay_whole(word: str) -> None:
    (token,) = tokenize(word)
    assert token.clitics == ""


def test_tokens_carry_kind_and_punctuation() -> None:
    tokens = tokenize("ارتفع بنسبة 12.5% أمس.")
    assert [(t.surface, t.kind) for t in tokens] == [
        ("ارتفع", "word"),
        ("بنسبة", "word"),
        ("12.5", "number"),
        ("%", "punct"),
        ("أمس", "word"),
        (".", "punct"),
    ]


def test_diacritics_stay_inside_the_word() -> None:
    (token,) = tokenize("دوراً")
    assert (token.surface, token.norm) == ("دوراً", "دورا")


def test_terms_drop_stop_words_and_punctuation() -> None:
    assert terms("وفي المغرب، قال الوزير إن للمغرب دوراً") == ["مغرب", "وزير", "مغرب", "دور"]


@pytest.mark.parametrize("word", ["في", "وفي", "إلى", "التي", "و", "من"])
def test_stop_words(word: str) -> None:
    assert is_stopword(word)


@pytest.mark.parametrize("word", ["المغرب", "الحكومة", "وزير"])
def test_content_words_are_not_stop_words(word: str) -> None:
    assert not is_stopword(word)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("12.5 2022 ٣٫٥", ["number", "number", "number"]),
        ("2022م", ["word"]),
        ("ـ", ["number"]),  # a lone tatweel normalises to nothing: no word, and a stop
        ("«نعم»!", ["punct", "word", "punct", "punct"]),
    ],
)
def test_token_kind_follows_from_its_text(text: str, kinds: list[str]) -> None:
    assert [t.kind for t in tokenize(text)] == kinds


@given(st.text(alphabet=st.sampled_from("ابت وفلي١2%«»،؟\n\u00a0ًـ")))
def test_terms_are_the_stems_of_the_tokens_that_are_not_stop_words(text: str) -> None:
    """terms reads whitespace chunks; without decimal numbers it must agree with tokenize."""
    assert terms(text) == [t.stem for t in tokenize(text) if t.kind != "punct" and not t.is_stop]


def test_cold_and_warm_tokens_are_the_same() -> None:
    from marsad.text.tokenize import clear_caches

    text = "وفي المغرب، قال الوزير إن للمغرب دوراً في 2022."
    warm = tokenize(text)
    clear_caches()
    assert tokenize(text) == warm


@given(st.text())
def test_terms_by_chunk_equal_terms_by_word(text: str) -> None:
    """terms looks whole whitespace chunks up; word by word must give the same stems."""
    from marsad.text.tokenize import _WORD_RE, _term

    assert terms(text) == [stem for stem in map(_term, _WORD_RE.findall(text)) if stem]
