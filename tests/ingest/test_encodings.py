"""Every encoding Arabic pages use is read correctly (real files in tests/data)."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA

from marsad.ingest import read_path

TITLE = "الحكومة التونسية تعلن عن إجراءات جديدة لدعم الفلاحين"


@pytest.mark.parametrize("name", ["dump_cp1256.txt", "dump_utf16.txt", "dump_utf8_bom.txt"])
def test_encoded_dump_reads_back_the_arabic(name: str) -> None:
    [doc] = list(read_path(TEST_DATA / name))
    assert doc.title == TITLE
    assert doc.source.name == "وكالة تونس أفريقيا للأنباء"
    assert "بداية من شهر جوان المقبل" in doc.text


def test_iso_8859_6_dump_reads_back_the_arabic() -> None:
    # ISO-8859-6 has no hamza-on-alef letters, so the fixture was written without them.
    [doc] = list(read_path(TEST_DATA / "dump_iso8859_6.txt"))
    assert doc.title == TITLE.replace("إ", "ا")
    assert "بداية من شهر جوان المقبل" in doc.text


def test_windows_1256_html_page() -> None:
    [doc] = list(read_path(TEST_DATA / "page_cp1256.html"))
    assert doc.title == "البرلمان العراقي يصادق على الموازنة العامة"
    assert doc.source.name == "جريدة المدى"
    assert doc.published == "2023-06-12" and doc.published_basis == "page"
    assert "صادق مجلس النواب العراقي" in doc.text
    for chrome in ("الرئيسية", "أخبار ذات صلة", "جميع الحقوق محفوظة"):
        assert chrome not in doc.text
