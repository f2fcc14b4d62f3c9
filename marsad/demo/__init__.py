"""The sample corpus that ships with the package, for ``marsad demo`` and the tests."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from marsad.store import Store, open_store


def sample_path() -> Path:
    """The bundled sample: 300 records (276 articles) of ANT v2.1 (7–15 May 2018), see ATTRIBUTION.md."""
    return Path(str(resources.files("marsad.demo").joinpath("sample.jsonl")))


def fresh_store(url: str) -> Store:
    """An empty store at ``url``: a SQLite file there (and its WAL files) is removed first."""
    if url != ":memory:" and "://" not in url:
        for suffix in ("", "-wal", "-shm"):
            Path(url + suffix).unlink(missing_ok=True)
    return open_store(url)
