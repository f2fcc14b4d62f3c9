"""Product names from a lexicon: weapon systems, aircraft, vehicles, software, devices.

The annotated corpora hold about seventy products, too few for the CRF to learn the
type, so known names are looked up (``data/products.txt``).  A name that is also an
ordinary word or a person's name (شاهد, باراك) counts only right after a word that
announces a product (``data/product_triggers.txt``: طائرة, منظومة, صاروخ…).  A run of
Latin-script words after such a word (منظومة Barak MX) is a product too.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from marsad.config import WORD_CACHE
from marsad.entities.tokens import Token, fold, shape, tokenize

_DATA = Path(__file__).resolve().parent / "data"
_PROCLITICS = ("وب", "ول", "و", "ف", "ب", "ل", "ك")


def _lines(name: str) -> list[str]:
    """Non-comment lines of a data file."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def product_names() -> dict[str, tuple[tuple[tuple[str, ...], bool], ...]]:
    """First folded word -> (folded words of the name, needs a trigger before it), longest first."""
    names: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for line in _lines("products.txt"):
        name, _, flag = line.partition("\t")
        words = tuple(fold(t.text).lower() for t in tokenize(name))
        names.setdefault(words[0], []).append((words, flag.strip() == "after-trigger"))
    return {first: tuple(sorted(found, key=lambda e: -len(e[0]))) for first, found in names.items()}


@cache
def product_triggers() -> frozenset[str]:
    """Folded words that announce a product name."""
    return frozenset(fold(line.strip()) for line in _lines("product_triggers.txt"))


def find_products(text: str, tokens: list[Token]) -> list[tuple[int, int, bool]]:
    """Character spans of product names among ``tokens`` of ``text``, each with whether a trigger preceded it."""
    keys = [fold(t.text).lower() for t in tokens]
    bare = [bare_forms(k) for k in keys]
    triggers = product_triggers()
    found: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(tokens):
        after_trigger = i > 0 and not bare[i - 1].isdisjoint(triggers)
        if not after_trigger and bare[i].isdisjoint(product_names()):
            i += 1
            continue
        end, first = _known_name(keys, bare, i, after_trigger)
        if not end and after_trigger:
            end = _latin_run(tokens, i)
        if end:
            end = _code_tail(tokens, end)
            skip = len(keys[i]) - len(first) if first else 0  # a joined و or ب is not part of the name
            found.append((tokens[i].start + skip, tokens[end - 1].end, after_trigger))
            i = end
        else:
            i += 1
    return found


@lru_cache(maxsize=WORD_CACHE)
def bare_forms(key: str) -> frozenset[str]:
    """The word and the word without each joined conjunction or preposition it may carry (وهاروب -> هاروب)."""
    forms = {key}
    for prefix in _PROCLITICS:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            forms.add(key[len(prefix) :])
    return frozenset(forms)


def _known_name(keys: list[str], bare: list[frozenset[str]], i: int, after_trigger: bool) -> tuple[int, str]:
    """End index of the longest lexicon name starting at token ``i``, and its first word ((0, "") when none)."""
    names = product_names()
    for first in bare[i]:
        for words, needs_trigger in names.get(first, ()):
            end = i + len(words)
            if (
                (after_trigger or not needs_trigger)
                and end <= len(keys)
                and tuple(keys[i + 1 : end]) == words[1:]
            ):
                return end, first
    return 0, ""


def _is_code(token: Token) -> bool:
    """A model code: upper-case Latin letters (MX, TB2) or a number of at most three digits (8, 136)."""
    word = token.text
    return (word.isascii() and word.isalnum() and word.upper() == word and not word.isdigit()) or (
        word.isdigit() and len(word) <= 3
    )


def _code_tail(tokens: list[Token], end: int) -> int:
    """Extend a name over the model codes written right after it (باراك 8, Barak MX, شاهد-136)."""
    while end < len(tokens):
        step = end + 1 if tokens[end].text == "-" and end + 1 < len(tokens) else end
        if not _is_code(tokens[step]) or tokens[step].start - tokens[end - 1].end > 1 + (step - end):
            break
        end = step + 1
    return end


def _latin_run(tokens: list[Token], i: int) -> int:
    """End index of a run of Latin-script words and model codes starting at ``i`` (0 when none)."""
    if shape(tokens[i].text) != "latin" or not tokens[i].text[0].isupper():
        return 0
    end = i + 1
    while end < len(tokens) and shape(tokens[end].text) == "latin" and tokens[end].text[0].isupper():
        end += 1
    return end
