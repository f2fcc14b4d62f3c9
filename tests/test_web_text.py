"""Words the pages show: Arabic labels for every code the data carries (codes stay in the JSON)."""

from __future__ import annotations

import re
from pathlib import Path

from marsad.web.markup import labels, language_name, page_section, signal_label

SCORING = Path(__file__).resolve().parent.parent / "marsad" / "scoring"


def test_every_evidence_signal_has_an_arabic_label() -> None:
    emitted = {m for path in SCORING.glob("*.py")
               for m in re.findall(r'Evidence\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert emitted, "no Evidence signals found in marsad/scoring"
    missing = emitted - set(labels()["signals"])
    assert not missing, f"signals without an Arabic label in marsad/web/data/labels.json: {sorted(missing)}"
    for code in emitted:
        assert not re.search(r"[A-Za-z]", signal_label(code))


def test_language_names_are_arabic() -> None:
    assert language_name("ar") == "العربية"
    assert language_name("en") == "الإنجليزية"
    assert language_name("fa") == "الفارسية"
    assert not re.search(r"[A-Za-z]", language_name("zz"))


def test_page_sections_read_in_arabic() -> None:
    assert page_section("middleEast") == "الشرق الأوسط"
    assert page_section("internationalNews") == "أخبار دولية"
    assert page_section("Sports") == "رياضة"
    assert page_section("منوعات") == "منوعات"
    assert page_section(None) == ""
