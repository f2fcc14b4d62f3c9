"""SQLite keeps large JSON rows compressed; stores written before (plain JSON rows) read the same."""

from __future__ import annotations

import sqlite3

from store_rows_helpers import assert_grows_on_like_a_fresh_store, everything, ingest_lines

from marsad.demo import sample_path
from marsad.store import open_store
from marsad.store.base import json_value, unpacked_text

PACKED = {"articles": "id", "grouping_docs": "id", "grouping_events": "event"}


def test_rows_are_compressed_and_smaller(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:40]
    store = ingest_lines(tmp_path / "s.db", lines, tmp_path)
    for table, key in PACKED.items():
        rows = store.query(f"SELECT {key}, data FROM {table}")
        assert rows and all(isinstance(row[1], bytes) for row in rows), table
        text = [unpacked_text(row[1]) for row in rows]
        assert all(isinstance(json_value(t), dict) for t in text)
        assert sum(len(row[1]) for row in rows) < 0.7 * sum(len(t.encode()) for t in text), table
    # What SQL reads of an article (a group's scores) is in columns of its own.
    scores = store.query("SELECT credibility, importance FROM articles")
    assert all(isinstance(c, int) and isinstance(i, int) for c, i in scores)
    store.close()


def test_a_store_written_before_reads_the_same_and_grows_on(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:60]
    path = tmp_path / "old.db"
    store = ingest_lines(path, lines[:40], tmp_path)
    before = everything(store)
    store.close()
    # Turn it into a store as written before the compact rows: JSON text, no score columns.
    db = sqlite3.connect(path)
    for table, key in PACKED.items():
        rows = db.execute(f"SELECT {key}, data FROM {table}").fetchall()
        db.executemany(f"UPDATE {table} SET data = ? WHERE {key} = ?", [(unpacked_text(d), k) for k, d in rows])
    db.execute("ALTER TABLE articles DROP COLUMN credibility")
    db.execute("ALTER TABLE articles DROP COLUMN importance")
    db.execute("DELETE FROM migrations WHERE name LIKE '%compact_rows%'")
    db.commit()
    assert isinstance(db.execute("SELECT data FROM articles").fetchone()[0], str)
    db.close()

    reopened = open_store(str(path))
    assert any("compact_rows" in name for name in reopened.schema_version())
    assert everything(reopened) == before
    reopened.close()

    assert_grows_on_like_a_fresh_store(path, lines[:40], lines[40:], tmp_path)


def test_copy_moves_packed_tables_as_json_text(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:20]
    store = ingest_lines(tmp_path / "a.db", lines, tmp_path)
    other = open_store(str(tmp_path / "b.db"))
    for table in ("grouping_docs", "grouping_events"):
        rows = list(store.dump_table(table))
        assert rows and all(isinstance(json_value(row[-1]), dict) for row in rows)
        other.load_table(table, rows)
        assert list(other.dump_table(table)) == rows
        assert all(isinstance(row[0], bytes) for row in other.query(f"SELECT data FROM {table}"))
    store.close()
    other.close()
