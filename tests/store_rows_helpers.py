"""What the store-layout tests share: a demo part ingested through the pipeline, everything a
store answers (rows, groups, grouping lookups and tables), and the check that a converted store
grows on like a fresh one."""

from __future__ import annotations

from pathlib import Path

from marsad.ingest import read_inputs
from marsad.pipeline import ingest
from marsad.store import open_store
from marsad.store.base import COPIED_TABLES, ArticleFilter
from marsad.store.sqlite import SQLiteStore


def ingest_lines(path: Path, lines: list[str], folder: Path) -> SQLiteStore:
    source = folder / f"part-{len(lines)}-{path.stem}.jsonl"
    source.write_text("".join(lines), encoding="utf-8")
    store = open_store(str(path))
    assert ingest(read_inputs([str(source)]), store).stored == len(lines)
    return store


def everything(store: SQLiteStore) -> tuple:
    articles = sorted((a.as_dict() for a in store.iter_articles()), key=lambda a: a["id"])
    for article in articles:
        article.pop("origin")
    ids = [a["id"] for a in articles]
    events = sorted(e.id for e in store.list_events())
    profiles = [store.group_profile(ArticleFilter(event=e)) for e in events]
    docs = store.grouping_docs(ids)
    days = [d.day for d in docs.values() if d.day is not None]
    first, last = min(days), max(days)
    lookups = (
        sorted(store.docs_in_bands({b for d in docs.values() for b in d.bands}, first, last)),
        sorted(store.docs_with_terms({t for d in docs.values() for t in d.index_terms}, first, last)),
        store.docs_with_prints([p for (p,) in store.query("SELECT print FROM grouping_prints")], first, last, 5),
    )
    tables = {name: sorted(store.dump_table(name), key=repr) for name in COPIED_TABLES if name.startswith("grouping")}
    return articles, events, profiles, docs, lookups, tables


def assert_grows_on_like_a_fresh_store(path: Path, first: list[str], then: list[str], folder: Path) -> None:
    """New batches go on beside the converted rows, as on a fresh store given the same articles."""
    grown = ingest_lines(path, then, folder)
    fresh = ingest_lines(folder / "fresh.db", first, folder)
    fresh.close()
    fresh = ingest_lines(folder / "fresh.db", then, folder)
    assert everything(grown) == everything(fresh)
    grown.close()
    fresh.close()
