"""``marsad copy``: a whole store into another (SQLite -> PostgreSQL and back), nothing re-analysed.

Articles go through ``put_articles`` in the order they were stored (so "newest first" breaks ties
the same way), with their search words recomputed (cheap: no model runs) since each store keeps
its own index; every other table is copied row for row (``base.COPIED_TABLES``).  The copy is one
transaction on the destination: it is all there or not at all, and a destination that already
holds articles is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from marsad.errors import StoreError
from marsad.rows import article_rows
from marsad.store.base import COPIED_TABLES, Store

_BATCH = 500


def copy_store(source: Store, target: Store, target_name: str, progress: Callable[[int], None] | None = None) -> int:
    """Copy everything ``source`` holds into the empty ``target``; returns the articles copied."""
    held = target.count_articles() + target.count_events() + target.count_entities()
    if held:
        raise StoreError(f"{target_name}: not empty ({target.count_articles()} articles); copy into an empty store")
    copied = 0
    with target.transaction(exclusive=True):
        articles = source.iter_articles()
        while batch := list(islice(articles, _BATCH)):
            target.put_articles(article_rows(batch))
            copied += len(batch)
            if progress:
                progress(len(batch))
        for table in COPIED_TABLES:
            target.load_table(table, source.dump_table(table))
    return copied
