"""Pairwise precision and recall of entity resolution on spelling variants and look-alike names.

Two sets:

* silver: ``../shared/data/name_variants/derived_variant_clusters_by_english_key.tsv``,
  Arabic spellings grouped by the English name they transliterate (Wikidata, Google's
  Wikipedia names, ANETAC).  Groups that share a spelling (after the standard
  normalisation of hamza seats, ى/ي, tatweel and marks) are joined, and a group's
  spellings all take its most common type (PER, ORG or LOC).  Silver: a few
  groups hold a wrong or clitic-carrying spelling, which caps recall below 1.  Each
  spelling is one mention in an article of its own, so nothing but the name decides.
* look-alikes, dev: ``eval/data/look_alike_names.tsv``, made by hand: spellings of one person
  (أفيف كوخافي / أفيفي خوكافي / أفيف كوفاخي / الجنرال كوخافي) beside different people whose
  names look alike (ران كوخاف, محمد عباس / محمود عباس, حسن / حسين نصر الله, كيم جونغ أون / إيل).
* look-alikes, test (``--split test``): ``eval/data/look_alike_names_test.tsv``, mentions as
  written in real articles of SaudiNewsNet (July and August 2015) and the ANT demo corpus,
  labelled by hand before the resolver's rules were changed for them: spellings of one
  person (إردوغان / اردوغان, سولي / سالي مونتاري, عبد ربه هادي منصور) beside look-alikes
  (آشتون / جيمي كارتر, محمد / هشام مرسي, عبدالله الثاني / ماجد عبدالله).  Read once, at the
  end of a piece of work, and logged in ``eval/TEST_READS.md``.

A pair of mentions is right when both sit in one entity and the gold says one entity.  The
look-alike sets are resolved as one batch (``resolve_many``: the same in any order); the silver
set one article at a time.
The resolver has no trained part; its rules were written before either set was scored.

    python eval/resolve.py                 # table (silver and the dev look-alikes)
    python eval/resolve.py --split test    # the fresh look-alike test set instead of the dev one
    python eval/resolve.py --json          # one JSON object
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.entities.resolve import EntityResolver  # noqa: E402
from marsad.entities.tokens import fold  # noqa: E402
from marsad.model import Mention  # noqa: E402

SHARED_DATA = REPO.parent / "shared" / "data"
SILVER = SHARED_DATA / "name_variants" / "derived_variant_clusters_by_english_key.tsv"
LOOK_ALIKES = REPO / "eval" / "data" / "look_alike_names.tsv"
LOOK_ALIKES_TEST = REPO / "eval" / "data" / "look_alike_names_test.tsv"
Item = tuple[str, str, str, str]  # article, gold entity, type, mention


def look_alikes(path: Path = LOOK_ALIKES) -> list[Item]:
    """A hand-labelled set, one item per mention (a fifth column, the offset, is not needed here)."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r[0], r[1], r[2], r[3]) for r in rows if len(r) in (4, 5) and not r[0].startswith("#")]


def silver(path: Path = SILVER) -> list[Item]:
    """One item per distinct spelling; groups sharing a spelling are joined (union-find)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    kinds: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            spellings = row["arabic_variants(|-separated)"].split("|")
            for spelling in spellings:
                # One written form belongs to one group: spellings equal after the standard
                # normalisation (hamza seats, ى/ي, tatweel, marks) join their groups.
                parent[root(spelling)] = root(fold(spellings[0]))
                parent[root(fold(spelling))] = root(fold(spellings[0]))
            sources = row["sources_per_variant"]
            kind = "LOC" if "LOCATION" in sources else "ORG" if "ORGANIZATION" in sources else "PER"
            for spelling in spellings:
                kinds.setdefault(spelling, kind)
    # One group is one name, so its mentions get one type (the most common among its spellings):
    # the resolver never joins a person with a place, and that is not what this set measures.
    votes: dict[str, Counter] = {}
    for spelling, kind in kinds.items():
        votes.setdefault(root(spelling), Counter())[kind] += 1
    group_kind = {group: min(count, key=lambda k: (-count[k], k)) for group, count in votes.items()}
    return [(f"s{i}", root(s), group_kind[root(s)], s) for i, s in enumerate(sorted(kinds))]


def resolve(items: list[Item], one_batch: bool = True) -> list[str]:
    """The entity id the resolver gives each item: all articles as one batch, or one article at a time.

    A batch is resolved in the same canonical order whatever the order of its articles;
    one at a time, articles come in the order of ``items``.
    """
    by_article: dict[str, list[int]] = {}
    for i, (article, *_rest) in enumerate(items):
        by_article.setdefault(article, []).append(i)
    batch = [
        (article, "", [Mention(items[i][3], items[i][2], 0, len(items[i][3])) for i in indexes])
        for article, indexes in by_article.items()
    ]
    resolver = EntityResolver()
    if one_batch:
        resolved = resolver.resolve_many(batch)
    else:
        resolved = [resolver.resolve(*article) for article in batch]
    found = [""] * len(items)
    for indexes, mentions in zip(by_article.values(), resolved, strict=True):
        for i, mention in zip(indexes, mentions, strict=True):
            found[i] = mention.entity or ""
    return found


def pairwise(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the gold one."""

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(zip(gold, predicted, strict=True)))
    predicted_pairs, gold_pairs = pairs(Counter(predicted)), pairs(Counter(gold))
    return both / max(predicted_pairs, 1), both / max(gold_pairs, 1)


def evaluate(split: str = "dev") -> dict[str, float]:
    """Pairwise precision and recall on the silver set and the look-alike set of ``split`` (dev or test)."""
    figures: dict[str, float] = {"split_is_test": float(split == "test")}
    chosen = look_alikes(LOOK_ALIKES_TEST if split == "test" else LOOK_ALIKES)
    # The silver spellings come one article at a time, sorted by spelling, as they always have:
    # nothing but the name decides, and its figures compare with the earlier ones.  (As one
    # batch they read P 0.7430, R 0.3209: the batch's canonical order builds other chains of
    # one-word spellings; see docs/entities.md.)
    for name, items, one_batch in (("silver", silver(), False), ("look_alike", chosen, True)):
        precision, recall = pairwise([i[1] for i in items], resolve(items, one_batch))
        figures |= {f"{name}_precision": precision, f"{name}_recall": recall, f"{name}_mentions": len(items)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--split", choices=("dev", "test"), default="dev", help="which look-alike set")
    args = parser.parse_args()
    figures = evaluate(args.split)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"look-alike split: {args.split}")
    print(f"{'set':<12}{'mentions':>10}{'precision':>11}{'recall':>8}")
    for name in ("silver", "look_alike"):
        print(
            f"{name:<12}{figures[name + '_mentions']:>10.0f}"
            f"{figures[name + '_precision']:>11.4f}{figures[name + '_recall']:>8.4f}"
        )


if __name__ == "__main__":
    main()
