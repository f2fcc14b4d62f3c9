"""Build the resolver's organisation alias table from the news text in ../shared/data.

News introduce a body once by its full name and then by a short form in brackets:
«منظمة البلدان المصدرة للبترول (أوبك)», «الهيئة الوطنية لمكافحة الفساد (نزاهة)»,
«مجموعة العمل المالي (FATF)».  Each such pair, counted over many articles, says that the
two names are one body.  A short form whose full names differ in wording
(«وكالة الفضاء الأميركية» / «الإدارة الوطنية للطيران والفضاء» beside «ناسا») joins them too.

For each short form seen in round brackets (quotes mark titles, not names), the full name is
the run of at least two words before the bracket that opens with an organisation's head
word (منظمة، هيئة، حركة، الاتحاد…) and is seen most often, at least ``MIN_PAIRS`` times from
``MIN_OUTLETS`` outlets on ``MIN_DAYS`` days (one outlet's template, or one wire item copied
by many outlets, proves nothing).  Other runs of at least
three words and a quarter of that count are kept as paraphrases.  A run that holds a
function word (stopwords-iso, «في» aside: «مجلس الوزراء على نتائج…», «الشركة أن…») or a
word that introduces a title («بعنوان», «مسمى») is a piece of a sentence, and one that opens
with «و» is the second of two bodies listed (as is a run holding «والجمعية»).  A
short form that holds a function word («الجزء الأول»), opens with a head word («البنك
المركزي»: a description, not a name), joins words with «و» («الخامس والعشرين»), or, in two
words or more, repeats a word of its full name («الهيئة العامة للغذاء والدواء (الغذاء المستورد)»: a gloss) is skipped.  A
name claimed by two bodies is left out, as the place table does, so the table only ever
joins names that mean one body.

Read (train parts only, so that no evaluation text shapes the table):
  * ANT v1.1 JawharaFM and ANT v2.1 multi-source, train split (Apache-2.0);
  * SaudiNewsNet July 2015 (CC BY-NC-SA 4.0), without the days the events gold uses
    (25–26 Jul dev, 1–2 Aug test);
  * the stopwords-iso Arabic list (MIT) for function words.
The table holds names only (facts about what a body is called), one row per name.

Writes ``marsad/entities/data/org_aliases.tsv`` (id, name, pairs seen).

    python scripts/build_org_aliases.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from marsad.entities.names import parse_name  # noqa: E402
from marsad.text.normalize import normalize_ar  # noqa: E402

SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "marsad" / "entities" / "data" / "org_aliases.tsv"
GOLD_DAYS = ("2015-07-25", "2015-07-26", "2015-08-01", "2015-08-02")
MIN_PAIRS = 3
MIN_OUTLETS = 2
MIN_DAYS = 2
MAX_WORDS = 8  # the longest full name looked for before a bracket
# The first word of an organisation's full name (after a clitic ل/و/ب/ف and ال are taken
# off): bodies, companies, agencies, movements, councils.  A run of words opening with
# anything else («في برنامج»، «على موقع»، «في حزيران») is not a body's name.
HEADS = frozenset(
    [
        "منظمة",
        "هيئة",
        "حركة",
        "اتحاد",
        "حلف",
        "مجلس",
        "مؤسسة",
        "وكالة",
        "شركة",
        "صندوق",
        "مركز",
        "برنامج",
        "جمعية",
        "حزب",
        "جبهة",
        "بنك",
        "مصرف",
        "سوق",
        "مجموعة",
        "وزارة",
        "إدارة",
        "ادارة",
        "رابطة",
        "نقابة",
        "لجنة",
        "جامعة",
        "معهد",
        "محكمة",
        "تنظيم",
        "جماعة",
        "تحالف",
        "ائتلاف",
        "قوات",
        "جيش",
        "دائرة",
        "مكتب",
        "مصلحة",
        "سلطة",
        "مفوضية",
        "منتدى",
        "أكاديمية",
        "اكاديمية",
        "جهاز",
        "غرفة",
        "بورصة",
        "مجمع",
    ]
)
TITLE_WORDS = frozenset(["بعنوان", "عنوان", "مسمى", "المسمى", "يسمى", "تسمى", "باسم"])
ARABIC = r"\u0621-\u064a\u0671-\u06d3"
BRACKETED = re.compile(
    rf"((?:[{ARABIC}\u064b-\u0652\u0640]+[\s،]+){{1,{MAX_WORDS}}}?)"
    rf"\(\s*([{ARABIC}A-Za-z][{ARABIC}A-Za-z\.\- ]{{1,30}}?)\s*\)"
)
LATIN = re.compile(r"[A-Za-z]")


def texts(shared: Path) -> Iterator[tuple[str, str, str]]:
    """(outlet, day, body) of every article read (see the module's docstring)."""
    for corpus in (
        "classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz",
        "classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz",
    ):
        opener = gzip.open if corpus.endswith(".gz") else lzma.open
        with opener(shared / corpus, "rt", encoding="utf-8") as lines:
            for r in map(json.loads, lines):
                if r.get("split") == "train":
                    yield r["outlet"], str(r.get("published", ""))[:10], r["text"]
    saudi = shared / "corpus_saudinewsnet_jul2015" / "saudinewsnet_2015-07-21_08-04.jsonl.xz"
    with lzma.open(saudi, "rt", encoding="utf-8") as lines:
        for r in map(json.loads, lines):
            day = str(r.get("date_extracted", ""))[:10]
            if day not in GOLD_DAYS:
                yield r.get("source") or "", day, r.get("content") or ""


def head_word(word: str) -> str:
    """A word without one proclitic and the article: للاتحاد -> اتحاد, والهيئة -> هيئة."""
    if word.startswith("لل") and len(word) > 4:
        word = word[2:]
    elif word[:1] in "ولبف" and word[1:3] == "ال":
        word = word[1:]
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def function_words(shared: Path) -> frozenset[str]:
    """stopwords-iso's Arabic list, without «في», which names of bodies hold («الدولة الإسلامية في العراق»)."""
    lines = (shared / "stopwords_ar" / "stopwords-iso-ar.txt").read_text(encoding="utf-8").split()
    return frozenset(map(normalize_ar, lines)) - {"في"}


def bracket_pairs(text: str, stop: frozenset[str]) -> Iterator[tuple[str, str]]:
    """(full name candidate, short form) for each body-like run of words before a bracket."""
    for match in BRACKETED.finditer(text):
        short_words = match.group(2).split()
        words = match.group(1).replace("،", " ").split()
        if (
            not words
            or len(short_words) > 3
            or head_word(short_words[0]) in HEADS
            or short_words[0].startswith(("بال", "لل", "وال"))  # «(بالقدية)»: a place, with its clitic
            or any(w.startswith("و") for w in short_words[1:])  # «(الخامس والعشرين)»: a phrase
            or stop.intersection(map(normalize_ar, short_words))
        ):
            continue
        glossed = {head_word(w) for w in words} if len(short_words) > 1 else set()
        if glossed.intersection(head_word(w) for w in short_words):
            continue
        for start in range(len(words) - 1):
            run = words[start:]
            if stop.intersection(map(normalize_ar, run)) or TITLE_WORDS.intersection(run):
                continue
            listed = [w.startswith("و") and w not in HEADS and head_word(w) in HEADS for w in run]
            if head_word(run[0]) in HEADS and not any(listed):  # والهيئة is a second body; وكالة is one
                yield " ".join(run), " ".join(short_words)


def full_names(counts: dict[str, tuple[int, bool]]) -> list[str]:
    """The full names (the main one first) of one short form, from {candidate: (pairs, spread)}."""
    kept = {c: n for c, (n, spread) in counts.items() if n >= MIN_PAIRS and spread}
    if not kept:
        return []
    # Runs are the words before one bracket, so a longer run is never seen more often than
    # the shorter run it ends with: the most frequent is the name, a longer one of equal
    # count says the same name with more of its words.
    main = max(kept, key=lambda c: (kept[c], len(c.split())))
    others = [c for c, n in kept.items() if n * 4 >= kept[main] and len(c.split()) >= 3 and c != main]
    # A paraphrase is another wording, not the main name with words added to its front.
    others = [c for c in others if not c.endswith(" " + main)]
    return [main, *sorted(others, key=lambda c: (-kept[c], c))]


def build(shared: Path) -> list[tuple[str, str, int]]:
    """(id, name, pairs) rows: each body's short forms and full names under one id."""
    pairs: Counter[tuple[str, str]] = Counter()
    outlets: dict[tuple[str, str], set[str]] = defaultdict(set)
    days: dict[tuple[str, str], set[str]] = defaultdict(set)
    stop = function_words(shared)
    for outlet, day, text in texts(shared):
        for pair in bracket_pairs(text, stop):
            pairs[pair] += 1
            outlets[pair].add(outlet)
            days[pair].add(day)
    by_short: dict[str, dict[str, tuple[int, bool]]] = defaultdict(dict)
    for (full, short), n in pairs.items():
        spread = len(outlets[full, short]) >= MIN_OUTLETS and len(days[full, short]) >= MIN_DAYS
        by_short[short][full] = (n, spread)
    # Bodies: a short form and its full names; two short forms sharing a main full name
    # (الناتو / ناتو) are one body, named by that full name.
    bodies: dict[tuple[str, ...], set[tuple[str, int]]] = defaultdict(set)
    for short, counts in by_short.items():
        names = full_names(counts)
        if not names:
            continue
        body = parse_name(names[0], "ORG").keys
        bodies[body].add((names[0], counts[names[0]][0]))
        for name in names[1:]:
            bodies[body].add((name, counts[name][0]))
        if not LATIN.search(short):
            bodies[body].add((short, sum(n for n, _ in counts.values())))
    owners: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for body, names in bodies.items():
        for name, _ in names:
            owners[parse_name(name, "ORG").keys].add(body)
    rows = []
    for body, names in bodies.items():
        main = max(names, key=lambda item: (item[1], item[0]))[0]
        spellings: dict[tuple[str, ...], tuple[str, int]] = {}  # one row per name as the resolver reads it
        for name, count in sorted(names, key=lambda item: (-item[1], item[0])):
            keys = parse_name(name, "ORG").keys
            if owners[keys] == {body} and keys not in spellings:
                spellings[keys] = (name, count)
        if len(spellings) > 1:  # a body needs two names to join
            rows.extend((f"org:{main}", name, count) for name, count in spellings.values())
    return sorted(rows, key=lambda row: (row[0], -row[2], row[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.shared)
    header = (
        "# Names of one organisation per id, built by scripts/build_org_aliases.py; do not edit.\n"
        "# From «full name (short form)» pairs in ANT v1.1 and v2.1 (train split; Apache-2.0) and\n"
        "# SaudiNewsNet July 2015 (CC BY-NC-SA 4.0, without the events gold days).  id, name, pairs seen.\n"
    )
    args.out.write_text(header + "".join(f"{i}\t{n}\t{c}\n" for i, n, c in rows), encoding="utf-8")
    print(f"{len({r[0] for r in rows})} bodies, {len(rows)} names -> {args.out}")


if __name__ == "__main__":
    main()
