"""Dates written in Arabic news text, found with offsets and resolved to the values of docs/reference.md.

The grammar runs on the normalised view of the text (normalize_with_offsets),
one rule per form; each rule yields candidates, overlapping candidates are
settled longest-first, and offsets are mapped back into the original text.
The forms read are listed in docs/arabic-text.md.

Deliberately not read (an accepted gap): clock times and durations (they are
not dates), holidays by name (عيد الفطر), vague parts of months (أوائل مارس
gives the month), weeks of a month, and two-digit years (30-02-33), which no
reader can tell apart from other numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from marsad.model import DateMention
from marsad.text import date_calendar as cal
from marsad.text.date_anchors import Window, anchor_windows
from marsad.text.date_vocab import Vocabulary, patterns, squash, vocabulary
from marsad.text.normalize import normalize_with_offsets

# Years from 1300 to 1499 written in numbers are Hijri: no Gregorian news date
# is that old, and 14xx is today's Hijri century.
HIJRI_YEARS = range(1300, 1500)
# Connectors between the two ends of a range of dates (من 28 فبراير إلى 2 مارس 2024).
RANGE_LINK = re.compile(r"\s*(?:-|الي|حتي|و|/)\s*$")
# A future-tense verb (سيزور, ستعقد) or marker before a bare weekday: it is the coming one.
FUTURE_VERB = re.compile(r"(?<!\w)(?:و|ف)?س[يتنا]\w{2,}(?!\w)")
# Words before اليوم that make it a noun (اليوم الوطني) are checked after it instead; see _relative_day.
SENTENCE_ENDS = ".!?؟\n"
Matches = list[re.Match[str]]


@dataclass(slots=True)
class Candidate:
    """A date found in the normalised view, before offsets go back to the original text."""

    start: int
    end: int
    value: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    hijri: bool = False
    modifier: str | None = None
    weekday: int | None = None


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date written in ``text``, with offsets into it, resolved against ``published``.

    Relative dates (أمس, الثلاثاء الماضي, 19 يوليوز الجاري) need ``published``;
    without it they are left out, and a day and month without a year become
    "--07-19".

    Example:
        >>> [(d.surface, d.value) for d in find_dates("وصل أمس، وفي 13 شتنبر الماضي غادر", "2022-11-02")]
        [('أمس', '2022-11-01'), ('13 شتنبر الماضي', '2022-09-13')]
    """
    view, offsets = normalize_with_offsets(text)
    windows = anchor_windows(view)
    if not windows:
        return []
    anchor = cal.parse_anchor(published)
    chosen = _settle(_candidates(view, windows, anchor))
    _share_years(chosen, view)
    mentions = []
    for c in chosen:
        value = c.value or _resolve(c, anchor)
        if value:
            start, end = offsets.to_original(c.start), offsets.to_original(c.end)
            mentions.append(DateMention(text[start:end], value, start, end))
    return mentions


def _candidates(view: str, windows: dict[str, list[Window]], anchor: date | None) -> list[Candidate]:
    """Every rule's candidates, each rule run only in the windows around its anchors.

    The rules run in READERS order, which settles ties between candidates of
    the same span (see _settle).
    """
    p, v = patterns(), vocabulary()
    found: list[Candidate] = []
    for rule, read, relative in READERS:
        spans = windows.get(rule)
        if not spans or (relative and anchor is None):
            continue
        pattern = getattr(p, rule)
        matches = [m for start, end in spans for m in pattern.finditer(view, start, end)]
        if matches:
            found.extend(read(matches, view, v, anchor))
    return found


def _settle(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates, leftmost first."""
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for c in candidates:
        if kept and c.start < kept[-1].end:
            if c.end - c.start > kept[-1].end - kept[-1].start:
                kept[-1] = c
            continue
        kept.append(c)
    return kept


def _month_number(match: re.Match[str], v: Vocabulary) -> tuple[int, bool] | None:
    """(month, is_hijri) of the ``month`` group; None when a double form disagrees with itself."""
    name = squash(match["month"])
    hijri = name in v.hijri_months
    number = v.hijri_months[name] if hijri else v.months[name]
    if match["month2"]:
        other = squash(match["month2"])
        if v.months.get(other, v.hijri_months.get(other)) != number:
            return None
    return number, hijri


def _year_of(match: re.Match[str], hijri: bool) -> tuple[int | None, bool]:
    """(year, is_hijri) of the ``year`` and ``era`` groups; a 13xx/14xx year or هـ makes it Hijri."""
    if not match["year"]:
        return None, hijri
    year = int(match["year"])
    era = (match["era"] or "").strip()
    return year, hijri or era == "ه" or year in HIJRI_YEARS


def _day_month(matches: Matches, view: str, v: Vocabulary, anchor: date | None) -> Iterator[Candidate]:
    """21 يوليو 2022, الأول من يناير, 13 شتنبر الماضي, يومي 16 و17 يناير, الخميس 15 أغسطس."""
    for m in matches:
        parsed = _month_number(m, v)
        if parsed is None:
            continue
        month, hijri = parsed
        year, hijri = _year_of(m, hijri)
        modifier = v.modifiers.get(m["mod"]) if m["mod"] else None
        weekday = v.weekdays.get(m["weekday"]) if m["weekday"] else None
        days_text = m["days"]
        numbers = list(re.finditer(r"\d+", days_text))
        if not numbers:
            day = v.ordinals.get(squash(days_text))
            if day:
                yield Candidate(m.start(), m.end(), None, day, month, year, hijri, modifier, weekday)
            continue
        base = m.start("days")
        for i, n in enumerate(numbers):
            last = i == len(numbers) - 1
            start = m.start() if i == 0 and weekday is not None else base + n.start()
            end = m.end() if last else base + n.end()
            yield Candidate(start, end, None, int(n.group()), month, year, hijri, modifier,
                            weekday if len(numbers) == 1 else None)  # fmt: skip


def _numeric(matches: Matches, view: str, v: Vocabulary, anchor: date | None) -> Iterator[Candidate]:
    """21/07/2022, 21-07-2022, 30.06.2023, 2022-07-21, 2019/10/17 (day first unless the year is)."""
    for m in matches:
        year, hijri = _year_of(m, False)
        day, month = int(m["day"]), int(m["month"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            yield Candidate(m.start(), m.end(), None, day, month, year, hijri)


def _month_year(matches: Matches, view: str, v: Vocabulary, anchor: date | None) -> Iterator[Candidate]:
    """يناير 2021, شهر جانفي 2020, نيسان/ أبريل 2024, رمضان 1444 هـ."""
    for m in matches:
        parsed = _month_number(m, v)
        if parsed is None:
            continue
        month, hijri = parsed
        year, hijri = _year_of(m, hijri)
        if year is not None:
            yield Candidate(m.start(), m.end(), cal.month_value(year, month, hijri))


def _year_only(matches: Matches, view: str, v: Vocabulary, anchor: date | None) -> Iterator[Candidate]:
    """عام 2019, سنة 1948, مطلع 2020, عامي 2020 و2022, 2022م; a Hijri year alone is left out."""
    for m in matches:
        if m["bare"]:
            yield Candidate(m.start(), m.end(), m["bare"])
            continue
        if (m["era"] or "").strip() == "ه" or int(m["year"]) in HIJRI_YEARS:
            continue
        cue_is_word = squash(m["cue"]) in ("عام", "العام", "سنه", "السنه")
        start = m.start() if cue_is_word else m.start("year")
        if m["year2"]:
            yield Candidate(m.start("year"), m.end("year"), m["year"])
            yield Candidate(m.start("year2"), m.end("year2"), m["year2"])
        else:
            yield Candidate(start, m.end("year"), m["year"])


def _month_modifier(matches: Matches, view: str, v: Vocabulary, anchor: date) -> Iterator[Candidate]:
    """أكتوبر الماضي, ديسمبر المقبل, شباط/فبراير الماضي: a month relative to publication."""
    for m in matches:
        parsed = _month_number(m, v)
        if parsed is None:
            continue
        month, hijri = parsed
        value = cal.nearest_month(month, anchor, v.modifiers[m["mod"]], hijri)
        yield Candidate(m.start(), m.end(), value)


def _bare_month(matches: Matches, view: str, v: Vocabulary, anchor: date) -> Iterator[Candidate]:
    """في يناير, خلال شهر مارس: a month with a cue word; مارس, ماي, آب... only after «شهر»."""
    for m in matches:
        name = squash(m["month"])
        if name in v.ambiguous_months and squash(m["cue"]) != "شهر":
            continue
        parsed = _month_number(m, v)
        if parsed is not None:
            month, hijri = parsed
            yield Candidate(m.start("month"), m.end(), cal.nearest_month(month, anchor, None, hijri))


def _relative_day(matches: Matches, view: str, v: Vocabulary, anchor: date) -> Iterator[Candidate]:
    """اليوم, أمس, أول أمس, غدا, بعد غد, يوم أمس الاثنين; not اليوم الوطني nor صحيفة اليوم."""
    blockers = v.raw["today_blockers"]
    for m in matches:
        rel = squash(m["rel"])
        if rel == "اليوم" and (
            _word_before(view, m.start()) in blockers or (m["after"] and not m["weekday"])
        ):
            continue
        start = m.start("rel")
        end = m.end("weekday") if m["weekday"] else m.end("rel")
        day = anchor.toordinal() + v.relative_days[rel]
        yield Candidate(start, end, date.fromordinal(day).isoformat())


def _weekday(matches: Matches, view: str, v: Vocabulary, anchor: date) -> Iterator[Candidate]:
    """الثلاثاء الماضي, السبت المقبل, and a bare الأحد (not صلاة الجمعة)."""
    for m in matches:
        if _word_before(view, m.start()) in v.raw["weekday_blockers"]:
            continue
        modifier = v.modifiers.get(m["mod"]) if m["mod"] else None
        future = modifier is None and _future_tense(view, m.start("weekday"), v)
        day = cal.weekday_near(v.weekdays[m["weekday"]], anchor, modifier, future)
        yield Candidate(m.start("weekday"), m.end(), day.isoformat())


def _word_before(view: str, position: int) -> str:
    """The word that ends just before ``position`` (spaces skipped), or ""."""
    head = view[max(0, position - 30) : position].rstrip()
    return head.rsplit(None, 1)[-1] if head else ""


def _future_tense(view: str, position: int, v: Vocabulary) -> bool:
    """Whether the clause before ``position`` speaks of the future (سيزور, سوف, من المقرر)."""
    window = view[max(0, position - 60) : position]
    window = window[max(map(window.rfind, SENTENCE_ENDS)) + 1 :]  # this sentence only
    return FUTURE_VERB.search(window) is not None or not v.future_markers.isdisjoint(window.split())


def _unit(matches: Matches, view: str, v: Vocabulary, anchor: date) -> Iterator[Candidate]:
    """الأسبوع الماضي, الشهر المقبل, العام الجاري, هذا العام: a week (its Monday), month or year."""
    steps = {"past": -1, "next": 1, "current": 0}
    for m in matches:
        unit = v.units[m["unit1"] or m["unit2"]]
        step = 0 if m["this"] else steps[v.modifiers[m["mod"]]]
        yield Candidate(m.start(), m.end(), cal.unit_value(unit, anchor, step))


def _ago(matches: Matches, view: str, v: Vocabulary, anchor: date) -> Iterator[Candidate]:
    """منذ ثلاثة أيام, قبل يومين, قبل أسبوع, منذ 10 أيام, قبل عامين (not منذ سنوات: no number)."""
    for m in matches:
        unit, implied = v.ago_units[m["unit"]]
        count = m["count"]
        number = (int(count) if count.isdigit() else v.number_words[count]) if count else implied
        if number:
            yield Candidate(m.start(), m.end(), cal.ago_value(unit, number, anchor))


def _share_years(chosen: list[Candidate], view: str) -> None:
    """In "من 28 فبراير إلى 2 مارس 2024" the first end takes its year from the second."""
    for first, second in zip(chosen, chosen[1:], strict=False):
        if first.value or first.year or first.modifier or first.month is None:
            continue
        if second.month is None or not (second.year or second.modifier):
            continue
        if not RANGE_LINK.search(view[first.end : second.start] + "") or second.hijri != first.hijri:
            continue
        first.modifier = second.modifier
        if second.year:
            first.year = second.year if first.month <= second.month else second.year - 1


def _resolve(c: Candidate, anchor: date | None) -> str | None:
    """The value of a day-and-month candidate, its year written, inferred, or unknown."""
    if c.day is None or c.month is None:
        return None
    if c.year is not None:
        day = cal.hijri_to_date(c.year, c.month, c.day) if c.hijri else cal.safe_date(c.year, c.month, c.day)
    elif anchor is None:
        ok = c.hijri is False and cal.safe_date(2000, c.month, c.day) is not None  # 2000: a leap year
        return f"--{c.month:02d}-{c.day:02d}" if ok else None
    elif c.weekday is not None and c.modifier is None and not c.hijri:
        day = _year_by_weekday(c, anchor)
    else:
        day = cal.year_for(c.month, c.day, anchor, c.modifier, c.hijri)
    return day.isoformat() if day else None


def _year_by_weekday(c: Candidate, anchor: date) -> date | None:
    """A day and month written with its weekday (الخميس 15 أغسطس): the nearby year where they agree."""
    options = [cal.safe_date(anchor.year + k, c.month, c.day) for k in (-1, 0, 1)]
    agreeing = [d for d in options if d and d.weekday() == c.weekday]
    return cal.nearest(agreeing or options, anchor)


# Every rule in the order its candidates are listed, and whether it needs the publication date.
READERS: tuple[tuple[str, Callable[..., Iterator[Candidate]], bool], ...] = (
    ("day_month", _day_month, False),
    ("numeric_dmy", _numeric, False),
    ("numeric_ymd", _numeric, False),
    ("month_year", _month_year, False),
    ("year", _year_only, False),
    ("month_modifier", _month_modifier, True),
    ("bare_month", _bare_month, True),
    ("relative_day", _relative_day, True),
    ("weekday", _weekday, True),
    ("unit", _unit, True),
    ("ago", _ago, True),
)
