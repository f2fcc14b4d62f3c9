"""The tables attribution reads: known agencies and outlets, and the words that introduce a source.

Everything is matched on *folded* text: diacritics and tatweel dropped, hamza-carrying
alefs, alef maqsura and taa marbuta folded, curly quotes made straight.  ``Folded``
remembers where each folded character came from, so a match maps back to exact
offsets in the article text (STYLE.md 2.4).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_DROPPED = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "“": '"', "”": '"',
                       "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass(slots=True, frozen=True)
class Folded:
    """Folded text plus, for each of its characters, the offset of the original character."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the folded span [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Fold ``text`` for matching, keeping the way back to the original offsets."""
    folded = text.translate(_FOLD)  # one-to-one, so offsets are unchanged by this step
    if not _DROPPED.search(folded):
        return Folded(folded, tuple(range(len(text) + 1)))
    chars, origin, last = [], [], 0
    for match in _DROPPED.finditer(folded):  # keep the runs between dropped marks
        chars.append(folded[last : match.start()])
        origin.extend(range(last, match.start()))
        last = match.end()
    chars.append(folded[last:])
    origin.extend(range(last, len(text) + 1))
    return Folded("".join(chars), tuple(origin))


def fold_word(word: str) -> str:
    """Fold a table entry the way article text is folded."""
    return fold(word).text


@dataclass(slots=True, frozen=True)
class KnownSource:
    """An agency or outlet with its canonical name."""

    name: str
    kind: str  # agency | outlet


@dataclass(slots=True, frozen=True)
class SourceTables:
    """Every table of ``data/sources.json``, folded."""

    aliases: dict[str, KnownSource]  # folded alias -> source (ambiguous aliases included)
    unambiguous: tuple[str, ...]  # folded aliases safe to find anywhere, longest first
    type_words: dict[str, tuple[str, bool]]  # folded word -> (kind, strict)
    reporting_verbs: frozenset[str]
    person_verbs: frozenset[str]
    cues: tuple[str, ...]
    official_titles: frozenset[str]
    institutions: frozenset[str]
    states: frozenset[str]
    unnamed_heads: frozenset[str]
    unnamed_qualifiers: tuple[str, ...]
    unnamed_bare: frozenset[str]
    cue_only_heads: frozenset[str]
    boundaries: frozenset[str]
    speech_followers: frozenset[str]


def _folded_set(words: list[str]) -> frozenset[str]:
    return frozenset(fold_word(w) for w in words)


def _alias_tables(data: dict) -> tuple[dict[str, KnownSource], tuple[str, ...]]:
    aliases: dict[str, KnownSource] = {}
    safe: list[str] = []
    for kind, group in (("agency", "agencies"), ("outlet", "outlets")):
        for entry in data[group]:
            source = KnownSource(entry["name"], kind)
            ambiguous = {fold_word(a) for a in entry.get("ambiguous", [])}
            for alias in entry["aliases"]:
                folded = fold_word(alias)
                aliases[folded] = source
                aliases.setdefault(folded.lower(), source)
                if folded not in ambiguous:
                    safe.append(folded)
    return aliases, tuple(sorted(set(safe), key=len, reverse=True))


@cache
def tables() -> SourceTables:
    """The folded tables, built once."""
    raw = resources.files("marsad.scoring").joinpath("data").joinpath("sources.json").read_text("utf-8")
    data = json.loads(raw)
    aliases, safe = _alias_tables(data)
    return SourceTables(
        aliases=aliases,
        unambiguous=safe,
        type_words={fold_word(w): (v["kind"], v["strict"]) for w, v in data["type_words"].items()},
        reporting_verbs=_folded_set(data["reporting_verbs"]),
        person_verbs=_folded_set(data["person_verbs"]),
        cues=tuple(sorted({fold_word(c) for c in data["cues"]}, key=len, reverse=True)),
        official_titles=_folded_set(data["official_titles"]),
        institutions=_folded_set(data["institutions"]),
        states=_folded_set(data["state_names"]),
        unnamed_heads=_folded_set(data["unnamed_heads"]),
        unnamed_qualifiers=tuple(sorted({fold_word(q) for q in data["unnamed_qualifiers"]}, key=len, reverse=True)),
        unnamed_bare=_folded_set(data["unnamed_bare_after_cue"]),
        cue_only_heads=_folded_set(data["cue_only_heads"]),
        boundaries=_folded_set(data["boundaries"]),
        speech_followers=_folded_set(data["speech_followers"]),
    )


def known_source(name: str) -> KnownSource | None:
    """The agency or outlet a (folded) name stands for, if it is one we know."""
    aliases = tables().aliases
    return aliases.get(name) or aliases.get(name.lower())


def same_outlet(outlet: str, cited: str) -> bool:
    """Whether ``cited`` names the outlet itself: "سي إن إن" in an article of "سي إن إن بالعربية"."""
    own, other = fold_word(outlet).lower(), fold_word(cited).lower()
    if own == other or own.startswith(other + " ") or other.startswith(own + " "):
        return True
    mine, theirs = known_source(own), known_source(other)
    return mine is not None and theirs is not None and mine.name == theirs.name
