"""Ingest throughput: articles/s and peak RSS for the demo corpus, from JSON Lines and from HTML.

Runs the whole pipeline as it stands (every stage) into a fresh SQLite store.  The
HTML run renders each corpus article as a page with navigation, related links and
a footer, so that trafilatura has chrome to strip, as on a real site.

Usage: python bench/ingest.py [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.ingest import read_inputs
from marsad.pipeline import ingest
from marsad.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{published}">
</head><body><nav><a href="/">الرئيسية</a> <a href="/world">العالم</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h3>اقرأ أيضا</h3><ul><li><a href="/x">خبر آخر</a></li><li><a href="/y">خبر ثالث</a></li></ul></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def load(limit: int | None) -> list[dict]:
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
    store = open_store(str(folder / f"{name}.db"))
    start = time.perf_counter()
    summary = ingest(read_inputs(inputs), store)
    seconds = time.perf_counter() - start
    store.close()
    return {"input": name, "articles": summary.read, "stored": summary.stored, "failed": summary.failed,
            "seconds": round(seconds, 2), "articles_per_s": round(summary.read / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()
    rows = load(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [run(write_jsonl(rows, folder), folder, "jsonl"), run(write_html(rows, folder), folder, "html")]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for result in results:
        result["peak_rss_mb"] = round(peak_mb, 1)
        if args.json:
            print(json.dumps(result))
        else:
            print(f"{result['input']:>5}: {result['articles']} articles in {result['seconds']} s = "
                  f"{result['articles_per_s']} articles/s (failed {result['failed']}), peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
