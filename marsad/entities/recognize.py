"""Find named-entity mentions in article text: PER, ORG, LOC, PRODUCT, EVENT, MISC.

A feature CRF trained by ``scripts/train_ner.py`` (the model ships in ``data/``) tags
each sentence; the sentences of an article are decoded together.  The annotated corpora
hold too few events and products to learn them, so events (``events.py``: known names,
and حرب/قمة/اتفاقية … before a year, an ordinal or a name) and products (``products.py``:
weapon systems, aircraft, software) are then looked up.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

from marsad.entities.corpora import spans
from marsad.entities.crf import LinearChainCRF
from marsad.entities.events import find_events
from marsad.entities.lexicon import name_tokens, strip_proclitics
from marsad.entities.products import find_products, product_triggers
from marsad.entities.tokens import Token, fold, split_sentences, tokenize
from marsad.model import Mention
from marsad.text.date_vocab import vocabulary
from marsad.text.lexicon import stopwords
from marsad.text.normalize import normalize_ar

_DATA = Path(__file__).resolve().parent / "data"
MODEL = _DATA / "ner.crfsuite"
# Taken off every token's O score before decoding, to trade precision for recall.
# Chosen on the dev split (the last tenth of ANERcorp train) by
# ``scripts/train_ner.py --dev``, never on test: no push helps the shipped features.
O_PENALTY = 0.0  # dev F1 (no word pairs): 0 -> 75.80, 0.25 -> 75.71, 0.5 -> 75.38, 1.0 -> 74.20


class Recognizer:
    """The CRF, loaded once; tags the tokenised sentences of one document.

    (A second pass that also saw the first pass's labels for the same word elsewhere in
    the article was tried: +0.1 F1 on the dev split for twice the time, so it was dropped.
    ``in_context`` does the cheap half of it: names found once are found everywhere.)
    """

    def __init__(self, crf: LinearChainCRF, in_context: bool = True) -> None:
        self.crf = crf
        self.in_context = in_context

    @classmethod
    def load(cls, path: Path = MODEL, o_penalty: float = O_PENALTY, in_context: bool = True) -> Recognizer:
        """The shipped model."""
        return cls(LinearChainCRF.load(path, o_penalty), in_context)

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 labels for the sentences of one document."""
        labels = self.crf.tag(sentences)
        return names_in_context(sentences, labels) if self.in_context else labels


# A name the CRF found once is a name wherever the same words recur in the document, with
# the type the document gives it most often.  Words of this many letters or fewer, and
# function words, are never spread: a slip on «بي» or «على» must not repeat itself.
_SPREAD_MIN_LETTERS = 3
_WORD = re.compile(r"[^\W_]+")


def names_in_context(sentences: list[list[str]], labels: list[list[str]]) -> list[list[str]]:
    """``labels`` with every tagged surface also tagged where it recurs untagged, in its majority type.

    Surfaces are compared on folded words; a recurrence may carry a proclitic on its first
    word (وترامب after ترامب).  Spans already tagged keep their extent; one whose surface
    the document tags more often with another type takes that type.
    """
    folded = [[fold(t) for t in s] for s in sentences]
    votes: dict[tuple[str, ...], Counter] = {}
    for words, tags in zip(folded, labels, strict=True):
        for start, end, kind in spans(tags):
            votes.setdefault(tuple(words[start:end]), Counter())[kind] += 1
    surfaces = {
        surface: max(sorted(count), key=count.__getitem__)
        for surface, count in votes.items()
        if _spreadable(surface)
    }

    if not surfaces:
        return labels
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for surface in sorted(surfaces, key=len, reverse=True):
        by_first.setdefault(surface[0], []).append(surface)
    fixed = [list(tags) for tags in labels]
    for words, tags in zip(folded, fixed, strict=True):
        for start, end, kind in spans(tags):
            major = surfaces.get(tuple(words[start:end]))
            if major and major != kind:
                tags[start:end] = [f"B-{major}"] + [f"I-{major}"] * (end - start - 1)
        i = 0
        while i < len(words):
            step = 1
            for first in (words[i], strip_proclitics(words[i])):
                for surface in by_first.get(first, ()):
                    end = i + len(surface)
                    if (
                        end <= len(words)
                        and tuple(words[i + 1 : end]) == surface[1:]
                        and all(t == "O" for t in tags[i:end])
                        and (end == len(words) or not tags[end].startswith("I-"))
                    ):
                        kind = surfaces[surface]
                        tags[i:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - i - 1)
                        step = end - i
                        break
                if step > 1 or tags[i] != "O":
                    break
            i += step
    return fixed


def without_function_words(text: str, mention: Mention) -> Mention | None:
    """The mention without leading function words («على ترامب» -> «ترامب»), or None for a fragment.

    A mention of one word that is a function word (بي, على, and علي, which cannot be told
    from it) or has two letters or fewer once its clitic is off is no name.  A leading word is
    dropped when it is written as a function word (ending in ى: على, إلى, حتى) or is one and
    no person's name (so علي خامنئي keeps its علي).
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(mention.surface)]
    while len(words) > 1:
        word = mention.surface[words[0][0] : words[0][1]]
        if not is_function_word(word) or (
            not word.endswith("ى") and "P" in name_tokens().get(fold(word), "")
        ):
            break
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        word = mention.surface[words[0][0] : words[0][1]]
        bare = strip_proclitics(fold(word))
        if is_function_word(word) or is_function_word(bare) or len(bare) < _SPREAD_MIN_LETTERS:
            return None
    start = mention.start + words[0][0]
    return (
        mention
        if start == mention.start
        else Mention(text[start : mention.end], mention.type, start, mention.end)
    )


def _spreadable(surface: tuple[str, ...]) -> bool:
    """Whether a surface is safe to tag wherever it recurs: not a short word or a function word."""
    if len(surface) == 1:
        word = strip_proclitics(surface[0])
        return (
            len(word) > _SPREAD_MIN_LETTERS - 1
            and not is_function_word(word)
            and not is_function_word(surface[0])
        )
    return any(len(w) >= _SPREAD_MIN_LETTERS and not is_function_word(w) for w in surface)


def is_function_word(word: str) -> bool:
    """Whether a word is an Arabic function word (stopwords-iso, MIT: ``marsad/text/data/stopwords.txt``).

    The list is normalised as the text layer normalises (ى read as ي), so the name علي
    counts as one too: alone, it cannot be told from the preposition على.
    """
    return normalize_ar(word) in stopwords()


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
    mentions = [
        kept
        for m in mentions
        if (kept := without_function_words(text, m)) and not _announces(kept) and not _month_pair(text, kept)
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


def _announces(mention: Mention) -> bool:
    """Whether a PRODUCT mention ends on a word that announces a product (هاتف, طائرة): the name
    comes after such a word, so «ونموذج هاتف» is the announcement, not a name."""
    words = mention.surface.split()
    return mention.type == "PRODUCT" and bool(words) and strip_proclitics(fold(words[-1])) in product_triggers()


_MONTH_BEFORE = re.compile(r"([^\W\d_]+)\s*[/(]?\s*$")  # the word before, a slash or bracket between
_MONTH_AFTER = re.compile(r"^\s*[/()]?\s*([^\W\d_]+)")


def _month_pair(text: str, mention: Mention) -> bool:
    """Whether a one-word mention is a month written beside another month's name, across a slash or
    a bracket or not («نيسان/أبريل», «أبريل/ نيسان», «أبريل نيسان»): news give the Levantine and the
    Gregorian names of one month so, and the pair is a date.  The CRF reads «نيسان» (also a
    carmaker) as an organisation."""
    months = vocabulary().months
    words = mention.surface.split()
    if len(words) != 1 or normalize_ar(strip_proclitics(fold(words[0]))) not in months:
        return False
    before = _MONTH_BEFORE.search(text[max(0, mention.start - 30) : mention.start])
    after = _MONTH_AFTER.search(text[mention.end : mention.end + 30])
    return any(m and normalize_ar(fold(m.group(1))) in months for m in (before, after))


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
