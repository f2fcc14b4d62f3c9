"""bench/ingest.py --tables: each table's share of the store, its indexes and shadow tables included."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from store_rows_helpers import ingest_lines

from marsad.demo import sample_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.ingest import table_kb  # noqa: E402


def test_the_tables_add_up_to_the_pages_in_use(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:20]
    path = tmp_path / "s.db"
    ingest_lines(path, lines, tmp_path).close()
    parts = table_kb(path, 20)
    db = sqlite3.connect(path)
    used = db.execute("SELECT SUM(pgsize) FROM dbstat").fetchone()[0]
    indexes = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
    db.close()
    assert abs(sum(parts.values()) - used / 1024 / 20) < 0.01 * len(parts)
    assert list(parts.values()) == sorted(parts.values(), reverse=True)
    # Indexes count with their table, FTS5's shadow tables with the index they belong to.
    assert "article_search" in parts and not any(name.startswith("article_search_") for name in parts)
    assert indexes and not set(indexes) & set(parts)
    assert {"articles", "article_entities", "grouping_prints", "entity_numbers"} <= set(parts)
