"""Calendar arithmetic for the date grammar: years chosen near an anchor, weeks, months, Hijri.

The anchor is the article's publication date.  Every function returns the
docs/reference.md value string ("2021-11-24", "2023-01", "2021") or None when the parts
do not make a real date, so a bad match is dropped instead of guessed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from hijridate import Gregorian, Hijri

# When a day and month come without a year, the nearest of last year, this year
# and next year is taken; a date in the future counts as this many times
# further away, because news reports more of what happened than of what will.
FUTURE_WEIGHT = 2
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=4096)
def parse_anchor(published: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication time, as written (no time-zone shift)."""
    if not published:
        return None
    match = _ISO_DATE.match(published.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or None when no such day exists."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def hijri_to_date(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Hijri date (Umm al-Qura), or None outside the table or invalid."""
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
        return date(gregorian.year, gregorian.month, gregorian.day)
    except (ValueError, OverflowError):
        return None


def hijri_year_of(day: date) -> int:
    """The Hijri (Umm al-Qura) year a Gregorian day falls in."""
    return Gregorian(day.year, day.month, day.day).to_hijri().year


def _distance(candidate: date, anchor: date) -> int:
    """How far ``candidate`` is from ``anchor``, the future weighted by FUTURE_WEIGHT."""
    days = (candidate - anchor).days
    return days * FUTURE_WEIGHT if days > 0 else -days


def nearest(candidates: list[date | None], anchor: date) -> date | None:
    """The candidate nearest the anchor (future weighted); None when there is none."""
    real = [c for c in candidates if c is not None]
    return min(real, key=lambda c: _distance(c, anchor)) if real else None


def year_for(month: int, day: int, anchor: date, modifier: str | None, hijri: bool) -> date | None:
    """Resolve a day and month written without a year against the anchor.

    ``modifier`` is "past" (13 سبتمبر الماضي: the latest September before this
    month), "next" (the first after it), "current" (الجاري: this month) or None
    (the nearest).
    """
    if hijri:
        return _hijri_year_for(month, day, anchor, modifier)
    if modifier == "current":
        return safe_date(anchor.year, month, day)
    if modifier == "past":
        return safe_date(anchor.year if month < anchor.month else anchor.year - 1, month, day)
    if modifier == "next":
        return safe_date(anchor.year if month > anchor.month else anchor.year + 1, month, day)
    return nearest([safe_date(anchor.year + k, month, day) for k in (-1, 0, 1)], anchor)


def _hijri_year_for(month: int, day: int, anchor: date, modifier: str | None) -> date | None:
    """year_for for a Hijri day and month."""
    today = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri()
    if modifier == "current":
        return hijri_to_date(today.year, month, day)
    if modifier == "past":
        return hijri_to_date(today.year if month < today.month else today.year - 1, month, day)
    if modifier == "next":
        return hijri_to_date(today.year if month > today.month else today.year + 1, month, day)
    return nearest([hijri_to_date(today.year + k, month, day) for k in (-1, 0, 1)], anchor)


def weekday_near(weekday: int, anchor: date, modifier: str | None, future: bool) -> date:
    """The day called ``weekday`` (Monday 0) that a news text most likely means.

    "past" is the latest one before the anchor, "next" the first after it; a
    bare weekday is within the four days before and two after (a sentence in
    the future tense: the week ahead, today included).
    """
    offset = (weekday - anchor.weekday()) % 7  # 0..6 days ahead
    if modifier == "past":
        return anchor - timedelta(days=(7 - offset) if offset else 7)
    if modifier == "next":
        return anchor + timedelta(days=offset or 7)
    if modifier == "current" or future:
        return anchor + timedelta(days=offset)
    return anchor + timedelta(days=offset if offset <= 2 else offset - 7)


def shift_months(anchor: date, months: int) -> str:
    """The "YYYY-MM" value ``months`` months from the anchor's month."""
    index = anchor.year * 12 + anchor.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def unit_value(unit: str, anchor: date, steps: int) -> str:
    """A week (its Monday), month or year ``steps`` units from the anchor's."""
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return (monday + timedelta(weeks=steps)).isoformat()
    if unit == "month":
        return shift_months(anchor, steps)
    return f"{anchor.year + steps:04d}"


def ago_value(unit: str, count: int, anchor: date) -> str:
    """The value of "منذ/قبل <count> <unit>": days and weeks to a day, months and years to their grain."""
    if unit == "day":
        return (anchor - timedelta(days=count)).isoformat()
    if unit == "week":
        return (anchor - timedelta(weeks=count)).isoformat()
    if unit == "month":
        return shift_months(anchor, -count)
    return f"{anchor.year - count:04d}"


def month_value(year: int, month: int, hijri: bool) -> str | None:
    """The "YYYY-MM" value of a month; a Hijri month is given as the Gregorian month of its 15th day."""
    if hijri:
        middle = hijri_to_date(year, month, 15)
        return f"{middle.year:04d}-{middle.month:02d}" if middle else None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def nearest_month(month: int, anchor: date, modifier: str | None, hijri: bool) -> str | None:
    """A month named without a year: resolved like a day (its 15th) against the anchor."""
    middle = year_for(month, 15, anchor, modifier, hijri)
    if middle is None:
        return None
    return f"{middle.year:04d}-{middle.month:02d}"
