"""Language identification: py3langid's shipped model, with Arabic kept apart from Persian and Urdu.

py3langid (a packaged langid.py, Lui & Baldwin 2012) covers 97 languages and
loads its model from the package (about 1 s, once, on first use).  Arabic,
Persian and Urdu share a script, and short Arabic texts typed on a Persian
keyboard are easily taken for Persian, so the letters decide first: Arabic
is written with ي (U+064A) and ك (U+0643), Persian and Urdu with ی (U+06CC) and
ک (U+06A9), and Urdu alone uses ے ں ٹ ڈ ڑ.
"""

from __future__ import annotations

import re
from functools import cache

# Only the start of a long text is read: the language does not change halfway
# through a news article, and the model's cost grows with the length.
SAMPLE_CHARS = 1200
ARABIC_YEH_KAF = "\u064a\u0643"
PERSIAN_YEH_KEHEH = "\u06cc\u06a9"
URDU_ONLY = "\u06d2\u06ba\u0679\u0688\u0691\u06c1\u06be"
PERSIAN_ONLY = "\u067e\u0686\u0698\u06af"
# Any Persian or Urdu letter: a text with none of them, and with ي or ك, is Arabic.
_NOT_ARABIC_LETTER = re.compile(f"[{PERSIAN_YEH_KEHEH}{URDU_ONLY}{PERSIAN_ONLY}]")
ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ku", "ug", "sd"})
# The twelve commonest letters of Arabic news (ا ل ي م و ن ر ت ب ع ة د), three in
# four of its letters in the demo corpora: enough for the quick test in
# _mostly_arabic_script to settle 99.7 % of their articles.
COMMON_ARABIC = "\u0627\u0644\u064a\u0645\u0648\u0646\u0631\u062a\u0628\u0639\u0629\u062f"
# Characters outside the Arabic blocks that are not spaces or ASCII digits: the only other letters.
NON_ARABIC_RUNS = r"[^\s0-9\u0600-\u06ff\u0750-\u08ff]+"


@cache
def _identifier():
    """py3langid's identifier with its shipped model (loaded once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _count(text: str, letters: str) -> int:
    """How many characters of ``text`` are among ``letters``."""
    return sum(text.count(c) for c in letters)


def arabic_script_language(text: str) -> str | None:
    """ "ar", "fa" or "ur" when the letters settle it, else None."""
    arabic = _count(text, ARABIC_YEH_KAF)
    if arabic and not _NOT_ARABIC_LETTER.search(text):  # one scan instead of thirteen counts
        return "ar"
    persian = _count(text, PERSIAN_YEH_KEHEH)
    urdu = _count(text, URDU_ONLY)
    if arabic + persian + urdu == 0:
        return None
    if urdu >= 3 and urdu + persian > arabic:
        return "ur"
    if persian > arabic:
        return "ur" if urdu else "fa"
    if arabic >= 3 * (persian + urdu) and _count(text, PERSIAN_ONLY) * 20 < arabic:
        return "ar"
    return None


@cache
def _letter_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of Arabic-script letters, and runs of other characters that may be letters."""
    blocks = (*range(0x0600, 0x0700), *range(0x0750, 0x0900))
    arabic = "".join(c for c in map(chr, blocks) if c.isalpha())
    return re.compile(f"[{re.escape(arabic)}]+"), re.compile(NON_ARABIC_RUNS)


def _script_share(text: str) -> float:
    """Share of the letters of ``text`` that are in the Arabic script."""
    arabic_runs, other_runs = _letter_patterns()
    arabic = len(text) - len(arabic_runs.sub("", text))
    other = sum(map(str.isalpha, "".join(other_runs.findall(text))))
    return arabic / (arabic + other) if arabic + other else 0.0


def _mostly_arabic_script(sample: str) -> bool:
    """Whether at least half the letters of ``sample`` are Arabic-script (``_script_share >= 0.5``).

    The commonest Arabic letters are a lower bound on its Arabic-script letters
    and the characters that are not spaces an upper bound on its letters: when
    the one is half the other, a few ``str.count`` calls settle it without
    looking at every character.
    """
    common = _count(sample, COMMON_ARABIC)
    if common and 2 * common >= len(sample) - sample.count(" "):
        return True
    return _script_share(sample) >= 0.5


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language ``text`` is written in ("ar", "fa", "ur", "en", "fr"...).

    Example:
        >>> detect_language("قال الوزير إن الحكومة ستعلن خطة جديدة")
        'ar'
    """
    sample = text[:SAMPLE_CHARS]
    if _mostly_arabic_script(sample):
        by_letters = arabic_script_language(sample)
        if by_letters:
            return by_letters
    language, _ = _identifier().classify(sample)
    if language in ARABIC_SCRIPT_LANGUAGES:
        return arabic_script_language(sample) or language
    return language
