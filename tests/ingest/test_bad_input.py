"""Each bad input is one error naming the file (and line); good inputs beside it still come through."""

from __future__ import annotations

from conftest import TEST_DATA

from marsad import config
from marsad.errors import InputError
from marsad.ingest import read_path


def errors_and_docs(path):
    items = list(read_path(path))
    return [i for i in items if isinstance(i, InputError)], [i for i in items if not isinstance(i, InputError)]


def test_empty_file(tmp_path) -> None:
    for name in ("empty.txt", "empty.jsonl", "empty.html"):
        (tmp_path / name).write_bytes(b"")
        errors, docs = errors_and_docs(tmp_path / name)
        assert [str(e) for e in errors] == [f"{tmp_path / name}: empty file"]
        assert docs == []


def test_binary_file() -> None:
    errors, docs = errors_and_docs(TEST_DATA / "binary.txt")
    assert [str(e) for e in errors] == [f"{TEST_DATA / 'binary.txt'}: binary file, not text (NUL or control bytes)"]


def test_half_written_jsonl_reports_each_bad_line_and_keeps_the_good() -> None:
    errors, docs = errors_and_docs(TEST_DATA / "half_written.jsonl")
    assert [d.title for d in docs] == ["وزير الخارجية يزور الرباط", "مباراة الديربي"]
    assert [e.line for e in errors] == [2, 3, 5]
    assert "line is not JSON" in errors[0].problem
    assert errors[1].problem == "record has neither text, html nor title"
    assert errors[2].problem.startswith("half-written last line")


def test_a_record_with_a_title_alone_is_a_headline_only_article() -> None:
    from marsad.clean import to_article
    from marsad.ingest import record_to_document

    document = record_to_document({"title": "  الهلال يتوج بالدوري  ", "url": "https://example.org/h"}, "x.jsonl", 4)
    article = to_article(document)
    assert article.headline_only and article.text == "الهلال يتوج بالدوري" and article.title == article.text
    assert article.as_dict()["headline_only"] is True
    assert type(article).from_dict(article.as_dict()).headline_only
    assert not to_article(record_to_document({"title": "عنوان", "text": "نص"}, "x.jsonl")).headline_only


def test_html_page_with_no_article() -> None:
    errors, docs = errors_and_docs(TEST_DATA / "page_no_article.html")
    assert [e.problem for e in errors] == ["no article text found in the HTML page"]


def test_huge_file_is_refused_without_reading_it(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: 200 MB on paper, nothing on disk
        stream.truncate(200 * 2**20)
    errors, docs = errors_and_docs(path)
    assert len(errors) == 1 and "file too large for one article (200 MB" in errors[0].problem


def test_huge_jsonl_is_streamed_line_by_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(config, "MAX_INPUT_BYTES", 1024)  # the file is far over the per-article limit
    path = tmp_path / "many.jsonl"
    line = '{"text": "نص قصير للمقال رقم %d"}\n'
    path.write_text("".join(line % i for i in range(2000)), encoding="utf-8")
    errors, docs = errors_and_docs(path)
    assert errors == [] and len(docs) == 2000


def test_record_that_is_not_an_object(tmp_path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text('["a", "b"]\n', encoding="utf-8")
    errors, _ = errors_and_docs(path)
    assert str(errors[0]) == f"{path}:1: record is a JSON list, not an object"


def test_folder_of_ten_thousand_files_with_bad_ones_among_them(tmp_path) -> None:
    from marsad.ingest import read_inputs

    for i in range(10_000):
        (tmp_path / f"{i:05d}.txt").write_text(f"عنوان رقم {i}\nنص الخبر رقم {i}.", encoding="utf-8")
    (tmp_path / "05000.txt").write_bytes(b"")
    (tmp_path / "07000.txt").write_bytes(b"\x00\x01\x02binary")
    items = list(read_inputs([str(tmp_path)]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors == [f"{tmp_path / '05000.txt'}: empty file",
                      f"{tmp_path / '07000.txt'}: binary file, not text (NUL or control bytes)"]
    assert len(items) - len(errors) == 9_998
