"""Stage 8: where articles, events, stories and entities are kept."""

from __future__ import annotations

import os
from pathlib import Path

from marsad.errors import StoreError
from marsad.store.base import ArticleFilter, SearchHit, Store
from marsad.store.postgres_urls import is_postgres_url
from marsad.store.sqlite import SQLiteStore

__all__ = ["ArticleFilter", "SearchHit", "Store", "SQLiteStore", "open_store", "default_url"]


def default_url() -> str:
    """``MARSAD_DB`` if set, else ``./marsad.db``."""
    return os.environ.get("MARSAD_DB") or "marsad.db"


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``: a plain path (or ``sqlite:///path``) is SQLite, ``postgresql://``
    (or ``postgres://``) is PostgreSQL."""
    url = url or default_url()
    if is_postgres_url(url):
        try:
            from marsad.store.postgres import PostgresStore
        except ImportError as error:
            raise StoreError(f"PostgreSQL needs the postgres extra: pip install 'marsad[postgres]' ({error})") from error
        store: Store = PostgresStore(url)
    else:
        store = _sqlite(url)
    from marsad.rows import index_backlog  # a store from before the search index is indexed once

    index_backlog(store)
    return store


def _sqlite(url: str) -> SQLiteStore:
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    if url != ":memory:":
        parent = Path(url).expanduser().parent
        if not parent.exists():
            raise StoreError(f"{url}: folder {parent} does not exist")
    return SQLiteStore(url)
