"""Language identification: py3langid's shipped model, with Arabic kept apart from Persian and Urdu.

py3langid (a packaged langid.py, Lui & Baldwin 2012) covers 97 languages and
loads its model from the package (about 1 s, once, on first use).  Arabic,
Persian and Urdu share a script, and short Arabic texts typed on a Persian
keyboard are easily taken for Persian, so the letters decide first: Arabic
is written with ي (U+064A) and ك (U+0643), Persian and Urdu with ی (U+06CC) and
ک (U+06A9), and Urdu alone uses ے ں ٹ ڈ ڑ.
"""

from __future__ import annotations

from functools import cache

# Only the start of a long text is read: the language does not change halfway
# through a news article, and the model's cost grows with the length.
SAMPLE_CHARS = 1200
ARABIC_YEH_KAF = "\u064a\u0643"
PERSIAN_YEH_KEHEH = "\u06cc\u06a9"
URDU_ONLY = "\u06d2\u06ba\u0679\u0688\u0691\u06c1\u06be"
PERSIAN_ONLY = "\u067e\u0686\u0698\u06af"
ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ku", "ug", "sd"})


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


def _script_share(text: str) -> float:
    """Share of the letters of ``text`` that are in the Arabic script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u08ff") / len(letters)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language ``text`` is written in ("ar", "fa", "ur", "en", "fr"...).

    Example:
        >>> detect_language("قال الوزير إن الحكومة ستعلن خطة جديدة")
        'ar'
    """
    sample = text[:SAMPLE_CHARS]
    if _script_share(sample) >= 0.5:
        by_letters = arabic_script_language(sample)
        if by_letters:
            return by_letters
    language, _ = _identifier().classify(sample)
    if language in ARABIC_SCRIPT_LANGUAGES:
        return arabic_script_language(sample) or language
    return language
