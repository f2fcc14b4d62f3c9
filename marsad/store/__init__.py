"""Stage 8: where articles, events, stories and entities are kept."""

from __future__ import annotations

import os
from pathlib import Path

from marsad.errors import StoreError
from marsad.store.base import ArticleFilter, SearchHit, Store
from marsad.store.sqlite import SQLiteStore

__all__ = ["ArticleFilter", "SearchHit", "Store", "SQLiteStore", "open_store", "default_url"]


def default_url() -> str:
    """``MARSAD_DB`` if set, else ``./marsad.db``."""
    return os.environ.get("MARSAD_DB") or "marsad.db"


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``: a plain path is SQLite, ``postgresql://`` is PostgreSQL."""
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        # The Store protocol is what a PostgreSQL implementation must satisfy; none ships yet.
        raise StoreError(f"{url}: PostgreSQL is not supported yet; use a SQLite path")
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    if url != ":memory:":
        parent = Path(url).expanduser().parent
        if not parent.exists():
            raise StoreError(f"{url}: folder {parent} does not exist")
    store = SQLiteStore(url)
    from marsad.rows import index_backlog  # a store from before the search index is indexed once

    index_backlog(store)
    return store
