"""Per-article cost of grouping (dedup + shared passages + events + stories) as the store grows.

Measures ``marsad.grouping.group`` plus writing its result, on a batch of demo-corpus articles
ingested into a SQLite store that already holds N articles, for each N asked; prints ms per
article and the peak RSS of the process.

How the large stores are built (documented, not hidden): the demo corpus (1,724 articles,
../shared/data/demo_corpus_ant_may2018) is grouped once into a scratch store; that store's rows
are then copied as many times as needed to reach N.  Replica r gets new ids (``id#r``), its
publication days moved r x 410 days into the past (beyond the 400-day story window, so that the
replicas' identical copies of one story never join up: a real store does not hold each story 58
times), with the period keys of the lookup tables recomputed for the new days, and its content
hashes, MinHash bands and fingerprints salted by r (a real store does not hold 58 copies of each
text).  Only whole replicas are copied, so the sizes are multiples of 1,724 (1k -> 1,724; 10k ->
10,344; 100k -> 99,992).  Terms are *not* salted: replicas share the vocabulary, so term lookups
meet real posting lists and only the day windows keep them short.  The measured batch is the real
corpus (dated after every replica; it has no undated article, whose slot a shift would move).

What this measures, and what it does not: the cost of grouping's indexed lookups in a large store
whose day windows hold no more than the demo corpus's own days.  Replicas 410 days apart never
fill a story's candidate lists or an entity's article links, so a flat line here says nothing about
a real stream, where both keep growing; ``bench/grouping_stream.py`` is the figure of record for
how the cost grows with the store (docs/performance.md).

    python bench/grouping.py --sizes 1000 10000 100000 --batch 200
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import resource
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import cpu_seconds, load  # noqa: E402
from marsad import config  # noqa: E402
from marsad.grouping import GroupingResult, group  # noqa: E402
from marsad.model import Article, Source  # noqa: E402
from marsad.rows import article_rows  # noqa: E402
from marsad.store.base import packed_text, unpacked_text  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402


def _floor(expression: str, kind: str) -> str:
    """SQL for the period (or story epoch) of a shifted day, as sqlite_grouping computes it."""
    size = config.GROUPING_PERIOD_DAYS if kind == "period" else config.GROUPING_STORY_PERIOD_DAYS
    return f"(({expression}) - ((({expression}) % {size} + {size}) % {size})) / {size}"


CORPUS = REPO.parent / "shared/data/demo_corpus_ant_may2018/articles.jsonl.gz"
_SHIFTED = "(day - :shift)"
# Band and fingerprint rows take their day from their document (migration 0019): its slot, shifted.
_DOC_SHIFTED = "((SELECT COALESCE(b.day, -1000000000) FROM base_grouping_docs b WHERE b.doc = {table}.doc) - :shift)"
_ID_TABLES = {  # table -> (id column, extra SET clause for the replica)
    "grouping_docs": ("id", "day = day - :shift, content_hash = content_hash || :tag, key = key || :tag"),
    "grouping_hashes": ("id", f"hash = hash || :tag, day = day - :shift, period = {_floor(_SHIFTED, 'period')}"),
    "grouping_bands": ("doc", f"band = band + :salt, period = {_floor(_DOC_SHIFTED, 'period')}"),
    "grouping_prints": ("doc", f"print = print + :salt, period = {_floor(_DOC_SHIFTED, 'period')}"),
    "grouping_terms": ("doc", "day = day - :shift"),
    "grouping_events": ("event", "day = day - :shift"),
    "grouping_event_terms": ("event", f"day = day - :shift, epoch = {_floor(_SHIFTED, 'epoch')}"),
    "grouping_story_links": ("event", "other = other || :tag"),
    "events": ("id", "story = story || :tag, date = date(date, '-' || :shift || ' days'),"
               " data = pack(json_set(unpack(data), '$.id', id || :tag, '$.story', story || :tag, '$.date',"
               " date(date, '-' || :shift || ' days'), '$.articles', json((SELECT json_group_array(value || :tag)"
               " FROM json_each(unpack(data), '$.articles')))))"),
    "stories": ("id", "last_date = date(last_date, '-' || :shift || ' days'),"
                " data = pack(json_set(unpack(data), '$.id', id || :tag, '$.events', json((SELECT json_group_array("
                "value || :tag) FROM json_each(unpack(data), '$.events'))), '$.articles', json((SELECT"
                " json_group_array(value || :tag) FROM json_each(unpack(data), '$.articles')))))"),
}


def load_corpus(path: Path) -> list[Article]:
    """A corpus of ../shared/data (JSON Lines, .gz or .xz, an ``outlet`` per record) as Articles,
    in publication order."""
    opener = lzma.open if path.suffix == ".xz" else gzip.open
    with opener(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return sorted(
        (Article(id=r["id"], origin=r["url"], text=r["text"], title=r["title"], published=r["published"],
                 source=Source(r["outlet"])) for r in records),
        key=lambda a: (a.published or "", a.id),
    )


def ingest(store: SQLiteStore, articles: list[Article], batch: int) -> float:
    """Group and write ``articles`` batch by batch; return the CPU seconds spent (the process's own
    accounting, so other jobs on the machine slow the wall clock, not the figure)."""
    start = cpu_seconds()
    for first in range(0, len(articles), batch):
        group_batch(store, articles[first : first + batch])
    return cpu_seconds() - start


def group_batch(store: SQLiteStore, articles: list[Article]) -> GroupingResult:
    """Group one batch and write the result in one transaction, as the pipeline does."""
    with store.transaction():
        result = group(articles, store)
        store.write_grouping(result.rows)
        store.delete_events(result.deleted_events)
        store.delete_stories(result.deleted_stories)
        store.put_events(result.events)
        store.put_stories(result.stories)
        store.put_articles(article_rows(result.articles))
    return result


def replicate(scratch: Path, target: Path, replicas: int) -> int:
    """Fill ``target`` with whole replicas of the scratch store (see module docstring); return the size."""
    shutil.copy(scratch, target)
    db = SQLiteStore(target)
    # The store keeps these rows packed (marsad/store/base.py): the replica's JSON is edited unpacked.
    db.db.create_function("unpack", 1, unpacked_text, deterministic=True)
    db.db.create_function("pack", 1, packed_text, deterministic=True)
    with db.transaction():
        for table in [*_ID_TABLES, "articles"]:
            db.db.execute(f"CREATE TEMP TABLE base_{table} AS SELECT * FROM {table}")
            db.db.execute(f"DELETE FROM {table}")
        db.db.execute("CREATE INDEX temp.base_grouping_docs_doc ON base_grouping_docs (doc)")
        for replica in range(1, replicas + 1):
            _copy_replica(db, replica)
    size = db.count_articles()
    db.close()
    return size


def _copy_replica(db: SQLiteStore, replica: int) -> None:
    # Numbered rows (an article's grouping number, ``doc``) of replica r are numbered r x the
    # scratch store's highest number higher; the base rows are the ones not moved yet.
    most = db.db.execute("SELECT MAX(doc) FROM base_grouping_docs").fetchone()[0] or 0
    params = {"tag": f"#{replica}", "shift": replica * 410, "salt": replica * 7919, "docs": replica * most,
              "most": most}
    for table, (column, changes) in _ID_TABLES.items():
        if column == "doc":
            db.db.execute(f"INSERT INTO {table} SELECT * FROM base_{table}")
            changes = changes.format(table=table)
            db.db.execute(f"UPDATE {table} SET doc = doc + :docs, {changes} WHERE doc <= :most", params)
            continue
        moved = f"SELECT * FROM base_{table}"
        if table == "grouping_docs":  # its number is its key: copied in already moved
            moved = f"SELECT doc + :docs, id, key, day, content_hash, duplicate_of, event, data FROM base_{table}"
        db.db.execute(f"INSERT INTO {table} {moved}", params)
        assignments = ", ".join(c for c in (f"{column} = {column} || :tag", changes) if c)
        db.db.execute(f"UPDATE {table} SET {assignments} WHERE {column} NOT LIKE '%#%'", params)
    db.db.execute(
        "INSERT INTO articles (id, seq, content_hash, published, source_name, source_country, category, event,"
        " story, duplicate_of, ingested_at, data) SELECT id || :tag, seq + :salt * 1000, content_hash || :tag,"
        " date(published, '-' || :shift || ' days'), source_name, source_country, category, event || :tag,"
        " story || :tag, duplicate_of, ingested_at, pack(json_set(unpack(data), '$.id', id || :tag, '$.event',"
        " event || :tag, '$.story', story || :tag, '$.published', date(published, '-' || :shift || ' days')))"
        " FROM base_articles",
        params,
    )


def measure(corpus: list[Article], sizes: list[int], batch: int, sample: int) -> list[dict[str, float]]:
    """ms per grouped article with each store size."""
    work = Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    try:
        scratch = work / "scratch.db"
        ingest(SQLiteStore(scratch), corpus, batch)
        rows = []
        for wanted in sizes:
            target = work / f"store-{wanted}.db"
            size = replicate(scratch, target, max(1, round(wanted / len(corpus))))
            store = SQLiteStore(target)
            seconds = ingest(store, corpus[:sample], batch)
            rows.append({"stored": size, "articles": sample, "ms_per_article": 1000 * seconds / sample})
            store.close()
            target.unlink()
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--batch", type=int, default=200, help="articles per group() call (the ingest batch)")
    parser.add_argument("--sample", type=int, default=600, help="articles ingested on top of each store")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = measure(load_corpus(args.corpus), args.sizes, args.batch, args.sample)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"rows": rows, "peak_rss_mb": round(peak_mb, 1)}))
        return
    for row in rows:
        print(f"stored {row['stored']:>7}: {row['ms_per_article']:.2f} CPU ms per article ({row['articles']} grouped),"
              f" {load()}")
    first, last = rows[0]["ms_per_article"], rows[-1]["ms_per_article"]
    print(f"cost at {rows[-1]['stored']} / cost at {rows[0]['stored']}: {last / first:.2f}")
    print(f"peak RSS {peak_mb:.0f} MB; {load()}")


if __name__ == "__main__":
    main()
