"""Text-layer throughput: articles/s for normalise + tokenise + stem + language + dates, and peak RSS.

Runs, for every article of the demo corpus (title and body): ``normalize_ar``,
``tokenize`` (which stems every token), ``terms``, ``detect_language`` and
``find_dates`` against the article's publication date, on one core.  The
corpus is read and the word lists and language model loaded before the clock
starts; the first pass is "cold" (empty per-word caches), later passes
"warm", which is what a long ingest sees.

Usage: python bench/text.py [--limit N] [--passes 3] [--json]
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

from marsad.text import detect_language, find_dates, normalize_ar, terms, tokenize  # noqa: E402
from marsad.text.stem import stem_base  # noqa: E402
from marsad.text.tokenize import _analysis, _norm, _term, analyze_word, split_clitics  # noqa: E402

CORPUS = REPO.parent / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"


def load(limit: int | None) -> list[tuple[str, str | None]]:
    """(text, published) of the demo corpus articles."""
    if not CORPUS.exists():
        sys.exit(f"{CORPUS}: missing (../shared/data must be beside the repository)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    rows = rows[:limit] if limit else rows
    return [(f"{r.get('title') or ''}\n{r.get('text') or ''}", r.get("published")) for r in rows]


def clear_caches() -> None:
    """Empty the per-word caches, for a cold pass."""
    for cached in (_analysis, _norm, _term, analyze_word, split_clitics, stem_base):
        cached.cache_clear()


def one_pass(articles: list[tuple[str, str | None]]) -> tuple[float, int]:
    """Seconds for the whole layer over ``articles``, and the tokens seen."""
    tokens = 0
    start = time.perf_counter()
    for text, published in articles:
        normalize_ar(text)
        tokens += len(tokenize(text))
        terms(text)
        detect_language(text)
        find_dates(text, published)
    return time.perf_counter() - start, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--passes", type=int, default=3, help="passes over the corpus (first is cold)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    articles = load(args.limit)
    detect_language("تحميل النموذج")  # load the language model and word lists before timing
    clear_caches()
    timings = [one_pass(articles) for _ in range(args.passes)]
    cold, tokens = timings[0]
    warm = min(t for t, _ in timings[1:]) if len(timings) > 1 else cold
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "articles": len(articles),
        "tokens": tokens,
        "cold_articles_per_s": len(articles) / cold,
        "warm_articles_per_s": len(articles) / warm,
        "warm_tokens_per_s": tokens / warm,
        "peak_rss_mib": peak_mib,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{len(articles)} articles, {tokens} tokens, one core")
    print(f"cold pass: {figures['cold_articles_per_s']:.0f} articles/s")
    print(
        f"warm pass: {figures['warm_articles_per_s']:.0f} articles/s ({figures['warm_tokens_per_s']:.0f} tokens/s)"
    )
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
