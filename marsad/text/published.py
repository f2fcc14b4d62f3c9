"""The publication date an article states about itself: a dateline, a «تاريخ النشر» label, or a
weekday written with its day and month.

Only a full date (day, month and year written) counts as stated, and only where a text states its
own date: after a label (تاريخ النشر، نشر في، بتاريخ، آخر تحديث، تاريخ الخبر) or as a dateline, a
date within the first words of the text and followed by a dash, colon, bracket or line break
(«الرباط في 21 يوليو 2022 -»).  A date in the first sentence that is part of the story («في 17
ديسمبر 2010 أضرم البوعزيزي...») is not a dateline and is not taken.

A text with no such date may still date itself near its top with a weekday, a day and a month and
no year («عقدت اللجنة يوم الاثنين 16 يناير اجتماعها»): the year is the first, from the latest full
date the text writes (a lower bound: a report is not older than what it recalls) and within
WEEKDAY_YEARS of it, in which that day and month fall on that weekday.  The latest full date alone says only "not before", so it dates
nothing by itself: taking it would put a meeting on the day of the visit it recalls.
"""

from __future__ import annotations

import re
from datetime import date

from marsad.text.date_vocab import vocabulary
from marsad.text.dates import find_dates
from marsad.text.normalize import normalize_ar

FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_MONTH = re.compile(r"^--(\d{2})-(\d{2})$")
LABEL = re.compile(
    r"(?:تاريخ\s+(?:النشر|الخبر|الاصدار)|نشر\s+(?:في|بتاريخ)|بتاريخ|اخر\s+تحديث|تحديث)\s*:?\s*$"
)
DATELINE_PREFIX_WORDS = 5  # «الرباط في», «القاهرة - (رويترز) -»: a place and a source at most
DATELINE_END = re.compile(r"^\s*(?:[-:()\[\]|]|\n|$)")
HEAD_CHARS = 400
WEEKDAY_YEARS = 2  # a report recalls what happened up to two years before it, not more


def published_from_text(text: str) -> str | None:
    """ "YYYY-MM-DD" when the text states its own publication date, else None.

    Example:
        >>> published_from_text("الرباط في 21 يوليو 2022 - أعلنت الحكومة عن خطة جديدة")
        '2022-07-21'
        >>> published_from_text("عقدت اللجنة يوم الاثنين 16 يناير اجتماعها بعد زيارة 21 يوليو 2022")
        '2023-01-16'
    """
    head = text[:HEAD_CHARS]
    for mention in find_dates(head, None):
        if not FULL_DATE.match(mention.value):
            continue
        before = normalize_ar(head[: mention.start])
        line_start = before.rfind("\n") + 1
        if LABEL.search(before[line_start:]) or _is_dateline(before, head[mention.end :]):
            return mention.value
    return _weekday_date(text)


def _is_dateline(before: str, after: str) -> bool:
    """Whether a date is a dateline: few words before it, and a separator right after it."""
    return (
        len(before.split()) <= DATELINE_PREFIX_WORDS and DATELINE_END.match(normalize_ar(after)) is not None
    )


def _weekday_date(text: str) -> str | None:
    """The date of the first weekday-day-month near the top, its year the first from the text's
    latest full date on which they agree; None without both."""
    mentions = find_dates(text, None)
    full = [m.value for m in mentions if FULL_DATE.match(m.value)]
    if not full:
        return None
    bound = date.fromisoformat(max(full))
    weekdays = vocabulary().weekdays
    for mention in mentions:
        parts = DAY_MONTH.match(mention.value)
        words = normalize_ar(mention.surface).split()
        if mention.start >= HEAD_CHARS or not parts or not words or words[0] not in weekdays:
            continue
        month, day = int(parts[1]), int(parts[2])
        for year in range(bound.year, bound.year + WEEKDAY_YEARS + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= bound and candidate.weekday() == weekdays[words[0]]:
                return candidate.isoformat()
    return None
