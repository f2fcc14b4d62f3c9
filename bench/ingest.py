"""Ingest cost: articles per CPU-second, peak RSS and store bytes per article, demo corpus, JSON Lines and HTML.

Runs the whole pipeline as it stands (every stage) into a fresh SQLite store (a small store:
the demo corpus is 1,724 articles).  The HTML run renders each corpus article as a page with
navigation, related links and a footer, so that trafilatura has chrome to strip, as on a real
site.  Articles per CPU-second come from the process's own accounting (user + system time), so a
busy machine slows the wall time, not the figure; the machine's load is printed beside it.

Usage: nice python bench/ingest.py [--limit N] [--json] [--only jsonl|html]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import cpu_seconds, load, peak_rss_mb, store_bytes  # noqa: E402
from marsad.ingest import read_inputs  # noqa: E402
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


def run(inputs: list[str], folder: Path, name: str) -> dict:
    path = folder / f"{name}.db"
    store = open_store(str(path))
    start, cpu = time.perf_counter(), cpu_seconds()
    summary = ingest(read_inputs(inputs), store)
    cpu, seconds = cpu_seconds() - cpu, time.perf_counter() - start
    store.close()
    return {"input": name, "articles": summary.read, "stored": summary.stored, "failed": summary.failed,
            "cpu_s": round(cpu, 2), "articles_per_cpu_s": round(summary.read / cpu, 1),
            "cpu_ms_per_article": round(1000 * cpu / summary.read, 2), "wall_s": round(seconds, 2),
            "store_kb_per_article": round(store_bytes(path) / 1024 / max(1, summary.stored), 1), "load": load()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--only", choices=["jsonl", "html"], help="one of the two runs")
    args = parser.parse_args()
    rows = load_rows(args.limit)
    writers = {"jsonl": write_jsonl, "html": write_html}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, write in writers.items():
            if args.only in (None, name):
                result = run(write(rows, folder), folder, name)
                result["peak_rss_mb"] = round(peak_rss_mb(), 1)
                if args.json:
                    print(json.dumps(result), flush=True)
                    continue
                print(f"{name:>5}: {result['articles']} articles, {result['cpu_s']} CPU-s ="
                      f" {result['articles_per_cpu_s']} articles per CPU-second ({result['cpu_ms_per_article']} ms"
                      f" each; wall {result['wall_s']} s), failed {result['failed']}, store"
                      f" {result['store_kb_per_article']} KB per article, peak RSS {result['peak_rss_mb']:.0f} MB,"
                      f" {result['load']}", flush=True)


if __name__ == "__main__":
    main()
