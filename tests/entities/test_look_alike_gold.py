"""The fresh look-alike resolution set points at real mentions in the public corpora it names."""

from __future__ import annotations

import gzip
import hashlib
import json
import lzma
from collections import Counter
from pathlib import Path

from conftest import shared_file

GOLD = Path(__file__).resolve().parents[2] / "eval" / "data" / "look_alike_names_test.tsv"
CORPORA = {
    "snj": ("corpus_saudinewsnet_jul2015/saudinewsnet_2015-07-21_08-04.jsonl.xz", "url", "content"),
    "sna": ("demo_corpus_saudinewsnet_aug2015/saudinewsnet_2015-08-10_11.jsonl.gz", "url", "content"),
    "ant": ("demo_corpus_ant_may2018/articles.jsonl.gz", "id", "text"),
}


def gold_rows() -> list[list[str]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_every_line_is_a_labelled_person_mention_and_groups_meet_look_alikes() -> None:
    rows = gold_rows()
    assert len(rows) >= 300
    assert all(len(r) == 5 and r[2] == "PER" and r[3].strip() and r[4].isdigit() for r in rows)
    groups = Counter(r[1] for r in rows)
    assert len(groups) >= 40
    # several spellings per person, and several people per family name
    spellings: dict[str, set[str]] = {}
    for r in rows:
        spellings.setdefault(r[1], set()).add(r[3])
    assert sum(len(s) >= 3 for s in spellings.values()) >= 15
    last_words = Counter(next(iter(s)).split()[-1] for s in spellings.values())
    assert sum(n >= 2 for n in last_words.values()) >= 8


def test_every_mention_is_where_the_gold_says_in_its_article() -> None:
    wanted: dict[str, list[tuple[str, int]]] = {}
    for article, _, _, mention, offset in gold_rows():
        wanted.setdefault(article, []).append((mention, int(offset)))
    seen = 0
    for prefix, (relative, key, body) in CORPORA.items():
        path = shared_file(relative)
        opener = lzma.open if relative.endswith(".xz") else gzip.open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                article = f"{prefix}:{hashlib.sha1(record[key].encode()).hexdigest()[:10]}"
                if article not in wanted:
                    continue
                text = (record.get("title") or "") + "\n" + (record.get(body) or "")
                for mention, offset in wanted.pop(article):
                    assert text[offset : offset + len(mention)] == mention, (article, mention)
                    seen += 1
    assert not wanted, f"articles not found: {sorted(wanted)[:5]}"
    assert seen == len(gold_rows())
