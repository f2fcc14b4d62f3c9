"""detect_language: Arabic apart from Persian and Urdu, and the common Latin-script languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import detect_language, langid


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


@given(st.text(alphabet=st.sampled_from("اليمونرتبعةدهكگکیپabc ٢2.«\n")))
def test_the_quick_letter_test_agrees_with_the_full_count(text: str) -> None:
    assert langid._mostly_arabic_script(text) == (langid._script_share(text) >= 0.5)


def test_script_share_counts_letters_only() -> None:
    assert langid._script_share("abc دول 123 !!") == 0.5


def _by_counts(text: str) -> str | None:
    """The letter rule counted out in full (what arabic_script_language short-cuts)."""
    arabic = langid._count(text, langid.ARABIC_YEH_KAF)
    persian = langid._count(text, langid.PERSIAN_YEH_KEHEH)
    urdu = langid._count(text, langid.URDU_ONLY)
    if arabic + persian + urdu == 0:
        return None
    if urdu >= 3 and urdu + persian > arabic:
        return "ur"
    if persian > arabic:
        return "ur" if urdu else "fa"
    if arabic >= 3 * (persian + urdu) and langid._count(text, langid.PERSIAN_ONLY) * 20 < arabic:
        return "ar"
    return None


@given(st.text(alphabet=st.sampled_from("يكیکےںپگال ")))
def test_the_arabic_short_cut_agrees_with_the_counts(text: str) -> None:
    assert langid.arabic_script_language(text) == _by_counts(text)
