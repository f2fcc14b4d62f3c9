"""Counted nouns in Arabic: «مقال واحد», «مقالان», «3 مقالات», «11 مقالًا», «100 مقال».

Arabic agreement of a counted noun depends on the number (CLDR's plural
categories for Arabic): 1 takes the singular with «واحد/واحدة» after it, 2 the
dual without a numeral, 3 to 10 (and 103 to 110 …) the plural, 11 to 99 (and
111 to 199 …) the accusative singular, and 100, 101, 102, 200 … the genitive
singular.  Zero reads «لا مقالات».  A dual also changes with its case: after a
preposition («في مقالين») it is genitive, so callers say ``case="gen"``.

Every place that shows a count to a reader (the web pages, the evidence of a
score) goes through :func:`counted`; no library does this for Arabic nouns
(Babel's plural rules give the category, not the word forms), so the nouns used
are listed here with their forms.  :func:`duration` says a length of time in
the largest unit that reads naturally («يومان», «3 أسابيع»), never «2.0 يوم».
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Case = Literal["nom", "gen"]


class Forms(NamedTuple):
    """The word forms of one counted noun (with its adjective, if any)."""

    one: str  # «مقال واحد»
    two: str  # «مقالان» (nominative dual)
    two_gen: str  # «مقالين» (accusative/genitive dual)
    few: str  # 3..10: «مقالات»
    many: str  # 11..99: «مقالًا»
    other: str  # 100, 101, 102 …: «مقال»


def _forms(one: str, two: str, two_gen: str, few: str, many: str, other: str) -> Forms:
    return Forms(one, two, two_gen, few, many, other)


NOUNS: dict[str, Forms] = {
    "مقال": _forms("مقال واحد", "مقالان", "مقالين", "مقالات", "مقالًا", "مقال"),
    "حدث": _forms("حدث واحد", "حدثان", "حدثين", "أحداث", "حدثًا", "حدث"),
    "قصة": _forms("قصة واحدة", "قصتان", "قصتين", "قصص", "قصة", "قصة"),
    "كيان": _forms("كيان واحد", "كيانان", "كيانين", "كيانات", "كيانًا", "كيان"),
    "نسخة": _forms("نسخة واحدة", "نسختان", "نسختين", "نسخ", "نسخة", "نسخة"),
    "نسخة منقولة": _forms("نسخة منقولة واحدة", "نسختان منقولتان", "نسختين منقولتين", "نسخ منقولة",
                           "نسخة منقولة", "نسخة منقولة"),
    "نتيجة": _forms("نتيجة واحدة", "نتيجتان", "نتيجتين", "نتائج", "نتيجة", "نتيجة"),
    "منفذ": _forms("منفذ واحد", "منفذان", "منفذين", "منافذ", "منفذًا", "منفذ"),
    "منفذ مستقل": _forms("منفذ مستقل واحد", "منفذان مستقلان", "منفذين مستقلين", "منافذ مستقلة",
                          "منفذًا مستقلًا", "منفذ مستقل"),
    "مصدر مسمى": _forms("مصدر مسمى واحد", "مصدران مسميان", "مصدرين مسميين", "مصادر مسماة",
                         "مصدرًا مسمى", "مصدر مسمى"),
    "مصدر غير مسمى": _forms("مصدر غير مسمى واحد", "مصدران غير مسميين", "مصدرين غير مسميين",
                             "مصادر غير مسماة", "مصدرًا غير مسمى", "مصدر غير مسمى"),
    "اقتباس مباشر": _forms("اقتباس مباشر واحد", "اقتباسان مباشران", "اقتباسين مباشرين", "اقتباسات مباشرة",
                            "اقتباسًا مباشرًا", "اقتباس مباشر"),
    "إشارة": _forms("إشارة واحدة", "إشارتان", "إشارتين", "إشارات", "إشارة", "إشارة"),
    "صيغة": _forms("صيغة واحدة", "صيغتان", "صيغتين", "صيغ", "صيغة", "صيغة"),
    "بلد": _forms("بلد واحد", "بلدان", "بلدين", "بلدان", "بلدًا", "بلد"),
    "مصدر": _forms("مصدر واحد", "مصدران", "مصدرين", "مصادر", "مصدرًا", "مصدر"),
    "اسم آخر": _forms("اسم آخر", "اسمان آخران", "اسمين آخرين", "أسماء أخرى", "اسمًا آخر", "اسم آخر"),
    "دقيقة": _forms("دقيقة واحدة", "دقيقتان", "دقيقتين", "دقائق", "دقيقة", "دقيقة"),
    "ساعة": _forms("ساعة واحدة", "ساعتان", "ساعتين", "ساعات", "ساعة", "ساعة"),
    "يوم": _forms("يوم واحد", "يومان", "يومين", "أيام", "يومًا", "يوم"),
    "أسبوع": _forms("أسبوع واحد", "أسبوعان", "أسبوعين", "أسابيع", "أسبوعًا", "أسبوع"),
    "شهر": _forms("شهر واحد", "شهران", "شهرين", "أشهر", "شهرًا", "شهر"),
    "سنة": _forms("سنة واحدة", "سنتان", "سنتين", "سنوات", "سنة", "سنة"),
}

def plural_category(n: int) -> str:
    """CLDR's plural category of ``n`` for Arabic: zero, one, two, few, many or other."""
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


def counted(n: int, noun: str, case: Case = "nom") -> str:
    """``n`` of ``noun`` as an Arabic reader says it.

    >>> [counted(n, "مقال") for n in (0, 1, 2, 5, 11, 45, 100, 103)]
    ['لا مقالات', 'مقال واحد', 'مقالان', '5 مقالات', '11 مقالًا', '45 مقالًا', '100 مقال', '103 مقالات']
    >>> counted(2, "منفذ مستقل", case="gen")
    'منفذين مستقلين'
    """
    forms = NOUNS.get(noun)
    if forms is None:
        raise KeyError(f"no Arabic word forms for the counted noun {noun!r}: add them to NOUNS")
    n = int(n)
    category = plural_category(abs(n))
    if category == "zero":
        return f"لا {forms.few}"
    if category == "one":
        return forms.one
    if category == "two":
        return forms.two_gen if case == "gen" else forms.two
    return f"{n} {getattr(forms, category)}"


def counted_parts(n: int, noun: str, case: Case = "nom") -> tuple[str, str]:
    """:func:`counted` split into (numeral, words), the numeral "" when the words carry the number.

    Pages set the numeral in bold: ``<strong>5</strong> مقالات`` but «مقالان» whole.
    """
    phrase = counted(n, noun, case)
    head, _, rest = phrase.partition(" ")
    return (head, rest) if head.lstrip("-").isdigit() else ("", phrase)


_UNITS = (  # (the unit in days, its noun)
    (1 / 1440, "دقيقة"),
    (1 / 24, "ساعة"),
    (1.0, "يوم"),
    (7.0, "أسبوع"),
    (30.0, "شهر"),
    (365.0, "سنة"),
)


def duration(days: float, case: Case = "nom") -> str:
    """A length of time in the largest unit it fills at least once, rounded: «ساعتان», «3 أيام», «شهر واحد».

    Days are used up to two weeks and weeks up to two months, as people say them.

    >>> [duration(d) for d in (0.5 / 24, 2 / 24, 2.0, 9.4, 15, 70, 800)]
    ['30 دقيقة', 'ساعتان', 'يومان', '9 أيام', 'أسبوعان', 'شهران', 'سنتان']
    """
    days = max(0.0, float(days))
    if days < 1 / 1440:
        return "أقل من دقيقة"
    if days < 1 / 24:
        unit, noun = _UNITS[0]
    elif days < 1:
        unit, noun = _UNITS[1]
    elif days < 14:
        unit, noun = _UNITS[2]
    elif days < 60:
        unit, noun = _UNITS[3]
    elif days < 365:
        unit, noun = _UNITS[4]
    else:
        unit, noun = _UNITS[5]
    return counted(max(1, round(days / unit)), noun, case)
