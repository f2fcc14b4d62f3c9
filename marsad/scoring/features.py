"""Hashed text features for the category model: word and character n-grams -> bucket ids.

The features are defined here, frozen with the model they were trained for, rather than
borrowed from ``marsad.text``: a change to the shared normalisation rules must not
silently shift every feature under a shipped model.  Retrain (scripts/train_category.py)
when this file changes.

Hashing uses CRC-32 (stable across processes and Python versions, unlike ``hash()``),
so the model stores no vocabulary, only a weight row per bucket.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np

from marsad.config import WORD_CACHE

# What the classifier may ignore: diacritics and tatweel carry no topic, and the hamza
# and final-letter spellings vary by outlet (أ/إ/آ/ا, ة/ه, ى/ي).
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_LETTER_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_DIGITS = re.compile(r"\d")

# Only the opening of long articles is read: the topic is settled in the first
# paragraphs, and the cap keeps inference time flat (measured by bench/category.py).
MAX_WORDS = 400
MAX_CHARS = 4000  # comfortably more than 400 words; spares normalising the rest of a long text
CHAR_NGRAMS = (3, 4, 5)


def normalize_for_features(text: str) -> str:
    """Fold the spelling variants the classifier should not tell apart."""
    return _DIACRITICS.sub("", text).translate(_LETTER_MAP).lower()


def words_of(text: str) -> list[str]:
    """The normalised words of ``text`` (digits collapsed to 0: numbers are not topics)."""
    return _WORD.findall(_DIGITS.sub("0", normalize_for_features(text)))


def _bucket(feature: str, buckets: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % buckets


@lru_cache(maxsize=WORD_CACHE)
def _word_hash(word: str) -> int:
    return zlib.crc32(("w:" + word).encode("utf-8"))


@lru_cache(maxsize=WORD_CACHE)
def _word_buckets(word: str, buckets: int) -> tuple[int, ...]:
    """The word itself and its character n-grams (padded, so prefixes and suffixes count)."""
    padded = f"<{word}>"
    grams = [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]
    return (_word_hash(word) % buckets, *(_bucket("c:" + g, buckets) for g in grams))


def _bigram_bucket(first: str, second: str, buckets: int) -> int:
    """A word pair's bucket from the two cached word hashes (no string building per pair)."""
    return (((_word_hash(first) * 0x9E3779B1) ^ _word_hash(second)) & 0xFFFFFFFF) % buckets


def feature_ids(title: str | None, text: str, buckets: int) -> list[int]:
    """Every feature occurrence of an article as a bucket id: body words, their n-grams, bigrams, title words."""
    body = words_of(text[:MAX_CHARS])[:MAX_WORDS]
    head = words_of(title or "")
    ids: list[int] = []
    for word in head + body:
        ids.extend(_word_buckets(word, buckets))
    ids.extend(_bigram_bucket(a, b, buckets) for a, b in zip(body, body[1:], strict=False))
    ids.extend(_bucket("t:" + w, buckets) for w in head)
    return ids


def feature_counts(title: str | None, text: str, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """(bucket ids, counts) for one article, ids ascending."""
    ids = feature_ids(title, text, buckets)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(np.array(ids, dtype=np.int64), return_counts=True)


def feature_vector(title: str | None, text: str, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Sparse (indices, values): log-scaled counts, L2-normalised, as the model was trained on."""
    indices, counts = feature_counts(title, text, buckets)
    if not len(indices):
        return indices, np.zeros(0, dtype=np.float32)
    values = 1.0 + np.log(counts.astype(np.float32))
    values /= np.linalg.norm(values)
    return indices, values
