"""Tokens keep their offsets and ANERcorp's habits (clitics attached, punctuation apart)."""

from __future__ import annotations

from marsad.entities.tokens import fold, shape, split_sentences, tokenize


def test_offsets_point_into_the_text() -> None:
    text = "قال أفيف كوخافي، رئيس الأركان: «لن نسمح»."
    assert all(text[t.start : t.end] == t.text for t in tokenize(text))


def test_clitics_stay_attached_and_punctuation_is_apart() -> None:
    assert [t.text for t in tokenize("وبالقاهرة، (د ب أ)")] == ["وبالقاهرة", "،", "(", "د", "ب", "أ", ")"]


def test_a_decimal_number_is_one_token() -> None:
    assert [t.text for t in tokenize("نما 3.5% و1,200 شخص")] == ["نما", "3.5", "%", "و1,200", "شخص"]


def test_vocalised_word_is_one_token() -> None:
    assert [t.text for t in tokenize("مُحَمَّد")] == ["مُحَمَّد"]


def test_sentences_end_at_full_stops() -> None:
    sentences = split_sentences(tokenize("جملة أولى. جملة ثانية؟ وثالثة"))
    assert [len(s) for s in sentences] == [3, 3, 1]


def test_fold_merges_spelling_choices() -> None:
    assert fold("أَحْمَدُ إلى آمال ـ مستشفى") == fold("احمد الي امال  مستشفي")


def test_shape_names_the_script() -> None:
    assert [shape(w) for w in ("غزة", "Barak", "2018", "،", "F16ب")] == [
        "arabic",
        "latin",
        "digit",
        "punct",
        "mixed",
    ]
