"""Find named-entity mentions in article text: PER, ORG, LOC, PRODUCT, EVENT, MISC.

A feature CRF trained by ``scripts/train_ner.py`` (the model ships in ``data/``) tags
each sentence; the sentences of an article are decoded together.  The annotated corpora
hold too few events and products to learn them, so events (``events.py``: known names,
and حرب/قمة/اتفاقية … before a year, an ordinal or a name) and products (``products.py``:
weapon systems, aircraft, software) are then looked up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from marsad.entities.corpora import spans
from marsad.entities.crf import LinearChainCRF
from marsad.entities.events import find_events
from marsad.entities.lexicon import strip_proclitics
from marsad.entities.products import find_products
from marsad.entities.tokens import Token, fold, split_sentences, tokenize
from marsad.model import Mention

_DATA = Path(__file__).resolve().parent / "data"
MODEL = _DATA / "ner.crfsuite"
# Taken off every token's O score before decoding, to trade precision for recall.
# Chosen on the dev split (the last tenth of ANERcorp train) by
# ``scripts/train_ner.py --dev``, never on test: no push helps the shipped features.
O_PENALTY = 0.0  # dev F1 (no word pairs): 0 -> 75.80, 0.25 -> 75.71, 0.5 -> 75.38, 1.0 -> 74.20


class Recognizer:
    """The CRF, loaded once; tags the tokenised sentences of one document.

    (A second pass that also saw the first pass's labels for the same word elsewhere in
    the article was tried: +0.1 F1 on the dev split for twice the time, so it was dropped.)
    """

    def __init__(self, crf: LinearChainCRF) -> None:
        self.crf = crf

    @classmethod
    def load(cls, path: Path = MODEL, o_penalty: float = O_PENALTY) -> Recognizer:
        """The shipped model."""
        return cls(LinearChainCRF.load(path, o_penalty))

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 labels for the sentences of one document."""
        return self.crf.tag(sentences)


@cache
def shipped_recognizer() -> Recognizer:
    """The recogniser that ships in the package, loaded on first use."""
    return Recognizer.load()


def recognize(text: str) -> list[Mention]:
    """Entity mentions in ``text`` with character offsets, in text order; ``entity`` is left None.

    Example:
        >>> [(m.surface, m.type) for m in recognize("قال رئيس الأركان أفيف كوخافي في تل أبيب")]  # doctest: +SKIP
        [('أفيف كوخافي', 'PER'), ('تل أبيب', 'LOC')]
    """
    sentences = split_sentences(tokenize(text))
    labels = shipped_recognizer().tag([[t.text for t in s] for s in sentences])
    mentions = [
        _mention(text, sentence, start, end, kind)
        for sentence, tags in zip(sentences, labels, strict=True)
        for start, end, kind in sorted(spans(tags))
        if not (kind == "MISC" and is_currency(sentence[start].text))
    ]
    tokens = [t for s in sentences for t in s]
    events, inside = find_events(text, tokens, mentions)
    mentions = [m for m in mentions if m not in inside and not _overlaps(m, events)] + events
    for start, end, after_trigger in find_products(text, tokens):
        product = Mention(text[start:end], "PRODUCT", start, end)
        clashes = [m for m in mentions if _overlaps(m, [product])]
        # The lexicon knows product names better than the CRF's rare PRODUCT/MISC guesses,
        # and after «منظومة», «طائرة»… better than any type it guessed (منظومة باراك 8).
        if all(after_trigger or m.type in {"PRODUCT", "MISC"} for m in clashes):
            mentions = [m for m in mentions if m not in clashes] + [product]
    return sorted(mentions, key=lambda m: m.start)


@cache
def currencies() -> frozenset[str]:
    """Currency names from ``data/currencies.txt`` (folded, no clitics or article)."""
    lines = (_DATA / "currencies.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def is_currency(word: str) -> bool:
    """Whether ``word`` names a currency, with or without clitics, article or accusative alef.

    ANERcorp files currencies under MISC and the CRF learns it; Marsad's types do not
    count them as names (see ``data/currencies.txt``), so such MISC spans are dropped.
    """
    stem = strip_proclitics(fold(word))
    core = stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem
    return any(form in currencies() for form in (core, core[:-1] if core.endswith("ا") else core))


def _overlaps(mention: Mention, others: list[Mention]) -> bool:
    """Whether ``mention`` shares a character with any of ``others``."""
    return any(o.start < mention.end and mention.start < o.end for o in others)


def _mention(text: str, sentence: list[Token], start: int, end: int, kind: str) -> Mention:
    """The mention covering tokens ``start``..``end`` of ``sentence``."""
    first, last = sentence[start].start, sentence[end - 1].end
    return Mention(text[first:last], kind, first, last)
