"""CPU per article of the whole pipeline along a real stream, block by block, as the store grows.

A real store grows in publication order: long threads keep linking new events to old ones, and
entities named every day (a country, a king) gather thousands of articles.  This bench ingests a
corpus of ../shared/data that way, through ``pipeline.ingest`` into a fresh SQLite store, and
prints for each block of ``--block`` articles: CPU ms per article (the process's own accounting),
the part of it spent in each stage, RSS, store bytes per article and the machine's load; then the
cost of the block around 20k stored (the last full block) over the block around 2k stored (the
second), which is the flatness figure of record (``--full``: the whole July corpus, 20k articles,
about 10 CPU-minutes; without it the first 6,000 articles, a quick look at the trend).

Corpora (all records read, nothing is trained or scored here):
  july  SaudiNewsNet 21 July - 4 August 2015, 20,329 articles of 14 Saudi outlets (default)
  ant   ANT v2.1 multi-source sample, 11,064 articles of five outlets, Feb-Oct 2018
  jawhara  ANT v1.1 JawharaFM, 10,161 articles, 2015-2017
  demo  the demo corpus, 1,724 articles, May 2018

    nice python bench/grouping_stream.py                      # quick: July corpus, first 6,000
    nice python bench/grouping_stream.py --full               # the figure of record: all 20,329
    nice python bench/grouping_stream.py --corpus ant --full  # the 2018 ANT sample, 11,064
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import cpu_seconds, load, peak_rss_mb, rss_mb, store_bytes  # noqa: E402
from marsad import entities, grouping, pipeline, scoring, text  # noqa: E402
from marsad.errors import InputError  # noqa: E402
from marsad.ingest import record_to_document  # noqa: E402
from marsad.model import RawDocument  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

DATA = REPO.parent / "shared" / "data"
CORPORA = {
    "july": DATA / "corpus_saudinewsnet_jul2015" / "saudinewsnet_2015-07-21_08-04.jsonl.xz",
    "ant": DATA / "classification_ant_v2_multisource" / "ant_v2.1_multisource_sample.jsonl.xz",
    "jawhara": DATA / "classification_ant_v1_jawharafm" / "ant_v1.1_jawharafm.jsonl.gz",
    "demo": DATA / "demo_corpus_ant_may2018" / "articles.jsonl.gz",
}
# Stages timed, and the functions each one's time is read from (module attributes, looked up
# at call time by pipeline.py, so wrapping them times every call).
STAGES: dict[str, list[tuple[Any, str]]] = {
    "text": [(text, "detect_language"), (text, "published_from_text"), (text, "find_dates")],
    "ner": [(entities, "recognize")],
    "classify": [(scoring, "classify")],
    "keywords": [(scoring, "extract_keywords")],
    "attributions": [(scoring, "find_attributions")],
    "resolution": [(entities.EntityResolver, "resolve")],
    "grouping": [(grouping, "group")],
    "rescoring": [(pipeline, "rescore")],
}
QUICK = 6000  # articles of the default run: three blocks, enough to see the trend
WRITES = ["put_entities", "delete_events", "delete_stories", "put_events", "put_stories", "put_articles"]


def records(path: Path) -> list[dict[str, Any]]:
    """The corpus as input records (docs/reference.md) (SaudiNewsNet's own fields mapped), in publication order."""
    opener = lzma.open if path.suffix == ".xz" else gzip.open
    with opener(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    out = []
    for row in rows:
        if "content" in row:  # SaudiNewsNet: crawl time as the date, outlet id as the source
            row = {"url": row["url"], "title": row.get("title"), "text": row.get("content"),
                   "published": row["date_extracted"].replace(" ", "T"), "source": row["source"]}
        else:
            row = {k: row.get(k) for k in ("id", "url", "title", "text", "published")} | {"source": row["outlet"]}
        out.append(row)
    return sorted(out, key=lambda r: (r.get("published") or "", r.get("url") or ""))


def documents(rows: list[dict[str, Any]], origin: str) -> Iterator[RawDocument | InputError]:
    for line, row in enumerate(rows, 1):
        try:
            yield record_to_document(row, origin, line)
        except InputError as error:
            yield error


class Timers:
    """CPU seconds per stage, from wrappers around the stage functions and the store's writes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth = 0

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:  # a stage called inside another counts once, as the outer one
                return original(*args, **kwargs)
            self._depth += 1
            start = cpu_seconds()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += cpu_seconds() - start
                self._depth -= 1

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        taken, self.seconds = dict(self.seconds), defaultdict(float)
        return taken


class CountingStore(SQLiteStore):
    """The store, counting the story candidates each changed event is compared with."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.candidates: list[int] = []

    def events_with_terms(self, *args: Any, **kwargs: Any) -> set[str]:
        found = super().events_with_terms(*args, **kwargs)
        self.candidates.append(len(found))
        return found


def measure(rows: list[dict[str, Any]], block: int, stop: int | None, origin: str) -> list[dict[str, Any]]:
    timers = Timers()
    for stage, functions in STAGES.items():
        for owner, name in functions:
            timers.wrap(owner, name, stage)
    rows = rows[:stop] if stop else rows
    # The corpus is held compressed and each block decoded when its turn comes: 20k articles as
    # Python strings are a few hundred MB, which the RSS printed here is not meant to count.
    packed = [zlib.compress(json.dumps(row, ensure_ascii=False).encode("utf-8")) for row in rows]
    del rows
    out = []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as work:
        path = Path(work) / "stream.db"
        store = CountingStore(path)
        for name in WRITES:
            timers.wrap(store, name, "writing")
        stored = 0
        for first in range(0, len(packed), block):
            chunk = [json.loads(zlib.decompress(row)) for row in packed[first : first + block]]
            start = cpu_seconds()
            summary = pipeline.ingest(documents(chunk, origin), store)
            spent = cpu_seconds() - start
            stages = timers.take()
            stages["other"] = spent - sum(stages.values())
            out.append({
                "stored": stored, "articles": len(chunk), "ms_per_article": 1000 * spent / len(chunk),
                "stages_ms": {k: round(1000 * v / len(chunk), 2) for k, v in stages.items()},
                "candidates_per_event": round(sum(store.candidates) / max(1, len(store.candidates)), 1),
                "rss_mb": round(rss_mb()), "kb_per_article": round(store_bytes(path) / 1024 / max(1, stored + summary.stored), 1),
                "load": load(),
            })
            store.candidates.clear()
            stored += summary.stored
            print(_line(out[-1]), flush=True)
        store.close()
    return out


def _line(row: dict[str, Any]) -> str:
    stages = " ".join(f"{k} {v:.1f}" for k, v in row["stages_ms"].items())
    return (f"stored {row['stored']:>6} + {row['articles']:>5}: {row['ms_per_article']:.1f} CPU ms/article"
            f" [{stages}] candidates/event {row['candidates_per_event']:.0f}, RSS {row['rss_mb']} MB,"
            f" store {row['kb_per_article']} KB/article, {row['load']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="july")
    parser.add_argument("--block", type=int, default=2000, help="articles per printed row")
    parser.add_argument("--stop", type=int, default=QUICK, help=f"stop after this many articles (default {QUICK:,})")
    parser.add_argument("--full", action="store_true", help="the whole corpus (the figure of record)")
    parser.add_argument("--json", action="store_true", help="also print every row as one JSON object at the end")
    args = parser.parse_args()
    corpus = CORPORA[args.corpus]
    if not corpus.exists():
        sys.exit(f"{corpus}: missing (../shared/data must be beside the repository)")
    rows = measure(records(corpus), args.block, None if args.full else args.stop, corpus.name)
    full = [r for r in rows if r["articles"] == args.block]
    if len(full) >= 3:
        second, last = full[1], full[-1]
        print(f"CPU per article at {last['stored']} stored / at {second['stored']} stored:"
              f" {last['ms_per_article'] / second['ms_per_article']:.2f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB; {load()}")
    if args.json:
        print(json.dumps({"rows": rows, "peak_rss_mb": round(peak_rss_mb())}))


if __name__ == "__main__":
    main()
