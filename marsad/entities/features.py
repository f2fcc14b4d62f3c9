"""CRF features of a tokenised sentence: the word, its clitic-free form, affixes, clusters, gazetteer.

Features of a word type never change, so they are computed once per word and kept
(the recogniser's speed rests on it); only the features that need the sentence
(neighbours, multi-word gazetteer names) are built per sentence.  Word-pair features
(the word with its neighbour) were tried and left out: no better on the dev split
(75.68 with, 75.80 without) and slower.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from marsad.entities.lexicon import frequency, gazetteer, name_tokens, strip_proclitics, word_classes
from marsad.entities.tokens import fold, shape

# Neighbours seen by each position, and which of a neighbour's features it sees:
# the word, its clitic-free form, its two finer clusters, its gazetteer types and shape.
WINDOW = (-2, -1, 1, 2)
_CONTEXT_KEYS = ("w", "s", "c1", "c2", "g", "sh", "nm", "tr")
# Prefixes and suffixes of the clitic- and article-free word, 1 to 4 letters: lengths 1
# and 4 added to 2 and 3 raised dev F1 from 75.80 to 76.32.  The same affixes of the
# neighbours were tried too and cost 0.8 (75.54).
_AFFIX_LENGTHS = (1, 2, 3, 4)
_TRIGGERS = Path(__file__).resolve().parent / "data" / "ner_triggers.tsv"


# Small: the recogniser keeps each word's summed scores itself, so a word's features are only
# needed while those are computed (and, for training, within a sentence or two).
@lru_cache(maxsize=4096)
def word_features(word: str) -> tuple[str, ...]:
    """Features of one word out of context, as ``key:value`` strings."""
    folded = fold(word)
    stem = strip_proclitics(folded)
    features = [f"w:{folded}", f"sh:{shape(word)}", f"ln:{min(len(folded), 9)}"]
    if stem != folded:
        features.append(f"s:{stem}")
    core = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
    features += [f"p{k}:{core[:k]}" for k in _AFFIX_LENGTHS] + [f"x{k}:{core[-k:]}" for k in _AFFIX_LENGTHS]
    if stem.startswith("ال"):
        features.append("al")
    features += _cluster_features(folded, "c") + _cluster_features(stem, "sc")
    gazetteer_words = gazetteer().words
    for kind in sorted(gazetteer_words.get(folded, frozenset()) | gazetteer_words.get(stem, frozenset())):
        features.append(f"g:{kind}")
    names = name_tokens()
    kinds = names.get(folded) or names.get(stem)
    if kinds:
        features.append(f"nm:{kinds}")
    announced = trigger(folded, stem)
    if announced:
        features.append(f"tr:{announced}")
    # Rare words are more often names: the log2 of the word's count in the corpora.
    features.append(f"fq:{min(frequency(folded).bit_length(), 14)}")
    return tuple(features)


@cache
def triggers() -> dict[str, str]:
    """Folded word -> the kind of name it announces (T title, ORG, LOC), from ``data/ner_triggers.tsv``."""
    table: dict[str, str] = {}
    for line in _TRIGGERS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, word = line.split("\t")
            table[word] = kind
    return table


def trigger(folded: str, stem: str) -> str | None:
    """The kind of name a word announces: as written, without its clitics, or without its article.

    A class shared by the few words (الرئيس, وزير, حركة, مدينة …) lets the model carry
    what it learnt of one title to the others: dev F1 76.32 -> 76.66.
    """
    table = triggers()
    found = table.get(folded) or table.get(stem)
    if found is None and stem.startswith("ال"):
        found = table.get(stem[2:])
    return found


def _cluster_features(word: str, key: str) -> list[str]:
    """One feature per cluster granularity, or ``oov`` when the corpora never saw the word."""
    found = word_classes().get(word)
    if found is None:
        return [f"{key}:oov"]
    return [f"{key}{i}:{cluster}" for i, cluster in enumerate(found.clusters)]


def context_keys(own: tuple[str, ...]) -> tuple[str, ...]:
    """Which of a word's features (``word_features``) its neighbours see, without the offset
    that prefixes them."""
    return tuple(f for f in own if f.partition(":")[0] in _CONTEXT_KEYS or f == "al")


@lru_cache(maxsize=16_384)
def context_features(word: str, offset: int) -> tuple[str, ...]:
    """The features a token ``offset`` positions away sees of ``word``."""
    return tuple(f"{offset}{f}" for f in context_keys(word_features(word)))


def sentence_features(tokens: list[str]) -> list[list[str]]:
    """Feature lists for every token of a sentence."""
    n = len(tokens)
    phrases = gazetteer_phrases(tokens)
    rows = []
    for i, token in enumerate(tokens):
        row = ["bias", *word_features(token)]
        for offset in WINDOW:
            j = i + offset
            if 0 <= j < n:
                row.extend(context_features(tokens[j], offset))
            else:
                row.append(f"{offset}:edge")
        if phrases[i]:
            row.append(f"gp:{phrases[i]}")
        rows.append(row)
    return rows


def gazetteer_phrases(tokens: list[str]) -> list[str]:
    """Per token, ``B-TYPE``/``I-TYPE`` when it starts or continues a multi-word gazetteer name."""
    marks = [""] * len(tokens)
    folded = [fold(t) for t in tokens]
    stems = [strip_proclitics(f) for f in folded]
    phrases = gazetteer().phrases
    for i in range(len(tokens)):
        for first in {folded[i], stems[i]}:
            for parts, kind in phrases.get(first, ()):
                end = i + len(parts)
                if end <= len(tokens) and tuple(folded[i + 1 : end]) == parts[1:]:
                    marks[i] = marks[i] or f"B-{kind}"
                    for k in range(i + 1, end):
                        marks[k] = marks[k] or f"I-{kind}"
    return marks
