"""Bytes from disk to text: size limits, binary junk, and every encoding Arabic pages use."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from marsad import config
from marsad.errors import InputError

# Encodings Arabic news is published in, most likely first; charset-normalizer only
# chooses among these so that a windows-1256 page is never read as, say, cp1252.
ARABIC_ENCODINGS = ("utf_8", "cp1256", "iso8859_6", "utf_16")

_BOMS = (
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing empty files and files too large to be one article."""
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "empty file")
    if size > config.MAX_INPUT_BYTES:
        raise InputError(
            str(path),
            f"file too large for one article ({size / 2**20:.0f} MB > {config.MAX_INPUT_BYTES / 2**20:.0f} MB);"
            " split it, or use JSON Lines, which is read line by line",
        )
    return path.read_bytes()


def decode(data: bytes, origin: str, notices: list[str] | None = None) -> str:
    """Decode bytes in any common Arabic encoding; binary junk raises InputError.

    A few undecodable bytes in otherwise UTF-8 text are replaced with U+FFFD and reported in
    ``notices`` (one bad byte must not cost the article).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_counted(data, encoding, origin, notices)
    utf16 = utf16_by_content(data)
    if utf16:
        return _decode_counted(data[: len(data) // 2 * 2], utf16, origin, notices)
    if _looks_binary(data):
        raise InputError(origin, "binary file, not text (NUL or control bytes)")
    try:
        return data.decode("utf_8")
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf_8", errors="replace")
    bad = repaired.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= max(1, config.MAX_BAD_BYTE_SHARE * len(data)) and _multibyte_share(data) > 0.2:
        _note(notices, f"{bad} undecodable byte{'s' if bad > 1 else ''} replaced with U+FFFD")
        return repaired
    match = from_bytes(data, cp_isolation=list(ARABIC_ENCODINGS)).best()
    if match is None:
        raise InputError(origin, "cannot decode the text as UTF-8, UTF-16, windows-1256 or ISO-8859-6")
    return str(match)


def _decode_counted(data: bytes, encoding: str, origin: str, notices: list[str] | None) -> str:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    if bad > max(1, config.MAX_BAD_BYTE_SHARE * len(data)):
        raise InputError(origin, f"not valid {encoding.upper().replace('_', '-')} ({bad} undecodable bytes)")
    if bad:
        _note(notices, f"{bad} undecodable byte{'s' if bad > 1 else ''} replaced with U+FFFD")
    return text


def _note(notices: list[str] | None, notice: str) -> None:
    if notices is not None:
        notices.append(notice)


def _multibyte_share(data: bytes) -> float:
    """Share of UTF-8 lead bytes among the high bytes: near 1/2 for Arabic UTF-8, ~0 for cp1256."""
    high = sum(1 for b in data[:8192] if b >= 0x80)
    leads = sum(1 for b in data[:8192] if 0xC2 <= b <= 0xF4)
    return leads / high if high else 0.0


def utf16_by_content(data: bytes) -> str | None:
    """``utf_16_le`` or ``utf_16_be`` when BOM-less bytes read as UTF-16 text, else None.

    Arabic in UTF-16 has few NUL bytes (only its spaces, digits and punctuation are ASCII), so
    NULs alone cannot tell; instead the sample is decoded both ways and kept when nearly every
    character is Arabic, ASCII or common punctuation.  Other bytes read as UTF-16 give CJK or
    unassigned characters (ASCII text pairs into U+6261-like code points, UTF-8 Arabic into U+xxD8).
    """
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    for encoding, high_bytes in (("utf_16_le", sample[1::2]), ("utf_16_be", sample[::2])):
        # Each character counted below is one code unit whose high byte is one of _TEXTY_HIGH, and
        # the text has a character per two units at least: with under 0.47 of the units so, the
        # test cannot pass, and the slow decoding (UTF-8 Arabic read as UTF-16 is mostly errors) is spared.
        if len(high_bytes.translate(None, _NOT_TEXTY_HIGH)) < 0.47 * len(high_bytes):
            continue
        text = sample.decode(encoding, errors="replace")
        texty = len(_NOT_TEXTY.sub("", text))
        if texty >= 0.95 * len(text) and any(ch.isalpha() for ch in text):
            return encoding
    return None


# Characters UTF-16 text of ours is made of: ASCII printable and tab/newlines, Arabic and its
# presentation forms, Latin-1 (accents, NBSP, guillemets), ZWNJ/ZWJ, marks, dashes, quotes, ellipsis.
# One regular expression over the sample (not a test per character: every JSON Lines record is checked).
_NOT_TEXTY = re.compile(
    "[^\t\n\r\x20-\x7e\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
    "\u00a0-\u00ff\u200c-\u201f\u2026]"
)


# The high bytes of the code units of those characters in UTF-16.
_NOT_TEXTY_HIGH = bytes(b for b in range(256) if b not in (0x00, 0x06, 0x07, 0x20, 0xFB, 0xFC, 0xFD, 0xFE))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many C0 control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # in C: every JSON Lines record is checked
    return controls > 0.05 * len(sample)


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))
