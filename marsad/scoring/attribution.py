"""Attributions (الإسناد): who an article cites for its information, and where it says so.

Five passes over the folded text, each a small rule, then one merge that keeps the
longest of overlapping finds, then one pass that resolves anaphora:

1. known agencies and outlets named anywhere (رويترز، أ ف ب، (واس)، i24 news);
2. a type word and the name after it (صحيفة "هآرتس"، وكالة أنباء تسنيم، موقع africaintelligence);
3. the subject of a reporting verb (أفادت، ذكرت، قال وزير الخارجية…، أعلنت الشرطة);
4. the object of a citing phrase (نقلا عن، وفق، بحسب، استنادا إلى، على لسان…), a person
   only where the recogniser found one (``people``) or the word names one of them
   ("ووفقا للعتيبي" after "سعد العتيبي"): "وفقا للقانون" is no source;
5. unnamed sources (مصادر مطلعة، مصدر أمني، شهود عيان، مسؤول رفض الكشف…);
6. "وأضافت الصحيفة", "ونقلت الوكالة": the outlet or agency of that type named last before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from marsad.config import WORD_CACHE
from marsad.model import Citation
from marsad.scoring.sources import Folded, KnownSource, fold, known_source, same_outlet, tables

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_PUNCT = re.compile(r"[.,،؛;:!?؟()\[\]\"\n]")
_CLITICS = ("وب", "ول", "و", "ف", "ب", "ل")
_NAME_WORDS = 4  # outlet names run to four words at most ("سكاي نيوز عربية" is three)
_OFFICIAL_WORDS = 8  # "المتحدث باسم وزارة الخارجية الأمريكية هيذر ناورت"
_RELAY_VERBS = frozenset({"نقل", "نقلت"})  # "نقلت الوكالة عن…" reports; "نقل السفارة" moves
_CORRESPONDENT = frozenset({"مراسل", "مراسله", "موفد", "موفده"})  # "قال مراسل سكاي نيوز": the outlet reports
_NOT_SPEECH = frozenset({"نشر", "نشرت", "كتب", "كتبت", "كشف", "كشفت"})  # "بنشر "أسلحة…"" deploys; no quoted name
_APP_BEFORE = re.compile(r"تطبيق\s*$")  # "تطبيق بي بي سي عربي": an app to download, not a source
_TIME_WORDS = frozenset({"اليوم", "امس", "مساء", "صباح", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء",
                         "الخميس", "الجمعه", "السبت", "ايضا"})


@dataclass(slots=True, frozen=True)
class Word:
    """A word of the folded text and its folded span."""

    text: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Find:
    """A source found in the folded text: span, canonical name (None = the surface), kind."""

    start: int
    end: int
    kind: str
    to: str | None = None
    name: tuple[int, int] | None = None  # where the name alone is, when ``to`` is not canonical


def find_attributions(text: str, people: Sequence[tuple[int, int]] = (), outlet: str | None = None) -> list[Citation]:
    """Every source the article cites, in text order, with offsets into ``text``.

    ``people`` are the (start, end) spans of the person names the recogniser found in
    ``text``; with them a citing phrase can name a person ("بحسب سامح شكري").  An
    ``outlet`` naming itself ("(CNN)—", "لا يعبر عن رأي CNN" in an article of
    سي إن إن بالعربية) cites no source: those finds are left out.

    >>> [(c.to, c.kind) for c in find_attributions("وقالت مصادر مطلعة لوكالة رويترز إن الاتفاق وشيك")]
    [('مصادر مطلعة', 'unnamed'), ('رويترز', 'agency')]
    """
    folded = fold(text)
    words = [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded.text)]
    named = _People(folded, people, text)
    finds = [
        *_known_names(folded.text),
        *_typed_names(words, folded.text),
        *_verb_subjects(words, folded.text, named),
        *_cue_objects(words, folded.text, named),
        *_unnamed(words, folded.text),
    ]
    kept = _with_anaphora(_non_overlapping(finds), words, folded.text)
    citations = [_citation(find, folded, text) for find in kept]
    return [c for c in citations if not outlet or not same_outlet(outlet, c.to)]


def _citation(find: Find, folded: Folded, text: str) -> Citation:
    start, end = folded.span(find.start, find.end)
    surface = text[start:end]
    named = text[slice(*folded.span(*find.name))] if find.name else surface
    return Citation(to=find.to or " ".join(named.split()), kind=find.kind, surface=surface, start=start, end=end)


def _non_overlapping(finds: list[Find]) -> list[Find]:
    """Keep the longest find where finds overlap (a typed name beats the bare alias inside it)."""
    kept: list[Find] = []
    for find in sorted(finds, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or find.start >= kept[-1].end:
            kept.append(find)
    return kept


# 1. known names ---------------------------------------------------------------------------


@cache
def _known_pattern() -> re.Pattern[str]:
    variants = []
    for alias in tables().unambiguous:
        variants.append(alias)
        if alias.startswith("ال"):
            variants.append("ل" + alias[1:])  # لل + noun: "للجزيرة" is ل + الجزيرة
    body = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:وب|ول|و|ف|ب|ل)?({body})(?![^\W_])")


def _known_names(text: str) -> list[Find]:
    finds = []
    for match in _known_pattern().finditer(text):
        name = " ".join(match.group(1).split())
        source = known_source(name) or known_source("ا" + name) or _latin_case_source(name)
        if source and not _APP_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            finds.append(Find(match.start(1), match.end(1), source.kind, source.name))
    return finds


def _latin_case_source(name: str) -> KnownSource | None:
    """Short Latin abbreviations (MAP, SPA) must be written in capitals: "map" and "spa" are words."""
    return None if len(name) <= 4 and not name.isupper() else known_source(name)


# 2. type word + name ------------------------------------------------------------------------


@lru_cache(maxsize=WORD_CACHE)  # every pass asks it of every word; words repeat
def _unprefixed(word: str) -> tuple[str, ...]:
    """The word and what it is once a conjunction/preposition clitic is taken off."""
    forms = [word]
    forms += [word[len(p) :] for p in _CLITICS if word.startswith(p) and len(word) > len(p) + 1]
    if word.startswith("لل") and len(word) > 3:
        forms.append("ا" + word[1:])
    return tuple(forms)


@lru_cache(maxsize=WORD_CACHE)
def _reporting_verb(word: str) -> str | None:
    """The reporting verb ``word`` is, with a conjunction or preposition clitic or none ("وأضافت")."""
    return next((f for f in _unprefixed(word)[:3] if f in tables().reporting_verbs), None)


def _gap(text: str, words: list[Word], i: int) -> str:
    """The characters between word i-1 and word i."""
    return text[words[i - 1].end : words[i].start] if i > 0 else ""


def _typed_names(words: list[Word], text: str) -> list[Find]:
    finds = []
    for i, word in enumerate(words):
        for form in _unprefixed(word.text):
            two = f"{form} {words[i + 1].text}" if i + 1 < len(words) else ""
            typed = tables().type_words.get(two) or tables().type_words.get(form)
            if typed:
                skip = 2 if two in tables().type_words else 1
                start = word.end - len(form)
                find = _typed_name(words, text, i + skip, typed, start)
                if find and (find.to or _cited_here(words, text, i, find.end)):
                    finds.append(find)
                break
    return finds


def _cited_here(words: list[Word], text: str, i: int, end: int) -> bool:
    """Whether the outlet a type word at word i introduces is cited, not merely named.

    "قالت صحيفة "أس" إن" and "في تصريح لصحيفة" cite it; "هدد بمقاضاة محطة "ميدياسيت""
    and "بث برنامج على قناة" name it.  Known outlets and agencies are cited wherever named.
    """
    before = words[max(0, i - 3) : i]
    if any(_reporting_verb(w.text) for w in before) or _cue_pattern().search(text, before[0].start if before else 0, words[i].start):
        return True
    if words[i].text.startswith(("ل", "عن")) or (before and before[-1].text in ("عن", "ل")):
        return True
    after = [w for w in words[i + 1 : i + 12] if w.start >= end and not _is_origin_adjective(w.text)]
    return bool(after) and after[0].text in tables().speech_followers or ":" in text[end : end + 3]


def _typed_name(words: list[Word], text: str, i: int, typed: tuple[str, bool], start: int) -> Find | None:
    kind, strict = typed
    named = _name_after(words, text, i)
    if named is None:
        return None
    name_start, name_end, name, marked = named
    if not any(c.isalpha() for c in name):  # "قناة 70%": a number, not a name
        return None
    source = known_source(name)
    if strict and not (marked or source):
        return None
    if not source and (name in tables().institutions or name.split()[0] in tables().boundaries):
        return None
    end = name_end + 1 if text[name_end : name_end + 1] == '"' else name_end
    if source:
        return Find(start, end, source.kind, source.name)
    return Find(start, end, kind, name=(name_start, name_end))


def _name_after(words: list[Word], text: str, i: int) -> tuple[int, int, str, bool] | None:
    """(start, end, folded name, quoted-or-Latin) of the name starting at word i, or None."""
    if i >= len(words) or _PUNCT.search(_gap(text, words, i).replace('"', "")):
        return None
    if '"' in _gap(text, words, i):
        close = text.find('"', words[i].start)
        if 0 < close - words[i].start <= 60:
            return words[i].start, close, " ".join(text[words[i].start : close].split()), True
    if _LATIN.fullmatch(words[i].text):
        j = i + 1
        while j < len(words) and _LATIN.fullmatch(words[j].text) and not _gap(text, words, j).strip():
            j += 1
        return words[i].start, words[j - 1].end, " ".join(w.text for w in words[i:j]), True
    taken = _arabic_name(words, text, i)
    if not taken:
        return None
    return words[i].start, words[taken[-1]].end, " ".join(words[k].text for k in taken), False


def _arabic_name(words: list[Word], text: str, i: int) -> list[int]:
    """Indices of up to four name words, with trailing adjectives of origin (الأمريكية) dropped."""
    taken: list[int] = []
    for j in range(i, min(i + _NAME_WORDS, len(words))):
        word = words[j].text
        if word in tables().boundaries or _is_reporting_verb(word) or (taken and _PUNCT.search(_gap(text, words, j))):
            break
        taken.append(j)
    while len(taken) > 1 and _is_origin_adjective(words[taken[-1]].text):
        taken.pop()
    if taken and known_source(" ".join(words[k].text for k in taken)) is None:
        for size in range(len(taken) - 1, 0, -1):  # "رويترز" inside "رويترز اليوم الخبر"
            if known_source(" ".join(words[k].text for k in taken[:size])):
                return taken[:size]
    return taken


def _is_origin_adjective(word: str) -> bool:
    return word.startswith("ال") and word.endswith(("يه", "ي", "يون", "يين")) and known_source(word) is None


def _is_reporting_verb(word: str) -> bool:
    return any(form in tables().reporting_verbs for form in _unprefixed(word))


# 3. subjects of reporting verbs -------------------------------------------------------------


def _verb_subjects(words: list[Word], text: str, named: _People) -> list[Find]:
    finds = []
    for i, word in enumerate(words):
        verb = _reporting_verb(word.text)
        if verb is None or verb in _RELAY_VERBS and not _relays(words, i):
            continue
        j = i + 1
        while j < len(words) and j <= i + 2 and words[j].text in _TIME_WORDS:
            j += 1
        if j < len(words) and not _PUNCT.search(_gap(text, words, j).replace('"', "")):
            speaks = verb in tables().person_verbs
            find = _subject(words, text, j, person=speaks, verb=verb) or named.person_near(words, j)
            if find:
                finds.append(find)
    return finds


def _relays(words: list[Word], i: int) -> bool:
    """Whether the نقل at word i reports ("نقلت صحيفة هآرتس عن مسؤول"): عن follows within eight words."""
    return any(w.text == "عن" for w in words[i + 1 : i + 9])


def _subject(words: list[Word], text: str, j: int, person: bool, verb: str = "") -> Find | None:
    """The source that word j starts: a known name, an unnamed source, an official or a person."""
    word = words[j].text
    pair = f"{word} {words[j + 1].text}" if j + 1 < len(words) else ""  # none after the last word
    known = _known_at(words, j) or (_known_at(words, j + 1) if word in _CORRESPONDENT else None)
    if known:
        return Find(words[j].start, known.end, known.kind, known.to)
    if '"' in _gap(text, words, j):  # "قالت "مكدونالدز" إن" names an organisation; a longer quote is the words said
        quoted = _quoted_name(words, text, j) if verb not in _NOT_SPEECH else None
        return Find(quoted[0], quoted[1] + 1, "official", name=quoted) if quoted else None
    if word in tables().type_words or pair in tables().type_words:
        return None  # pass 2 reads typed names
    if word in tables().unnamed_heads or word in tables().cue_only_heads:
        return _unnamed_phrase(words, text, j, bare=True)
    if word in tables().official_titles or pair in tables().official_titles:
        return _phrase(words, text, j, _OFFICIAL_WORDS, "official")
    if word in tables().institutions or pair in tables().institutions:
        return _institution(words, text, j)
    if word in tables().states or pair in tables().states:
        return Find(words[j].start, words[j + (pair in tables().states)].end, "official")
    return _person(words, text, j) if person else None


def _known_at(words: list[Word], j: int) -> Find | None:
    """The longest known agency/outlet name (ambiguous ones too) that starts at word j."""
    for size in range(min(_NAME_WORDS, len(words) - j), 0, -1):
        source = known_source(" ".join(w.text for w in words[j : j + size]))
        if source:
            return Find(words[j].start, words[j + size - 1].end, source.kind, source.name)
    return None


def _phrase(words: list[Word], text: str, j: int, limit: int, kind: str) -> Find:
    """Word j and what follows it up to a boundary word, punctuation or ``limit`` words."""
    last = j
    for k in range(j + 1, min(j + limit, len(words))):
        if words[k].text in tables().boundaries or _is_reporting_verb(words[k].text) or _is_participle(words[k].text):
            break
        if _PUNCT.search(_gap(text, words, k)) or words[k].text.startswith("ل") and _is_typed(words[k].text):
            break
        last = k
    return Find(words[j].start, words[last].end, kind)


def _institution(words: list[Word], text: str, j: int) -> Find:
    """An institution's name: the head and the definite words after it (وزارة الخارجية الروسية).

    Stopping at the first indefinite word keeps "أعلن معهد الإدارة العامة أسماء…" to the institute.
    """
    quoted = _quoted_name(words, text, j + 1)
    if quoted:  # "أعلنت شركة "غوغل"": the institution is the quoted name
        return Find(words[j].start, quoted[1] + 1, "official", name=quoted)
    last = j
    for k in range(j + 1, min(j + _NAME_WORDS + 1, len(words))):
        word = words[k].text
        if not word.startswith(("ال", "لل")) or word in tables().boundaries or _PUNCT.search(_gap(text, words, k)):
            break
        last = k
    return Find(words[j].start, words[last].end, "official")


def _quoted_name(words: list[Word], text: str, k: int) -> tuple[int, int] | None:
    """(start, end) of a name in quotes opening right before word k, at most four words long."""
    if k >= len(words) or _gap(text, words, k).strip() != '"':
        return None
    close = text.find('"', words[k].start)
    if close < 0 or text.count(" ", words[k].start, close) >= _NAME_WORDS:
        return None
    return words[k].start, close


def _is_typed(word: str) -> bool:
    return any(form in tables().type_words for form in _unprefixed(word))


def _person(words: list[Word], text: str, j: int) -> Find | None:
    """A name of one to four words right after a speech verb, followed by what follows a speaker."""
    first = words[j].text
    if first.startswith(("ال", "لل")) or first in tables().boundaries or _LATIN.fullmatch(first):
        return None  # "وقال للصحافيين": a preposition and an article never open a name
    if _is_participle(first) or _is_reporting_verb(first):
        return None
    for k in range(j, min(j + _NAME_WORDS, len(words))):
        if k > j and (words[k].text in tables().boundaries or _PUNCT.search(_gap(text, words, k))):
            return Find(words[j].start, words[k - 1].end, "person") if _speaker_follows(words, text, k) else None
        if words[k].text in tables().speech_followers:
            return Find(words[j].start, words[k - 1].end, "person") if k > j else None
    return None


def _is_participle(word: str) -> bool:
    """"مضيفا"، "موجها": an adverbial participle after a speaker, never part of a name."""
    return len(word) >= 4 and word.startswith("م") and word.endswith("ا")


def _speaker_follows(words: list[Word], text: str, k: int) -> bool:
    """Whether what comes at word k is what follows a speaker: إن/أن, a colon, a quote, "لوكالة"."""
    gap = _gap(text, words, k)
    word = words[k].text
    return word in tables().speech_followers or any(c in gap for c in ':،,"') or _is_typed(word)


# 4. objects of citing phrases -----------------------------------------------------------------


@cache
def _cue_pattern() -> re.Pattern[str]:
    parts = []
    for cue in tables().cues:
        body = re.escape(cue).replace(r"\ ", r"\s+")
        parts.append(body if cue.endswith(" ل") else body + r"(?![^\W_])")
    return re.compile(rf"(?<![^\W_])[وف]?(?:{'|'.join(parts)})")


def _cue_objects(words: list[Word], text: str, named: _People) -> list[Find]:
    finds = []
    starts = [w.end for w in words]
    for match in _cue_pattern().finditer(text):
        k = next((n for n, end in enumerate(starts) if end > match.end()), None)
        if k is None:
            continue
        first = words[k]
        if first.start < match.end():  # the cue took the ل of "لمصادر" / "للمرصد"
            rest = text[match.end() : first.end]
            contracted = rest.startswith("ل")  # "للتقارير": ل + التقارير, the alef elided
            first = Word("ا" + rest if contracted else rest, match.end() + contracted, first.end)
        seq = [first, *words[k + 1 : k + 12]]
        if seq[0].text in tables().unnamed_bare:
            finds.append(_unnamed_phrase(seq, text, 0, bare=True))
        elif seq[0].text != "ما":
            takes_clause = match.group().rstrip().endswith(("ما", "كما"))  # "حسبما أفاد", "كما أدار"
            find = _subject(seq, text, 0, person=False) or (None if takes_clause else named.person_at(seq))
            if find:
                finds.append(find)
    return finds


class _People:
    """The person names the recogniser found (folded offsets), and which name each of their words is part of."""

    def __init__(self, folded: Folded, spans: Sequence[tuple[int, int]], text: str) -> None:
        self.spans = [(bisect_left(folded.origin, s), bisect_left(folded.origin, e)) for s, e in spans]
        self.names: dict[str, str] = {}  # folded word -> the fullest name written with it
        for (start, end), (original_start, original_end) in zip(self.spans, spans, strict=True):
            name = " ".join(text[original_start:original_end].split())
            for word in _WORD.findall(folded.text[start:end]):
                for form in (word, word.removeprefix("ال")):
                    if len(form) >= 3 and len(name) > len(self.names.get(form, "")):
                        self.names[form] = name

    def person_at(self, seq: list[Word]) -> Find | None:
        """The person a cue's object names: a found name starting at its first word, or a word of one."""
        first = seq[0]
        fuller = self.names.get(first.text) or self.names.get(first.text.removeprefix("ال"))
        for start, end in self.spans:
            if start <= first.start < end:
                last = max((w for w in seq if w.start < end), key=lambda w: w.end)
                alone = last is first  # a family name alone: cite the full name written elsewhere
                return Find(first.start, min(last.end, end), "person", fuller if alone else None)
        return Find(first.start, first.end, "person", fuller) if fuller else None

    def person_near(self, words: list[Word], j: int) -> Find | None:
        """A person found at word j, or right after a definite descriptor there ("المخرج عامر المري")."""
        for k in (j, j + 1):
            span = next(((s, e) for s, e in self.spans if k < len(words) and s <= words[k].start < e), None)
            if span is None:
                continue
            if k > j and not (words[j].text.startswith("ال") and words[j].text not in tables().boundaries):
                return None
            end = max(w.end for w in words[k : k + _NAME_WORDS] if w.start < span[1])
            return Find(words[j].start, min(end, span[1]), "person", name=(words[k].start, min(end, span[1])))
        return None


# 5. unnamed sources ---------------------------------------------------------------------------


def _unnamed(words: list[Word], text: str) -> list[Find]:
    finds = []
    for i, word in enumerate(words):
        for form in _unprefixed(word.text):
            if form in tables().unnamed_heads:
                find = _unnamed_phrase(words, text, i, bare=False)
                if find:
                    finds.append(Find(word.end - len(form), find.end, "unnamed"))
                break
    return finds


def _unnamed_phrase(words: list[Word], text: str, j: int, bare: bool) -> Find | None:
    """The head (مصادر) and the qualifiers after it (مطلعة، أمنية عراقية); None if bare is not allowed."""
    end, k = words[j].end, j + 1
    while k < len(words) and not _PUNCT.search(_gap(text, words, k)):
        ahead = " ".join(w.text for w in words[k : k + 6])
        if k > j + 1 and ahead.startswith("ال"):  # "وسائل الإعلام التركية": a qualifier agrees in definiteness
            ahead = ahead[2:]
        qualifier = next((q for q in tables().unnamed_qualifiers if ahead == q or ahead.startswith(q + " ")), None)
        if qualifier is None:
            break
        k += qualifier.count(" ") + 1
        end = words[k - 1].end
    if end == words[j].end and not bare:
        return None
    return Find(words[j].start, end, "unnamed")


# 6. anaphora ----------------------------------------------------------------------------------


def _with_anaphora(finds: list[Find], words: list[Word], text: str) -> list[Find]:
    """Add "وأضافت الصحيفة"-style subjects, resolved to the last outlet or agency named before them."""
    taken = [(f.start, f.end) for f in finds]
    added = []
    for i, word in enumerate(words[:-1]):
        subject = words[i + 1]
        kind = _anaphor_kind(subject.text)
        if kind is None or not _reporting_verb(word.text) or _PUNCT.search(_gap(text, words, i + 1)) or _overlaps(subject, taken):
            continue
        before = [f for f in finds if f.end <= subject.start and f.kind == kind]
        antecedent = next((f for f in reversed(before) if _same_medium(subject.text[2:], f, text)), None)
        if antecedent:
            name = antecedent.name or (antecedent.start, antecedent.end)
            added.append(Find(subject.start, subject.end, kind, antecedent.to, name=name))
    return sorted(finds + added, key=lambda f: f.start)


def _anaphor_kind(word: str) -> str | None:
    """The kind a definite type word refers back to ("الصحيفة" -> outlet), or None."""
    if not word.startswith("ال"):
        return None
    typed = tables().type_words.get(word[2:])
    return typed[0] if typed else None


# Type words that name the same medium: "الصحيفة" may refer back to a جريدة, never to a قناة.
_MEDIA = ({"صحيفه", "جريده", "يوميه", "اسبوعيه"}, {"قناه", "تلفزيون", "التلفزيون", "محطه", "شبكه"})


def _same_medium(anaphor: str, antecedent: Find, text: str) -> bool:
    """Whether the antecedent was introduced by a type word of the anaphor's medium, or by none."""
    introduced = text[antecedent.start : antecedent.end].split(maxsplit=1)[0]
    if introduced not in tables().type_words or introduced == anaphor:
        return True
    return any(anaphor in medium and introduced in medium for medium in _MEDIA)


def _overlaps(word: Word, spans: list[tuple[int, int]]) -> bool:
    return any(start < word.end and word.start < end for start, end in spans)
