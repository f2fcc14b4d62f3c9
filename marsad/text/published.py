"""The publication date an article states about itself: a dateline or a «تاريخ النشر» label.

Only a full date (day, month and year written) counts, and only where a text
states its own date: after a label (تاريخ النشر، نشر في، بتاريخ، آخر تحديث،
تاريخ الخبر) or as a dateline, a date within the first words of the text and
followed by a dash, colon, bracket or line break («الرباط في 21 يوليو 2022 -»).
A date in the first sentence that is part of the story («في 17 ديسمبر 2010
أضرم البوعزيزي...») is not a dateline and is not taken.
"""

from __future__ import annotations

import re

from marsad.text.dates import find_dates
from marsad.text.normalize import normalize_ar

FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LABEL = re.compile(
    r"(?:تاريخ\s+(?:النشر|الخبر|الاصدار)|نشر\s+(?:في|بتاريخ)|بتاريخ|اخر\s+تحديث|تحديث)\s*:?\s*$"
)
DATELINE_PREFIX_WORDS = 5  # «الرباط في», «القاهرة - (رويترز) -»: a place and a source at most
DATELINE_END = re.compile(r"^\s*(?:[-:()\[\]|]|\n|$)")
HEAD_CHARS = 400


def published_from_text(text: str) -> str | None:
    """ "YYYY-MM-DD" when the text states its own publication date, else None.

    Example:
        >>> published_from_text("الرباط في 21 يوليو 2022 - أعلنت الحكومة عن خطة جديدة")
        '2022-07-21'
    """
    head = text[:HEAD_CHARS]
    for mention in find_dates(head, None):
        if not FULL_DATE.match(mention.value):
            continue
        before = normalize_ar(head[: mention.start])
        line_start = before.rfind("\n") + 1
        if LABEL.search(before[line_start:]) or _is_dateline(before, head[mention.end :]):
            return mention.value
    return None


def _is_dateline(before: str, after: str) -> bool:
    """Whether a date is a dateline: few words before it, and a separator right after it."""
    return (
        len(before.split()) <= DATELINE_PREFIX_WORDS and DATELINE_END.match(normalize_ar(after)) is not None
    )
