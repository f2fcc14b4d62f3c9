"""Entity throughput: articles/s for recognition, for resolution, and for both, with peak RSS.

Runs ``recognize`` over every article of the demo corpus (title and body), then an
``EntityResolver`` over the mentions found, on one core.  Wall-clock rates suffer when
other jobs share the machine; the CPU-time rate is what one core gives.  The model and word tables load
before the clock starts; the first recognition pass is "cold" (empty per-word caches),
later ones "warm", which is what a long ingest sees.

Usage: python bench/entities.py [--limit N] [--passes 3] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import load as machine_load  # noqa: E402
from marsad.entities import EntityResolver, recognize  # noqa: E402
from marsad.entities.recognize import shipped_recognizer  # noqa: E402
from marsad.model import Mention  # noqa: E402

CORPUS = REPO.parent / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"


def load(limit: int | None) -> list[tuple[str, str]]:
    """(id, title and text) of the demo corpus articles."""
    if not CORPUS.exists():
        sys.exit(f"{CORPUS}: missing (../shared/data must be beside the repository)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    rows = rows[:limit] if limit else rows
    return [(str(r["id"]), f"{r.get('title') or ''}\n{r.get('text') or ''}") for r in rows]


def recognition_pass(articles: list[tuple[str, str]]) -> tuple[float, float, list[list[Mention]]]:
    """Wall and CPU seconds to recognise every article, and the mentions."""
    start, cpu = time.perf_counter(), time.process_time()
    found = [recognize(text) for _, text in articles]
    return time.perf_counter() - start, time.process_time() - cpu, found


def resolution_pass(articles: list[tuple[str, str]], mentions: list[list[Mention]]) -> tuple[float, int]:
    """Seconds to resolve every article's mentions into a fresh resolver, and the entities made."""
    resolver = EntityResolver()
    start = time.perf_counter()
    for (article_id, text), found in zip(articles, mentions, strict=True):
        resolver.resolve(article_id, text, found)
    return time.perf_counter() - start, len(resolver.entities())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--passes", type=int, default=3, help="recognition passes (the first is cold)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    articles = load(args.limit)
    shipped_recognizer()
    recognize("تحميل الجداول")  # word tables load on first use: not part of the timing
    shipped_recognizer().crf.clear_cache()
    passes = [recognition_pass(articles) for _ in range(max(args.passes, 1))]
    cold = passes[0][0]
    warm = min(t for t, _, _ in passes[1:]) if len(passes) > 1 else cold
    warm_cpu = min(c for _, c, _ in passes[1:]) if len(passes) > 1 else passes[0][1]
    mentions = passes[0][2]
    resolving, entities = resolution_pass(articles, mentions)
    n = len(articles)
    figures = {
        "articles": n,
        "mentions": sum(len(m) for m in mentions),
        "entities": entities,
        "cold_recognition_articles_per_s": n / cold,
        "warm_recognition_articles_per_s": n / warm,
        "warm_recognition_articles_per_cpu_s": n / warm_cpu,
        "resolution_articles_per_s": n / resolving,
        "warm_both_articles_per_s": n / (warm + resolving),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{n} articles, {figures['mentions']} mentions, {entities} entities, one core")
    print(f"recognition, cold pass: {figures['cold_recognition_articles_per_s']:.0f} articles/s")
    print(
        f"recognition, warm pass: {figures['warm_recognition_articles_per_s']:.0f} articles/s "
        f"({figures['warm_recognition_articles_per_cpu_s']:.0f} per CPU-second of this process)"
    )
    print(f"resolution:             {figures['resolution_articles_per_s']:.0f} articles/s")
    print(f"both (warm):            {figures['warm_both_articles_per_s']:.0f} articles/s")
    print(f"peak RSS: {figures['peak_rss_mib']:.0f} MiB; {machine_load()}")


if __name__ == "__main__":
    main()
