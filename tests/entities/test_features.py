"""Per-word CRF features: affixes of the bare word, clitic-free form, neighbours."""

from __future__ import annotations

from marsad.entities.features import context_features, sentence_features, word_features


def test_affixes_of_one_to_four_letters_come_from_the_word_without_clitics_and_article() -> None:
    features = set(word_features("والقاهرة"))
    assert {"p1:ق", "p2:قا", "p3:قاه", "p4:قاهر"} <= features
    assert {"x1:ة", "x2:رة", "x3:هرة", "x4:اهرة"} <= features
    assert {"s:القاهرة", "al"} <= features


def test_short_words_keep_their_whole_form_as_longer_affixes() -> None:
    features = set(word_features("في"))
    assert {"p1:ف", "p2:في", "p4:في", "x4:في"} <= features


def test_neighbours_are_seen_through_their_word_but_not_their_affixes() -> None:
    seen = context_features("القاهرة", -1)
    assert "-1w:القاهرة" in seen
    assert not any(f.startswith(("-1p", "-1x")) for f in seen)


def test_sentence_edges_are_marked() -> None:
    rows = sentence_features(["زار", "عمان"])
    assert "-1:edge" in rows[0] and "-2:edge" in rows[0]
    assert "1:edge" in rows[1] and "2:edge" in rows[1]


def test_titles_and_generic_words_announce_a_name_to_their_neighbours() -> None:
    assert "tr:T" in word_features("الرئيس")
    assert "tr:T" in word_features("ووزير")
    assert "tr:ORG" in word_features("حركة")
    assert "tr:LOC" in word_features("بمدينة")
    assert not any(f.startswith("tr:") for f in word_features("القاهرة"))
    row = sentence_features(["قال", "الرئيس", "عباس"])[2]
    assert "-1tr:T" in row
