"""The shipped recogniser: offsets into the text, the six types, lexicon products and events."""

from __future__ import annotations

import pycrfsuite

from marsad.entities import recognize
from marsad.entities.crf import LinearChainCRF
from marsad.entities.features import sentence_features
from marsad.entities.recognize import is_currency
from marsad.model import Mention

TEXT = (
    "قال الرئيس الأمريكي دونالد ترامب في واشنطن إن الأمم المتحدة فشلت. "
    "وأطلقت طائرات هيرون صواريخ، بعد حرب 1948 والانتفاضة الأولى."
)


def test_mentions_point_into_the_text() -> None:
    found = recognize(TEXT)
    assert found
    assert all(TEXT[m.start : m.end] == m.surface and m.entity is None for m in found)
    assert all(m.type in {"PER", "ORG", "LOC", "PRODUCT", "EVENT", "MISC"} for m in found)


def test_common_names_are_found() -> None:
    found = {(m.surface, m.type) for m in recognize(TEXT)}
    assert ("دونالد ترامب", "PER") in found
    assert ("واشنطن", "LOC") in found
    assert ("الأمم المتحدة", "ORG") in found


def test_products_and_events_come_from_the_lexicons() -> None:
    found = {(m.surface, m.type) for m in recognize(TEXT)}
    assert ("هيرون", "PRODUCT") in found
    assert ("حرب 1948", "EVENT") in found
    assert ("الانتفاضة الأولى", "EVENT") in found


def test_a_product_code_and_a_name_that_needs_a_trigger() -> None:
    found = {(m.surface, m.type) for m in recognize("نشرت إسرائيل منظومة باراك 8 وقال باراك أوباما")}
    assert ("باراك 8", "PRODUCT") in found
    assert ("باراك", "PRODUCT") not in found


def test_empty_and_punctuation_only_text() -> None:
    assert recognize("") == []
    assert recognize("... !!") == []


def test_our_decoder_agrees_with_crfsuite(tmp_path) -> None:
    """A small model trained here: our Viterbi over cached word scores gives crfsuite's labels."""
    sentences = [
        (["قال", "محمد", "علي", "في", "القاهرة"], ["O", "B-PER", "I-PER", "O", "B-LOC"]),
        (["زار", "أحمد", "بغداد", "ولندن"], ["O", "B-PER", "B-LOC", "B-LOC"]),
        (["أعلنت", "الأمم", "المتحدة", "أمس"], ["O", "B-ORG", "I-ORG", "O"]),
    ]
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in sentences:
        trainer.append(sentence_features(tokens), tags)
    trainer.set_params({"max_iterations": 30})
    trainer.train(str(tmp_path / "tiny.crfsuite"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "tiny.crfsuite"))
    probe = [["قال", "علي", "في", "لندن"], ["أعلنت", "المتحدة", "بغداد"], ["محمد"]]
    expected = [tagger.tag(sentence_features(tokens)) for tokens in probe]
    assert LinearChainCRF.load(tmp_path / "tiny.crfsuite").tag(probe) == expected


def test_currencies_are_not_names_but_a_club_called_real_is() -> None:
    found = {(m.surface, m.type) for m in recognize("ارتفع الدولار إلى 3 آلاف جنيه، وفاز ريال مدريد.")}
    assert not any(kind == "MISC" and "دولار" in surface for surface, kind in found)
    assert ("ريال مدريد", "ORG") in found


def test_a_currency_word_is_known_with_clitics_article_and_accusative_alef() -> None:
    assert all(is_currency(w) for w in ("دولار", "بالدولار", "دولارا", "والجنيه", "اليورو"))
    assert not any(is_currency(w) for w in ("إيران", "دولة", "مدريد"))


def test_a_product_mention_ending_on_the_word_that_announces_a_product_is_no_name() -> None:
    from marsad.entities.recognize import _announces

    assert _announces(Mention("ونموذج هاتف", "PRODUCT", 0, 11))
    assert _announces(Mention("طائرة", "PRODUCT", 0, 5))
    assert not _announces(Mention("هاتف iPhone X", "PRODUCT", 0, 13))
    assert not _announces(Mention("منظومة باراك 8", "PRODUCT", 0, 14))
    assert not _announces(Mention("الهاتف", "ORG", 0, 6))  # other types are the recogniser's to judge


def test_labels_and_scores_do_not_depend_on_the_word_cache(monkeypatch) -> None:
    """The per-word scores live in rows of one table that are reused once the cache is emptied:
    an article tagged while that happens, or after, gets the labels and scores of a fresh cache."""
    from marsad.entities import crf as crf_module
    from marsad.entities.recognize import shipped_recognizer
    from marsad.entities.tokens import split_sentences, tokenize

    model = shipped_recognizer().crf
    tiny = LinearChainCRF(model.labels, model.weights, model.transitions, model.o_penalty)
    words = [[t.text for t in s] for s in split_sentences(tokenize(TEXT * 3))]
    expected = model.tag(words), model.article_emissions(words), [model.word_scores(w) for w in words[0]]
    monkeypatch.setattr(crf_module, "WORD_CACHE", 5)  # fewer than the article's words
    for _ in range(2):
        assert tiny.tag(words) == expected[0]
        assert all((a == b).all() for a, b in zip(tiny.article_emissions(words), expected[1], strict=True))
        assert all((tiny.word_scores(w) == s).all() for w, s in zip(words[0], expected[2], strict=True))
    assert tiny.tag([words[0][:3]]) == model.tag([words[0][:3]])  # fewer words than the cache holds


def test_a_month_written_beside_another_months_name_is_no_name() -> None:
    """«نيسان/أبريل» is a date; the carmaker نيسان, without a month beside, is left to the recogniser."""
    from marsad.entities.recognize import _month_pair

    text = "في نيسان/أبريل وفي 27 أبريل/ نيسان وفي أبريل نيسان الماضي أعلنت شركة نيسان"
    at = [i for i in range(len(text)) if text.startswith("نيسان", i)]
    found = [_month_pair(text, Mention("نيسان", "ORG", i, i + 5)) for i in at]
    assert found == [True, True, True, False]
