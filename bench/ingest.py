"""Ingest cost: articles per CPU-second, peak RSS and store bytes per article, demo corpus, JSON Lines and HTML.

Runs the whole pipeline as it stands (every stage) into a fresh SQLite store (a small store:
the demo corpus is 1,724 articles).  The HTML run renders each corpus article as a page with
navigation, related links and a footer, so that trafilatura has chrome to strip, as on a real
site.  Articles per CPU-second come from the process's own accounting (user + system time), so a
busy machine slows the wall time, not the figure; the machine's load is printed beside it.

With ``--workers 1,2`` it compares worker counts side by side instead: stages 1-4 alone (reading,
cleaning, per-article analysis, as the pipeline runs them, the pool started and warmed beforehand)
and the whole pipeline (pool start included), each as wall time, CPU time of every process (the
workers' included) and the speed-up over one worker.  A speed-up is a wall-time ratio, so it needs
free cores: the machine's load is printed beside each figure, and runs alternate (1, 2, 1, 2 ...
with ``--repeat``) so that both see the same weather; the best of each is kept.

With ``--tables`` it also prints where the store's bytes are: each table with its indexes, in KB
per stored article, from SQLite's ``dbstat`` (pages in use; the file also holds free pages).

Usage: nice python bench/ingest.py [--limit N] [--json] [--only jsonl|html] [--tables]
       [--workers 1,2 [--repeat R] [--part stages|whole]]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import cpu_seconds, load, peak_rss_mb, store_bytes  # noqa: E402
from marsad import clean, parallel, pipeline  # noqa: E402
from marsad.ingest import read_inputs  # noqa: E402
from marsad.model import RawDocument  # noqa: E402
from marsad.pipeline import ingest  # noqa: E402
from marsad.store import open_store  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{published}">
</head><body><nav><a href="/">الرئيسية</a> <a href="/world">العالم</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h3>اقرأ أيضا</h3><ul><li><a href="/x">خبر آخر</a></li><li><a href="/y">خبر ثالث</a></li></ul></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def load_rows(limit: int | None) -> list[dict]:
    if not CORPUS.exists():
        sys.exit(f"{CORPUS}: missing (../shared/data must be beside the repository)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    return rows[:limit] if limit else rows


def write_jsonl(rows: list[dict], folder: Path) -> list[str]:
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            record = {k: row[k] for k in ("id", "url", "title", "text", "published")}
            out.write(json.dumps({**record, "source": row["outlet"]}, ensure_ascii=False) + "\n")
    return [str(path)]


def write_html(rows: list[dict], folder: Path) -> list[str]:
    pages = folder / "pages"
    pages.mkdir()
    for row in rows:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n") if p.strip())
        page = PAGE.format(title=html.escape(row["title"] or ""), outlet=row["outlet"],
                           published=row["published"], paragraphs=paragraphs)
        (pages / f"{row['id']}.html").write_text(page, encoding="utf-8")
    return [str(pages)]


def run(inputs: list[str], folder: Path, name: str, tables: bool = False) -> dict:
    path = folder / f"{name}.db"
    store = open_store(str(path))
    start, cpu = time.perf_counter(), cpu_seconds()
    summary = ingest(read_inputs(inputs), store)
    cpu, seconds = cpu_seconds() - cpu, time.perf_counter() - start
    store.close()
    parts = table_kb(path, summary.stored) if tables else None
    return {"input": name, "articles": summary.read, "stored": summary.stored, "failed": summary.failed,
            "cpu_s": round(cpu, 2), "articles_per_cpu_s": round(summary.read / cpu, 1),
            "cpu_ms_per_article": round(1000 * cpu / summary.read, 2), "wall_s": round(seconds, 2),
            "store_kb_per_article": round(store_bytes(path) / 1024 / max(1, summary.stored), 1), "load": load(),
            **({"tables_kb_per_article": parts} if parts is not None else {})}


def table_kb(path: Path, articles: int) -> dict[str, float]:
    """KB per article of each table with its indexes (an FTS5 table with its shadow tables), largest
    first, from SQLite's dbstat: the pages in use, not the free ones."""
    db = sqlite3.connect(path)
    try:
        owner = dict(db.execute("SELECT name, tbl_name FROM sqlite_master WHERE name IS NOT NULL"))
        fts = [name for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
               if sql and "USING fts5" in sql]
        sizes: dict[str, int] = {}
        for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            table = owner.get(name, name)
            table = next((f for f in fts if table.startswith(f + "_")), table)
            sizes[table] = sizes.get(table, 0) + size
    finally:
        db.close()
    ranked = sorted(sizes.items(), key=lambda item: -item[1])
    return {table: round(size / 1024 / max(1, articles), 2) for table, size in ranked}


def children_cpu() -> float:
    """CPU of the worker processes that have ended (a pool's, once it is closed)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """User + system CPU of a running process, from /proc (0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_cpu(pool: parallel.Workers) -> list[float]:
    return [process_cpu(pid) for pid in pool.pids()] if isinstance(pool, parallel.ProcessPool) else []


def workers_peak_rss_mb(pool: parallel.Workers) -> float:
    """The largest peak resident memory among the pool's workers (0 without a pool)."""
    peaks = [0.0]
    for pid in pool.pids() if isinstance(pool, parallel.ProcessPool) else []:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
    return max(peaks)


def open_pool(workers: int) -> parallel.Workers:
    if workers == 1:
        pipeline.warm_up()  # the models, loaded before the clock starts, as each worker does
        return parallel.InProcess()
    pool = parallel.ProcessPool(workers, pipeline.warm_up)
    pool.start()
    return pool


def stages_1_to_4(inputs: list[str], workers: int) -> dict:
    """Reading, cleaning and per-article analysis as the pipeline runs them, nothing stored."""
    with open_pool(workers) as pool:
        cpu, each = cpu_seconds(), workers_cpu(pool)
        start = time.perf_counter()
        articles = (clean.to_article(i) for i in pipeline.read(inputs, pool) if isinstance(i, RawDocument))
        chunks = _chunks(articles, pipeline.CHUNK)
        analysed = sum(len(done) for done in parallel.imap(pool, pipeline.annotate_all, chunks, 2 * workers + 1))
        seconds = time.perf_counter() - start
        each = [after - before for after, before in zip(workers_cpu(pool), each, strict=True)]
        cpu = cpu_seconds() - cpu
        rss = workers_peak_rss_mb(pool)
    return {"articles": analysed, "wall_s": seconds, "main_cpu_s": cpu, "workers_cpu_s": each, "worker_rss_mb": rss}


def whole_pipeline(inputs: list[str], folder: Path, workers: int) -> dict:
    """Every stage into a fresh SQLite store, the pool's start and warm-up included."""
    path = folder / f"w{workers}-{time.monotonic_ns()}.db"
    store = open_store(str(path))
    cpu, start = cpu_seconds(), time.perf_counter()
    pool = parallel.open_workers(workers, None, pipeline.warm_up)
    with pool:
        summary = ingest(pipeline.read(inputs, pool), store, workers=pool)
        each, rss = workers_cpu(pool), workers_peak_rss_mb(pool)
    seconds = time.perf_counter() - start
    store.close()
    return {"articles": summary.read, "stored": summary.stored, "wall_s": seconds,
            "main_cpu_s": cpu_seconds() - cpu, "workers_cpu_s": each, "worker_rss_mb": rss}


def free_cores_wall(run: dict) -> float:
    """The wall time the run's CPU accounting allows on this machine's cores, were they free: the
    busiest process's CPU, or all the CPU spread over the cores, whichever is longer."""
    total = run["main_cpu_s"] + sum(run["workers_cpu_s"])
    return max([total / (os.cpu_count() or 1), run["main_cpu_s"], *run["workers_cpu_s"]])


def _chunks(items, size):  # type: ignore[no-untyped-def]
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def compare_workers(
    inputs: list[str], folder: Path, name: str, counts: list[int], repeat: int, parts: list[str]
) -> list[dict]:
    """Each worker count on stages 1-4 and on the whole pipeline, alternating, best wall time kept."""
    results = []
    for part in parts:
        best: dict[int, dict] = {}
        for _ in range(repeat):
            for workers in counts:
                before = load()
                run = stages_1_to_4(inputs, workers) if part == "stages 1-4" else whole_pipeline(inputs, folder, workers)
                run["load"] = f"{before} before, {load()} after"
                if workers not in best or run["wall_s"] < best[workers]["wall_s"]:
                    best[workers] = run
        base = best[counts[0]]
        for workers in counts:
            run = best[workers]
            cpu = run["main_cpu_s"] + sum(run["workers_cpu_s"])
            results.append({
                "input": name, "part": part, "workers": workers, "articles": run["articles"],
                "wall_s": round(run["wall_s"], 2), "cpu_s": round(cpu, 2),
                "main_cpu_s": round(run["main_cpu_s"], 2), "workers_cpu_s": [round(c, 2) for c in run["workers_cpu_s"]],
                "articles_per_wall_s": round(run["articles"] / run["wall_s"], 1),
                "cpu_ms_per_article": round(1000 * cpu / run["articles"], 2),
                "speedup_wall": round(base["wall_s"] / run["wall_s"], 2),
                "speedup_free_cores": round(free_cores_wall(base) / free_cores_wall(run), 2),
                "load": run["load"], "peak_rss_mb": round(peak_rss_mb(), 1),
                "worker_peak_rss_mb": round(run["worker_rss_mb"], 1),
            })
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--only", choices=["jsonl", "html"], help="one of the two runs")
    parser.add_argument("--tables", action="store_true", help="also each table's KB per article (dbstat)")
    parser.add_argument("--workers", help="compare worker counts, e.g. 1,2 (the first is the base)")
    parser.add_argument("--repeat", type=int, default=1, help="with --workers: runs of each count, best kept")
    parser.add_argument("--part", choices=["stages", "whole"], help="with --workers: stages 1-4 or the whole pipeline only")
    args = parser.parse_args()
    rows = load_rows(args.limit)
    writers = {"jsonl": write_jsonl, "html": write_html}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, write in writers.items():
            if args.only not in (None, name):
                continue
            if args.workers:
                counts = [int(n) for n in args.workers.split(",")]
                parts = [p for p in ("stages 1-4", "whole pipeline") if args.part in (None, p.split()[0])]
                for result in compare_workers(write(rows, folder), folder, name, counts, args.repeat, parts):
                    if args.json:
                        print(json.dumps(result), flush=True)
                        continue
                    print(f"{name:>5} {result['part']:>14}, {result['workers']} worker(s): {result['articles']}"
                          f" articles in {result['wall_s']} s wall, speed-up {result['speedup_wall']}x measured,"
                          f" {result['speedup_free_cores']}x from CPU accounting on {os.cpu_count()} free cores;"
                          f" CPU-s: this process {result['main_cpu_s']}, workers {result['workers_cpu_s']}"
                          f" ({result['cpu_ms_per_article']} ms per article in all); peak RSS"
                          f" {result['peak_rss_mb']:.0f} MB here, {result['worker_peak_rss_mb']:.0f} MB in a worker;"
                          f" {result['load']}", flush=True)
                continue
            result = run(write(rows, folder), folder, name, args.tables)
            result["peak_rss_mb"] = round(peak_rss_mb(), 1)
            if args.json:
                print(json.dumps(result), flush=True)
                continue
            print(f"{name:>5}: {result['articles']} articles, {result['cpu_s']} CPU-s ="
                  f" {result['articles_per_cpu_s']} articles per CPU-second ({result['cpu_ms_per_article']} ms"
                  f" each; wall {result['wall_s']} s), failed {result['failed']}, store"
                  f" {result['store_kb_per_article']} KB per article, peak RSS {result['peak_rss_mb']:.0f} MB,"
                  f" {result['load']}", flush=True)
            for table, kb in result.get("tables_kb_per_article", {}).items():
                if kb >= 0.01:
                    print(f"    {table:<28} {kb:6.2f} KB per article", flush=True)


if __name__ == "__main__":
    main()
