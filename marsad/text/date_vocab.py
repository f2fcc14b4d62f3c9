"""The date vocabulary (data/dates.json) and the regular expressions built from it, once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


def alternation(words) -> str:
    """A regex alternation of ``words`` as a trie, inner spaces matching any run of spaces.

    A flat ``a|b|c`` of a hundred month names and ordinals is tried name by name
    at every word start; the trie (``ا(?:ب(?:ريل)?|...)``) tries one branch per
    letter.  It matches the same text: at every node a longer continuation is
    tried before stopping, as longest-first ordering would.
    """
    root: dict = {}
    for word in set(words):
        node = root
        for part in re.findall(r"\s+|\S", " ".join(word.split())):
            node = node.setdefault(r"\s+" if part.isspace() else re.escape(part), {})
        node[""] = {}
    return _trie_regex(root)


def _trie_regex(node: dict) -> str:
    """The regex of one trie node: its branches, optional when a word also ends here."""
    branches = [key + _trie_regex(child) for key, child in node.items() if key]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"


def squash(text: str) -> str:
    """Collapse runs of spaces, to look matched words up in the vocabulary."""
    return " ".join(text.split())


@dataclass(slots=True, frozen=True)
class Vocabulary:
    """Words and numbers of the date grammar, in normalised spelling."""

    months: dict[str, int]  # Gregorian, every family
    hijri_months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    relative_days: dict[str, int]
    modifiers: dict[str, str]  # word -> "past" | "next" | "current"
    units: dict[str, str]
    ago_units: dict[str, tuple[str, int]]
    number_words: dict[str, int]
    raw: dict
    month_words: frozenset[str]  # every word of a month name: a text without one has no month
    year_words: frozenset[str]  # year cues, and م which follows a bare year
    relative_words: frozenset[str]  # every word of the relative, unit and ago rules
    future_markers: frozenset[str]  # words that put a clause in the future (سوف, المقرر)


def _ordinals(data: dict) -> dict[str, int]:
    """Every written day 1..31: الاول, الحادي عشر, الثالث والعشرين, الفاتح, غرة..."""
    result = dict(data["ordinal_whole"])
    for unit, n in data["ordinal_units"].items():
        if unit not in ("الحادي", "الواحد"):
            result[unit] = n  # الاول .. التاسع
        for tens, t in data["ordinal_tens"].items():
            if t == 10 and unit not in ("الاول", "الواحد"):
                result[f"{unit} {tens}"] = n + t  # الحادي عشر .. التاسع عشر
            elif t > 10 and unit != "الاول" and n + t <= 31:
                result[f"{unit} و{tens}"] = n + t  # الحادي والعشرين .. الحادي والثلاثين
    return result


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary, read on first use."""
    data = json.loads(files("marsad.text").joinpath("data/dates.json").read_text(encoding="utf-8"))
    months: dict[str, int] = {}
    for family in data["gregorian_months"].values():
        months.update(family)
    modifiers = {w: kind for kind, words in data["modifiers"].items() for w in words}

    def words_of(*names) -> frozenset[str]:
        return frozenset(word for name in names for phrase in name for word in phrase.split())

    return Vocabulary(
        months=months,
        hijri_months=data["hijri_months"],
        ambiguous_months=frozenset(data["ambiguous_months"]),
        weekdays=data["weekdays"],
        ordinals=_ordinals(data),
        relative_days=data["relative_days"],
        modifiers=modifiers,
        units=data["units"],
        ago_units={k: (v[0], v[1]) for k, v in data["ago_units"].items()},
        number_words=data["number_words"],
        raw=data,
        month_words=words_of(months, data["hijri_months"]),
        year_words=words_of(data["year_cues"], ["م"]),
        relative_words=words_of(data["relative_days"], data["units"], data["ago_words"]),
        future_markers=frozenset(data["future_markers"]),
    )


B = r"(?<!\w)"  # word start
E = r"(?!\w)"  # word end
YEAR = r"(?<![\d.,])(?:1[3-9]\d\d|20\d\d)(?![\d])"
# The year closing a numeric date: its separator (30.06.2023) may be a dot.
SEPARATED_YEAR = r"(?<!\d)(?:1[3-9]\d\d|20\d\d)(?![\d])"
DAY = r"(?<![\d.,/:%-])[0-3]?\d(?![\d%])"
ERA = r"(?:\s*(?:م|ه)(?!\w))"


@dataclass(slots=True, frozen=True)
class Patterns:
    """The compiled rules of the grammar; see dates.py for what each one reads."""

    day_month: re.Pattern[str]
    numeric_dmy: re.Pattern[str]
    numeric_ymd: re.Pattern[str]
    month_year: re.Pattern[str]
    month_modifier: re.Pattern[str]
    bare_month: re.Pattern[str]
    year: re.Pattern[str]
    relative_day: re.Pattern[str]
    weekday: re.Pattern[str]
    unit: re.Pattern[str]
    ago: re.Pattern[str]


@cache
def patterns() -> Patterns:
    """Compile the grammar (about 10 ms, once)."""
    v = vocabulary()
    months = alternation([*v.months, *v.hijri_months])
    month = rf"(?P<month>{months})(?:\s*[/(]\s*(?P<month2>{months})\s*\)?)?"
    mods = alternation(v.modifiers)
    weekday = alternation(v.weekdays)
    year = rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:عام|سنه|العام)\s+)?(?P<year>{YEAR})(?P<era>{ERA})?)"
    days = rf"(?P<days>{DAY}(?:\s*(?:-|و|الي|حتي)\s*{DAY})*|{B}(?:{alternation(v.ordinals)}))"
    cues = alternation(v.raw["month_cues"])
    flags = re.UNICODE
    return Patterns(
        day_month=re.compile(
            rf"(?:{B}(?P<weekday>{weekday})\s*[،,]?\s+)?{days}\s+(?:من\s+)?(?:شهر\s+)?{B}{month}"
            rf"{year}?(?:\s+(?P<mod>{mods}))?{E}",
            flags,
        ),
        numeric_dmy=re.compile(
            rf"(?<![\d/.+-])(?P<day>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<month>\d{{1,2}})\s*(?P=sep)\s*"
            rf"(?P<year>{SEPARATED_YEAR})(?![/.-]\d)(?P<era>{ERA})?",
            flags,
        ),
        numeric_ymd=re.compile(
            rf"(?<![\d/.+-])(?P<year>{YEAR})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})"
            rf"(?![\d/.-])(?P<era>{ERA})?",
            flags,
        ),
        month_year=re.compile(rf"(?:{B}شهر\s+)?{B}{month}{year}{E}", flags),
        month_modifier=re.compile(rf"{B}{month}\s+(?P<mod>{mods}){E}", flags),
        bare_month=re.compile(rf"{B}(?P<cue>{cues})\s+{month}{E}(?!\s*\d)", flags),
        year=re.compile(
            rf"{B}(?P<cue>{alternation(v.raw['year_cues'])})\s+(?P<year>{YEAR})"
            rf"(?:\s*و\s*(?P<year2>{YEAR}))?(?P<era>{ERA})?|(?P<bare>{YEAR})\s*م{E}",
            flags,
        ),
        relative_day=re.compile(
            rf"{B}(?P<rel>{alternation(v.relative_days)}){E}"
            rf"(?:\s+(?P<weekday>{weekday}){E})?(?P<after>\s+ال\w+)?",
            flags,
        ),
        weekday=re.compile(
            rf"{B}(?P<weekday>{weekday}){E}(?:\s+(?P<mod>{mods}){E})?",
            flags,
        ),
        unit=re.compile(
            rf"{B}(?:(?P<this>{alternation(v.raw['this_words'])})\s+(?P<unit1>{alternation(v.units)})"
            rf"|(?P<unit2>{alternation(v.units)})\s+(?P<mod>{mods})){E}",
            flags,
        ),
        ago=re.compile(
            rf"{B}(?:{alternation(v.raw['ago_words'])})\s+(?:(?P<count>\d{{1,3}}|{alternation(v.number_words)})\s+)?"
            rf"(?P<unit>{alternation(v.ago_units)}){E}(?!\s*\d)",
            flags,
        ),
    )
