"""Throughput of the scoring stage: category, keywords, attributions, credibility + importance.

Runs each function over the May 2018 demo corpus (../shared/data/demo_corpus_ant_may2018,
1,724 articles) after one warm-up pass (models and tables loaded, word caches filled, as in a
long ingest), timing with the process CPU clock; prints articles per CPU-second for each, the machine load and the
peak RSS of the process.

    python bench/scoring.py
    python bench/scoring.py --repeat 3 --json
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import cpu_seconds  # noqa: E402
from bench.measure import load as machine_load  # noqa: E402
from marsad.model import Article, Coverage, Source  # noqa: E402
from marsad.scoring import classify, credibility, extract_keywords, find_attributions, importance  # noqa: E402

CORPUS = REPO.parent / "shared/data/demo_corpus_ant_may2018/articles.jsonl.gz"


def load(path: Path) -> list[Article]:
    """The corpus as articles, attributions found (credibility reads them)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    articles = [Article(r["id"], "bench", r["text"], title=r["title"], source=Source(r["outlet"])) for r in rows]
    for article in articles:
        article.attributions = find_attributions(article.text)
    return articles


def rate(step: Callable[[Article], object], articles: list[Article], repeat: int) -> float:
    """Articles per CPU-second of ``step`` (the process's own accounting), best of ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        start = cpu_seconds()
        for article in articles:
            step(article)
        best = min(best, cpu_seconds() - start)
    return len(articles) / best


def main() -> None:
    """Print articles/s per scoring function and the peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=2, help="timed passes per function (best is kept)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    articles = load(args.corpus)
    coverage = Coverage(independent_outlets=3, copies=1, hours_to_spread=5.0)
    steps = {
        "classify": lambda a: classify(a.title, a.text),
        "extract_keywords": lambda a: extract_keywords(a.title, a.text),
        "find_attributions": lambda a: find_attributions(a.text),
        "credibility_and_importance": lambda a: (credibility(a, coverage), importance(a, coverage)),
    }
    for step in steps.values():  # warm-up: load models and tables, fill the word caches
        for article in articles:
            step(article)
    result = {f"{name}_articles_per_s": round(rate(step, articles, args.repeat)) for name, step in steps.items()}
    result["articles"] = len(articles)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["load"] = machine_load()
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:40s} {value}")


if __name__ == "__main__":
    main()
