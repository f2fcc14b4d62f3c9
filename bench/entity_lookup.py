"""Entity resolution against a growing store: a batch that loads every entity against one that looks up its candidates.

Recognises the two demo corpora (ANT May 2018, then SaudiNewsNet Aug 2015), resolves them
batch by batch into a SQLite store as the pipeline does (``EntityResolver(lookup=
store.entities_by_keys)``, then ``put_entities``), and times, for the batches at a few
store sizes, what the resolution step costs each way: reading every stored entity into
the resolver (``EntityResolver(store.list_entities())``, the former pipeline) or fetching
only the candidates by key.  Both resolve the batch the same (tests/entities/test_resolve_lookup.py).
CPU seconds of this process, one core; recognition is not timed.

Usage: python bench/entity_lookup.py [--limit N] [--batch 200] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import load as machine_load  # noqa: E402
from marsad.entities import EntityResolver, recognize  # noqa: E402
from marsad.model import Mention  # noqa: E402
from marsad.rows import entity_rows  # noqa: E402
from marsad.store import SQLiteStore  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
CORPORA = (
    SHARED / "demo_corpus_ant_may2018" / "articles.jsonl.gz",
    SHARED / "demo_corpus_saudinewsnet_aug2015" / "saudinewsnet_2015-08-10_11.jsonl.gz",
)
Item = tuple[str, str, list[Mention]]


def load(limit: int | None) -> list[Item]:
    """(id, text, mentions) of the corpora's articles, recognised."""
    rows: list[tuple[str, str]] = []
    for path in CORPORA:
        if not path.exists():
            sys.exit(f"{path}: missing (../shared/data must be beside the repository)")
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            for i, line in enumerate(stream):
                row = json.loads(line)
                text = f"{row.get('title') or ''}\n{row.get('text') or row.get('content') or ''}"
                rows.append((f"{path.parent.name}-{row.get('id', i)}", text))
    rows = rows[:limit] if limit else rows
    return [(article_id, text, recognize(text)) for article_id, text in rows]


def timed(make, batch: list[Item]) -> tuple[float, EntityResolver]:
    """CPU seconds to build a resolver and resolve the batch with it."""
    start = time.process_time()
    resolver = make()
    for article_id, text, mentions in batch:
        resolver.resolve(article_id, text, mentions)
    return time.process_time() - start, resolver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--batch", type=int, default=200, help="articles per batch (the pipeline's INGEST_BATCH)")
    parser.add_argument("--json", action="store_true", help="one JSON object per timed batch")
    args = parser.parse_args()
    items = load(args.limit)
    batches = [items[i : i + args.batch] for i in range(0, len(items), args.batch)]
    timed_at = {0, len(batches) // 2, len(batches) - 1}
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.db")
        for n, batch in enumerate(batches):
            if n in timed_at:
                entities = store.count_entities()
                everything, _ = timed(lambda: EntityResolver(store.list_entities()), batch)
                lookup, resolver = timed(lambda: EntityResolver(lookup=store.entities_by_keys), batch)
                figures = {
                    "batch": n + 1, "stored_entities": entities, "held_with_lookup": len(resolver.entities()),
                    "load_all_s": everything, "lookup_s": lookup,
                }
                print(json.dumps(figures) if args.json else (
                    f"batch {n + 1:>3} of {len(batches)}, {entities:>6} entities stored: load all "
                    f"{everything:6.2f} s, look up {lookup:6.2f} s ({len(resolver.entities())} entities held)"
                ))
            else:
                _, resolver = timed(lambda: EntityResolver(lookup=store.entities_by_keys), batch)
            store.put_entities(entity_rows(resolver.changed()))
        store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_rss_mib": rss}) if args.json else f"peak RSS: {rss:.0f} MiB; {machine_load()}")


if __name__ == "__main__":
    main()
