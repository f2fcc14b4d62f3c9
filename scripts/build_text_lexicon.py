"""Build marsad/text/data/{stopwords,kept_whole}.txt from the public corpora in ../shared/data.

Usage:
    python -m scripts.build_text_lexicon [--shared ../shared/data] [--min-count 5]

kept_whole.txt lists the words that begin with a proclitic letter (و ف ب ك ل)
but are not proclitic + word.  For a word w = c + r the corpus decides: w is
kept whole when it and its article form (ال + w) occur at least as often as
the remainder and its article form (r, ال + r).  وزير is kept (زير is rare),
وقال is not (قال is common).  A short hand-checked list adds the words whose
alef-lam belongs to the root (الله, الف, آلية...), which counts cannot tell
from the article.

Only the Apache-licensed ANT corpora are counted; the SaudiNewsNet corpus is
non-commercial and nothing derived from it ships.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from marsad.text.normalize import normalize_ar

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "marsad" / "text" / "data"
CORPORA = (
    "classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz",
    "classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz",
)
WORD_RE = re.compile(r"[\w\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")
PROCLITIC_LETTERS = "وفبكل"
# Found by reading the decisions on the 60 commonest words on each side of the
# line (وقال, واضاف, وكانت split; وزير, لقاء, ورقة, فكرة kept).
RARE_REMAINDER = 0.05
TAKES_ARTICLE = 0.05
# Alef-lam that is part of the word, hand-checked: counts cannot separate these
# from the article (الله would otherwise lose its first two letters and become له).
ROOT_ALEF_LAM = (
    "الله", "اللهم", "الف", "الاف", "الفا", "الم", "الام", "اله", "الات", "اليه", "اليات",
    "الماني", "المانيا", "المانيه", "الباني", "البانيا", "الفي", "الفيه", "الية", "لله",
    # Counts get these wrong (ولي العهد is not و + لي), also hand-checked.
    "ولي", "وليه",
)  # fmt: skip


def read_texts(shared: Path) -> Iterator[str]:
    """Titles and bodies of every article of the counted corpora."""
    for relative in CORPORA:
        path = shared / relative
        opener = gzip.open if path.suffix == ".gz" else lzma.open
        with opener(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield (record.get("title") or "") + "\n" + (record.get("text") or "")


def count_words(texts: Iterator[str]) -> Counter[str]:
    """Frequencies of normalised words (normalising each distinct surface once)."""
    surfaces: Counter[str] = Counter()
    for text in texts:
        surfaces.update(WORD_RE.findall(text))
    counts: Counter[str] = Counter()
    for surface, n in surfaces.items():
        counts[normalize_ar(surface)] += n
    return counts


def is_kept_whole(word: str, counts: Counter[str]) -> bool:
    """Whether the corpus says ``word`` is one word rather than its first letter + a word.

    Either the remainder (with or without the article) is rare next to the word
    (وزير: زير), or the word itself takes the article, which a proclitic + word
    cannot (الوزارة, اللقاء: so لقاء is not ل + قاء).
    """
    rest = "ال" + word[2:] if word.startswith("لل") else word[1:]  # ل + ال is written لل
    whole = counts[word] + counts["ال" + word]
    split = counts[rest] + counts["ال" + rest]
    return split < RARE_REMAINDER * whole or counts["ال" + word] >= max(2, TAKES_ARTICLE * counts[word])


def kept_whole(counts: Counter[str], min_count: int) -> list[str]:
    """Frequent words starting with a proclitic letter that the corpus keeps whole."""
    words = [
        w
        for w, n in counts.items()
        if n >= min_count and len(w) >= 4 and w[0] in PROCLITIC_LETTERS and w.isalpha()
    ]
    # للقاء is ل + لقاء, not ل + ال + قاء: a لل word whose tail is a word is not kept.
    words = [w for w in words if not (w.startswith("لل") and counts[w[1:]] >= counts[w])]
    return sorted(w for w in words if is_kept_whole(w, counts))


def stopword_lines(shared: Path) -> list[str]:
    """The stopwords-iso Arabic list, normalised and deduplicated."""
    raw = (shared / "stopwords_ar" / "stopwords-iso-ar.txt").read_text(encoding="utf-8")
    words = {normalize_ar(w.strip()) for w in raw.splitlines()}
    return sorted(w for w in words if w and not w.isdigit() and any(c.isalpha() for c in w))


def write_list(path: Path, header: list[str], words: list[str]) -> None:
    """Write one word a line after ``#`` header lines."""
    lines = [f"# {line}" for line in header] + words
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=5)
    args = parser.parse_args()
    counts = count_words(read_texts(args.shared))
    kept = sorted(set(kept_whole(counts, args.min_count)) | {normalize_ar(w) for w in ROOT_ALEF_LAM})
    write_list(
        DATA / "kept_whole.txt",
        [
            "Words that begin with a proclitic letter but are not proclitic + word (normalised).",
            "Generated by scripts/build_text_lexicon.py from the ANT v1.1 and v2.1 corpora",
            f"(Apache-2.0, Chouigui et al.); {sum(counts.values())} tokens counted, min count {args.min_count}.",
        ],
        kept,
    )
    write_list(
        DATA / "stopwords.txt",
        [
            "Arabic stop words: stopwords-iso/stopwords-ar (MIT, github.com/stopwords-iso),",
            "normalised with normalize_ar; generated by scripts/build_text_lexicon.py.",
        ],
        stopword_lines(args.shared),
    )
    print(f"{len(counts)} distinct words; kept whole: {len(kept)}")


if __name__ == "__main__":
    main()
