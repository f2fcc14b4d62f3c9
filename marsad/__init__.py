"""Marsad (مرصد): Arabic-first news intelligence.

The public entry points are few: ``analyze`` runs the whole pipeline over inputs
without storing anything, and ``open_store`` opens a store to ingest into or read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "analyze", "open_store"]

if TYPE_CHECKING:
    from marsad.pipeline import analyze
    from marsad.store import open_store


def __getattr__(name: str):  # noqa: ANN202 — lazy so that ``import marsad`` stays fast
    if name == "analyze":
        from marsad.pipeline import analyze

        return analyze
    if name == "open_store":
        from marsad.store import open_store

        return open_store
    raise AttributeError(name)
