"""Aggregator dumps: the article, its own metadata block, and chrome that must be dropped."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA

from marsad.ingest import read_path

# "with": must be in the article text; "without": chrome or a neighbour's metadata (STYLE §9.3).
CASES = {
    "dump_aggregator.txt": {
        "title": "ارتفاع صادرات الفوسفاط المغربي خلال النصف الأول من السنة",
        "published": "2022-07-21T21:24:27",
        "source": ("موقع الدار", "المغرب"),
        "page": ("مجتمع", 56, 63),
        "with": ["نقلا عن وكالة المغرب العربي للأنباء", "بمضاعفة الإنتاج في أفق 2027"],
        "without": ["تاريخ الخبر", "جريدة الوطن", "آخر الأخبار", "الكلمات المفتاحية", "حمل التطبيق", "معرض الكتاب"],
    },
    "dump_inline_metadata.txt": {
        "title": "تموز يشهد موجة حر غير مسبوقة في بلاد الشام",
        "published": "2023-07-28T08:15:02",
        "source": ("جريدة الغد", "الأردن"),
        "page": ("مجتمع", 64, 52),
        "with": ["حسب ما أفادت به مديريات الأرصاد الجوية", "الرابعة عصرا"],
        "without": ["اليوم السابع", "المصدر", "وزارة الصحة المصرية"],
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_dump_keeps_article_and_its_own_metadata_only(name: str) -> None:
    case = CASES[name]
    [doc] = list(read_path(TEST_DATA / name))
    assert doc.title == case["title"]
    assert doc.published == case["published"]
    assert doc.published_basis == "page"
    assert (doc.source.name, doc.source.country) == case["source"]
    assert (doc.page.category, doc.page.credibility, doc.page.importance) == case["page"]
    for snippet in case["with"]:
        assert snippet in doc.text
    for snippet in case["without"]:
        assert snippet not in doc.text


def test_dump_without_metadata_stops_at_chrome_heading(tmp_path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(
        "عنوان الخبر القصير\nنص الخبر الأول هنا وهو طويل بما يكفي.\nالمزيد من الأخبار\nخبر آخر لا علاقة له\n",
        encoding="utf-8",
    )
    [doc] = list(read_path(path))
    assert doc.title == "عنوان الخبر القصير"
    assert doc.text == "نص الخبر الأول هنا وهو طويل بما يكفي."
    assert doc.published is None and doc.source.name is None


def test_first_line_ending_like_a_sentence_is_not_a_title(tmp_path) -> None:
    path = tmp_path / "body.txt"
    path.write_text("هذه جملة كاملة تنتهي بنقطة.\nوهذه جملة ثانية.\n", encoding="utf-8")
    [doc] = list(read_path(path))
    assert doc.title is None
    assert doc.text.startswith("هذه جملة كاملة")
