"""How the scores are checked: invariants on real articles, and category agreement with the pages.

1. named_over_unnamed: for every real article citing a named person or official, the same
   text with that name replaced by "مصادر" must score lower credibility.
2. independent_over_copies: the same article must score higher (credibility and importance)
   when 8 independent outlets cover its event than when 1 outlet and 7 copies do.
3. page_category_agreement: our category against the page's own section label, mapped onto
   our set, on the May 2018 demo corpus, leaving out every article that is in the category
   model's train or dev split.

    python eval/scores.py            # table
    python eval/scores.py --json     # one JSON object
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.model import Article, Coverage, Source  # noqa: E402
from marsad.scoring import classify, credibility, find_attributions, importance  # noqa: E402
from marsad.scoring.classify import category_table  # noqa: E402
from marsad.scoring.corpora import read_corpus  # noqa: E402

SHARED_DATA = REPO.parent / "shared" / "data"
DEMO = "demo_corpus_ant_may2018/articles.jsonl.gz"


def demo_articles(shared_data: Path) -> list[dict]:
    """The May 2018 demo corpus records (title, text, outlet, label, url)."""
    with gzip.open(shared_data / DEMO, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def as_article(record: dict, text: str | None = None) -> Article:
    """A record as an article with its attributions found, ready to score."""
    body = record["text"] if text is None else text
    article = Article(id=record["id"], origin="eval", text=body, title=record.get("title"),
                      source=Source(record["outlet"]), published=record.get("published"))
    article.attributions = find_attributions(body, outlet=record["outlet"])  # as the pipeline calls it
    return article


def named_over_unnamed(records: list[dict]) -> tuple[float, int]:
    """Share of named-speaker articles whose credibility drops when the speaker becomes "مصادر"."""
    wins = cases = 0
    for record in records:
        original = as_article(record)
        speaker = next((c for c in original.attributions if c.kind in ("person", "official")), None)
        if speaker is None:
            continue
        text = record["text"][: speaker.start] + "مصادر" + record["text"][speaker.end :]
        cases += 1
        wins += credibility(original, Coverage()).score > credibility(as_article(record, text), Coverage()).score
    return wins / cases, cases


def independent_over_copies(records: list[dict]) -> tuple[float, float, int]:
    """Share of articles ranked higher with 8 independent outlets than with 1 outlet and 7 copies."""
    wide, copied = Coverage(independent_outlets=8), Coverage(independent_outlets=1, copies=7)
    credible = important = 0
    for record in records:
        article = as_article(record)
        credible += credibility(article, wide).score > credibility(article, copied).score
        important += importance(article, wide).score > importance(article, copied).score
    return credible / len(records), important / len(records), len(records)


def page_category_agreement(records: list[dict], shared_data: Path) -> tuple[float, int]:
    """Agreement of ``classify`` with the page's own label on articles the model never saw."""
    seen = {a.url for a in read_corpus(shared_data, "ant_v2_multisource") if a.split != "test"}
    mapping = category_table()["corpus_labels"]["ant_v2_multisource"]
    held_out = [r for r in records if r["url"] not in seen]
    agree = sum(classify(r["title"], r["text"]) == mapping[r["label"]] for r in held_out)
    return agree / len(held_out), len(held_out)


def evaluate(shared_data: Path = SHARED_DATA) -> dict[str, float]:
    """Every figure of this script."""
    records = demo_articles(shared_data)
    named_rate, named_cases = named_over_unnamed(records)
    credible, important, pairs = independent_over_copies(records)
    agreement, held_out = page_category_agreement(records, shared_data)
    return {
        "named_over_unnamed": named_rate,
        "named_over_unnamed_cases": float(named_cases),
        "independent_over_copies_credibility": credible,
        "independent_over_copies_importance": important,
        "independent_over_copies_cases": float(pairs),
        "page_category_agreement": agreement,
        "page_category_articles": float(held_out),
    }


def main() -> None:
    """Print the figures (a table, or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args()
    result = evaluate(args.data)
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return
    for key, value in result.items():
        print(f"{key:40s} {value:.4f}" if value < 1.5 else f"{key:40s} {int(value)}")


if __name__ == "__main__":
    main()
