"""Find named-entity mentions in article text: PER, ORG, LOC, PRODUCT, EVENT, MISC.

A feature CRF trained by ``scripts/train_ner.py`` (the model ships in ``data/``) tags
each sentence; the sentences of an article are decoded together.  Names in the product lexicon
(``data/products.txt``: weapon systems, aircraft, software) that the CRF left untagged
are then added as PRODUCT, since the annotated corpora hold too few products to learn them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from marsad.entities.corpora import spans
from marsad.entities.crf import LinearChainCRF
from marsad.entities.products import find_products
from marsad.entities.tokens import Token, split_sentences, tokenize
from marsad.model import Mention

_DATA = Path(__file__).resolve().parent / "data"
MODEL = _DATA / "ner.crfsuite"


class Recognizer:
    """The CRF, loaded once; tags the tokenised sentences of one document.

    (A second pass that also saw the first pass's labels for the same word elsewhere in
    the article was tried: +0.1 F1 on the dev split for twice the time, so it was dropped.)
    """

    def __init__(self, crf: LinearChainCRF) -> None:
        self.crf = crf

    @classmethod
    def load(cls, path: Path = MODEL) -> Recognizer:
        """The shipped model."""
        return cls(LinearChainCRF.load(path))

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
    ]
    taken = [(m.start, m.end) for m in mentions]
    for start, end in find_products(text, [t for s in sentences for t in s]):
        if not any(s < end and start < e for s, e in taken):
            mentions.append(Mention(text[start:end], "PRODUCT", start, end))
    return sorted(mentions, key=lambda m: m.start)


def _mention(text: str, sentence: list[Token], start: int, end: int, kind: str) -> Mention:
    """The mention covering tokens ``start``..``end`` of ``sentence``."""
    first, last = sentence[start].start, sentence[end - 1].end
    return Mention(text[first:last], kind, first, last)
