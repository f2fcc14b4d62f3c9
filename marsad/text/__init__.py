"""Arabic text understanding (stage 3): normalisation, tokens, stems, language, dates.

Every later stage (search, dedup, events, entities, keywords) calls these; the
rules and word lists are data files in ``data/``, read on first use so that
importing ``marsad`` stays fast.  Reference: docs/arabic-text.md.
"""

from __future__ import annotations

from marsad.text.dates import find_dates
from marsad.text.langid import detect_language
from marsad.text.normalize import normalize_ar
from marsad.text.published import published_from_text
from marsad.text.stem import stem
from marsad.text.tokenize import Token, is_stopword, terms, tokenize

__all__ = [
    "Token",
    "detect_language",
    "find_dates",
    "is_stopword",
    "normalize_ar",
    "published_from_text",
    "stem",
    "terms",
    "tokenize",
]
