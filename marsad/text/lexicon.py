"""The word lists the tokeniser and stemmer read: stop words, clitic letters, words kept whole.

All of them live in ``data/`` as plain text (one normalised word a line, ``#``
comments) and are read once, on first use, so importing ``marsad`` stays fast.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def read_words(name: str) -> frozenset[str]:
    """The words of ``data/<name>``: one a line, blank lines and ``#`` comments skipped."""
    text = files("marsad.text").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0].strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def stopwords() -> frozenset[str]:
    """Normalised stop words (stopwords-iso Arabic, MIT; see data/stopwords.txt)."""
    return read_words("stopwords.txt")


@cache
def kept_whole() -> frozenset[str]:
    """Words that begin with a clitic letter but are not clitic + word (وزير, بلد, لبنان...)."""
    return read_words("kept_whole.txt")
