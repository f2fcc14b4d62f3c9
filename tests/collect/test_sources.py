"""Sources: add, list, remove, import and export (plain file and OPML); which addresses are refused."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from marsad.cli import cli
from marsad.store import open_store


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(cli, list(args), env=env or {"MARSAD_ALLOW_PRIVATE": ""})


def test_add_list_remove(db_path: Path) -> None:
    db = str(db_path)
    added = run(
        "sources",
        "add",
        "http://127.0.0.1:9/feed.xml",
        "--name",
        "هسبريس",
        "--country",
        "MA",
        "--allow-private",
        "--db",
        db,
    )
    assert added.exit_code == 0, added.output
    again = run("sources", "add", "http://127.0.0.1:9/feed.xml", "--allow-private", "--db", db)
    assert "already followed" in again.output
    listed = run("sources", "list", "--json", "--db", db)
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["name"], r["country"]) for r in rows] == [("هسبريس", "MA")]
    feed = rows[0]["feeds"][0]
    assert (
        feed["url"] == "http://127.0.0.1:9/feed.xml" and feed["kind"] == "auto" and feed["error_streak"] == 0
    )
    assert run("sources", "remove", str(rows[0]["id"]), "--db", db).exit_code == 0
    assert run("sources", "list", "--json", "--db", db).output == ""
    missing = run("sources", "remove", "http://nowhere.example/", "--db", db)
    assert missing.exit_code == 1 and "no such source" in missing.output


def test_private_addresses_refused_unless_allowed(db_path: Path) -> None:
    for url in (
        "http://127.0.0.1/feed",
        "http://10.1.2.3/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://192.168.1.1/",
    ):
        result = run("sources", "add", url, "--db", str(db_path))
        assert result.exit_code == 1, url
        assert url in result.output and "not a public address" in result.output
    assert run("sources", "add", "ftp://example.org/x", "--db", str(db_path)).exit_code == 1
    allowed = run(
        "sources", "add", "http://10.1.2.3/rss", "--db", str(db_path), env={"MARSAD_ALLOW_PRIVATE": "1"}
    )
    assert allowed.exit_code == 0, allowed.output


def test_plain_file_and_opml_round_trip(db_path: Path, tmp_path: Path) -> None:
    plain = tmp_path / "outlets.txt"
    plain.write_text(
        "# outlets\nhttp://127.0.0.1:9/a.xml\tالجزيرة\tQA\n\nnot a url\nhttp://127.0.0.1:9/b.xml\tالأهرام\n",
        encoding="utf-8",
    )
    imported = run("sources", "import", str(plain), "--allow-private", "--db", str(db_path))
    assert imported.exit_code == 1  # one bad line, reported with its line number; the others imported
    assert f"{plain}:4: not an http(s) URL" in imported.output and "imported 2 new sources" in imported.output
    opml = run("sources", "export", "--opml", "--db", str(db_path)).output
    assert 'text="الجزيرة"' in opml and 'country="QA"' in opml
    other = tmp_path / "other.db"
    (tmp_path / "back.opml").write_text(opml, encoding="utf-8")
    back = run("sources", "import", str(tmp_path / "back.opml"), "--allow-private", "--db", str(other))
    assert back.exit_code == 0, back.output
    store = open_store(str(other))
    try:
        assert [(s["url"], s["name"], s["country"]) for s in store.list_sources()] == [
            ("http://127.0.0.1:9/a.xml", "الجزيرة", "QA"),
            ("http://127.0.0.1:9/b.xml", "الأهرام", None),
        ]
    finally:
        store.close()
    text = run("sources", "export", "--db", str(other)).output
    assert "http://127.0.0.1:9/a.xml\tالجزيرة\tQA" in text


def test_feed_reader_opml(tmp_path: Path, db_path: Path) -> None:
    """An OPML exported by a feed reader (nested outlines, title only) imports every feed."""
    path = tmp_path / "reader.xml"
    path.write_text(
        '<?xml version="1.0"?><opml version="1.0"><body><outline text="أخبار">'
        '<outline title="المصري اليوم" xmlUrl="http://127.0.0.1:9/rss" type="rss"/>'
        '<outline text="بلا رابط"/></outline></body></opml>',
        encoding="utf-8",
    )
    result = run("sources", "import", str(path), "--allow-private", "--db", str(db_path))
    assert result.exit_code == 0 and "imported 1 new sources" in result.output


def test_citations_renamed_old_spelling_kept(db_path: Path) -> None:
    new = run("citations", "--db", str(db_path))
    old = run("sources", "--db", str(db_path))
    assert new.exit_code == 0 and old.exit_code == 0
    assert "now `marsad citations`" in old.output


def test_ingest_of_a_url_points_to_collection(db_path: Path) -> None:
    result = run("ingest", "https://www.hespress.com/feed", "--db", str(db_path))
    assert result.exit_code == 1
    assert "https://www.hespress.com/feed: a URL, not a file: follow it with `marsad sources add URL`" in result.output
