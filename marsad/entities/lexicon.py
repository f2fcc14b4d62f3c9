"""The recogniser's word knowledge: clusters from unlabelled news, gazetteer names, clitics.

Both tables are data files under ``data/`` built by scripts (``scripts/ner_clusters.py``,
``scripts/ner_gazetteer.py``); they load once, on first use, so importing stays fast.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from marsad.config import WORD_CACHE

_DATA = Path(__file__).resolve().parent / "data"
# Conjunctions and prepositions written joined to the next word, longest first.
_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


@dataclass(slots=True, frozen=True)
class WordClass:
    """What the unlabelled corpora say about a word: how often it occurs and its clusters."""

    count: int
    clusters: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class Gazetteer:
    """Known names by type: single words, and multi-word names indexed by their first word."""

    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]


@cache
def word_classes() -> dict[str, WordClass]:
    """Folded word -> count and cluster ids, from ``data/clusters.tsv.gz``."""
    table: dict[str, WordClass] = {}
    path = _DATA / "clusters.tsv.gz"
    if not path.exists():
        return table
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, count, *clusters = line.rstrip("\n").split("\t")
            table[word] = WordClass(int(count), tuple(clusters))
    return table


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer in ``data/gazetteer.tsv`` (folded names), indexed for lookup."""
    words: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for line in (_DATA / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind = line.split("\t")
        parts = tuple(name.split())
        if len(parts) == 1:
            words.setdefault(parts[0], set()).add(kind)
        else:
            phrases.setdefault(parts[0], []).append((parts, kind))
    return Gazetteer(
        {w: frozenset(k) for w, k in words.items()},
        {w: tuple(sorted(p, key=lambda e: -len(e[0]))) for w, p in phrases.items()},
    )


@cache
def name_tokens() -> dict[str, str]:
    """Folded word -> where it was seen as part of a name ("P" person names, "N" any name)."""
    table: dict[str, str] = {}
    for line in (_DATA / "name_tokens.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, sources = line.split("\t")
            table[word] = sources
    return table


@lru_cache(maxsize=WORD_CACHE)
def strip_proclitics(word: str) -> str:
    """The folded word without a joined conjunction or preposition, when the corpora support it.

    A leading و ف ب ل ك is only taken off when what remains starts with the article or
    is more frequent than the word itself, so that لبنان and بغداد stay whole while
    ولبنان and بالقاهرة lose their clitics.
    """
    classes = word_classes()
    best, best_count = word, _count(classes, word)
    for prefix in _PROCLITICS:
        if not word.startswith(prefix) or len(word) - len(prefix) < 2:
            continue
        rest = word[len(prefix) :]
        if prefix.endswith("ل") and rest.startswith("ل"):
            rest = "ا" + rest  # لل = ل + ال with the alef dropped: للقاهرة -> القاهرة
        if rest.startswith("ال") and len(rest) > 3:
            return rest
        if _count(classes, rest) > best_count:
            best, best_count = rest, _count(classes, rest)
    return best


def frequency(word: str) -> int:
    """How often the folded ``word`` occurs in the unlabelled corpora (0 when unseen)."""
    return _count(word_classes(), word)


def _count(classes: dict[str, WordClass], word: str) -> int:
    """How often ``word`` occurs in the unlabelled corpora (0 when unseen)."""
    found = classes.get(word)
    return found.count if found else 0
