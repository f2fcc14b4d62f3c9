"""Names as the resolver compares them: titles and clitics off, a transliteration-aware key per word.

The key maps the letters Arabic uses for one foreign sound to one class (ك/خ/ق,
ف/ڤ, ج/غ/گ, ت/ط, س/ص, ي/ى …: ``data/name_rules.json``), folds hamza seats and drops
doubled letters.  Two words are the same spelling of a name when
their keys are equal up to long vowels (ا و ي) added or dropped, and, unless told
otherwise, the same at the end: كوخاف and كوخافي stay apart, they name different people.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from marsad.config import WORD_CACHE
from marsad.entities.lexicon import frequency
from marsad.entities.tokens import fold, tokenize

_DATA = Path(__file__).resolve().parent / "data"
# A name word must occur this often in the news corpora before its frequency can say that
# a leading و/ب/ل is a clitic (وغزة): rarer words fall back on the article's own words.
CLITIC_MIN_COUNT = 20
# With no name seen yet, the rest must be this common, and ten times the whole word:
# وواشنطن (81) / واشنطن (1,194) loses its و; بكين (302) / كين (105) and لمى / مي do not.
CLITIC_OVERWHELMING = 100
_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")


@dataclass(slots=True, frozen=True)
class Name:
    """A mention's name: the spelling to show, the word keys to compare, and what was taken off."""

    display: str
    keys: tuple[str, ...]
    removed: tuple[tuple[str, str], ...] = ()  # (what, words): ("clitic", "و"), ("title", "الجنرال") …

    @property
    def joined(self) -> str:
        """All word keys run together: split and joined spellings of one name compare equal."""
        return "".join(self.keys)


@cache
def _rules() -> dict:
    """The spelling rules in ``data/name_rules.json``."""
    return json.loads((_DATA / "name_rules.json").read_text(encoding="utf-8"))


@cache
def _letter_table() -> dict[int, str]:
    """Translation table from Arabic letters to their sound class."""
    return {ord(letter): cls for letter, cls in _rules()["letter_classes"].items()}


@cache
def _phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """Folded word tuples of a phrase list under ``data/``, longest first."""
    text = (_DATA / name).read_text(encoding="utf-8")
    lines = [line.split("\t")[-1] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted({tuple(fold(w) for w in line.split()) for line in lines}, key=len, reverse=True))


@cache
def _descriptors() -> dict[str, frozenset[str]]:
    """Type -> generic first words that may be dropped (حركة, شركة, مدينة)."""
    found: dict[str, set[str]] = {}
    for line in (_DATA / "descriptors.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word = line.split("\t")
            found.setdefault(kind, set()).add(fold(word))
    return {k: frozenset(v) for k, v in found.items()}


def descriptor_type(display: str) -> str | None:
    """The type whose generic first words include this name's first word (شركة أبل: ORG), if any."""
    first = fold(display.split()[0]) if display.split() else ""
    return next((kind for kind, words in sorted(_descriptors().items()) if first in words), None)


@lru_cache(maxsize=WORD_CACHE)
def word_key(word: str) -> str:
    """The transliteration-aware key of one word (كوخافي, خوكافي and قوخافي share KwKafy)."""
    # The article stays: dropping it would make ألبرت (Albert) the same word as برت (Bert).
    key = _MARKS.sub("", word).lower().translate(_letter_table())
    if len(key) > 2 and key.endswith("H") and key[-2] not in "ayw":
        key = key[:-1] + "a"  # a final -a is written ة, ه or ا: ريجينه, رجينا; حمادة, هامادا
    return re.sub(r"(.)\1+", r"\1", key)


@cache
def _native_keys() -> frozenset[str]:
    """Keys of the gazetteer's one-word names: محمد/محمود, سعد/سعيد, ألمانيا/المنيا are different names."""
    found = set()
    for line in (_DATA / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        name = line.split("\t")[0]
        if not line.startswith("#") and " " not in name:
            found.add(word_key(name))
    return frozenset(found)


def is_native_key(key: str) -> bool:
    """Whether a word key is one of the gazetteer's one-word names (محمد, حسن, بغداد)."""
    return key in _native_keys()


def place_id(keys: tuple[str, ...]) -> str | None:
    """The gazetteer id of the place whose name has these word keys (``country:US``), or None."""
    return _place_table().get(keys)


@cache
def _place_table() -> dict[tuple[str, ...], str]:
    """Word keys of every place name in ``data/place_aliases*.tsv`` -> the place's id.

    Names whose keys land on two places (two towns spelled alike) are left out: the table
    only ever joins names that mean one place.
    """
    found: dict[tuple[str, ...], set[str]] = {}
    for file in ("place_aliases.tsv", "place_aliases_hand.tsv"):
        for line in (_DATA / file).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                place, name = line.split("\t")
                found.setdefault(parse_name(name, "LOC").keys, set()).add(place)
    return {keys: next(iter(places)) for keys, places in found.items() if len(places) == 1}


def org_id(keys: tuple[str, ...]) -> str | None:
    """The alias table's id of the body with a name of these word keys (``org:أوبك``), or None."""
    return _org_table().get(keys)


@cache
def _org_table() -> dict[tuple[str, ...], str]:
    """Word keys of every name in ``data/org_aliases.tsv`` -> the body's id.

    The table is built by ``scripts/build_org_aliases.py`` from «full name (short form)»
    pairs in the corpora; a name it gives two bodies is already left out there.
    """
    table: dict[tuple[str, ...], str] = {}
    for line in (_DATA / "org_aliases.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            body, name, _ = line.split("\t")
            table[parse_name(name, "ORG").keys] = body
    return table


def skeleton(key: str) -> str:
    """A key without its long vowels, except a leading one (the blocking key for candidates)."""
    vowels = _rules()["long_vowels"]
    return key[:1] + "".join(ch for ch in key[1:] if ch not in vowels)


def same_word(a: str, b: str, loose_end: bool = False, short: bool = False) -> bool:
    """Whether two word keys spell one name: equal up to long vowels added or dropped.

    The last letters must agree unless ``loose_end`` (أفيف/أفيفي as a given name beside a
    family name that matches), since a final vowel often tells two names apart.  Two
    different known names (محمد/محمود, حسن/حسين, ألمانيا/المنيا) never match: there the long
    vowel is the name.
    A word of one or two consonants is mostly its vowels (آنيا, أونا, أيانا differ), so it
    must be spelled the same unless ``short`` (another part of the name backs the match).
    """
    if a == b:
        return True
    if skeleton(a) != skeleton(b) or (not short and len(skeleton(a).lstrip(_rules()["long_vowels"])) < 3):
        return False
    native = _native_keys()
    if a in native and b in native:
        return False
    shorter, longer = sorted((a, b), key=len)
    if not _is_subsequence(shorter, longer):
        return False
    return loose_end or a[-1:] == b[-1:]


def loose_key(key: str) -> str:
    """A key with the letters some outlets interchange in one foreign name merged (غوتيريش/غوتيريس)."""
    return key.translate(_loose_table())


@cache
def _loose_table() -> dict[int, str]:
    """Translation table of ``loose_letter_classes``."""
    return {ord(letter): cls for letter, cls in _rules()["loose_letter_classes"].items()}


def swapped_word(a: str, b: str) -> bool:
    """Whether two keys differ only by two neighbouring consonants swapped (كوخافي/كوفاخي)."""
    x, y = skeleton(a), skeleton(b)
    if len(x) != len(y) or x == y or len(x) < 3:
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]


def _is_subsequence(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with some of its long vowels left out."""
    vowels = _rules()["long_vowels"]
    i = 0
    for ch in long:
        if i < len(short) and short[i] == ch:
            i += 1
        elif ch not in vowels:
            return False
    return i == len(short)


@lru_cache(maxsize=50_000)
def plain_name(surface: str, kind: str) -> Name:
    """``parse_name`` with nothing known: how a stored spelling (already clean) reads."""
    return parse_name(surface, kind)


def parse_name(
    surface: str,
    kind: str,
    known_words: Container[str] = frozenset(),
    article_words: Container[str] = frozenset(),
) -> Name:
    """The name in a mention's surface: proclitic, titles (persons) and descriptors (others) taken off.

    ``known_words`` (word keys of names seen) and ``article_words`` (folded words of the
    article) decide whether a leading و or ب is a clitic: see ``strip_clitic``.
    Descriptors (حركة, شركة) leave the key but stay in the displayed spelling.
    """
    tokens = [t for t in tokenize(surface) if any(ch.isalnum() for ch in t.text)]
    if not tokens:
        return Name(surface.strip(), (word_key(surface),))
    words = [fold(t.text) for t in tokens]
    texts = [_MARKS.sub("", t.text) or t.text for t in tokens]  # no tatweel or vowel marks in a spelling
    removed: list[tuple[str, str]] = []
    bare, prefix = strip_clitic(words[0], known_words, article_words)
    if prefix:
        removed.append(("clitic", prefix))
        restored = "ا" if len(bare) > len(words[0]) - len(prefix) else ""  # لل -> ال
        words[0], texts[0] = bare, restored + texts[0][len(prefix) :]
    elif len(words) > 1 and known_words and _short_first_word_clitic(words, known_words):
        removed.append(("clitic", words[0][0]))
        words[0], texts[0] = words[0][1:], texts[0][1:]
    start = _title_words(words, texts, removed) if kind == "PER" else 0
    key_start = start
    if kind in _descriptors() and start < len(words) - 1 and words[start] in _descriptors()[kind]:
        removed.append(("descriptor", texts[start]))
        key_start += 1
    key_end = len(words)
    if kind == "ORG" and key_end - key_start > 2 and words[-1] in _trailing_modifiers():
        key_end -= 1  # مجلس الأمن الدولي is مجلس الأمن: the adjective stays in the spelling only
    display = " ".join(texts[start:])  # words only: no stray bracket or hashtag in a spelling
    return Name(display, _join_prefixes(words[key_start:key_end]), tuple(removed))


@cache
def _trailing_modifiers() -> frozenset[str]:
    """Folded adjectives an organisation's name may drop at its end (``org_trailing_modifiers``)."""
    return frozenset(fold(w) for w in _rules().get("org_trailing_modifiers", ()))


def _short_first_word_clitic(words: list[str], known_words: Container[str]) -> bool:
    """Whether و/ب/ل stands before a first word of two letters (وتل أبيب, بتل أبيب).

    ``strip_clitic`` never leaves fewer than three letters; here the place table decides:
    without the letter, the words name one of its places.  (Known name words were tried as
    evidence too: they read كأس أفريقيا as ك + «أس أفريقيا».  Not asked with nothing known:
    the place table itself is read with ``parse_name``.)
    """
    first = words[0]
    if len(first) != 3 or first[0] not in "وبل":
        return False
    return place_id(_join_prefixes([first[1:], *words[1:]])) is not None


def _title_words(words: list[str], texts: list[str], removed: list[tuple[str, str]]) -> int:
    """How many leading words are titles and the nationality adjective after them (noted in ``removed``)."""
    start = 0
    while start < len(words) - 1:
        step = _leading_title(words[start:])
        if not step:
            break
        removed.append(("title", " ".join(texts[start : start + step])))
        start += step
        if start < len(words) - 1 and _is_nisba(words[start]):
            removed.append(("adjective", texts[start]))
            start += 1
    return start


def _leading_title(words: list[str]) -> int:
    """Length of the title phrase ``words`` start with (0 when none)."""
    for phrase in _titles_by_first().get(words[0], ()):
        if len(phrase) < len(words) and tuple(words[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


@cache
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Title phrases indexed by their first word, longest first."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _phrases("titles.txt"):
        found.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(phrases) for first, phrases in found.items()}


def leading_title(words: list[str]) -> int:
    """How many of the folded ``words`` a title at their start takes, when a word follows it (0: none)."""
    return _leading_title(words)


def is_nisba(word: str) -> bool:
    """Whether a folded word is a nationality or affiliation adjective with the article (الأمريكي)."""
    return _is_nisba(word)


def _is_nisba(word: str) -> bool:
    """A nationality or affiliation adjective with the article (الأمريكي, الإسرائيلية)."""
    return word.startswith("ال") and word.endswith(("ي", "ية", "يه")) and len(word) > 5


def strip_clitic(
    word: str, known_words: Container[str], article_words: Container[str] = frozenset()
) -> tuple[str, str]:
    """The folded word without a joined conjunction or preposition, and that clitic ("" when none).

    Many names start with those letters (وليد, والتون, فادي, بارت), so the clitic comes off
    only on evidence: the rest is the article and a word (والقدس, للأمم); or (و, ب, ل only)
    the rest is a name seen before that stands alone in this article (وكوخافي beside كوخافي)
    or is far more frequent in the news corpora (وغزة, لترامب); or the rest is
    overwhelmingly more frequent even before any name is known (وواشنطن).
    """
    for prefix, rest in clitic_splits(word):
        if rest.startswith("ال") and len(rest) >= 5:
            return rest, prefix
        if prefix[-1] not in "وبل":  # فادي is no ف + أدى
            continue
        if word_key(rest) in known_words and (rest in article_words or _dominates(rest, word)):
            return rest, prefix
        if _overwhelms(rest, word):
            return rest, prefix
    return word, ""


def clitic_splits(word: str) -> list[tuple[str, str]]:
    """Every (proclitic, rest) a folded word could be read as, most letters off first."""
    splits = []
    for prefix in _rules()["proclitics"]:
        rest = word[len(prefix) :]
        if not word.startswith(prefix) or len(rest) < 3:
            continue
        if prefix.endswith("ل") and rest.startswith("ل"):
            rest = "ا" + rest  # لل = ل + ال with the alef dropped: للقاهرة -> القاهرة
        splits.append((prefix, rest))
    return splits


def first_word(surface: str) -> str:
    """The folded first word of a mention (where a proclitic would be)."""
    for token in tokenize(surface):
        if any(ch.isalnum() for ch in token.text):
            return fold(token.text)
    return ""


def _overwhelms(rest: str, word: str) -> bool:
    """Whether the news corpora hold ``word`` and ``rest`` ten times as often (وواشنطن, not بايدن/ايدن)."""
    count = frequency(word)
    return count > 0 and frequency(rest) >= max(CLITIC_OVERWHELMING, 10 * count)


def _dominates(rest: str, word: str) -> bool:
    """Whether ``rest`` is common in the news corpora and at least thrice as common as ``word``."""
    count = frequency(rest)
    return count >= CLITIC_MIN_COUNT and count >= 3 * frequency(word)


def _join_prefixes(words: list[str]) -> tuple[str, ...]:
    """Word keys, with the words written either joined or apart (عبد الله, أبو النجا) joined."""
    joined = {fold(p) for p in _rules()["joined_prefixes"]}
    keys: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in joined and i + 1 < len(words):
            keys.append(word_key(words[i] + words[i + 1]))
            i += 2
        else:
            keys.append(word_key(words[i]))
            i += 1
    return tuple(keys)
