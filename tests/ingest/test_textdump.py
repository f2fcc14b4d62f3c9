"""Aggregator dumps: the article, its own metadata block, and chrome that must be dropped."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA

from marsad.errors import InputError
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
    # headline, then the metadata block, then the body; the date written in words
    "dump_title_metadata_body.txt": {
        "title": "افتتاح أكبر محطة لتحلية مياه البحر في شمال إفريقيا",
        "published": "2024-03-14",
        "source": ("هسبريس", "المغرب"),
        "page": ("اقتصاد", 71, 66),
        "with": ["دشنت السلطات المغربية", "حسب بلاغ لوزارة التجهيز", "ومياه السقي"],
        "without": ["تاريخ الخبر", "الشروق", "السكك الحديدية", "آخر الأخبار"],
    },
    # the metadata block first, then headline and body; a Hijri date
    "dump_metadata_first.txt": {
        "title": "قمة عربية طارئة لبحث الأوضاع في السودان",
        "published": "2023-09-18",
        "source": ("الجزيرة نت", "قطر"),
        "page": ("سياسة", None, None),
        "with": ["عقد القادة العرب قمة طارئة", "لإيصال المساعدات"],
        "without": ["المصدر", "نزوح آلاف الأسر", "اقرأ أيضا"],
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


def test_dump_whose_body_cannot_be_found_is_an_error() -> None:
    """A headline and metadata with nothing but chrome after them: an error, not an empty article."""
    [item] = list(read_path(TEST_DATA / "dump_title_metadata_only.txt"))
    assert isinstance(item, InputError)
    assert "dump_title_metadata_only.txt" in str(item) and "no article text" in str(item)


def test_dump_with_time_after_a_written_date(tmp_path) -> None:
    path = tmp_path / "timed.txt"
    path.write_text(
        "عنوان الخبر\nتاريخ الخبر: 14 مارس 2024 - 10:35\n\nنص الخبر وهو طويل بما يكفي ليكون متنا.\n",
        encoding="utf-8",
    )
    [doc] = list(read_path(path))
    assert (doc.title, doc.published) == ("عنوان الخبر", "2024-03-14T10:35:00")
    assert doc.text == "نص الخبر وهو طويل بما يكفي ليكون متنا."
