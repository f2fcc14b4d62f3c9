"""Text-layer throughput: articles/s for normalise + tokenise + stem + language + dates, per stage, and peak RSS.

Runs, for every article of the demo corpus (title and body), on one core:
``normalize_ar``, ``tokenize`` (which stems every token), ``terms``,
``detect_language`` and ``find_dates`` against the article's publication
date.  The corpus is read and the word lists and language model loaded before
the clock starts.  The first pass is "cold" (empty per-word caches); later
passes are "warm", which is what a long ingest sees.  Each pass is timed in
wall-clock and in CPU time of this process: on a shared, loaded machine the
CPU time is the fair per-core figure (wall time also counts the time the
process waits for a core).  Then each stage is timed alone, warm, to show
where the time goes (µs per article, best pass).

Usage: python bench/text.py [--limit N] [--passes 5] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import load as machine_load  # noqa: E402
from marsad.text import detect_language, find_dates, normalize_ar, terms, tokenize  # noqa: E402
from marsad.text.tokenize import clear_caches  # noqa: E402

CORPUS = REPO.parent / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"
Article = tuple[str, str | None]
STAGES: dict[str, Callable[[str, str | None], object]] = {
    "normalize": lambda text, _: normalize_ar(text),
    "tokenize": lambda text, _: tokenize(text),
    "terms": lambda text, _: terms(text),
    "language": lambda text, _: detect_language(text),
    "dates": find_dates,
}


def load(limit: int | None) -> list[Article]:
    """(text, published) of the demo corpus articles."""
    if not CORPUS.exists():
        sys.exit(f"{CORPUS}: missing (../shared/data must be beside the repository)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    rows = rows[:limit] if limit else rows
    return [(f"{r.get('title') or ''}\n{r.get('text') or ''}", r.get("published")) for r in rows]


def layer_pass(articles: list[Article]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the whole layer over ``articles``."""
    wall, cpu = time.perf_counter(), time.process_time()
    for text, published in articles:
        normalize_ar(text)
        tokenize(text)
        terms(text)
        detect_language(text)
        find_dates(text, published)
    return time.perf_counter() - wall, time.process_time() - cpu


def stage_cpu(stage: Callable[[str, str | None], object], articles: list[Article]) -> float:
    """CPU seconds of one stage over ``articles``."""
    start = time.process_time()
    for text, published in articles:
        stage(text, published)
    return time.process_time() - start


def measure(articles: list[Article], passes: int) -> dict[str, float]:
    """Cold and warm throughput of the layer, and each stage's warm cost."""
    detect_language("تحميل النموذج")  # load the language model and word lists before timing
    find_dates("في 21 يوليو 2022", None)
    clear_caches()
    cold_wall, cold_cpu = layer_pass(articles)
    warm = [layer_pass(articles) for _ in range(max(1, passes - 1))]
    n = len(articles)
    figures = {
        "articles": n,
        "tokens": sum(len(tokenize(text)) for text, _ in articles),
        "cold_articles_per_s_cpu": n / cold_cpu,
        "cold_articles_per_s_wall": n / cold_wall,
        "warm_articles_per_s_cpu_best": n / min(cpu for _, cpu in warm),
        "warm_articles_per_s_cpu_median": n / statistics.median(cpu for _, cpu in warm),
        "warm_articles_per_s_wall_best": n / min(wall for wall, _ in warm),
        "warm_articles_per_s_wall_median": n / statistics.median(wall for wall, _ in warm),
    }
    for name, stage in STAGES.items():
        best = min(stage_cpu(stage, articles) for _ in range(max(1, passes - 1)))
        figures[f"{name}_us_per_article"] = best / n * 1e6
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def report(figures: dict[str, float], passes: int) -> None:
    """Print the figures for people."""
    print(
        f"{figures['articles']} articles, {figures['tokens']} tokens, one core, {passes} passes (first cold)"
    )
    for label, key in (("CPU time", "cpu"), ("wall clock", "wall")):
        print(
            f"{label:10s}: cold {figures[f'cold_articles_per_s_{key}']:.0f} articles/s; warm best "
            f"{figures[f'warm_articles_per_s_{key}_best']:.0f}, median {figures[f'warm_articles_per_s_{key}_median']:.0f}"
        )
    stages = ", ".join(f"{name} {figures[f'{name}_us_per_article']:.0f}" for name in STAGES)
    print(f"per stage, warm, CPU µs/article: {stages}")
    print(f"peak RSS: {figures['peak_rss_mib']:.0f} MiB; {machine_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--passes", type=int, default=5, help="passes over the corpus (first is cold)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = measure(load(args.limit), args.passes)
    if args.json:
        print(json.dumps(figures))
    else:
        report(figures, args.passes)


if __name__ == "__main__":
    main()
