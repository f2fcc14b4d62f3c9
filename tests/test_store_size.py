"""The SQLite store's compact layout (docs/performance.md, "Store size"): stores written in an older
layout are converted in place by their migration, read the same afterwards, and grow on as a store
written in the new layout from the start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store_rows_helpers import assert_grows_on_like_a_fresh_store, everything, ingest_lines

from marsad.demo import sample_path
from marsad.store import open_store
from marsad.store.base import json_value

# Tables whose article column was the article's id before migration 0015 (its grouping number after).
NUMBERED = {"grouping_bands": ("period", "band", "id", "day"), "grouping_prints": ("period", "print", "id", "day"),
            "grouping_terms": ("day", "term", "id")}


def _as_before_0015(path: Path) -> None:
    """Rewrite a store's grouping tables as migration 0014 left them: rows name articles by id."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE old_docs (id TEXT PRIMARY KEY, key TEXT NOT NULL, day INTEGER,"
               " content_hash TEXT NOT NULL, duplicate_of TEXT, event TEXT, data TEXT NOT NULL)")
    # Their rowids out of step with the numbers, as after rows were replaced.
    db.execute("INSERT INTO old_docs (rowid, id, key, day, content_hash, duplicate_of, event, data)"
               " SELECT 1000 - doc, id, key, day, content_hash, duplicate_of, event, data FROM grouping_docs")
    for table, columns in NUMBERED.items():
        keys = ", ".join(columns[:-1] if table != "grouping_terms" else columns)
        types = ", ".join(f"{c} {'TEXT' if c in ('id', 'term') else 'INTEGER'} NOT NULL" for c in columns)
        taken = {"id": "d.id", "day": "COALESCE(d.day, -1000000000)" if table != "grouping_terms" else "t.day"}
        chosen = ", ".join(taken.get(c, f"t.{c}") for c in columns)
        db.execute(f"CREATE TABLE old_{table} ({types}, PRIMARY KEY ({keys})) WITHOUT ROWID")
        db.execute(f"INSERT INTO old_{table} SELECT {chosen} FROM {table} t JOIN grouping_docs d ON d.doc = t.doc")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE old_{table} RENAME TO {table}")
    db.execute("DROP TABLE grouping_docs")
    db.execute("ALTER TABLE old_docs RENAME TO grouping_docs")
    db.execute("DELETE FROM migrations WHERE name IN ('0015_grouping_doc_numbers.sql', '0019_grouping_rows_without_day.sql')")
    db.commit()
    assert "doc" not in {row[1] for row in db.execute("PRAGMA table_info(grouping_prints)")}
    db.close()


def test_an_older_store_is_converted_in_place_and_grows_on(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:60]
    path = tmp_path / "old.db"
    store = ingest_lines(path, lines[:40], tmp_path)
    before = everything(store)
    store.close()
    _as_before_0015(path)

    reopened = open_store(str(path))
    assert "0015_grouping_doc_numbers.sql" in reopened.schema_version()
    assert everything(reopened) == before
    # The numbers are kept: each lookup row points at the article it was written for.
    prints = reopened.query("SELECT COUNT(*) FROM grouping_prints p JOIN grouping_docs d ON d.doc = p.doc")[0][0]
    assert prints == reopened.query("SELECT COUNT(*) FROM grouping_prints")[0][0] > 0
    reopened.close()

    assert_grows_on_like_a_fresh_store(path, lines[:40], lines[40:], tmp_path)


def test_a_regrouped_article_keeps_its_number(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:30]
    store = ingest_lines(tmp_path / "s.db", lines, tmp_path)
    numbers = dict(store.query("SELECT id, doc FROM grouping_docs"))
    docs = store.grouping_docs(numbers)
    from marsad.grouping.state import GroupingRows

    moved = next(iter(docs.values()))
    moved.event = "ev-elsewhere"
    store.write_grouping(GroupingRows(docs={moved.id: moved}))
    assert dict(store.query("SELECT id, doc FROM grouping_docs")) == numbers
    assert store.grouping_docs([moved.id])[moved.id].event == "ev-elsewhere"
    orphans = store.query("SELECT COUNT(*) FROM grouping_bands b LEFT JOIN grouping_docs d ON d.doc = b.doc"
                          " WHERE d.id IS NULL")[0][0]
    assert orphans == 0
    store.close()


def test_the_row_dictionary_is_frozen() -> None:
    """Rows packed with the preset dictionary cannot be read without it byte for byte: another
    dictionary needs a mark of its own (``marsad.store.base._pack``)."""
    import hashlib
    from importlib import resources

    data = resources.files("marsad.store").joinpath("row_dictionary.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == DICTIONARY_SHA256


def test_rows_packed_before_the_dictionary_read_the_same(tmp_path) -> None:
    import zlib

    import orjson

    from marsad.store.base import packed_json, packed_text, unpacked_json, unpacked_text

    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:20]
    store = ingest_lines(tmp_path / "s.db", lines, tmp_path)
    before = everything(store), store.list_entities(), store.list_stories(), store.list_events()
    rows = 0
    for table, key in (("articles", "id"), ("grouping_docs", "id"), ("grouping_events", "event"),
                       ("events", "id"), ("stories", "id"), ("entities", "id")):
        for row_key, data in store.query(f"SELECT {key}, data FROM {table}"):
            assert data[:1] == b"\x01"  # the dictionary's mark
            raw = orjson.dumps(unpacked_json(data))
            assert len(data) < 0.6 * len(raw), table
            assert unpacked_text(packed_text(raw.decode())) == raw.decode() == unpacked_text(data)
            assert unpacked_json(packed_json(unpacked_json(data))) == unpacked_json(data)
            with store.transaction():  # as an older store holds it: zlib alone
                store.db.execute(f"UPDATE {table} SET data = ? WHERE {key} = ?", (zlib.compress(raw), row_key))
            rows += 1
    assert rows > 100
    assert (everything(store), store.list_entities(), store.list_stories(), store.list_events()) == before
    store.close()


DICTIONARY_SHA256 = "a7f9cadce1914a2d10ae0de1a2c9b4f1d7b1a4745fa6e519936e777d22073a88"


def test_entity_keys_are_listed_on_the_entity_and_replaced_by_it(tmp_path) -> None:
    from marsad.store.base import EntityRow

    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:30]
    path = tmp_path / "s.db"
    store = ingest_lines(path, lines, tmp_path)
    keys = sorted(map(tuple, store.query(KEYS)))
    before = everything(store), store.list_entities()
    store.close()
    # As migration 0015 left it: no list on the row, an index by entity.
    _as_before_0018(path)
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE entities DROP COLUMN keys")
    db.execute("CREATE INDEX entity_keys_entity ON entity_keys (entity_id)")
    db.execute("DELETE FROM migrations WHERE name = '0016_entity_keys_listed.sql'")
    db.commit()
    db.close()

    store = open_store(str(path))
    assert "0016_entity_keys_listed.sql" in store.schema_version()
    assert not store.query("SELECT 1 FROM sqlite_master WHERE name = 'entity_keys_entity'")
    listed = sorted((k, i) for i, ks in store.query("SELECT id, keys FROM entities") for k in json_value(ks))
    assert listed == keys and keys
    assert (everything(store), store.list_entities()) == before
    # Replacing an entity's keys drops its old ones (and only its own); a merge drops the old entity's.
    first, second = store.list_entities()[:2]
    store.put_entities([EntityRow(first, frozenset({"k:new"}))])
    assert [tuple(r) for r in store.query(f"{KEYS} WHERE n.id = ?", (first.id,))] == [("k:new", first.id)]
    assert [e.id for e in store.entities_by_keys(["k:new"])] == [first.id]
    others = [(k, i) for k, i in keys if i != first.id]
    assert sorted(map(tuple, store.query(f"{KEYS} WHERE key != 'k:new'"))) == others
    store.merge_entities({second.id: first.id})
    assert not store.query(f"{KEYS} WHERE n.id = ?", (second.id,))
    store.close()


def test_articles_are_found_by_url_hash_after_the_conversion(tmp_path) -> None:
    from marsad.collect.urls import article_url_key

    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:30]
    path = tmp_path / "s.db"
    store = ingest_lines(path, lines, tmp_path)
    keys = {a.id: article_url_key(a.url) for a in store.iter_articles()}
    found = store.articles_by_url(set(keys.values()) | {"example.org/none"})
    assert found and set(found.values()) <= set(keys) and "example.org/none" not in found
    store.close()
    # As migration 0016 left it: the URL key itself in the row and in an index.
    db = sqlite3.connect(path)
    db.executemany("UPDATE articles SET url_key = ? WHERE id = ?", [(k, i) for i, k in keys.items()])
    db.execute("DROP INDEX articles_url_hash")
    db.execute("ALTER TABLE articles DROP COLUMN url_hash")
    db.execute("CREATE INDEX articles_url_key ON articles (url_key) WHERE url_key IS NOT NULL")
    db.execute("DELETE FROM migrations WHERE name = '0017_article_url_hashes.sql'")
    db.commit()
    db.close()

    store = open_store(str(path))
    assert store.articles_by_url(set(keys.values()) | {"example.org/none"}) == found
    assert store.query("SELECT COUNT(*) FROM articles WHERE url_key IS NOT NULL")[0][0] == 0
    store.close()


KEYS = "SELECT k.key, n.id FROM entity_keys k JOIN entity_numbers n ON n.num = k.entity"


def _as_before_0018(path: Path) -> None:
    """Rewrite a store's entity links and resolver keys as migration 0017 left them: rows name
    entities and articles by id."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE old_links (article_id TEXT NOT NULL, entity_id TEXT NOT NULL,"
               " PRIMARY KEY (entity_id, article_id)) WITHOUT ROWID")
    db.execute("INSERT INTO old_links SELECT a.id, n.id FROM article_entities l JOIN articles a ON a.seq = l.article"
               " JOIN entity_numbers n ON n.num = l.entity")
    db.execute("CREATE TABLE old_keys (key TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (key, entity_id))"
               " WITHOUT ROWID")
    db.execute(f"INSERT INTO old_keys {KEYS}")
    for old, table in (("old_links", "article_entities"), ("old_keys", "entity_keys")):
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {old} RENAME TO {table}")
    db.execute("CREATE INDEX article_entities_article ON article_entities (article_id)")
    db.execute("DROP TABLE entity_numbers")
    db.execute("DELETE FROM migrations WHERE name = '0018_entity_numbers.sql'")
    db.commit()
    db.close()


def _entity_answers(store) -> list:
    """Everything the store answers about its entities: each with its articles, the entities named
    with it, its days and stories, its articles filtered, its keys' lookups, and the resolver's probes."""
    from marsad.store.base import ArticleFilter

    entities = store.list_entities()
    ids = [e.id for e in entities]
    answers: list = [entities, store.entity_article_counts([*ids, "absent"])]
    for entity in entities:
        keys = json_value(store.query("SELECT keys FROM entities WHERE id = ?", (entity.id,))[0][0])
        where = ArticleFilter(entity=entity.id)
        answers.append((store.get_entity(entity.id), store.related_entities(entity.id),
                        store.entity_timeline(entity.id), store.entity_stories(entity.id),
                        [a.id for a in store.list_articles(where=where)], store.count_articles(where),
                        store.group_profile(where), [e.id for e in store.entities_by_keys(keys)],
                        sorted(store.entities_named_with(entity.id, ids)),
                        sorted(store.entities_named_with_both(entity.id, ids[0]))))
    return answers


def test_entity_links_and_keys_are_numbered_after_the_conversion(tmp_path) -> None:
    from marsad.search import parse_query
    from marsad.store.base import ArticleFilter

    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:60]
    path = tmp_path / "s.db"
    store = ingest_lines(path, lines[:40], tmp_path)
    word = store.list_entities()[0].name.split()[0]

    def searched(s) -> list:
        return [s.ranked_matches(parse_query(word), where=ArticleFilter(entity=e.id)) for e in s.list_entities()]

    before = everything(store), _entity_answers(store), searched(store)
    links = store.query("SELECT COUNT(*) FROM article_entities")[0][0]
    store.close()
    _as_before_0018(path)

    store = open_store(str(path))
    assert "0018_entity_numbers.sql" in store.schema_version()
    assert (everything(store), _entity_answers(store), searched(store)) == before
    assert store.query("SELECT COUNT(*) FROM article_entities")[0][0] == links > 100
    # Every link and key names an article and an entity that are there.
    orphans = store.query("SELECT COUNT(*) FROM article_entities l LEFT JOIN articles a ON a.seq = l.article"
                          " LEFT JOIN entity_numbers n ON n.num = l.entity WHERE a.id IS NULL OR n.id IS NULL")
    assert orphans[0][0] == 0
    assert store.query(f"SELECT COUNT(*) FROM ({KEYS})")[0][0] == store.query("SELECT COUNT(*) FROM entity_keys")[0][0]
    store.close()

    assert_grows_on_like_a_fresh_store(path, lines[:40], lines[40:], tmp_path)


def test_band_and_print_rows_take_their_day_from_the_document_after_the_conversion(tmp_path) -> None:
    lines = sample_path().read_text("utf-8").splitlines(keepends=True)[:60]
    path = tmp_path / "s.db"
    store = ingest_lines(path, lines[:40], tmp_path)
    before = everything(store)
    store.close()
    # As migration 0018 left it: each band and fingerprint row with its article's day.
    db = sqlite3.connect(path)
    for table, key in (("grouping_bands", "band"), ("grouping_prints", "print")):
        db.execute(f"CREATE TABLE old_{table} (period INTEGER NOT NULL, {key} INTEGER NOT NULL, doc INTEGER NOT NULL,"
                   f" day INTEGER NOT NULL, PRIMARY KEY (period, {key}, doc)) WITHOUT ROWID")
        db.execute(f"INSERT INTO old_{table} SELECT t.period, t.{key}, t.doc, COALESCE(d.day, -1000000000)"
                   f" FROM {table} t JOIN grouping_docs d ON d.doc = t.doc")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE old_{table} RENAME TO {table}")
    db.execute("CREATE INDEX articles_hash ON articles (content_hash)")
    db.execute("DELETE FROM migrations WHERE name = '0019_grouping_rows_without_day.sql'")
    db.commit()
    db.close()

    store = open_store(str(path))
    assert "0019_grouping_rows_without_day.sql" in store.schema_version()
    for table in ("grouping_bands", "grouping_prints"):
        assert "day" not in {row[1] for row in store.query(f"PRAGMA table_info({table})")}
    assert not store.query("SELECT 1 FROM sqlite_master WHERE name = 'articles_hash'")
    assert everything(store) == before
    store.close()

    assert_grows_on_like_a_fresh_store(path, lines[:40], lines[40:], tmp_path)
