"""Outlet boilerplate learned from the store: lines an outlet repeats across many of its articles.

An outlet's datelines on a line of their own («عين اليوم – الرياض»), its share bars and sign-offs
(«للتواصل مع الكاتب ارسل رسالة SMS»), the label that opens a line («رابط الخبر بصحيفة الوئام:»,
«اقرأ أيضا:») are the outlet's words, not the news's: two of its reports sharing them are not one
happening.  No list names them: a short line, or the head of a line before a colon, is
boilerplate of an outlet in a period (GROUPING_PERIOD_DAYS) once GROUPING_BOILERPLATE_CARRIERS of
the outlet's articles of that period carry it.  Grouping reads the article with those spans
blanked (``blanked``); the stored and displayed text is unchanged.

Why counts per period and not the counts so far: the status of a line is then a function of what
the store holds, not of the order articles came in.  The article that makes a line boilerplate
gets the earlier carriers re-read (``marsad.grouping.regroup``), at most CARRIERS - 1 of them per
line and period, so the final vectors are those any arrival order gives, at a bounded cost.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import NamedTuple

from marsad import config
from marsad.grouping.features import day_number, normalize
from marsad.grouping.state import slot
from marsad.model import Article

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_HEAD_WORDS = 8  # a line's head before a colon is a label when it is this short
_LINE = re.compile(r"[^\n]*\n?")


class Unit(NamedTuple):
    """A span of the text that may be boilerplate: a short line or the head of a line."""

    key: int  # hash of its normalised words (digits folded): the same line in any article
    start: int
    end: int


def units(text: str) -> list[Unit]:
    """The short lines of the text (with their line break) and the heads of lines before a colon.

    Short means at most GROUPING_BOILERPLATE_WORDS words: a paragraph an outlet repeats whole is
    background or a copy, which shared passages and duplicates already account for.
    """
    found = []
    for match in _LINE.finditer(text):
        line = match.group()
        words = _WORD.findall(line)
        if not words:
            continue
        if len(words) <= config.GROUPING_BOILERPLATE_WORDS:
            found.append(Unit(_key(words), match.start(), match.end()))
            continue
        colon = line.find(":")
        head = _WORD.findall(line[:colon]) if colon > 0 else []
        if head and len(head) <= _HEAD_WORDS:
            found.append(Unit(_key(head), match.start(), match.start() + colon + 1))
    return found


def _key(words: list[str]) -> int:
    """A signed 64-bit hash of the words, normalised, digits folded (a date on the line varies)."""
    text = _DIGITS.sub("0", normalize(" ".join(words)))
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def period(article: Article) -> int:
    """The period an article's lines are counted in (undated articles have a period of their own)."""
    return slot(day_number(article.published)) // config.GROUPING_PERIOD_DAYS


def is_common(article_id: str, carriers: list[str]) -> bool:
    """Whether a line is boilerplate for this article, given its stored carriers (at most
    CARRIERS are kept, so the count saturates): the article counts whether stored yet or not."""
    count = len(carriers) + (0 if article_id in carriers else 1)
    return count >= config.GROUPING_BOILERPLATE_CARRIERS


def blanked(article: Article, spans: list[tuple[int, int]]) -> Article:
    """The article as grouping reads it: the spans turned to spaces (offsets kept), and the entity
    mentions and dates inside them left out.  A copy: the stored article is not changed."""
    if not spans:
        return article
    chars = list(article.text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)

    def outside(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in spans)

    return replace(
        article,
        text="".join(chars),
        entities=[m for m in article.entities if outside(m.start, m.end)],
        dates=[d for d in article.dates if outside(d.start, d.end)],
    )
