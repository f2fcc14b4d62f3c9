"""Contradictions between outlets: different figures for the same count in the same event.

Reports of one event that disagree on how many were killed, injured, arrested or missing
cannot all be right.  Tolls rise as an event unfolds, so only reports published within
``WINDOW_HOURS`` of each other are compared; an accepted gap is that a figure for a
sub-group ("3 children among the 12 killed") can read as a disagreement.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources

from marsad.model import Article
from marsad.scoring.sources import fold, fold_word
from marsad.text.normalize import normalize_digits

WINDOW_HOURS = 6.0  # a toll revised after six hours is news, not a contradiction
MAX_COUNT_DIGITS = 9  # no toll has ten digits; a longer run is a phone number, an id or junk


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    """(count kind, pattern, number-first) for every count noun in ``data/counts.json``."""
    text = resources.files("marsad.scoring").joinpath("data").joinpath("counts.json").read_text("utf-8")
    data = json.loads(text)
    patterns = []
    for group, number_first in (("after_number", True), ("before_number", False)):
        for kind, nouns in data[group].items():
            body = "|".join(re.escape(fold_word(n)) for n in nouns)
            # A count starts where a digit run starts (the look-behind) and has at most
            # MAX_COUNT_DIGITS digits: without both, a run of n digits costs n * n steps.
            regex = (
                rf"(?<!\d)(\d{{1,{MAX_COUNT_DIGITS}}})\s+(?:{body})(?![^\W_])"
                if number_first
                else rf"(?<![^\W_])(?:{body})\s+(\d{{1,{MAX_COUNT_DIGITS}}})(?!\d)"
            )
            patterns.append((kind, re.compile(regex), number_first))
    return patterns


def stated_counts(text: str) -> dict[str, frozenset[int]]:
    """The figures an article gives per count kind: {"killed": {12}, "injured": {30}}."""
    return _stated_counts(text)


@lru_cache(maxsize=2048)
def _stated_counts(text: str) -> dict[str, frozenset[int]]:
    # Cached: each article of an event is compared with every other one when the event is
    # re-scored, so the same texts come back many times in one batch.
    folded = fold(normalize_digits(text)).text
    counts: defaultdict[str, set[int]] = defaultdict(set)
    for kind, pattern, _ in _patterns():
        for match in pattern.finditer(folded):
            counts[kind].add(int(match.group(1)))
    return {kind: frozenset(values) for kind, values in counts.items()}


def contradicting_outlets(article: Article, members: Iterable[Article]) -> int:
    """How many other outlets in the article's event state a different figure for a count it states.

    ``members`` are the event's articles (the article itself and copies are skipped).
    """
    if not stated_counts(article.text):
        return 0
    return len({other.source.name or other.origin for other in members if contradicts(article, other)})


def contradicts(article: Article, other: Article) -> bool:
    """Whether ``other``, an original report from another outlet published close in time, states a
    different figure for a count ``article`` states."""
    if other.id == article.id or other.duplicate_of:
        return False
    if (other.source.name or other.origin) == (article.source.name or article.origin):
        return False
    own = stated_counts(article.text)
    if not own or not _close_in_time(article.published, other.published):
        return False
    theirs = stated_counts(other.text)
    return any(kind in theirs and not own[kind] & theirs[kind] for kind in own)


def _close_in_time(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return False
    try:
        a, b = datetime.fromisoformat(first), datetime.fromisoformat(second)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return abs((a - b).total_seconds()) <= WINDOW_HOURS * 3600
