"""Normalisation for matching: one function per rule, one composition.

The matching form is for search, deduplication and entity keys only; the
original text is kept for display and every offset points into it.  The rules
are data (``data/charmap.json``); each rule function applies one entry, and
``normalize_ar`` applies all of them at once through one precomputed table,
which is the same as running them in the documented order (the rules touch
disjoint characters, so their order cannot change the result).

Deliberately left alone: ``ؤ`` and ``ئ`` (mapping them to و/ي would merge
unrelated words and still not reconcile مسؤول/مسئول), and the Arabic comma,
semicolon and question mark (the tokeniser treats them as punctuation).
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from functools import cache
from importlib.resources import files

# Composition order of normalize_ar; each name is a section of data/charmap.json.
RULES = (
    "controls",
    "diacritics",
    "tatweel",
    "alef",
    "alef_maqsura",
    "taa_marbuta",
    "persian_letters",
    "digits",
    "spaces",
    "punctuation",
)


@cache
def _charmap() -> dict[str, dict]:
    """The character rules as stored (read once, on first use)."""
    text = files("marsad.text").joinpath("data/charmap.json").read_text(encoding="utf-8")
    return json.loads(text)


def _expand(ranges: list[str]) -> list[int]:
    """Code points of entries like "\\u064b-\\u065f" or a single character."""
    points: list[int] = []
    for entry in ranges:
        if len(entry) == 3 and entry[1] == "-":
            points.extend(range(ord(entry[0]), ord(entry[2]) + 1))
        else:
            points.append(ord(entry))
    return points


@cache
def rule_table(name: str) -> dict[int, str | None]:
    """The ``str.translate`` table of one rule."""
    rule = _charmap()[name]
    table: dict[int, str | None] = {ord(k): v for k, v in rule.get("map", {}).items()}
    table.update(dict.fromkeys(_expand(rule.get("remove", [])), None))
    return table


@cache
def _combined_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex matching every character some rule touches, and what each becomes."""
    replacements = {chr(code): value or "" for code, value in combined_table().items()}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(replacements)) + "]"), replacements


def apply_rules(text: str) -> str:
    """Every rule at once; the same as ``text.translate(combined_table())``, faster on Arabic text.

    ``str.translate`` looks every character up in the table.  A news article
    holds only a few distinct characters that change (ة, أ, إ, ى, a diacritic),
    so a regex lists them and ``str.replace`` rewrites each in one C pass; no
    rule's output is another rule's input, so the order does not matter.
    """
    pattern, replacements = _combined_pattern()
    for char in set(pattern.findall(text)):
        text = text.replace(char, replacements[char])
    return text


@cache
def combined_table() -> dict[int, str | None]:
    """Every rule in one table (each character is touched by at most one rule)."""
    table: dict[int, str | None] = {}
    for name in RULES:
        table.update(rule_table(name))
    return table


def remove_controls(text: str) -> str:
    """Drop zero-width characters, bidi controls, the BOM and soft hyphens."""
    return text.translate(rule_table("controls"))


def dediac_ar(text: str) -> str:
    """Drop Arabic diacritics (harakat, tanween, shadda, sukun, dagger alef, Quranic marks)."""
    return text.translate(rule_table("diacritics"))


def remove_tatweel(text: str) -> str:
    """Drop tatweel (ـ), the letter-stretching stroke."""
    return text.translate(rule_table("tatweel"))


def normalize_alef_ar(text: str) -> str:
    """Map the hamza and madda forms of alef (أ إ آ ٱ) to bare alef (ا)."""
    return text.translate(rule_table("alef"))


def normalize_alef_maksura_ar(text: str) -> str:
    """Map alef maqsura (ى) to yaa (ي)."""
    return text.translate(rule_table("alef_maqsura"))


def normalize_teh_marbuta_ar(text: str) -> str:
    """Map taa marbuta (ة) to haa (ه)."""
    return text.translate(rule_table("taa_marbuta"))


def normalize_persian_letters(text: str) -> str:
    """Map Persian, Urdu and Maghrebi letters (گ ک ی پ چ ڤ ڨ ڭ ...) to their Arabic counterparts."""
    return text.translate(rule_table("persian_letters"))


def normalize_digits(text: str) -> str:
    """Map Arabic-Indic and Persian digits, and the Arabic percent and decimal signs, to ASCII."""
    return text.translate(rule_table("digits"))


def normalize_spaces(text: str) -> str:
    """Map no-break and other typographic spaces to a plain space (as NFKC would)."""
    return text.translate(rule_table("spaces"))


def normalize_punctuation(text: str) -> str:
    """Map typographic quotes (« » “ ” ‘ ’) and dashes (– — −) to ASCII ones."""
    return text.translate(rule_table("punctuation"))


def _needs_nfkc(text: str) -> bool:
    """Whether NFKC would change the text (fast C check; true for presentation forms, NBSP...)."""
    return not unicodedata.is_normalized("NFKC", text)


def normalize_ar(text: str) -> str:
    """The matching form of ``text``: NFKC, then every rule of RULES; idempotent.

    Latin letters keep their case: the rules are about Arabic script, and a
    lower-cased copy would no longer be a no-op on our own data files.

    Example:
        >>> normalize_ar("إلى المكتبةِ الوطنيّة ٢٠٢٢")
        'الي المكتبه الوطنيه 2022'
    """
    table = combined_table()
    result = apply_rules(text)
    # Removing a mark can let NFKC compose what it had kept apart, and NFKC can
    # produce characters the rules map (ﻷ -> لأ); repeat until nothing moves.
    for _ in range(4):
        if not _needs_nfkc(result):
            break
        result = unicodedata.normalize("NFKC", result).translate(table)
    return result


@cache
def _removed_pattern() -> re.Pattern[str]:
    """A regex matching every character some rule deletes."""
    removed = sorted(code for code, value in combined_table().items() if value is None)
    return re.compile("[" + "".join(re.escape(chr(c)) for c in removed) + "]")


class OffsetMap:
    """Maps positions in a normalised view back to positions in the original text."""

    __slots__ = ("_origins", "_removed")

    def __init__(self, removed: list[int] | None = None, origins: list[int] | None = None) -> None:
        self._removed = removed or []
        self._origins = origins

    def to_original(self, position: int) -> int:
        """The original index of the normalised character at ``position`` (or of the end)."""
        if self._origins is not None:
            return self._origins[position]
        skipped = bisect_right(self._removed, position)
        while skipped < len(self._removed) and self._removed[skipped] <= position + skipped:
            skipped += 1
        return position + skipped


def normalize_with_offsets(text: str) -> tuple[str, OffsetMap]:
    """The rules of normalize_ar and a map from positions in the result back into ``text``.

    Deletions are the common case (diacritics, tatweel) and are mapped with a
    sorted list; every other rule maps one character to one.  Only text that
    still needs NFKC after the rules (presentation forms; not the no-break
    space, which a rule already maps) takes the character-by-character path.
    """
    view = apply_rules(text)
    if _needs_nfkc(view):
        return _normalize_by_char(text, combined_table())
    if len(view) == len(text):  # nothing deleted: positions are the same
        return view, OffsetMap()
    removed = [m.start() for m in _removed_pattern().finditer(text)]
    return view, OffsetMap(removed=removed)


def _normalize_by_char(text: str, table: dict[int, str | None]) -> tuple[str, OffsetMap]:
    """Normalise one character at a time, remembering where each output character came from."""
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char.translate(table)).translate(table)
        pieces.append(piece)
        origins.extend([index] * len(piece))
    origins.append(len(text))
    return "".join(pieces), OffsetMap(origins=origins)
