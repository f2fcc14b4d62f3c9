"""detect_language: Arabic apart from Persian and Urdu, and the common Latin-script languages."""

from __future__ import annotations

import pytest

from marsad.text import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في جنيف", "ar"),
        ("أعلنت الحكومة المغربية يوم الخميس عن خطة جديدة لدعم الفلاحين", "ar"),
        ("وزیر امور خارجه ایران گفت که مذاکرات هفته آینده در ژنو ادامه خواهد یافت", "fa"),
        ("پاکستان کے وزیر خارجہ نے کہا ہے کہ مذاکرات اگلے ہفتے جنیوا میں ہوں گے", "ur"),
        ("The foreign minister said talks would resume in Geneva next week", "en"),
        ("Le ministre des affaires étrangères a déclaré que les pourparlers reprendraient", "fr"),
    ],
)
def test_languages(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_arabic_typed_with_a_persian_keyboard_is_still_arabic() -> None:
    """Persian ی/ک in a few words of Arabic text (copied names) must not make it Persian."""
    assert detect_language("قال الرئيس إن الحكومة ستعمل مع شركة گوگل على مشروع جديد في المنطقة") == "ar"
