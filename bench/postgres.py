"""PostgreSQL against SQLite: per-article cost of the store stages, as the store grows, and search latency.

Three figures, on the demo corpus of ../shared/data (demo_corpus_ant_may2018, 1,724 articles):

1. Store stages (resolve, group, score, write: ``pipeline.store_articles``) per article into an empty
   SQLite file and an empty PostgreSQL database: CPU of this process, and for PostgreSQL also the
   server's CPU (its processes' user + system time, read from /proc when the server is the local
   one this script starts), and wall time.  Stages 1-4 are run once beforehand (the same for both).
2. The same on PostgreSQL holding about 1k and about 10k (``--large``: 100k) articles: the ratio of
   the costs.  The large store is made as bench/grouping.py makes its own (replicas of the grouped
   corpus, ids tagged, dates moved 410 days back per replica, hashes salted), then copied into
   PostgreSQL with ``marsad copy``'s code, which recomputes each article's search words, and
   vacuumed and analysed (what autovacuum does soon after a bulk load) before the measurement.
3. Search latency on the large PostgreSQL store: p50 / p95 of ``store.search`` (20 hits) over
   queries drawn from the corpus's titles as bench/search.py draws them.

Without ``--db`` a throw-away PostgreSQL cluster is started in a temporary folder (the tests'
tests/pgcluster.py); ``--db URL`` names a server where the script may create and drop databases.
The machine's load is printed beside the figures (2 shared cores: compare the ratios).

    python bench/postgres.py                 # 1k vs 10k stored, 200 articles measured
    python bench/postgres.py --large --json  # 1k vs 100k
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

import psycopg  # noqa: E402
from grouping import CORPUS, ingest, load_corpus, replicate  # noqa: E402
from search import make_queries, time_queries  # noqa: E402

from marsad.model import Article  # noqa: E402
from marsad.moving import copy_store  # noqa: E402
from marsad.pipeline import annotate, store_articles  # noqa: E402
from marsad.store import Store, open_store  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

BATCH = 100


def server_cpu(url: str) -> float | None:
    """CPU seconds used so far by the local server's processes (None when not ours to read)."""
    host = url.partition("host=")[2].split("&")[0]
    pid_file = Path(host, "data", "postmaster.pid")
    if not host or not pid_file.exists():
        return None
    master = pid_file.read_text().split()[0]
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == master or fields[1] == master:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def timed_writes(store: Store, articles: list[Article], url: str | None = None) -> dict[str, float]:
    """Stages 5-8 over ``articles`` in batches: ms per article of wall, this process's CPU, the server's."""
    server_before = server_cpu(url) if url else None
    wall, cpu = time.perf_counter(), time.process_time()
    for first in range(0, len(articles), BATCH):
        store_articles([_fresh_copy(a) for a in articles[first : first + BATCH]], store)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    row = {"wall_ms": 1000 * wall / len(articles), "client_cpu_ms": 1000 * cpu / len(articles)}
    server_after = server_cpu(url) if url else None
    if server_before is not None and server_after is not None:
        row["server_cpu_ms"] = 1000 * (server_after - server_before) / len(articles)
    row["cpu_ms"] = row["client_cpu_ms"] + row.get("server_cpu_ms", 0.0)
    return {k: round(v, 2) for k, v in row.items()}


def _fresh_copy(article: Article) -> Article:
    """The annotated article as it comes out of stage 4 (store_articles sets fields on it)."""
    return Article.from_dict(article.as_dict())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL server URL where databases may be created (default: a local"
                        " throw-away cluster)")
    parser.add_argument("--large", action="store_true", help="compare 1k with 100k stored (default 10k)")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                        help="the two store sizes to compare (default 1000 and 10000, or 100000 with --large)")
    parser.add_argument("--sample", type=int, default=200, help="articles measured on top of each store")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from pgcluster import cluster, drop_database, fresh_database

    corpus = load_corpus(args.corpus)
    sample = corpus[: args.sample]
    started = time.process_time()
    annotated = [annotate(_fresh_copy(a)) for a in sample]
    annotate_ms = 1000 * (time.process_time() - started) / len(sample)
    work = Path(tempfile.mkdtemp(prefix="marsad-bench-pg-"))
    result: dict[str, object] = {"articles_measured": len(sample), "annotate_cpu_ms": round(annotate_ms, 2)}
    with ExitStack() as stack:
        server = args.db or stack.enter_context(cluster())
        stack.callback(shutil.rmtree, work, ignore_errors=True)

        def database() -> str:
            url = fresh_database(server)
            stack.callback(drop_database, server, url)
            return url

        # 1. empty stores
        lite = SQLiteStore(work / "empty.db")
        result["sqlite_empty"] = timed_writes(lite, annotated)
        lite.close()
        url = database()
        store = open_store(url)
        result["postgres_empty"] = timed_writes(store, annotated, url)
        store.close()

        # 2. as the store grows
        scratch = work / "scratch.db"
        ingest(SQLiteStore(scratch), corpus, 200)
        sizes = {}
        small_size, large_size = args.sizes or (1000, 100_000 if args.large else 10_000)
        for wanted in (small_size, large_size):
            replica_file = work / f"replicas-{wanted}.db"
            replicate(scratch, replica_file, max(1, round(wanted / len(corpus))))
            source, url = SQLiteStore(replica_file), database()
            store = open_store(url)
            size = copy_store(source, store, url)
            source.close()
            with psycopg.connect(url, autocommit=True) as conn:  # fresh statistics, as autovacuum would soon
                conn.execute("VACUUM ANALYZE")
            row = timed_writes(store, annotated, url)
            row["stored"] = size
            sizes[wanted] = (store, row)
        small, large = sizes[small_size][1], sizes[large_size][1]
        result["postgres_small"], result["postgres_large"] = small, large
        result["large_over_small"] = round(large["cpu_ms"] / small["cpu_ms"], 2)
        sizes[small_size][0].close()

        # 3. search on the large store
        big = sizes[large_size][0]
        records = [{"title": a.title, "outlet": a.source.name, "published": (a.published or "")[:10] or None}
                   for a in corpus]
        result["search"] = time_queries(big, make_queries(records, args.queries, random.Random(17)))
        result["search"]["stored"] = big.count_articles()
        big.close()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["load"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result))
        return
    print(f"stages 1-4 (once, same for both): {annotate_ms:.1f} CPU-ms per article; load {result['load']}")
    for key, label in (("sqlite_empty", "SQLite, empty"), ("postgres_empty", "PostgreSQL, empty"),
                       ("postgres_small", "PostgreSQL, small"), ("postgres_large", "PostgreSQL, large")):
        row = result[key]
        stored = f" ({row['stored']} stored)" if "stored" in row else ""
        server_part = f" + server {row['server_cpu_ms']}" if "server_cpu_ms" in row else ""
        print(f"stages 5-8, {label}{stored}: {row['cpu_ms']} CPU-ms per article (client {row['client_cpu_ms']}"
              f"{server_part}), wall {row['wall_ms']} ms")
    ratio = result["postgres_empty"]["cpu_ms"] / result["sqlite_empty"]["cpu_ms"]
    print(f"PostgreSQL / SQLite, empty stores: {ratio:.2f}x CPU")
    print(f"PostgreSQL large / small: {result['large_over_small']}x CPU")
    search = result["search"]
    print(f"search on PostgreSQL, {search['stored']} stored: p50 {search['search_p50_ms']} ms, p95"
          f" {search['search_p95_ms']} ms, with count p95 {search['search_and_count_p95_ms']} ms"
          f" ({search['queries']} queries)")
    print(f"peak RSS {result['peak_rss_mb']} MB; load {result['load']}")


if __name__ == "__main__":
    main()
