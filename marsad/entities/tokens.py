"""Tokens with character offsets, and the letter folding the recogniser's features use.

ANERcorp, the corpus the recogniser learns from, splits text on white space and
punctuation and keeps clitics attached (ونايفة, بالقاهرة), so tokens here do the
same: a run of letters, digits and Arabic marks is one token, any other visible
character is a token of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from marsad.config import WORD_CACHE

# Letters, digits and the combining marks Arabic writes inside words (harakat, tatweel,
# superscript alef, Quranic marks), so that a vocalised word stays one token; a decimal
# point or thousands separator between digits stays inside the number (3.5, 1,200).
_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640])+(?:[.,٫٬]\d+)*|[^\s\u200c-\u200f\ufeff]"
)
_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
# Spelling choices writers make freely: hamza seats on alef, alef maqsura, and the
# Persian letters Arabic news uses for foreign sounds (ڤ for v, گ for g as غ, ی, ک).
_FOLD = str.maketrans(
    # Persian letters in Arabic news (a town spelled with پ or چ) read as the Arabic letter outlets write.
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ڤ": "ف",
        "گ": "غ",
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
    }
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


class Token(NamedTuple):
    """One token of a text and where it sits in it (a tuple: made by the hundred thousand)."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets, clitics left attached as ANERcorp does.

    >>> [t.text for t in tokenize("قال أفيف كوخافي، رئيس الأركان.")]
    ['قال', 'أفيف', 'كوخافي', '،', 'رئيس', 'الأركان', '.']
    """
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text)]


def split_sentences(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into sentences after every full stop, question or exclamation mark.

    ANERcorp's sentences end at full stops, so the recogniser sees text cut the same way.
    """
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        current.append(token)
        if token.text in {".", "؟", "?", "!"} or len(current) >= 120:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


@lru_cache(maxsize=WORD_CACHE)
def fold(word: str) -> str:
    """Remove marks and tatweel and fold the letter variants writers use interchangeably."""
    return _MARKS.sub("", word).translate(_FOLD)


def shape(word: str) -> str:
    """A coarse class of the word's script: arabic, latin, digit, punct or mixed."""
    if word.isdigit():
        return "digit"
    arabic = bool(_ARABIC_LETTER.search(word))
    latin = bool(_LATIN_LETTER.search(word))
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    if any(ch.isdigit() for ch in word):
        return "number"
    return "punct"
