"""Search speed on a large store: indexing throughput and query latency (p50/p95/p99), peak RSS.

The store is built from every public Arabic news text in ../shared/data (ANT v1.1 JawharaFM,
the ANT v2.1 multi-source sample, SaudiNewsNet Aug 2015 and the ANT May 2018 demo corpus:
26,335 articles) copied until it holds ``--articles`` (default 100,000).  Replica r gets new
ids (``id#r``) and its publication dates moved r x 365 days into the past, so that recency
ranking sees a spread of ages; the texts are not changed, so the index meets real posting
lists, only longer (each word's document frequency is multiplied by the number of replicas).

Indexing is measured as what the search index adds to ``SQLiteStore.put_articles`` (batches of
1,000 in one transaction, as the pipeline writes them): every batch is written to the store and,
interleaved, to a second store whose search hook does nothing; the difference is the index's
time (words -> normalised bases and stems, the FTS5 row and its flush at commit, search_docs).  Queries are built from the corpus's own titles (seed 1): single words as written
(«والمغرب»), two words, quoted two-word phrases, and words with an outlet or date filter.
Each query is timed as ``search(store, q, limit=20)`` (ranked ids, 20 articles loaded, snippets
made) and, separately, with the ``count_search`` that a results page also runs.

    python bench/search.py                     # 100k articles, 300 queries
    python bench/search.py --articles 20000 --json

Where indexing time goes at 100k articles (CPU µs per article, timers around each step of
``_index_articles`` during a full run; about 217 in all at load average 2):

    words -> forms (marsad.search.index_columns)       133
        regex word split (title and body)                33
        base lookups, incl. ~14 learning new words        59   (text layer's analyze_word, once per word)
        joining title and body columns                   11
        distinct stems                                   28
    FTS5 insert (tokenising into its pending hash)       34
    commit: FTS5 flush of the batch's segment, merges    38   (extra over the same commit without index)
    search_docs row and its facts                         8
    the rest (ids already indexed, rowids)                4

The word pass is bound by memory, not by Python steps: each of an article's ~207 words
(147 distinct) is looked up in a table of ~220k surfaces, about 100-250 ns each, most of it
cache misses.  Tried and measured without gain (interleaved with the current code in one
process, alternating which goes first, 100k articles; differences within the ±2% that the
same code shows against itself): stems looked up once per distinct base through a base ->
stem table, with equal bases shared as one string object; a table keyed by whitespace-split
tokens instead of regex words (no regex, but a 360k-entry table: 4% slower); FTS5 automerge 16
and pgsz 16000, alone (±0%) or together (+2%, and −1 to +2% in back-to-back runs of this
bench); a multi-row INSERT instead of executemany (slower); batch normalisation of new words
(slower).  Garbage collection is under 2% of indexing (the bench with gc disabled).
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import load  # noqa: E402
from marsad.model import Article, Source  # noqa: E402
from marsad.rows import article_rows  # noqa: E402
from marsad.search import count_search, search, word_forms, words  # noqa: E402
from marsad.store import ArticleFilter  # noqa: E402
from marsad.store.base import ArticleRow  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

DATA = REPO.parent / "shared" / "data"
CORPORA = (  # (file, outlet field, text field, date field)
    ("classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz", "outlet", "text", "published"),
    ("classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz", "outlet", "text", "published"),
    ("demo_corpus_saudinewsnet_aug2015/saudinewsnet_2015-08-10_11.jsonl.gz", "source", "content", "date_extracted"),
    ("demo_corpus_ant_may2018/articles.jsonl.gz", "outlet", "text", "published"),
)
BATCH = 1000


def read_corpus() -> list[dict]:
    """Every article of the public corpora as {id, title, text, published, outlet}."""
    records = []
    for name, outlet, text, published in CORPORA:
        path = DATA / name
        opener = lzma.open if path.suffix == ".xz" else gzip.open
        with opener(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                raw = json.loads(line)
                records.append({"id": f"{path.parent.name}:{raw.get('id', number)}", "title": raw.get("title"),
                                "text": raw[text], "published": (raw.get(published) or "")[:10] or None,
                                "outlet": raw.get(outlet)})
    return records


def replicas(records: list[dict], total: int):
    """Articles until ``total``: replica r of each record, ids suffixed, dates moved r years back."""
    made = 0
    for replica in range(total // len(records) + 1):
        for record in records:
            if made == total:
                return
            published = record["published"]
            if published and replica:
                published = (date.fromisoformat(published) - timedelta(days=365 * replica)).isoformat()
            yield Article(id=f"{record['id']}#{replica}", origin="bench", text=record["text"],
                          title=record["title"], published=published, source=Source(record["outlet"]),
                          content_hash=f"{record['id']}#{replica}")
            made += 1


def build(store: SQLiteStore, plain: SQLiteStore, records: list[dict], total: int) -> dict[str, float]:
    """Write ``total`` articles in batches to ``store`` and, interleaved, to ``plain`` (no index).

    The index's cost is the difference between the two: it includes everything the search
    index adds to a store write (words -> forms, the FTS5 row and its flush at commit, the
    search_docs row) and nothing else.  Interleaving the batches (and alternating which store
    goes first) spreads the noise of a shared machine over both sides alike.
    """
    plain._index_articles = lambda rows: None  # type: ignore[method-assign]
    spent = {"with": 0.0, "without": 0.0, "with_cpu": 0.0, "without_cpu": 0.0}
    batch: list[Article] = []
    for number, article in enumerate(replicas(records, total), start=1):
        batch.append(article)
        if len(batch) == BATCH or number == total:
            sides = [("with", store), ("without", plain)]
            for side, target in sides if (number // BATCH) % 2 else sides[::-1]:
                started, cpu = time.perf_counter(), time.process_time()
                # The "with" side computes the search words too: they are what indexing adds.
                target.put_articles(article_rows(batch) if side == "with" else [ArticleRow(a) for a in batch])
                spent[side] += time.perf_counter() - started
                spent[side + "_cpu"] += time.process_time() - cpu
            batch = []
    return {
        "index_per_s": total / (spent["with"] - spent["without"]),
        "index_per_cpu_s": total / (spent["with_cpu"] - spent["without_cpu"]),
        "store_write_per_s": total / spent["with"],
        "store_write_without_index_per_s": total / spent["without"],
    }


def make_queries(records: list[dict], count: int, rng: random.Random) -> list[tuple[str, ArticleFilter | None]]:
    """Queries from the corpus's titles: words, word pairs, phrases, and filtered words."""
    titles = [r for r in records if r["title"]]
    queries: list[tuple[str, ArticleFilter | None]] = []
    while len(queries) < count:
        record = rng.choice(titles)
        written = [w for w in words(record["title"]) if word_forms(w) and len(w) > 2]
        if len(written) < 2:
            continue
        kind = len(queries) % 6
        start = rng.randrange(len(written) - 1)
        if kind in (0, 1):
            queries.append((written[start], None))
        elif kind in (2, 3):
            queries.append((f"{written[start]} {rng.choice(written)}", None))
        elif kind == 4:
            queries.append((f'"{written[start]} {written[start + 1]}"', None))
        else:
            where = ArticleFilter(outlet=record["outlet"]) if rng.random() < 0.5 else ArticleFilter(
                since=record["published"], until=record["published"])
            queries.append((written[start], where))
    return queries


def time_queries(store: SQLiteStore, queries: list[tuple[str, ArticleFilter | None]]) -> dict[str, float]:
    """Latency of search alone and of search plus count, in milliseconds."""
    for q, where in queries[:20]:  # warm the page cache and the word tables
        search(store, q, limit=20, where=where)
    alone, with_count, hits = [], [], 0
    for q, where in queries:
        started = time.perf_counter()
        found = search(store, q, limit=20, where=where)
        alone.append((time.perf_counter() - started) * 1000)
        count_search(store, q, where)
        with_count.append((time.perf_counter() - started) * 1000)
        hits += bool(found)
    return {
        "search_p50_ms": _percentile(alone, 50), "search_p95_ms": _percentile(alone, 95),
        "search_p99_ms": _percentile(alone, 99), "search_and_count_p95_ms": _percentile(with_count, 95),
        "queries": len(queries), "queries_with_hits": hits,
    }


def _percentile(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="Store size (default 100,000).")
    parser.add_argument("--queries", type=int, default=300, help="Timed queries (default 300).")
    parser.add_argument("--db", help="Where to build the store (default: a temporary folder).")
    parser.add_argument("--json", action="store_true", help="One JSON object instead of lines.")
    args = parser.parse_args()
    records = read_corpus()
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(args.db or str(Path(folder) / "bench.db"))
        plain = SQLiteStore(str(Path(folder) / "plain.db"))
        result: dict[str, float] = {"articles": args.articles, **build(store, plain, records, args.articles)}
        plain.close()
        result.update(time_queries(store, make_queries(records, args.queries, random.Random(1))))
        store.close()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result = {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}
    if args.json:
        print(json.dumps(result))
        return
    print(f"store: {result['articles']:,} articles")
    print(f"indexing: {result['index_per_s']:,.0f} articles/s (wall clock; "
          f"{result['index_per_cpu_s']:,.0f} per CPU second)")
    print(f"store writes: {result['store_write_per_s']:,.0f} articles/s with the index, "
          f"{result['store_write_without_index_per_s']:,.0f} without")
    print(f"search (limit 20, snippets): p50 {result['search_p50_ms']} ms, p95 {result['search_p95_ms']} ms, "
          f"p99 {result['search_p99_ms']} ms over {result['queries']} queries "
          f"({result['queries_with_hits']} with hits)")
    print(f"search + count: p95 {result['search_and_count_p95_ms']} ms")
    print(f"peak RSS: {result['peak_rss_mb']} MB; {load()}")


if __name__ == "__main__":
    main()
