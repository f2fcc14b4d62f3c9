"""Where dates can be: one scan for the words every date rule needs, and windows around them.

Every rule of the date grammar needs one anchor: a month name (day-month,
month-year, month with a modifier, bare month), a four-digit year (numeric
dates, years), a relative day (أمس، اليوم), a weekday, a unit word (الأسبوع،
العام) or «منذ/قبل».  Two scans find them all (the anchor words, compiled as
one trie, and year-like numbers); each rule then runs only on the windows
around its own anchors instead of over the whole text.  An
article of 1,500 characters has a handful of anchors, so the eleven rules read
a few hundred characters instead of eleven times the text.

The windows give the rules exactly what a scan of the whole text would, as
long as a date stays within its rule's margins (RULES) of its anchor.  The
rules run on the full text with ``pos``/``endpos`` (lookbehinds still see what
comes before), and the margins are several times the longest date form read;
tests/text/test_date_anchors.py compares windows with whole-text scans.
"""

from __future__ import annotations

import re
from functools import cache

from marsad.text.date_vocab import alternation, squash, vocabulary
from marsad.text.memo import Memo

# Each rule, the kind of anchor it needs, and how many characters its dates
# reach before the anchor starts and after it ends.  Twice or more the longest
# seen in 5,500 texts (both demo corpora, every date case): a weekday and a list
# of days before a month name (الخميس، 16 و17 من شهر: 32 characters), a double
# name, a year, an era and a modifier after it.
RULES = {
    "day_month": ("month", 70, 50),
    "month_year": ("month", 25, 50),
    "month_modifier": ("month", 5, 40),
    "bare_month": ("month", 25, 30),
    "numeric_dmy": ("year", 30, 15),
    "numeric_ymd": ("year", 5, 25),
    "year": ("year", 30, 20),
    "relative_day": ("rel", 10, 40),
    "weekday": ("weekday", 5, 30),
    "unit": ("unit", 20, 30),
    "ago": ("ago", 5, 40),
}
# A four-digit number that may be a year: a superset of YEAR in date_vocab
# (which adds lookarounds), so that the scan can skip ahead to a 1 or a 2.
YEAR_ANCHOR = re.compile(r"(?:1[3-9]|20)\d\d")

Window = tuple[int, int]


@cache
def _anchor_kinds() -> dict[str, tuple[str, ...]]:
    """Each anchor word (normalised, single-spaced) and the kinds of anchor it is."""
    v = vocabulary()
    groups = {
        "month": [*v.months, *v.hijri_months],
        "weekday": v.weekdays,
        "rel": v.relative_days,
        "unit": v.units,
        "ago": v.raw["ago_words"],
    }
    kinds: dict[str, list[str]] = {}
    for kind, words in groups.items():
        for word in words:
            kinds.setdefault(squash(word), []).append(kind)
    return {word: tuple(found) for word, found in kinds.items()}


@cache
def _rules_of(kind: str) -> tuple[tuple[str, int, int], ...]:
    """(rule, before, after) of the rules anchored on ``kind``."""
    return tuple((rule, before, after) for rule, (k, before, after) in RULES.items() if k == kind)


# What may follow an anchor word: not a letter (every rule ends its words with
# (?!\w) or goes on with a space, a slash or a digit), except that a month
# name may run into the «من/عام/سنة» before its year (يناير من 2020).
ANCHOR_END = r"(?:(?![^\W\d_])|(?=(?:من|عام|سنه|العام)\s))"


@cache
def word_anchor_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every anchor word at the start of the text, and after a non-word character.

    Every rule's first word starts where ``\\b`` holds; scanning for the
    non-word character before it instead lets the regex engine skip from one
    space or punctuation mark to the next in C rather than try every position.
    """
    words = rf"(?:{alternation(_anchor_kinds())}){ANCHOR_END}"
    return re.compile(words), re.compile(rf"\W{words}")


def anchor_windows(view: str) -> dict[str, list[Window]]:
    """For each rule, the merged (start, end) windows of the normalised text where its dates can be.

    Windows may begin before 0 or end past the text: ``finditer`` clamps them.

    Example:
        >>> anchor_windows("وصل امس")
        {'relative_day': [(-6, 47)]}
    """
    at_start, after_non_word = word_anchor_patterns()
    rules_of = _rules_of_word()
    anchors = [(m.start() + 1, m.end(), rules_of[m.group()[1:]]) for m in after_non_word.finditer(view)]
    first = at_start.match(view)
    if first:
        anchors.insert(0, (0, first.end(), rules_of[first.group()]))
    year_rules = _rules_of("year")
    anchors += [(m.start(), m.end(), year_rules) for m in YEAR_ANCHOR.finditer(view)]
    windows: dict[str, list[Window]] = {}
    for start, end, rules in anchors:  # each rule's anchors come in text order
        for rule, before, after in rules:
            _extend(windows.setdefault(rule, []), start - before, end + after)
    return windows


@cache
def _rules_of_word() -> Memo[tuple[tuple[str, int, int], ...]]:
    """Anchor text as matched -> (rule, before, after) of every rule it anchors."""
    kinds_of = _anchor_kinds()
    return Memo(lambda word: tuple(rule for kind in kinds_of[squash(word)] for rule in _rules_of(kind)))


def _extend(windows: list[Window], start: int, end: int) -> None:
    """Add a window, merging it with the last one when they touch (anchors come in text order)."""
    if windows and start <= windows[-1][1]:
        windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
    else:
        windows.append((start, end))
