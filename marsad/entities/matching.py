"""When two names are one entity, and why, in the Arabic the entity page shows.

Each rule returns the reason as a sentence ("" when the names may not be merged): the
resolver records it as the merge's evidence.
"""

from __future__ import annotations

from marsad.entities.names import Name, is_native_key, loose_key, org_id, place_id, same_word, swapped_word

# Of a person's given and family names, how many may match loosely (final vowel added or
# dropped, two neighbouring letters swapped).  1 merges أفيفي خوكافي with أفيف كوخافي;
# 2 would also merge ران كوخاف with أفيف كوخافي's misspellings, so it stays at 1.
MAX_LOOSE_PARTS = 1

# Why a name part matched (``part_match``), as the UI shows it.
_PART_REASONS = {
    "same": "مطابق",
    "long vowels": "بحروف مدٍّ زائدة أو ناقصة",
    "final vowel": "بحرف مدٍّ أخير زائد أو ناقص",
    "swapped": "بحرفين متجاورين متبادلين",
    "sh/s": "بتبادل الشين والسين",
}
_LOOSE = ("final vowel", "swapped", "sh/s")  # part matches that count against MAX_LOOSE_PARTS
SAME_SPELLING = "الاسم نفسه بكتابة أخرى"
JOINED_OR_SPLIT = "الاسم نفسه مكتوبًا متصلًا أو منفصلًا"
REVERSED = "الاسم الأول واسم العائلة نفسهما بترتيب معكوس"
# What parse_name took off a mention, and whether its Arabic label is feminine (for حُذف/حُذفت).
_REMOVED_LABELS = {
    "clitic": ("السابقة", True),
    "title": ("اللقب", False),
    "adjective": ("الصفة", True),
    "descriptor": ("الوصف", False),
}


def removed_note(name: Name) -> str:
    """What parse_name took off, in Arabic: « (حُذف اللقب «الجنرال»)»; "" when nothing."""
    if not name.removed:
        return ""
    parts = [f"{_REMOVED_LABELS[what][0]} «{words}»" for what, words in name.removed]
    verb = "حُذفت" if _REMOVED_LABELS[name.removed[0][0]][1] else "حُذف"
    return f" ({verb} {' و'.join(parts)})"


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """Why two person names are one person, in Arabic ("" when they may not be)."""
    if a == b:
        return SAME_SPELLING
    if len(a) == 1 or len(b) == 1:
        return JOINED_OR_SPLIT if a and "".join(a) == "".join(b) else ""
    if len(a) == len(b) == 2 and _reversed(a, b):
        return REVERSED
    given, family = part_match(a[0], b[0], swaps=False), part_match(a[-1], b[-1], swaps=True)
    if len(a) == len(b) > 2 and not all(
        same_word(x, y, short=True) for x, y in zip(a[1:-1], b[1:-1], strict=True)
    ):
        return ""  # حسن فضل الله is not حسن نصر الله: written in as many words, the middle ones count too
    if not given or not family:
        return JOINED_OR_SPLIT if "".join(a) == "".join(b) else ""
    if (given in _LOOSE) + (family in _LOOSE) > MAX_LOOSE_PARTS:
        return ""
    return f"الاسم الأول {_PART_REASONS[given]} واسم العائلة {_PART_REASONS[family]}"


def _reversed(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether a two-word name is the other written family name first (كوخافي أفيف / أفيف كوخافي).

    Both words must match closely (same, or long vowels only), and not both be names the
    gazetteer knows: علي حسن and حسن علي are two men, as Arabic names take no such turn.
    """
    close = ("same", "long vowels")
    if part_match(a[0], b[1], swaps=False) not in close or part_match(a[1], b[0], swaps=False) not in close:
        return False
    return not (is_native_key(a[0]) and is_native_key(a[1]))


def part_match(a: str, b: str, swaps: bool) -> str:
    """How one name part matches another: "same", "long vowels", "final vowel", "swapped", "sh/s", or ""."""
    if a == b:
        return "same"
    if same_word(a, b, short=True):
        return "long vowels"
    if same_word(a, b, loose_end=True, short=True):
        return "final vowel"
    if swaps and swapped_word(a, b):
        return "swapped"
    if swaps and same_word(loose_key(a), loose_key(b), short=True):
        return "sh/s"
    return ""


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """Why two names of a place, organisation or thing are one, in Arabic ("" when not)."""
    if len(a) == len(b) and all(same_word(x, y) for x, y in zip(a, b, strict=True)):
        return SAME_SPELLING
    if "".join(a) == "".join(b):
        return JOINED_OR_SPLIT
    return ""


def same_in_table(kind: str, a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """Why two names are one place by the gazetteer, or one body by the alias table, in Arabic ("" when not)."""
    lookup = place_id if kind == "LOC" else org_id if kind == "ORG" else None
    place = lookup(a) if lookup else None
    if place is None or lookup(b) != place:
        return ""
    source, code = place.split(":", 1)
    if source == "country":
        return f"البلد نفسه في جدول البلدان (mledoze/countries، الرمز {code})"
    if source == "org":
        return f"الهيئة نفسها باسمها المختصر في جدول الأسماء المستخرج من الأخبار («{code}»)"
    return f"المكان نفسه في GeoNames (المعرّف {code})"
