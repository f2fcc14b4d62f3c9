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
from collections import Counter
from functools import lru_cache

import numpy as np

# What the classifier may ignore: diacritics and tatweel carry no topic, and the hamza
# and final-letter spellings vary by outlet (أ/إ/آ/ا, ة/ه, ى/ي).
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_LETTER_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_DIGITS = re.compile(r"\d")

# Only the opening of long articles is read: the topic is settled in the first
# paragraphs, and the cap keeps inference time flat (measured by bench/category.py).
MAX_WORDS = 400
CHAR_NGRAMS = (3, 4, 5)


def normalize_for_features(text: str) -> str:
    """Fold the spelling variants the classifier should not tell apart."""
    return _DIACRITICS.sub("", text).translate(_LETTER_MAP).lower()


def words_of(text: str) -> list[str]:
    """The normalised words of ``text`` (digits collapsed to 0: numbers are not topics)."""
    return [_DIGITS.sub("0", w) for w in _WORD.findall(normalize_for_features(text))]


def _bucket(feature: str, buckets: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % buckets


@lru_cache(maxsize=200_000)
def _word_buckets(word: str, buckets: int) -> tuple[int, ...]:
    """The word itself and its character n-grams (padded, so prefixes and suffixes count)."""
    padded = f"<{word}>"
    grams = [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]
    return (_bucket("w:" + word, buckets), *(_bucket("c:" + g, buckets) for g in grams))


def _title_buckets(words: list[str], buckets: int) -> list[int]:
    return [_bucket("t:" + w, buckets) for w in words]


def feature_counts(title: str | None, text: str, buckets: int) -> Counter[int]:
    """Bucket id -> count for one article: body words, their character n-grams, bigrams, title words."""
    body = words_of(text)[:MAX_WORDS]
    head = words_of(title or "")
    counts: Counter[int] = Counter()
    for word in head + body:
        counts.update(_word_buckets(word, buckets))
    counts.update(_bucket(f"b:{a} {b}", buckets) for a, b in zip(body, body[1:], strict=False))
    counts.update(_title_buckets(head, buckets))
    return counts


def feature_vector(title: str | None, text: str, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Sparse (indices, values): log-scaled counts, L2-normalised, as the model was trained on."""
    counts = feature_counts(title, text, buckets)
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
    values /= np.linalg.norm(values)
    return indices, values
