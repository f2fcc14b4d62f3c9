"""Text made ready for a page: spans to highlight, Arabic dates, labels; never HTML.

Templates receive plain strings and spans and let Jinja escape every piece, so no
text from an input is ever rendered as HTML (the article page marks entities and
dates by splitting the text into segments, not by inserting tags into it).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def labels() -> dict[str, Any]:
    """Arabic labels of entity types, citation kinds, date bases, months, score signals and page sections.

    They live in data/labels.json; the codes stay in the JSON twins, the pages show these words.
    """
    return json.loads(files("marsad.web").joinpath("data/labels.json").read_text(encoding="utf-8"))


@cache
def _arabic_locale() -> Any:
    from babel import Locale

    return Locale.parse("ar")


def language_name(code: str | None) -> str:
    """A language code's Arabic name ("ar" -> "العربية", "en" -> "الإنجليزية"), from Unicode CLDR via Babel."""
    if not code:
        return "غير معروفة"
    return _arabic_locale().languages.get(code.replace("-", "_"), "لغة غير معروفة")


def signal_label(code: str) -> str:
    """The Arabic name of a score's evidence signal ("no_sources" -> "بلا مصادر")."""
    return labels()["signals"].get(code, "إشارة أخرى")


_LATIN = re.compile(r"[A-Za-z]")


def _section_key(label: str) -> str:
    return re.sub(r"[^a-z0-9]", "", label.lower())


@cache
def _section_index() -> dict[str, str]:
    return {_section_key(code): name for code, name in labels()["page_sections"].items()}


def page_section(label: str | None) -> str:
    """A page's own section label in Arabic ("middleEast" -> "الشرق الأوسط").

    Arabic labels are shown as the page wrote them; a Latin one is looked up in
    data/labels.json, then in the category aliases of the classifier, and only a
    label neither knows is shown as written.
    """
    if not label:
        return ""
    if not _LATIN.search(label):
        return label
    known = _section_index().get(_section_key(label))
    if known:
        return known
    from marsad.scoring.classify import category_of_page

    return category_of_page(label) or label


def segments(text: str, marks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``text`` as paragraphs of segments ``{"text", "mark"}``; ``mark`` is None or one of ``marks``.

    Each mark has ``start`` and ``end`` offsets into ``text``.  Overlapping marks
    keep the one that starts first (the longer one on a tie); the other is dropped
    rather than nested, so a segment has at most one mark.
    """
    paragraphs: list[list[dict[str, Any]]] = [[]]
    position = 0
    for mark in _non_overlapping(marks, len(text)):
        _plain(text[position : mark["start"]], paragraphs)
        paragraphs[-1].append({"text": text[mark["start"] : mark["end"]], "mark": mark})
        position = mark["end"]
    _plain(text[position:], paragraphs)
    return [p for p in paragraphs if any(s["text"].strip() for s in p)]


def _non_overlapping(marks: list[dict[str, Any]], length: int) -> list[dict[str, Any]]:
    """Marks inside the text, in order, none overlapping the one before."""
    chosen: list[dict[str, Any]] = []
    end = 0
    for mark in sorted(marks, key=lambda m: (m["start"], -m["end"])):
        if mark["start"] >= end and 0 <= mark["start"] < mark["end"] <= length:
            chosen.append(mark)
            end = mark["end"]
    return chosen


def _plain(piece: str, paragraphs: list[list[dict[str, Any]]]) -> None:
    """Add unmarked text, starting a new paragraph at each line break."""
    lines = piece.split("\n")
    for number, line in enumerate(lines):
        if number:
            paragraphs.append([])
        if line:
            paragraphs[-1].append({"text": line, "mark": None})


def highlighted(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> list[dict[str, Any]]:
    """One line of text as segments, the spans marked as query matches (search results)."""
    marks = [{"start": s, "end": e, "kind": "hit"} for s, e in spans]
    return [segment for paragraph in segments(text.replace("\n", " "), marks) for segment in paragraph]


def arabic_date(value: str | None) -> str:
    """"2018-05-15T13:28:45+04:00" -> "15 مايو 2018"; partial dates as far as they go; "" for None."""
    if not value:
        return ""
    months = labels()["months"]
    parts = value[:10].split("-")
    try:
        if len(parts) == 3 and parts[0]:
            return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{months[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def month_label(month: str) -> str:
    """"2018-05" -> "مايو 2018"."""
    return arabic_date(month[:7]) if len(month) >= 7 else month


def clock(value: str | None) -> str:
    """The time of day of an ISO date-time ("13:28"), or "" when only a date is known."""
    return value[11:16] if value and len(value) >= 16 else ""


def score_level(score: int | None) -> str:
    """A CSS class for a 0..100 score: "high", "mid" or "low" ("none" when unknown)."""
    if score is None:
        return "none"
    return "high" if score >= 70 else "mid" if score >= 45 else "low"


def web_url(value: str | None) -> str:
    """``value`` when it is an http(s) URL, else "": a link from an input never runs script."""
    if value and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return ""
