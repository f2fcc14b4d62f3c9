"""Readers for the public NER corpora the recogniser is trained and measured on.

Each reader returns sentences as ``(tokens, tags)`` with IOB2 tags in our type set
(PER ORG LOC PRODUCT EVENT MISC); the mapping from each corpus's own types is data
(``data/corpus_types.json``) so that it can be read and argued about.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from marsad.entities.tokens import fold

Sentence = tuple[list[str], list[str]]

_DATA = Path(__file__).resolve().parent / "data"
_INVISIBLE = "\u200e\u200f\ufeff"


@cache
def corpus_types() -> dict[str, dict[str, str]]:
    """Per corpus, its entity type -> ours; a type missing from the map becomes O."""
    return json.loads((_DATA / "corpus_types.json").read_text(encoding="utf-8"))


def map_tag(tag: str, types: dict[str, str]) -> str:
    """Translate one IOB tag through ``types``; unknown types become O."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, _, kind = tag.partition("-")
    ours = types.get(kind)
    return f"{prefix}-{ours}" if ours else "O"


def repair_iob(tags: list[str]) -> list[str]:
    """Turn an I- tag that follows nothing of its type into B- (IOB1 habits, mapped-away types)."""
    fixed = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or fixed[i - 1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        fixed.append(tag)
    return fixed


def _blocks(path: Path, separator: str | None) -> Iterator[list[list[str]]]:
    """Blank-line separated blocks of split lines, invisible marks removed."""
    block: list[list[str]] = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip().translate({ord(c): None for c in _INVISIBLE})
        if not line:
            if block:
                yield block
            block = []
            continue
        parts = line.split(separator)
        if len(parts) >= 2 and parts[0]:
            block.append(parts)
    if block:
        yield block


def read_anercorp(path: Path) -> list[Sentence]:
    """ANERcorp split file (``token TAG``), PERS renamed PER."""
    types = corpus_types()["anercorp"]
    return [
        ([p[0] for p in block], repair_iob([map_tag(p[1], types) for p in block]))
        for block in _blocks(path, None)
    ]


def read_newsfane(path: Path) -> list[Sentence]:
    """NewsFANE Gold (``token<TAB>TAG``, 45 fine types) mapped to our coarse types."""
    types = corpus_types()["newsfane"]
    return [
        ([p[0] for p in block], repair_iob([map_tag(p[1], types) for p in block]))
        for block in _blocks(path, "\t")
    ]


def read_wojood(path: Path) -> list[Sentence]:
    """Wojood sample (nested: outermost tag first); only the outermost layer is kept."""
    types = corpus_types()["wojood"]
    sentences = []
    for block in _blocks(path, None):
        rows = [p for p in block if p[0] != "$#$"]
        if rows:
            tags = repair_iob([map_tag(p[1], types) for p in rows])
            sentences.append(([p[0] for p in rows], tags))
    return sentences


# -- WikiFANE: clitic-segmented text back to whole words ------------------------------
# WikiFANE stands و ف ب ل ك and pronoun suffixes as tokens of their own («و اكبر»,
# «عاصمة ها»); ANERcorp, and the tokeniser that feeds the recogniser, keep words whole.
# Its segmenter also splits names that only start with those letters («و هران»), which
# rejoining mends.  ي and ني are left alone: in encyclopaedic text a lone ي is more often
# a letter or a fragment than a first-person suffix.
WIKIFANE_PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك"})
WIKIFANE_SUFFIXES = frozenset({"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا"})
_ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")


def rejoin_clitics(tokens: list[str], tags: list[str]) -> Sentence:
    """Whole words from clitic-segmented tokens; a joined word takes its first entity tag.

    A proclitic joins the next word (ل before the article drops the alef: ل الكتاب -> للكتاب),
    a pronoun suffix the word before it (a final ة becomes ت, ى becomes ي: عاصمة ها -> عاصمتها).
    """
    words: list[str] = []
    labels: list[str] = []
    prefix, prefix_tag = "", "O"
    for token, tag in zip(tokens, tags, strict=True):
        arabic = bool(_ARABIC_WORD.match(token))
        if arabic and token in WIKIFANE_SUFFIXES and not prefix and words and _ARABIC_WORD.match(words[-1]):
            stem = words[-1]
            stem = stem[:-1] + "ت" if stem.endswith("ة") else stem[:-1] + "ي" if stem.endswith("ى") else stem
            words[-1] = stem + token
            if labels[-1] == "O" and tag != "O":
                labels[-1] = tag
            continue
        if arabic and token in WIKIFANE_PROCLITICS:
            prefix += token
            if prefix_tag == "O":
                prefix_tag = tag
            continue
        if prefix:
            if not arabic:  # a lone letter before punctuation or digits stays a token
                words.append(prefix)
                labels.append(prefix_tag)
            else:
                if prefix.endswith("ل") and token.startswith("ال") and len(token) > 2:
                    token = token[1:]
                token = prefix + token
                tag = prefix_tag if prefix_tag != "O" else tag
            prefix, prefix_tag = "", "O"
        words.append(token)
        labels.append(tag)
    if prefix:
        words.append(prefix)
        labels.append(prefix_tag)
    return words, labels


def read_wikifane(path: Path) -> list[Sentence]:
    """WikiFANE Gold (gzipped ``token<TAB>TAG``, ACE fine classes) as whole words in our types."""
    import gzip

    types = corpus_types()["wikifane"]
    sentences = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        block: list[list[str]] = []
        for raw in [*handle, ""]:
            parts = raw.strip().split("\t")
            if parts[0]:
                block.append(parts if len(parts) > 1 else [parts[0], "O"])
                continue
            if block:
                tokens, tags = rejoin_clitics([p[0] for p in block], [p[1] for p in block])
                sentences.append((tokens, repair_iob([map_tag(t, types) for t in tags])))
            block = []
    return sentences


def wikifane_split(sentences: list[Sentence], block: int = 50) -> dict[str, list[Sentence]]:
    """Our split of WikiFANE: runs of ``block`` sentences (about one article) by a hash of their text.

    The corpus publishes no split.  Whole runs move together, so an article's names do not
    sit on both sides; a run whose hash ends in 0 is test, 1 dev, anything else train.
    """
    import hashlib

    split: dict[str, list[Sentence]] = {"train": [], "dev": [], "test": []}
    for start in range(0, len(sentences), block):
        run = sentences[start : start + block]
        text = " ".join(" ".join(tokens) for tokens, _ in run)
        digit = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 10
        split["test" if digit == 0 else "dev" if digit == 1 else "train"].extend(run)
    return split


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` of an IOB2 tag sequence, conlleval-style."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == kind
        if start >= 0 and not inside:
            found.add((start, i, kind))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and not inside):
            start, kind = i, tag[2:]
    return found


# -- NewsFANE <-> ANERcorp ------------------------------------------------------------
# NewsFANE re-annotates ANERcorp's text with its own tokenisation, so sentences are
# matched on their letters alone (folded, ة = ه, no digits or punctuation).
_NOT_LETTER = re.compile(r"[^\u0621-\u064A\w]|[\d_]")
_GRAM = 24  # letters; long enough that a shared 24-letter run means shared text


def letters(token: str) -> str:
    """The token's letters only, folded, so that the two corpora's spellings compare."""
    return _NOT_LETTER.sub("", fold(token)).replace("ة", "ه")


def letter_grams(text: str) -> set[str]:
    """Every run of ``_GRAM`` letters in ``text``."""
    return {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}


def side_of(sentence: list[str], train_grams: set[str], test_grams: set[str]) -> str:
    """Which ANERcorp split a sentence belongs to: "test" if any letter run occurs there, else "train"/"none"."""
    grams = letter_grams("".join(letters(t) for t in sentence))
    if grams & test_grams:
        return "test"
    return "train" if grams & train_grams else "none"


def project_types(
    target: list[Sentence], source: list[Sentence], kinds: frozenset[str], replace: frozenset[str]
) -> int:
    """Copy ``source``'s entities of ``kinds`` onto the same text in ``target`` (changed in place).

    A source entity is located by its letters and those of its neighbours; it is
    copied only where the target has a tag in ``replace`` (O, MISC) on every token it
    covers, and only when the place is found exactly once.  Returns how many were copied.
    """
    stream, owner = _letter_stream(target)
    copied = 0
    for tokens, tags in source:
        for start, end, kind in sorted(spans(tags)):
            if kind not in kinds:
                continue
            left = "".join(letters(t) for t in tokens[max(0, start - 3) : start])
            name = "".join(letters(t) for t in tokens[start:end])
            right = "".join(letters(t) for t in tokens[end : end + 3])
            found = stream.find(left + name + right)
            if not name or found < 0 or stream.find(left + name + right, found + 1) >= 0:
                continue
            covered = sorted({owner[k] for k in range(found + len(left), found + len(left) + len(name))})
            if all(target[s][1][i] == "O" or target[s][1][i][2:] in replace for s, i in covered):
                for n, (s, i) in enumerate(covered):
                    target[s][1][i] = ("B-" if n == 0 else "I-") + kind
                copied += 1
    return copied


def _letter_stream(sentences: list[Sentence]) -> tuple[str, list[tuple[int, int]]]:
    """All letters of ``sentences`` in a row, and for each letter its (sentence, token)."""
    parts: list[str] = []
    owner: list[tuple[int, int]] = []
    for s, (tokens, _) in enumerate(sentences):
        for i, token in enumerate(tokens):
            text = letters(token)
            parts.append(text)
            owner.extend([(s, i)] * len(text))
    return "".join(parts), owner
