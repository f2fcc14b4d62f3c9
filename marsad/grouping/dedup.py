"""Exact and near duplicates, and the passages articles share (stage 4, «التكرار»).

Exact copies share the hash of their normalised text.  Near copies are found through MinHash-LSH
band keys (datasketch's MinHash, our own banding so the bands can live in an indexed table) and
confirmed by word-shingle containment both ways: a re-worded copy of one wire item keeps most
shingles of the other; two separate reports of one event do not.  Shared passages are found
through winnowed fingerprints and then aligned word by word, so the cost is about the new article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from marsad import config
from marsad.grouping.features import Token

_MASK63 = (1 << 63) - 1


def _hash64(text: str) -> int:
    """A stable signed 64-bit hash (fits an SQLite INTEGER)."""
    value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
    return (value & _MASK63) - (1 << 62)


def text_hash(words: Sequence[Token]) -> str:
    """Hash of the normalised text: equal for exact copies whatever their spacing or diacritics."""
    return hashlib.sha1(" ".join(t.norm for t in words).encode("utf-8")).hexdigest()


def shingles(words: Sequence[Token], size: int) -> set[str]:
    """The set of ``size``-word shingles of the normalised words (the whole text when shorter)."""
    norms = [t.norm for t in words]
    if len(norms) <= size:
        return {" ".join(norms)} if norms else set()
    return {" ".join(norms[i : i + size]) for i in range(len(norms) - size + 1)}


@cache
def lsh_shape() -> tuple[int, int]:
    """(bands, rows) for the candidate threshold, as datasketch derives them."""
    return _optimal_param(config.GROUPING_LSH_THRESHOLD, config.GROUPING_MINHASH_PERM, 0.5, 0.5)


@cache
def _permutations() -> tuple[str, np.ndarray]:
    """The MinHash scheme and permutations of seed 1, drawn once: drawing them anew for every
    article cost as much as hashing its shingles."""
    sketch = MinHash(num_perm=config.GROUPING_MINHASH_PERM, seed=1)
    return sketch.scheme, sketch.permutations


def band_keys(words: Sequence[Token]) -> list[int]:
    """The MinHash-LSH band keys of a text: two texts sharing one are near-duplicate candidates."""
    found = shingles(words, config.GROUPING_SHINGLE_WORDS)
    if not found:
        return []
    scheme, permutations = _permutations()
    sketch = MinHash(num_perm=config.GROUPING_MINHASH_PERM, seed=1, scheme=scheme, permutations=permutations)
    sketch.update_batch([s.encode("utf-8") for s in sorted(found)])
    bands, rows = lsh_shape()
    values = np.asarray(sketch.hashvalues, dtype=np.uint64)
    return [_hash64(f"{b}:" + values[b * rows : (b + 1) * rows].tobytes().hex()) for b in range(bands)]


def containment(a: set[str], b: set[str]) -> float:
    """Share of ``a`` that ``b`` also holds."""
    return len(a & b) / len(a) if a else 0.0


def is_copy(a: Sequence[Token], b: Sequence[Token], limit: float = config.GROUPING_COPY_CONTAINMENT) -> bool:
    """Whether two texts are copies: each holds most of the other's word pairs, leads included.

    A teaser cut from a longer article is not a copy of it (the longer one holds much more), and
    neither is an update that puts a new lead on the old paragraphs (the labelling guide's rule:
    it shares passages, it does not copy).
    """
    first, second = shingles(a, 2), shingles(b, 2)
    if containment(first, second) < limit or containment(second, first) < limit:
        return False
    return lead_overlap(a, b) >= config.GROUPING_COPY_LEAD_CONTAINMENT


def lead_overlap(a: Sequence[Token], b: Sequence[Token]) -> float:
    """The smaller share of either lead's word pairs (first COPY_LEAD_WORDS words) the other lead holds."""
    size = config.GROUPING_COPY_LEAD_WORDS
    first, second = shingles(a[:size], 2), shingles(b[:size], 2)
    return min(containment(first, second), containment(second, first))


def fingerprints(words: Sequence[Token]) -> list[int]:
    """Winnowed fingerprints of the text's word shingles (Schleimer et al. 2003).

    Every run of at least PRINT_WORDS + PRINT_WINDOW - 1 words that two texts share gives both
    the same fingerprint, while only about 2 / (window + 1) of the shingles are kept.
    """
    size, window = config.GROUPING_PRINT_WORDS, config.GROUPING_PRINT_WINDOW
    norms = [t.norm for t in words]
    hashes = [_hash64(" ".join(norms[i : i + size])) for i in range(len(norms) - size + 1)]
    if len(hashes) <= window:
        return sorted(set(hashes[:1] and [min(hashes)]))
    chosen = {min(hashes[i : i + window]) for i in range(len(hashes) - window + 1)}
    return sorted(chosen)


def shared_runs(a: Sequence[Token], b: Sequence[Token]) -> list[tuple[int, int, int, int]]:
    """Maximal runs of identical normalised words the two texts share, as character spans.

    Returns ``(a_start, a_end, b_start, b_end)`` for each run of at least PASSAGE_MIN_WORDS words.
    The scan is greedy over one text, and which text is scanned can move a run's start by a word,
    so the two are always scanned in one order (by their words), whichever is given first: the
    passages of two articles do not depend on which of them arrived first.
    """
    a_norms, b_norms = [t.norm for t in a], [t.norm for t in b]
    if b_norms < a_norms:
        return [(a0, a1, b0, b1) for b0, b1, a0, a1 in _scan(b, b_norms, a, a_norms)]
    return _scan(a, a_norms, b, b_norms)


def _scan(
    a: Sequence[Token], a_norms: list[str], b: Sequence[Token], b_norms: list[str]
) -> list[tuple[int, int, int, int]]:
    seed = 6
    positions: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(b_norms) - seed + 1):
        positions.setdefault(tuple(b_norms[j : j + seed]), []).append(j)
    runs, i = [], 0
    while i <= len(a_norms) - seed:
        best = _longest_from(a_norms, b_norms, i, positions.get(tuple(a_norms[i : i + seed]), ()))
        if best and best[1] >= config.GROUPING_PASSAGE_MIN_WORDS:
            j, length = best
            runs.append((a[i].start, a[i + length - 1].end, b[j].start, b[j + length - 1].end))
            i += length
        else:
            i += 1
    return runs


def _longest_from(a: list[str], b: list[str], i: int, starts: Sequence[int]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for j in starts:
        length = 0
        while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
            length += 1
        if best is None or length > best[1]:
            best = (j, length)
    return best
