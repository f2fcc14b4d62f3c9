"""Tokenisation with offsets, proclitics separated, stems and stop words attached.

Arabic glues conjunctions (و ف), prepositions (ب ك ل) and the article (ال)
to the following word: «وبالمغرب» is و + ب + ال + مغرب.  A word that merely
begins with those letters (وزير، بلد، لبنان، فلسطين) must stay whole; the
corpus-derived list ``data/kept_whole.txt`` (see scripts/build_text_lexicon.py)
decides, and every other candidate is split only when what remains is long
enough to be a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from marsad.config import WORD_CACHE
from marsad.text.lexicon import kept_whole, stopwords
from marsad.text.memo import Memo, clear_all
from marsad.text.normalize import normalize_ar

# Letters, digits and the marks that live inside Arabic words (diacritics,
# tatweel, ZWNJ/ZWJ); a decimal number is one token; anything else that is not
# space is a one-character punctuation token.  The three sets of strings are
# disjoint, so a token's kind follows from its text (see _kind) and the regex
# needs no groups.
WORD_CHARS = r"\w\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d"
NUMBER = r"\d+(?:[.,\u066b\u066c]\d+)+"
TOKEN_RE = re.compile(rf"{NUMBER}|[{WORD_CHARS}]+|\S")
# Each token with the spaces before it: offsets follow from lengths, with no match object per token.
SPACED_TOKEN_RE = re.compile(rf"(\s*)({TOKEN_RE.pattern})")
_NUMBER_RE = re.compile(NUMBER)
_WORD_RE = re.compile(rf"[{WORD_CHARS}]+")
CONJUNCTIONS = "وف"
PREPOSITIONS = "بكل"
ARTICLE = "ال"
# Suffixes tried when checking whether an inflected form of a kept word is kept
# (وزارتها -> وزارت -> وزاره); longest first.
_INFLECTIONS = ("هما", "كما", "ها", "هم", "هن", "كم", "نا", "ات", "ون", "ين", "ان", "ه", "ي", "ك")


@dataclass(slots=True)
class Token:
    """One token: ``surface`` is ``text[start:end]``; the rest is its matching form and analysis."""

    surface: str
    start: int
    end: int
    norm: str
    clitics: str  # separated proclitics, normalised: "", "و", "ال", "وال", "بال", "لل"...
    base: str  # norm without its proclitics
    stem: str
    is_stop: bool
    kind: str = "word"  # "word" | "number" | "punct"


def _is_kept(word: str) -> bool:
    """Whether ``word``, or ``word`` without one inflectional suffix, is a kept-whole word."""
    kept = kept_whole()
    if word in kept:
        return True
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            if root in kept or root in stopwords() or (root.endswith("ت") and root[:-1] + "ه" in kept):
                return True
    return False


def _can_strip_letter(word: str) -> bool:
    """Whether the first letter of ``word`` is a proclitic rather than part of the word."""
    rest = word[1:]
    if word in stopwords() or _is_kept(word):
        return False
    return len(rest) >= 3 or rest in stopwords() or rest.startswith(ARTICLE)


def _can_strip_article(word: str) -> bool:
    """Whether ``word`` starts with the article ال (not a root alef-lam as in الله, الف)."""
    return word.startswith(ARTICLE) and len(word) >= 4 and word not in stopwords() and not _is_kept(word)


@lru_cache(maxsize=WORD_CACHE)
def split_clitics(norm: str) -> tuple[str, str]:
    """Split a normalised word into its proclitics and the rest: "وبالمغرب" -> ("وبال", "مغرب").

    The order is Arabic's own: conjunction, then preposition, then article; ل
    before the article is written لل.
    """
    clitics, rest = "", norm
    if rest[:1] in CONJUNCTIONS and _can_strip_letter(rest):
        clitics, rest = rest[0], rest[1:]
    if rest.startswith("لل") and len(rest) >= 4 and _can_strip_letter(rest):
        if _is_kept(rest[1:]):  # للقاء, لليبيا: ل + a word that starts with ل
            return clitics + "ل", rest[1:]
        return clitics + "لل", rest[2:]
    if rest[:1] in PREPOSITIONS and _can_strip_letter(rest):
        clitics, rest = clitics + rest[0], rest[1:]
    if _can_strip_article(rest):
        clitics, rest = clitics + ARTICLE, rest[2:]
    return clitics, rest


@lru_cache(maxsize=WORD_CACHE)
def analyze_word(norm: str) -> tuple[str, str, str, bool]:
    """(clitics, base, stem, is_stop) of a normalised word; cached, words repeat a lot."""
    from marsad.text.stem import stem_base

    stops = stopwords()
    if norm in stops:
        return "", norm, norm, True
    clitics, base = split_clitics(norm)
    if clitics and base in stops:
        return clitics, base, base, True
    return clitics, base, stem_base(base), False


def _kind(surface: str) -> str:
    """Which alternative of TOKEN_RE matched ``surface``: "num", "word" or "punct"."""
    if _NUMBER_RE.fullmatch(surface):
        return "num"
    return "word" if _WORD_RE.fullmatch(surface) else "punct"


def _analyse_surface(surface: str) -> tuple[str, str, str, str, bool, str]:
    """(norm, clitics, base, stem, is_stop, kind) of one token's text."""
    norm = normalize_ar(surface)
    kind = _kind(surface)
    if kind == "word" and norm and not norm.isdigit():
        return (norm, *analyze_word(norm), "word")
    if kind == "punct":
        return norm, "", norm, norm, True, "punct"
    return norm, "", norm, norm, not norm, "number"


# Token text -> its analysis; words repeat a lot, so each is analysed once.
_ANALYSES: Memo[tuple[str, str, str, str, bool, str]] = Memo(_analyse_surface)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets into it, proclitics split off, stems and stop words marked.

    Example:
        >>> [(t.surface, t.clitics, t.base) for t in tokenize("وبالمغرب")]
        [('وبالمغرب', 'وبال', 'مغرب')]
    """
    tokens: list[Token] = []
    append, analyses = tokens.append, _ANALYSES
    end = 0
    for space, surface in SPACED_TOKEN_RE.findall(text):
        start = end + len(space)
        end = start + len(surface)
        # Unpacked rather than *analyses[surface]: a plain call skips building an argument tuple.
        norm, clitics, base, stem, is_stop, kind = analyses[surface]
        append(Token(surface, start, end, norm, clitics, base, stem, is_stop, kind))
    return tokens


def normalized(surface: str) -> str:
    """``normalize_ar(surface)``, from the memo of analysed tokens (shared by every stage)."""
    return _ANALYSES[surface][0]


def analysed_surfaces(text: str) -> list[tuple[str, tuple[str, str, str, str, bool, str]]]:
    """(surface, (norm, clitics, base, stem, is_stop, kind)) of each token of ``text``, in order:
    what ``tokenize`` gives without offsets or a Token per word, for callers that need neither."""
    analyses = _ANALYSES
    return [(surface, analyses[surface]) for surface in TOKEN_RE.findall(text)]


def _chunk_terms(chunk: str) -> tuple[str, ...]:
    """The content stems of one run of non-space text (a word, maybe with punctuation glued on)."""
    return tuple(stem for stem in map(_term, _WORD_RE.findall(chunk)) if stem)


def _term(surface: str) -> str:
    """The content stem of one surface word, or "" for a stop word."""
    norm = normalize_ar(surface)
    if not norm or norm.isdigit():
        return norm
    _, _, stem, stop = analyze_word(norm)
    return "" if stop else stem


# Whitespace-separated chunk -> its content stems.  No word crosses a space, so
# the stems of a text are those of its chunks in order, and str.split plus one
# dict lookup per chunk replaces a regex match and a call per word.
_CHUNK_TERMS: Memo[tuple[str, ...]] = Memo(_chunk_terms)


def terms(text: str) -> list[str]:
    """Content stems of ``text`` in order; stop words, numbers' punctuation and punctuation dropped.

    Example:
        >>> terms("وفي المغرب، قال الوزير إن للمغرب دورا")
        ['مغرب', 'وزير', 'مغرب', 'دور']
    """
    return list(chain.from_iterable(map(_CHUNK_TERMS.__getitem__, text.split())))


def is_stopword(word: str) -> bool:
    """Whether ``word`` (any spelling, with or without proclitics) is a stop word: "وفي" is."""
    norm = normalize_ar(word.strip())
    return not norm or analyze_word(norm)[3]


def clear_caches() -> None:
    """Forget every per-word result (for a benchmark's cold pass, or after the word lists change)."""
    clear_all()
    for cached in (split_clitics, analyze_word):
        cached.cache_clear()
    from marsad.text.stem import stem_base

    stem_base.cache_clear()
