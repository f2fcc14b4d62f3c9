"""JSON Lines, RSS and Atom readers."""

from __future__ import annotations

from conftest import TEST_DATA

from marsad.errors import InputError
from marsad.ingest import read_inputs, read_path


def test_jsonl_records_keep_their_fields() -> None:
    first, second = list(read_path(TEST_DATA / "articles.jsonl"))
    assert first.given_id == "t1" and first.url == "https://example.org/t1"
    assert first.source.name == "هسبريس" and first.source.country == "المغرب"
    assert first.page.category == "سياسة" and first.published_basis == "input"
    assert second.source.name == "الصباح" and second.given_id is None


def test_rss_entries_become_articles() -> None:
    docs = list(read_path(TEST_DATA / "feed.rss"))
    assert [d.title for d in docs] == ["افتتاح قمة المناخ في شرم الشيخ", "ارتفاع أسعار الذهب"]
    assert docs[0].published == "2022-11-06T09:00:00" and docs[0].published_basis == "feed"
    assert docs[0].text == "افتتحت اليوم في مدينة شرم الشيخ المصرية أعمال مؤتمر الأطراف للمناخ بمشاركة قادة أكثر من مئة دولة.\nوتستمر القمة أسبوعين."
    assert docs[0].source.name == "وكالة الأنباء التجريبية"


def test_atom_entry_content() -> None:
    [doc] = list(read_path(TEST_DATA / "feed.atom"))
    assert doc.url == "https://example.org/can"
    assert doc.text.startswith("انطلقت مساء أمس منافسات كأس أمم إفريقيا")


def test_folder_is_walked_recursively_in_sorted_order(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("عنوان\nنص المقال الثاني.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("عنوان\nنص المقال الأول.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("لا يقرأ", encoding="utf-8")
    origins = [d.origin for d in read_inputs([str(tmp_path)])]
    assert origins == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt")]


def test_missing_path_is_an_error_naming_it() -> None:
    [error] = list(read_inputs(["/no/such/file.jsonl"]))
    assert isinstance(error, InputError)
    assert str(error) == "/no/such/file.jsonl: no such file or folder"
