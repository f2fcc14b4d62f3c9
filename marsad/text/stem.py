"""A light stemmer: proclitics off (see tokenize), then the commonest suffixes.

It follows Larkey et al.'s *light10* suffix list plus the tanween alef, run on normalised text (so ة
is already ه and ى is ي): ا ها ان ات ون ين يه ه ي, each tried once in that order.
Two changes, both to keep unrelated words apart: a stem keeps at least three
letters (light10 allows two, which turns بيان into بي), and numbers and Latin
words are left as they are.  The aim is recall for search and a keyword cloud
of content words, not morphology: مغربية and المغاربة do not meet.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.config import WORD_CACHE
from marsad.text.normalize import normalize_ar

# "ا" first: the alef of accusative tanween (دوراً -> دورا -> دور), written with or without its mark.
SUFFIXES = ("ا", "ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
MIN_STEM = 3


@lru_cache(maxsize=WORD_CACHE)
def stem_base(base: str) -> str:
    """Strip light10 suffixes from a normalised word whose proclitics are already off."""
    if not base or not ("\u0621" <= base[0] <= "\u064a"):
        return base
    for suffix in SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= MIN_STEM:
            base = base[: -len(suffix)]
    return base


def stem(word: str) -> str:
    """The light stem of any word: normalised, proclitics and suffixes stripped.

    Example:
        >>> [stem(w) for w in ("المغرب", "بالمغرب", "للمغرب", "والمغرب")]
        ['مغرب', 'مغرب', 'مغرب', 'مغرب']
    """
    from marsad.text.tokenize import analyze_word

    norm = normalize_ar(word.strip())
    if not norm:
        return norm
    return analyze_word(norm)[2]
