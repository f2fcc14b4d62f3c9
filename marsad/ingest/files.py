"""Bytes from disk to text: size limits, binary junk, and every encoding Arabic pages use."""

from __future__ import annotations

import codecs
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


def decode(data: bytes, origin: str) -> str:
    """Decode bytes in any common Arabic encoding; binary junk raises InputError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if _looks_like_utf16(data):
        return data.decode("utf_16_le" if data[1::2].count(0) > data[0::2].count(0) else "utf_16_be")
    if _looks_binary(data):
        raise InputError(origin, "binary file, not text (NUL or control bytes)")
    try:
        return data.decode("utf_8")
    except UnicodeDecodeError:
        pass
    match = from_bytes(data, cp_isolation=list(ARABIC_ENCODINGS)).best()
    if match is None:
        raise InputError(origin, "cannot decode the text as UTF-8, UTF-16, windows-1256 or ISO-8859-6")
    return str(match)


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: about half of the bytes of a sample are NUL, all on one side."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.3 * (len(sample) / 2) and min(even, odd) == 0


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many C0 control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)
