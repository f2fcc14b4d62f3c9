"""Per-article cost of grouping along a real nine-month stream, as its stories grow.

``bench/grouping.py`` grows the store with replicas 410 days apart, so no story there grows with
the store.  Here the store grows the way a real one does: the ANT v2.1 multi-source sample
(../shared/data/classification_ant_v2_multisource, 11,064 articles of five outlets, Feb-Oct 2018,
all splits: nothing is trained or scored here) is grouped in publication order, batch by batch,
into a fresh SQLite store, so long threads (the Iran deal, Yemen, Syria) keep linking new events
to old ones.  Prints, per stretch of the stream, ms per article and the largest story written
(events), then the cost of the last stretch over the first, and the peak RSS.

    python bench/grouping_stream.py --batch 200 --stretch 1000
"""

from __future__ import annotations

import argparse
import json
import lzma
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.grouping import group  # noqa: E402
from marsad.model import Article, Source  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

CORPUS = REPO.parent / "shared/data/classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz"


def load_stream(path: Path) -> list[Article]:
    """The corpus as Articles, in publication order."""
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return sorted(
        (Article(id=r["id"], origin=r["url"], text=r["text"], title=r["title"], published=r["published"],
                 source=Source(r["outlet"])) for r in records),
        key=lambda a: (a.published or "", a.id),
    )


def measure(articles: list[Article], batch: int, stretch: int) -> list[dict[str, float]]:
    """One row per ``stretch`` articles: stored before it, ms per article, largest story written."""
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as work:
        store = SQLiteStore(Path(work) / "stream.db")
        rows: list[dict[str, float]] = []
        seconds, largest, done = 0.0, 0, 0
        for first in range(0, len(articles), batch):
            chunk = articles[first : first + batch]
            start = time.perf_counter()
            with store.transaction():
                result = group(chunk, store)
                store.delete_events(result.deleted_events)
                store.delete_stories(result.deleted_stories)
                store.put_events(result.events)
                store.put_stories(result.stories)
                store.put_articles(result.articles)
            seconds += time.perf_counter() - start
            largest = max([largest, *(len(s.events) for s in result.stories)])
            done += len(chunk)
            if done % stretch == 0 or first + batch >= len(articles):
                size = done - sum(int(r["articles"]) for r in rows)
                rows.append({"stored": done - size, "articles": size, "ms_per_article": 1000 * seconds / size,
                             "largest_story_events": largest})
                seconds, largest = 0.0, 0
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
    rows = measure(load_stream(args.corpus), args.batch, args.stretch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    full = [r for r in rows if r["articles"] == args.stretch]
    ratio = full[-1]["ms_per_article"] / full[0]["ms_per_article"]
    if args.json:
        print(json.dumps({"rows": rows, "last_over_first": round(ratio, 2), "peak_rss_mb": round(peak_mb, 1)}))
        return
    for row in rows:
        print(f"stored {row['stored']:>6} + {row['articles']:>5}: {row['ms_per_article']:.2f} ms per article,"
              f" largest story written {row['largest_story_events']} events")
    print(f"cost of the last full stretch / the first: {ratio:.2f}")
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
