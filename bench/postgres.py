"""PostgreSQL against SQLite: per-article cost of the store stages, as the store grows, and search latency.

Three figures, on the demo corpus of ../shared/data (demo_corpus_ant_may2018, 1,724 articles):

1. Store stages (resolve, group, score, write: ``pipeline.store_articles``) per article into an empty
   SQLite file and an empty PostgreSQL database: CPU of this process, and for PostgreSQL also the
   server's CPU (its processes' user + system time, read from /proc when the server is the local
   one this script starts), and wall time.  Stages 1-4 are run once beforehand (the same for both).
2. The same on stores holding about 1k and about 100k articles (``--sizes``): the ratio of the
   costs, on PostgreSQL (and on SQLite with ``--sqlite``).
3. Search latency on a PostgreSQL store of about 100k articles of varied real text (``--search-size``):
   p50 / p95 of ``store.search`` (20 hits) over queries drawn from the demo corpus's titles as
   bench/search.py draws them, with the CPU per query of this process and of the server.

How the stores are built (cheaply, and through the store's own write path): the whole corpus goes
through the pipeline once (stages 1-8) into a scratch SQLite store, and each article's search words
are computed once.  A store of N articles then holds N / 1,724 replicas of it: replica r's articles
are the analysed articles with new ids (``id#r``), events, stories and copies tagged alike, and
publication dates moved r x 410 days back (beyond the story window), written with ``put_articles``
and the words computed once; its grouping lookups, events and stories are bench/grouping.py's
replicas of the scratch store's (hashes, bands and fingerprints salted, periods recomputed),
loaded with ``load_table``, as ``marsad copy`` loads them.  The entities are the corpus's, once:
a large store names the same people in more articles, so their article links grow with it.  After
the load, the database is vacuumed and analysed (what autovacuum does soon after a bulk load).
The measured batch is the real corpus's first articles (ids not in any replica, dated after all).

What it does not show: replicas 410 days apart never meet in grouping's day windows, so grouping's
lookups stay as short as in the small store (bench/grouping_stream.py measures a real stream).  And
the replicas share every entity, so an entity of the large store is named in 58 times the articles
a real store of that size would name it in.  That is what grows, on SQLite as on PostgreSQL: when
the measured batch shows two stored entities to be one, the merge moves every article naming the
one that goes, and grouping reads each of them again (their records name entities), so a merge
costs 58 times what it costs in the small store.  ``--sqlite`` shows it: at 1.7k / 17k stored SQLite
grows 1.82x, as much as PostgreSQL's client does.

The search store of figure 3 is not made of replicas of one corpus (every word's postings would tie
58 times, which no real store does and which defeats the pruned ranking's bound).  It holds the
real corpora of ../shared/data once each: the demo corpus as analysed above (1,724), SaudiNewsNet
of 21 July - 4 August 2015 (20,093 with a text) and of 10-11 August 2015 (3,362), ANT v1.1
JawharaFM and the ANT v2.1 sample, their test splits left out (9,110, and 9,407 not already in the
demo corpus): 43,696 articles of about 30 outlets over four years, written with ``put_articles``
and their own search words (only the demo corpus went through stages 5-8; search reads none of what
those add).  That set is then written again, dates 410 days earlier and ids tagged, until the store
holds ``--search-size`` articles: 2.3 times for 100k, so a word's postings tie at most three times.

Without ``--db`` a throw-away PostgreSQL cluster is started in a temporary folder (the tests'
tests/pgcluster.py); ``--db URL`` names a server where the script may create and drop databases.
The machine's load is printed beside the figures (2 shared cores: compare the ratios).

    python bench/postgres.py                          # 1k vs 100k stored, 200 articles measured
    python bench/postgres.py --sizes 1000 10000 --json
    python bench/postgres.py --sqlite                 # SQLite's 1k vs 100k beside
    python bench/postgres.py --db URL --keep          # keep the stores it builds on URL's server
    python bench/postgres.py --db URL --stores SMALL_URL LARGE_URL   # figures 1-2 on copies of kept stores
    python bench/postgres.py --search-only URL        # figure 3 again, on a store --keep kept
    python bench/postgres.py --db URL --keep --search-store   # only figure 3's store, and figure 3
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import lzma
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

import psycopg  # noqa: E402
from grouping import CORPUS, load_corpus, replicate  # noqa: E402
from search import make_queries, time_queries  # noqa: E402
from tqdm import tqdm  # noqa: E402

from marsad.model import Article, Source  # noqa: E402
from marsad.pipeline import annotate, store_articles  # noqa: E402
from marsad.rows import search_words  # noqa: E402
from marsad.store import Store, open_store  # noqa: E402
from marsad.store.base import COPIED_TABLES, ArticleRow, SearchWords  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

BATCH = 100
_SHIFT_DAYS = 410  # bench/grouping.py's replicas' shift
SHARED = REPO.parent / "shared/data"
# The search store's other corpora (see the module docstring): file, and how its records are laid out.
OTHER_CORPORA = (
    ("corpus_saudinewsnet_jul2015/saudinewsnet_2015-07-21_08-04.jsonl.xz", "saudinewsnet"),
    ("demo_corpus_saudinewsnet_aug2015/saudinewsnet_2015-08-10_11.jsonl.gz", "saudinewsnet"),
    ("classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz", "ant"),
    ("classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz", "ant"),
)


def server_cpu(url: str) -> float | None:
    """CPU seconds used so far by the local server's processes, ended ones included (None when not
    ours to read)."""
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
        if stat.parent.name == master:  # its own time and its children's that have ended
            total += sum(int(field) for field in fields[11:15])
        elif fields[1] == master:  # a child still running
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


def _replica(article: Article, replica: int) -> Article:
    """The article of replica ``replica`` (see the module docstring); its lists are shared, not copied."""
    tag, shift = f"#{replica}", timedelta(days=replica * _SHIFT_DAYS)
    published = article.published
    if published and len(published) >= 10:
        published = (date.fromisoformat(published[:10]) - shift).isoformat() + published[10:]
    tagged = lambda value: value and value + tag  # noqa: E731
    return replace(article, id=article.id + tag, published=published, event=tagged(article.event),
                   story=tagged(article.story), duplicate_of=tagged(article.duplicate_of),
                   content_hash=tagged(article.content_hash))


def fill(store: Store, analysed: list[tuple[Article, SearchWords]], replicas: Path, count: int) -> int:
    """Write ``count`` replicas of the analysed corpus into the empty ``store`` (a transaction each, as a
    store is written in many: one transaction for all would leave the kept counts' rows, rewritten by
    every replica, with 58 versions each in bloated indexes), the other tables from the SQLite file
    ``replicas`` made by bench/grouping.py's ``replicate``."""
    for replica in tqdm(range(1, count + 1), desc=f"filling {count} replicas", leave=False):
        with store.transaction(exclusive=True):
            for first in range(0, len(analysed), 500):
                store.put_articles([ArticleRow(_replica(a, replica), words)
                                    for a, words in analysed[first : first + 500]])
    with store.transaction(exclusive=True):
        source = SQLiteStore(replicas)
        for table in COPIED_TABLES:
            store.load_table(table, source.dump_table(table))
        source.close()
    return store.count_articles()


def read_other(name: str, layout: str) -> list[Article]:
    """One of OTHER_CORPORA as Articles (no test-split record read into them; records without text
    left out)."""
    path = SHARED / name
    if not path.exists():
        raise SystemExit(f"{path}: not found (the search store is built from ../shared/data)")
    opener: Any = lzma.open if path.suffix == ".xz" else gzip.open
    articles = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            record = json.loads(line)
            if layout == "ant":
                if record.get("split") == "test":
                    continue
                ident, text, published, outlet = record["id"], record["text"], record["published"], record["outlet"]
            else:
                ident, text, outlet = f"{path.name.split('.')[0]}:{number}", record["content"], record["source"]
                published = record["date_extracted"][:10]
            if text and text.strip():
                articles.append(Article(id=ident, origin=record["url"], text=text, title=record["title"] or "",
                                        published=published, source=Source(outlet),
                                        content_hash=hashlib.sha1(text.encode()).hexdigest()[:16]))
    return articles


def fill_search_store(store: Store, analysed: list[tuple[Article, SearchWords]], size: int) -> int:
    """The search store of figure 3 (module docstring): the analysed demo corpus and the other real
    corpora, then that set again, 410 days earlier per round, until ``size`` articles."""
    rows, seen = list(analysed), {a.id for a, _ in analysed}
    for name, layout in OTHER_CORPORA:
        other = [a for a in read_other(name, layout) if a.id not in seen]  # the ANT sample holds demo articles
        seen.update(a.id for a in other)
        rows += [(a, search_words(a)) for a in tqdm(other, desc=f"search words of {name.split('/')[0]}",
                                                     leave=False)]
    written, replica = 0, 0
    with tqdm(total=size, desc="filling the search store", leave=False) as progress:
        while written < size:
            chunk = rows[: size - written]
            for first in range(0, len(chunk), 500):
                with store.transaction():
                    store.put_articles([ArticleRow(_replica(a, replica) if replica else a, words)
                                        for a, words in chunk[first : first + 500]])
                progress.update(len(chunk[first : first + 500]))
            written, replica = written + len(chunk), replica + 1
    return store.count_articles()


def timed_search(store: Store, queries: list, url: str | None) -> dict[str, float]:
    """bench/search.py's latencies, with CPU per query of this process and of the server."""
    server_before, cpu = (server_cpu(url) if url else None), time.process_time()
    timed = time_queries(store, queries)
    cpu = time.process_time() - cpu
    server_after = server_cpu(url) if url else None
    runs = len(queries) + 20  # time_queries warms up on 20, then runs search and count for each
    timed["client_cpu_ms_per_query"] = round(1000 * cpu / runs, 2)
    if server_before is not None and server_after is not None:
        timed["server_cpu_ms_per_query"] = round(1000 * (server_after - server_before) / runs, 2)
    return timed


def search_figure(store: Store, corpus: list[Article], count: int, url: str | None) -> dict[str, float]:
    """Figure 3: ``count`` queries drawn from the corpus's titles (seed 17), timed on ``store``."""
    records = [{"title": a.title, "outlet": a.source.name, "published": (a.published or "")[:10] or None}
               for a in corpus]
    searched = timed_search(store, make_queries(records, count, random.Random(17)), url)
    searched["stored"] = store.count_articles()
    searched["load"] = round(os.getloadavg()[0], 2)
    return searched


def search_line(search: dict[str, float]) -> str:
    return (f"search on PostgreSQL, {search['stored']} stored: p50 {search['search_p50_ms']} ms, p95"
            f" {search['search_p95_ms']} ms, with count p95 {search['search_and_count_p95_ms']} ms"
            f" ({search['queries']} queries, {search['queries_with_hits']} with hits); CPU per query: client"
            f" {search['client_cpu_ms_per_query']} ms, server {search.get('server_cpu_ms_per_query', '?')} ms;"
            f" load {search['load']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL server URL where databases may be created (default: a local"
                        " throw-away cluster)")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"), default=(1000, 100_000),
                        help="the two store sizes to compare (default 1000 and 100000)")
    parser.add_argument("--sqlite", action="store_true", help="also SQLite at both sizes")
    parser.add_argument("--sample", type=int, default=200, help="articles measured on top of each store")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--search-size", type=int, default=100_000, help="articles in figure 3's store"
                        " (default 100000)")
    parser.add_argument("--keep", action="store_true", help="keep the databases made on --db (their URLs are"
                        " printed), to measure queries against them again")
    parser.add_argument("--stores", nargs=2, metavar=("SMALL_URL", "LARGE_URL"), help="figures 1 and 2 on"
                        " copies of these stores (the unmeasured ones --keep left, on --db's server) instead"
                        " of building them")
    parser.add_argument("--search-only", metavar="URL", help="only figure 3, on this already built store (one that"
                        " --keep left)")
    parser.add_argument("--search-store", action="store_true", help="only figure 3, on a search store built for it")
    parser.add_argument("--no-search", action="store_true", help="figures 1 and 2 only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from pgcluster import cluster, drop_database, fresh_database

    corpus = load_corpus(args.corpus)
    if args.search_only:
        searched = search_figure(open_store(args.search_only), corpus, args.queries, args.search_only)
        print(json.dumps(searched) if args.json else search_line(searched))
        return
    started = time.process_time()
    wanted = corpus[: args.sample] if args.stores and args.no_search else corpus  # only the batch measured
    annotated = [annotate(_fresh_copy(a)) for a in tqdm(wanted, desc="stages 1-4", leave=False)]
    annotate_ms = 1000 * (time.process_time() - started) / len(wanted)
    sample = annotated[: args.sample]
    work = Path(tempfile.mkdtemp(prefix="marsad-bench-pg-"))
    result: dict[str, object] = {"articles_measured": len(sample), "annotate_cpu_ms": round(annotate_ms, 2)}
    with ExitStack() as stack:
        server = args.db or stack.enter_context(cluster())
        stack.callback(shutil.rmtree, work, ignore_errors=True)

        def database() -> str:
            url = fresh_database(server)
            if args.keep and args.db:
                print(f"keeping {url}", file=sys.stderr)
            else:
                stack.callback(drop_database, server, url)
            return url

        def copy_of(built: str) -> str:
            """A fresh database holding what ``built`` holds (dropped at the end)."""
            url = fresh_database(server)
            stack.callback(drop_database, server, url)
            drop_database(server, url)
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {_name(url)} TEMPLATE {_name(built)}")
            return url

        # the corpus analysed once (stages 5-8): the replicas of figure 2 and part of figure 3's store
        analysed: list[tuple[Article, SearchWords]] = []
        if not args.stores or not args.no_search:  # --stores: the kept stores hold it already
            scratch = SQLiteStore(work / "scratch.db")
            for first in tqdm(range(0, len(annotated), BATCH), desc="stages 5-8 of the corpus", leave=False):
                store_articles([_fresh_copy(a) for a in annotated[first : first + BATCH]], scratch)
            analysed = [(a, search_words(a)) for a in scratch.iter_articles()]
            scratch.close()
        stores: dict[str, tuple[Store, str | None]] = {}
        if not args.search_store:
            growth(args, result, sample, analysed, work, database, stores, copy_of)

        # 3. search on a large PostgreSQL store of varied text
        if not args.no_search:
            url = database()
            searched = open_store(url)
            built = time.process_time()
            size = fill_search_store(searched, analysed, args.search_size)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
            result["search"] = search_figure(searched, corpus, args.queries, url)
            result["search"]["build_cpu_s"] = round(time.process_time() - built, 1)  # type: ignore[index]
            result["search"]["stored"] = size  # type: ignore[index]
            stores["search"] = (searched, url)
        for store, _ in stores.values():
            store.close()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["load"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result))
        return
    print(f"stages 1-4 (once, same for both): {annotate_ms:.1f} CPU-ms per article; load {result['load']}")
    for key in ("sqlite_empty", "postgres_empty", "postgres_small", "postgres_large", "sqlite_small",
                "sqlite_large"):
        if key not in result:
            continue
        row = result[key]
        stored = f" ({row['stored']} stored, built in {row['build_cpu_s']} CPU-s, load {row['load']})" \
            if "stored" in row else ""
        server_part = f" + server {row['server_cpu_ms']}" if "server_cpu_ms" in row else ""
        print(f"stages 5-8, {key.replace('_', ' ')}{stored}: {row['cpu_ms']} CPU-ms per article (client"
              f" {row['client_cpu_ms']}{server_part}), wall {row['wall_ms']} ms")
    if "sqlite_empty" in result:
        ratio = result["postgres_empty"]["cpu_ms"] / result["sqlite_empty"]["cpu_ms"]  # type: ignore[index]
        print(f"PostgreSQL / SQLite, empty stores: {ratio:.2f}x CPU")
    for kind in ("postgres", "sqlite"):
        if f"{kind}_large_over_small" in result:
            print(f"{kind} large / small: {result[f'{kind}_large_over_small']}x CPU per article")
    if "search" in result:
        print(search_line(result["search"]))  # type: ignore[arg-type]
    print(f"peak RSS {result['peak_rss_mb']} MB; load {result['load']}")


def growth(args: argparse.Namespace, result: dict[str, object], sample: list[Article],
           analysed: list[tuple[Article, SearchWords]], work: Path, database: Any,
           stores: dict[str, tuple[Store, str | None]], copy_of: Any) -> None:
    """Figures 1 and 2: the store stages on empty stores, then on a small and a large one."""
    lite = SQLiteStore(work / "empty.db")
    result["sqlite_empty"] = timed_writes(lite, sample)
    lite.close()
    url = database()
    store = open_store(url)
    result["postgres_empty"] = timed_writes(store, sample, url)
    store.close()
    for kind in ("postgres", "sqlite") if args.sqlite and not args.stores else ("postgres",):
        for label, wanted in zip(("small", "large"), args.sizes, strict=True):
            if kind == "postgres" and args.stores:  # a kept store, measured on a copy
                url = copy_of(args.stores[label == "large"])
                store = open_store(url)
                row = timed_writes(store, sample, url)
                row.update(stored=store.count_articles() - len(sample), build_cpu_s=0.0,
                           load=round(os.getloadavg()[0], 2))
                result[f"{kind}_{label}"] = row
                stores[f"{kind}_{label}"] = (store, url)
                continue
            count = max(1, round(wanted / len(analysed)))
            replicas = work / f"replicas-{count}.db"
            if not replicas.exists():  # the articles are written from ``analysed``: not copied there
                bare = work / "scratch-bare.db"
                if not bare.exists():
                    shutil.copy(work / "scratch.db", bare)
                    with sqlite3.connect(bare) as db:
                        db.execute("DELETE FROM articles")
                replicate(bare, replicas, count)
            built = time.process_time()
            if kind == "postgres":
                url, target = database(), None
                store = open_store(url)
            else:
                url, target = None, work / f"{label}.db"
                store = SQLiteStore(target)
            size = fill(store, analysed, replicas, count)
            if url:
                with psycopg.connect(url, autocommit=True) as conn:  # fresh statistics, as autovacuum would
                    conn.execute("VACUUM ANALYZE")
            build_s = time.process_time() - built
            if url and args.keep and args.db:  # the store as built, before the measured batch, for --stores
                store.close()
                with psycopg.connect(server_of(url), autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {_name(url)}_built TEMPLATE {_name(url)}")
                print(f"keeping {url.replace(_name(url), _name(url) + '_built')} ({label}, unmeasured)",
                      file=sys.stderr)
                store = open_store(url)
            row = timed_writes(store, sample, url)
            row.update(stored=size, build_cpu_s=round(build_s, 1), load=round(os.getloadavg()[0], 2))
            result[f"{kind}_{label}"] = row
            stores[f"{kind}_{label}"] = (store, url)
        result[f"{kind}_large_over_small"] = round(
            result[f"{kind}_large"]["cpu_ms"] / result[f"{kind}_small"]["cpu_ms"], 2)  # type: ignore[index]


def _name(url: str) -> str:
    """The database name in a URL."""
    return url.partition("?")[0].rsplit("/", 1)[1]


def server_of(url: str) -> str:
    """The URL of the same server's ``postgres`` database."""
    return url.replace(f"/{_name(url)}", "/postgres", 1)


if __name__ == "__main__":
    main()
