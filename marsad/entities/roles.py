"""Roles an article ties to a named holder: «وزير الخارجية الأمريكي مايك بومبيو».

A role is a title of ``data/titles.txt`` (وزير الخارجية, الرئيس, رئيس الوزراء …) followed by
one or two nationality adjectives (الأمريكي, الكوري الشمالي): a title alone (الرئيس) names
nobody in particular.  Where the article writes the role right before a person it names
(a comma may stand between), the role is that person's in this article, and every other
place the article writes the role alone («وقال وزير الخارجية الأمريكي …») becomes a mention
of the holder.  The phrase that tied them is the evidence (``Entity.roles``).  A role the
article gives to two people (two presidents of one country, an old and a new minister) is
left alone.

Example:
    >>> text = "التقى وزير الخارجية الأمريكي مايك بومبيو نظيره. وقال وزير الخارجية الأمريكي إن"
    >>> named = [Mention("مايك بومبيو", "PER", 29, 40, entity="e1")]
    >>> [(m.surface, m.entity) for m in role_mentions(text, named)[0]]
    [('وزير الخارجية الأمريكي', 'e1')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.entities.names import is_nisba, leading_title, skeleton, word_key
from marsad.entities.tokens import fold, tokenize
from marsad.model import Mention

_CLITICS = ("و", "ف", "ب", "ل")  # a conjunction or preposition joined to the title's first word
_BETWEEN = re.compile(r"[\s،,]*")  # what may stand between a role and its holder's name
MAX_ADJECTIVES = 2  # الزعيم الكوري الشمالي
# Adjectives that end like a nationality but say when or how, not whose (رئيس الوزراء الحالي).
_NOT_WHOSE = frozenset(
    fold(w) for w in ["الحالي", "الفعلي", "الرسمي", "الشرعي", "الانتقالي", "الثاني", "التنفيذي", "الفخري"]
)
# A word before the role that makes the name after it someone else's: «ابنة الرئيس الأمريكي إيفانكا».
_RELATIVES = frozenset(
    fold(w)
    for w in [
        "ابن",
        "ابنة",
        "نجل",
        "نجلة",
        "زوج",
        "زوجة",
        "شقيق",
        "شقيقة",
        "أخ",
        "أخت",
        "والد",
        "والدة",
        "صهر",
        "حفيد",
        "حفيدة",
        "مستشار",
        "مستشارة",
        "مبعوث",
        "مبعوثة",
        "سكرتير",
        "سكرتيرة",
        "مساعد",
        "مساعدة",
        "نائب",
        "خليفة",
        "سلف",
        "عم",
        "خال",
    ]
)


@dataclass(frozen=True, slots=True)
class Role:
    """A role phrase as written in an article: where it is, and what makes two of them one role."""

    key: tuple[str, ...]  # folded title words and the adjectives' letter skeletons
    adjectives: int
    start: int
    end: int
    text: str
    of_relative: bool = False  # after ابنة, مستشار …: the name that follows is not the holder's


def roles_in(text: str) -> list[Role]:
    """Every role phrase of ``text`` (title and nationality adjective), in order."""
    tokens = [t for t in tokenize(text) if any(ch.isalnum() for ch in t.text)]
    words = [fold(t.text) for t in tokens]
    found: list[Role] = []
    i = 0
    while i < len(tokens):
        first = words[i]
        size, cut = leading_title(words[i:]), 0
        while not size and cut < 2 and first[cut : cut + 1] in _CLITICS and len(first) > cut + 4:
            cut += 1  # وبالرئيس: و and ب
            size = leading_title([first[cut:], *words[i + 1 :]])
        start = tokens[i].start + (cut if size else 0)
        adjectives = 0
        while size and adjectives < MAX_ADJECTIVES and i + size + adjectives < len(tokens):
            word = words[i + size + adjectives]
            if not is_nisba(word) or word in _NOT_WHOSE:
                break
            adjectives += 1
        if not size or not adjectives:
            i += 1
            continue
        last = i + size + adjectives - 1
        title = words[i : i + size]
        title[0] = title[0][start - tokens[i].start :]
        key = (*title, *(skeleton(word_key(w)) for w in words[i + size : last + 1]))
        whose = i > 0 and _bare(words[i - 1]) in _RELATIVES
        found.append(Role(key, adjectives, start, tokens[last].end, text[start : tokens[last].end], whose))
        i = last + 1
    return found


def _bare(word: str) -> str:
    """A folded word without a joined و/ف/ب/ل (وابنة -> ابنة)."""
    return word[1:] if word[:1] in _CLITICS and word[1:] in _RELATIVES else word


def role_mentions(text: str, mentions: list[Mention]) -> tuple[list[Mention], dict[str, dict[str, str]]]:
    """Mentions of a role written alone in an article that ties it to one named person, and the evidence.

    Returns the new mentions (each with its holder's ``entity``) and, per holder, role as
    written -> the phrase that tied it to them.  ``mentions`` must be resolved.
    """
    people = {m.start: m for m in mentions if m.type == "PER" and m.entity}
    roles = roles_in(text)
    holders: dict[tuple[str, ...], set[str]] = {}
    tied: dict[tuple[str, ...], tuple[Role, Mention]] = {}
    alone: list[Role] = []
    for role in roles:
        gap = _BETWEEN.match(text, role.end)
        person = people.get(gap.end()) if gap else None
        if person is None:
            alone.append(role)
            continue
        if role.of_relative:
            continue
        holders.setdefault(role.key, set()).add(person.entity)
        tied.setdefault(role.key, (role, person))
    # «استقبل الرئيس الأمريكي إيمانويل ماكرون»: a verb's subject then its object reads like a
    # role and its holder.  One person given one title with two nationalities (الرئيس الأمريكي,
    # الرئيس الفرنسي) shows it: none of those roles is tied to anyone in this article.
    titles: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    for key, (role, _) in tied.items():
        for holder in holders[key]:
            titles.setdefault((holder, key[: len(key) - role.adjectives]), set()).add(key)
    for keys in titles.values():
        if len(keys) > 1:
            for key in keys:
                holders[key] = set()
    taken = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    evidence: dict[str, dict[str, str]] = {}
    for role in alone:
        if len(holders.get(role.key, ())) != 1 or any(s < role.end and role.start < e for s, e in taken):
            continue
        first, person = tied[role.key]
        found.append(Mention(role.text, "PER", role.start, role.end, entity=person.entity))
        evidence.setdefault(person.entity, {}).setdefault(first.text, text[first.start : person.end])
    return found, evidence
