"""Who-cites-whom: precision and recall of attributions against articles labelled by hand.

The gold (``eval/data/attributions_{dev,test}.tsv``) lists, for ANT v2.1 multi-source
test-split articles, every distinct source each article cites for its information, with its
kind and the other names it goes by in the article («الصحيفة» after «صحيفة البايس»).
Articles go through the pipeline's per-article stage (``marsad.pipeline.annotate``), so the
recogniser's person names reach the attribution rules as in the product.  The articles are
given without their outlet: the gold counts a credit line naming the article's own outlet
(«(CNN) –» in CNN Arabic, 3 dev sources) as a source, while the product, given the outlet,
leaves an outlet naming itself out of its attributions (it is not a source of its claims).

A find matches a gold source when its name, folded like the text, equals one of the
source's names, contains one of them whole ("كيندال لارسن رئيس" for «كيندال لارسن»), or is
a part of one at least two words long ("وزير المالية اللبناني" for the minister's full title
and name); "typed" figures also need the kind to be one the gold accepts.  Precision is over
the distinct finds of each article, recall over its gold sources.  The dev set is the one
the rules were corrected on; the test set was labelled afterwards and not used to change them.

    python eval/attributions.py               # table, dev and test
    python eval/attributions.py --split dev   # dev only (what the quality gate reads)
    python eval/attributions.py --json     # one JSON object
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.model import Article  # noqa: E402
from marsad.pipeline import annotate  # noqa: E402
from marsad.scoring.sources import fold  # noqa: E402

SHARED_DATA = REPO.parent / "shared" / "data"
CORPUS = "classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz"
GOLD = REPO / "eval" / "data"


class GoldSource(NamedTuple):
    kinds: frozenset[str]
    names: tuple[str, ...]  # folded


def folded(name: str) -> str:
    return " ".join(fold(name).text.split())


def read_gold(path: Path) -> dict[str, list[GoldSource]]:
    """Article id -> its gold sources (an empty list for an article that cites nobody)."""
    gold: dict[str, list[GoldSource]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "id\t")):
            continue
        article_id, kinds, names = (line.split("\t") + [""])[:3]
        sources = gold.setdefault(article_id, [])
        if kinds != "none":
            sources.append(GoldSource(frozenset(kinds.split("|")), tuple(folded(n) for n in names.split("|"))))
    return gold


def names_match(found: str, gold: str) -> bool:
    """Equal, the find holds the gold name whole, or the find is a part (two words or more) of it."""
    padded_found, padded_gold = f" {found} ", f" {gold} "
    return found == gold or padded_gold in padded_found or (padded_found in padded_gold and found.count(" ") >= 1)


def matches(find: tuple[str, str], source: GoldSource, typed: bool) -> bool:
    name, kind = find
    return (not typed or kind in source.kinds) and any(names_match(name, n) for n in source.names)


def score(gold: dict[str, list[GoldSource]], found: dict[str, set[tuple[str, str]]], typed: bool) -> dict[str, float]:
    """Precision over distinct finds, recall over gold sources, F1."""
    finds = right = sources = recalled = 0
    for article_id, article_gold in gold.items():
        article_finds = found.get(article_id, set())
        finds += len(article_finds)
        right += sum(any(matches(f, s, typed) for s in article_gold) for f in article_finds)
        sources += len(article_gold)
        recalled += sum(any(matches(f, s, typed) for f in article_finds) for s in article_gold)
    precision = right / finds if finds else 0.0
    recall = recalled / sources if sources else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "sources": float(sources)}


def system_finds(articles: dict[str, dict], ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    """Article id -> the distinct (folded name, kind) the product finds in it."""
    found = {}
    for article_id in ids:
        record = articles[article_id]
        article = annotate(Article(id=article_id, origin="eval", text=record["text"], title=record["title"]))
        found[article_id] = {(folded(c.to), c.kind) for c in article.attributions}
    return found


def read_articles(shared_data: Path, wanted: set[str]) -> dict[str, dict]:
    with lzma.open(shared_data / CORPUS, "rt", encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        return {r["id"]: r for r in records if r["id"] in wanted}


def evaluate(shared_data: Path = SHARED_DATA, splits: tuple[str, ...] = ("dev", "test")) -> dict[str, float]:
    """Typed and untyped precision/recall/F1 on each of ``splits`` (the quality gate reads dev only)."""
    golds = {split: read_gold(GOLD / f"attributions_{split}.tsv") for split in splits}
    articles = read_articles(shared_data, {i for g in golds.values() for i in g})
    result: dict[str, float] = {}
    for split, gold in golds.items():
        found = system_finds(articles, sorted(gold))
        result[f"{split}_articles"] = float(len(gold))
        for typed in (True, False):
            prefix = f"{split}_{'typed' if typed else 'source'}_"
            result.update({prefix + k: v for k, v in score(gold, found, typed).items() if k != "sources"})
        result[f"{split}_sources"] = float(sum(len(s) for s in gold.values()))
    return result


def main() -> None:
    """Print the figures (a table, or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--split", choices=("dev", "test"), action="append",
                        help="score only this split (repeatable; default: dev and test)")
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args()
    result = evaluate(args.data, tuple(args.split or ("dev", "test")))
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return
    for key, value in result.items():
        print(f"{key:32s} {value:.3f}" if value < 2 else f"{key:32s} {int(value)}")


if __name__ == "__main__":
    main()
