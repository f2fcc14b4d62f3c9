"""JSON Lines, RSS and Atom readers, and compressed files of each."""

from __future__ import annotations

import bz2
import gzip
import lzma

import pytest
from conftest import TEST_DATA

from marsad.errors import InputError
from marsad.ingest import read_inputs, read_path


def test_jsonl_records_keep_their_fields() -> None:
    first, second = list(read_path(TEST_DATA / "articles.jsonl"))
    assert first.given_id == "t1" and first.url == "https://example.org/t1"
    assert first.source.name == "هسبريس" and first.source.country == "المغرب"
    assert first.page.category == "سياسة" and first.published_basis == "input"
    assert second.source.name == "الصباح" and second.given_id is None


def test_jsonl_outlet_field_names_the_source_when_there_is_no_source(tmp_path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "نص الخبر", "outlet": "Alarabia"}\n'
                    '{"text": "نص آخر", "outlet": "Alarabia", "source": {"name": "العربية"}}\n', encoding="utf-8")
    first, second = read_path(path)
    assert first.source.name == "Alarabia"
    assert second.source.name == "العربية"  # "source" wins


def test_jsonl_fields_under_the_names_crawled_corpora_give_them(tmp_path) -> None:
    """SaudiNewsNet writes «content» and «date_extracted»; other scrapers «body», «date», «pubDate»."""
    path = tmp_path / "crawl.jsonl"
    path.write_text(
        '{"source": "sabq", "title": "عنوان &quot;سبق&quot;", "content": "نص &amp; الخبر",'
        ' "date_extracted": "2015-07-21 02:51:32"}\n'
        '{"title": "خبر", "body": "نص", "date": "2018-05-14", "date_extracted": "2018-05-15 09:00:00"}\n'
        '{"title": "خبر آخر", "text": "نصه", "content": "غيره", "published": "2018-05-16"}\n'
        '{"title": "عنوان فقط", "content": "  "}\n',
        encoding="utf-8",
    )
    crawled, scraped, own, headline = read_path(path)
    assert crawled.text == "نص & الخبر" and crawled.title == 'عنوان "سبق"' and not crawled.headline_only
    assert crawled.published == "2015-07-21 02:51:32" and crawled.published_basis == "input"
    assert scraped.text == "نص" and scraped.published == "2018-05-14"  # a publication date before a crawl time
    assert own.text == "نصه" and own.published == "2018-05-16"  # the field itself wins over its other names
    assert headline.headline_only and headline.text == "عنوان فقط"


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


@pytest.mark.parametrize("suffix", [".gz", ".xz", ".bz2"])
def test_compressed_files_are_read_as_the_suffix_under_the_compression(tmp_path, suffix) -> None:
    compress = {".gz": gzip.compress, ".xz": lzma.compress, ".bz2": bz2.compress}[suffix]
    (tmp_path / f"articles.jsonl{suffix}").write_bytes(compress((TEST_DATA / "articles.jsonl").read_bytes()))
    (tmp_path / f"page.html{suffix}").write_bytes(compress((TEST_DATA / "page_cp1256.html").read_bytes()))
    jsonl = list(read_path(tmp_path / f"articles.jsonl{suffix}"))
    assert [d.given_id for d in jsonl] == [d.given_id for d in read_path(TEST_DATA / "articles.jsonl")]
    [page] = list(read_path(tmp_path / f"page.html{suffix}"))
    assert page.text == next(read_path(TEST_DATA / "page_cp1256.html")).text


def test_a_truncated_archive_keeps_the_lines_before_the_damage(tmp_path) -> None:
    whole = gzip.compress(b"".join(f'{{"id": "a{i}", "text": "نص المقال رقم {i}"}}\n'.encode() for i in range(400)))
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    items = list(read_path(tmp_path / "cut.jsonl.gz"))
    docs, [error] = items[:-1], items[-1:]
    assert docs and all(not isinstance(d, InputError) for d in docs)
    assert str(error).startswith(f"{tmp_path / 'cut.jsonl.gz'}: damaged or truncated compressed file")


def test_a_file_that_only_claims_to_be_compressed_is_one_error(tmp_path) -> None:
    (tmp_path / "notes.txt.gz").write_text("نص عادي غير مضغوط", encoding="utf-8")
    [error] = list(read_path(tmp_path / "notes.txt.gz"))
    assert isinstance(error, InputError) and "damaged compressed file" in str(error)
