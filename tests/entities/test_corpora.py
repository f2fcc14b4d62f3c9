"""Corpus readers: IOB spans, type mapping, and the NewsFANE/ANERcorp split alignment."""

from __future__ import annotations

from conftest import shared_file

from marsad.entities.corpora import letter_grams, letters, map_tag, read_anercorp, repair_iob, side_of, spans


def test_spans_are_conlleval_entities() -> None:
    assert spans(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == {
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
    }


def test_unknown_types_become_o_and_orphan_inside_tags_begin() -> None:
    assert map_tag("B-DATE", {"PERS": "PER"}) == "O"
    assert map_tag("I-PERS", {"PERS": "PER"}) == "I-PER"
    assert repair_iob(["O", "I-PER", "I-PER", "I-LOC"]) == ["O", "B-PER", "I-PER", "B-LOC"]


def test_a_sentence_is_placed_by_the_letters_it_shares() -> None:
    train = letter_grams(
        "".join(
            letters(w) for w in ["قال", "وزير", "الخارجية", "الأمريكي", "أمس", "إن", "المفاوضات", "ستستمر"]
        )
    )
    test = letter_grams(
        "".join(letters(w) for w in ["أعلنت", "الشركة", "عن", "أرباح", "قياسية", "في", "الربع", "الأول"])
    )
    assert side_of(["وقال", "وزير", "الخارجية", "الأمريكي", "أمس"], train, test) == "train"
    assert side_of(["أعلنت", "الشركة", "عن", "أرباح", "قياسية"], train, test) == "test"
    assert side_of(["لا", "شيء", "مشترك", "هنا", "على", "الإطلاق"], train, test) == "none"


def test_anercorp_reads_with_our_type_names() -> None:
    path = shared_file("ner_anercorp/ANERCorp_CamelLabRecipe_train.txt")  # the test split is read by eval only
    sentences = read_anercorp(path)
    assert len(sentences) == 3963
    assert {kind for _, tags in sentences for _, _, kind in spans(tags)} == {"PER", "LOC", "ORG", "MISC"}
