"""Event names: a lexicon of named events, and an event noun followed by a year, an ordinal or a name.

The annotated corpora hold about a hundred events (the Wojood sample), too few for the CRF,
so events are found by lookup (``data/events.txt``: النكبة, الحرب الباردة, كأس العالم) and
by one pattern: a head noun (``data/event_heads.txt``: حرب, انتفاضة, اتفاقية, قمة …) right
before a year (حرب 1948), an ordinal (الانتفاضة الأولى) or a mention the CRF found (قمة
هلسنكي, اتفاقية أوسلو).  The event then takes the place of the mention inside it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from marsad.entities.products import bare_forms
from marsad.entities.tokens import Token, fold, tokenize
from marsad.model import Mention

_DATA = Path(__file__).resolve().parent / "data"
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
_ORDINALS = frozenset(
    fold(w)
    for w in [
        "الأول",
        "الأولى",
        "الثاني",
        "الثانية",
        "الثالث",
        "الثالثة",
        "الرابع",
        "الرابعة",
        "الخامس",
        "الخامسة",
        "الأخيرة",
    ]
)


def _lines(name: str) -> list[str]:
    """Non-comment lines of a data file."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def event_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First folded word -> folded words of each known event name, longest first."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for line in _lines("events.txt"):
        words = tuple(fold(t.text) for t in tokenize(line))
        names.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in names.items()}


@cache
def event_heads() -> frozenset[str]:
    """Folded head nouns, with and without the article."""
    heads = {fold(line) for line in _lines("event_heads.txt")}
    return frozenset(heads | {"ال" + h for h in heads})


def find_events(
    text: str, tokens: list[Token], mentions: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """Event mentions in ``tokens`` of ``text``, and the mentions they contain (to be replaced)."""
    keys = [fold(t.text) for t in tokens]
    starts = {m.start: m for m in mentions}
    firsts = _first_words()
    events: list[Mention] = []
    i = 0
    while i < len(tokens):
        if bare_forms(keys[i]).isdisjoint(firsts):
            i += 1
            continue
        end = _known_event(keys, i) or _headed_event(tokens, keys, i, starts)
        if end:
            skip = _clitic_length(keys[i])
            start = tokens[i].start + skip
            events.append(Mention(text[start : tokens[end - 1].end], "EVENT", start, tokens[end - 1].end))
            i = end
        else:
            i += 1
    inside = [m for m in mentions if any(e.start <= m.start and m.end <= e.end for e in events)]
    return events, inside


@cache
def _first_words() -> frozenset[str]:
    """Every word an event can start with: a known name's first word or a head noun."""
    return frozenset(event_names()) | event_heads()


def _known_event(keys: list[str], i: int) -> int:
    """End index of the longest known event name starting at token ``i`` (0 when none)."""
    for first in bare_forms(keys[i]):
        for words in event_names().get(first, ()):
            end = i + len(words)
            if end <= len(keys) and tuple(keys[i + 1 : end]) == words[1:]:
                return end
    return 0


def _headed_event(tokens: list[Token], keys: list[str], i: int, starts: dict[int, Mention]) -> int:
    """End index of head noun + year / ordinal / found mention at token ``i`` (0 when none)."""
    if i + 1 >= len(tokens) or bare_forms(keys[i]).isdisjoint(event_heads()):
        return 0
    nxt = i + 1
    if keys[nxt] == "(" and nxt + 1 < len(tokens):
        nxt += 1
    if _YEAR.match(keys[nxt]) or keys[nxt] in _ORDINALS:
        return nxt + 1 + (keys[nxt + 1 : nxt + 2] == [")"])
    found = starts.get(tokens[i + 1].start)
    if found is None or found.type == "PER":
        return 0
    end = next(k for k in range(i + 1, len(tokens) + 1) if k == len(tokens) or tokens[k].start >= found.end)
    return end


def _clitic_length(key: str) -> int:
    """Letters of a joined clitic before the head or name (و of وحرب), 0 when none."""
    heads, names = event_heads(), event_names()
    for form in sorted(bare_forms(key), key=len, reverse=True):
        if form in heads or form in names:
            return len(key) - len(form)
    return 0
