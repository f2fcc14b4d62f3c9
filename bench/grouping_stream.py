"""Per-article cost of grouping along a real nine-month stream, as its stories grow.

``bench/grouping.py`` grows the store with replicas 410 days apart, so no story there grows with
the store.  Here the store grows the way a real one does: the ANT v2.1 multi-source sample
(../shared/data/classification_ant_v2_multisource, 11,064 articles of five outlets, Feb-Oct 2018,
all splits: nothing is trained or scored here) is grouped in publication order, batch by batch,
into a fresh SQLite store, so long threads (the Iran deal, Yemen, Syria) keep linking new events
to old ones.  Prints, per stretch of the stream, ms per article, the story candidates each
changed event is compared with, and the largest story written (events), then the cost of the
last stretch over the first, and the peak RSS.

    python bench/grouping_stream.py --batch 200 --stretch 1000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.grouping import group_batch, load_corpus  # noqa: E402
from marsad.model import Article  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

CORPUS = REPO.parent / "shared/data/classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz"


class CountingStore(SQLiteStore):
    """The store, counting the story candidates each changed event is compared with."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.candidates: list[int] = []

    def events_with_terms(self, terms: Iterable[str], day: int | None, limit: int) -> set[str]:
        found = super().events_with_terms(terms, day, limit)
        self.candidates.append(len(found))
        return found


def measure(articles: list[Article], batch: int, stretch: int) -> list[dict[str, float]]:
    """One row per ``stretch`` articles: stored before it, ms per article, story candidates per
    changed event, largest story written."""
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as work:
        store = CountingStore(Path(work) / "stream.db")
        rows: list[dict[str, float]] = []
        seconds, largest, done, start_of_stretch = 0.0, 0, 0, 0
        for first in range(0, len(articles), batch):
            chunk = articles[first : first + batch]
            start = time.perf_counter()
            result = group_batch(store, chunk)
            seconds += time.perf_counter() - start
            largest = max([largest, *(len(s.events) for s in result.stories)])
            done += len(chunk)
            if done % stretch == 0 or done == len(articles):
                size = done - start_of_stretch
                rows.append({"stored": start_of_stretch, "articles": size, "ms_per_article": 1000 * seconds / size,
                             "candidates_per_event": sum(store.candidates) / max(1, len(store.candidates)),
                             "largest_story_events": largest})
                seconds, largest, start_of_stretch = 0.0, 0, done
                store.candidates.clear()
        store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200, help="articles per group() call (the ingest batch)")
    parser.add_argument("--stretch", type=int, default=1000, help="articles per printed row (a multiple of --batch)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.stretch % args.batch:
        parser.error("--stretch must be a multiple of --batch")
    rows = measure(load_corpus(args.corpus), args.batch, args.stretch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    full = [r for r in rows if r["articles"] == args.stretch]
    ratio = full[-1]["ms_per_article"] / full[0]["ms_per_article"]
    if args.json:
        print(json.dumps({"rows": rows, "last_over_first": round(ratio, 2), "peak_rss_mb": round(peak_mb, 1)}))
        return
    for row in rows:
        print(f"stored {row['stored']:>6} + {row['articles']:>5}: {row['ms_per_article']:.2f} ms per article,"
              f" {row['candidates_per_event']:.0f} story candidates per changed event,"
              f" largest story written {row['largest_story_events']} events")
    print(f"cost of the last full stretch / the first: {ratio:.2f}")
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
