"""Stage 1: inputs -> RawDocument, one reader per format.

``read_inputs`` walks files, folders (recursively) and ``-`` (standard input),
dispatches by suffix, and sniffs the content when the suffix says nothing.  A bad
input yields an ``InputError`` in place of documents, so one bad file never stops
the good ones.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from marsad import config
from marsad.errors import InputError
from marsad.ingest.feeds import looks_like_feed, read_feed
from marsad.ingest.files import decode, read_bytes
from marsad.ingest.html import extract_page, read_html
from marsad.ingest.jsonl import read_json_document, read_jsonl, read_jsonl_stream, record_to_document
from marsad.ingest.textdump import read_text
from marsad.model import RawDocument

__all__ = [
    "read_inputs", "read_path", "input_files", "is_stream", "STDIN", "record_to_document", "extract_page", "InputError",
]

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
TEXT_SUFFIXES = {".txt", ".text", ""}
# Compressed files are read through their decompressor, as the suffix under the compression
# says (articles.jsonl.gz is JSON Lines): public corpora and crawl dumps ship compressed.
DECOMPRESSORS = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}
# What a damaged archive raises while it is read (gzip's BadGzipFile is an OSError).
_ARCHIVE_ERRORS = (EOFError, lzma.LZMAError, zlib.error)

Item = RawDocument | InputError


STDIN = Path("-")  # the input ``-``: standard input (a file named "-" in a folder is never this path)


def read_inputs(inputs: Iterable[str]) -> Iterator[Item]:
    """Every document (or error) of every input, in a stable order (folders sorted)."""
    for file in input_files(inputs):
        if isinstance(file, InputError):
            yield file
        elif file == STDIN:
            yield from _read_stream(sys.stdin.buffer, "<stdin>")
        else:
            yield from read_path(file)


def input_files(inputs: Iterable[str]) -> Iterator[Path | InputError]:
    """Every file the inputs name, folders walked in sorted order; ``-`` is ``STDIN``."""
    for name in inputs:
        path = Path(name)
        if name == "-":
            yield STDIN
        elif path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        elif name.startswith(("http://", "https://")):
            yield InputError(name, "a URL, not a file: follow it with `marsad sources add URL` and `marsad collect`")
        else:
            yield InputError(name, "no such file or folder")


def is_stream(path: Path) -> bool:
    """Whether a file holds many records read as a stream (JSON Lines, standard input), not one page or feed."""
    if path == STDIN:
        return True
    suffix = path.with_suffix("").suffix if path.suffix.lower() in DECOMPRESSORS else path.suffix
    return suffix.lower() in JSONL_SUFFIXES


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                yield Path(root) / file


def read_path(path: Path) -> Iterator[Item]:
    """The documents of one file (decompressed when it is .gz, .xz or .bz2), or one error naming it."""
    origin = display_name(path)
    decompress = DECOMPRESSORS.get(path.suffix.lower())
    suffix = (path.with_suffix("") if decompress else path).suffix.lower()
    try:
        if path.stat().st_size == 0:
            raise InputError(origin, "empty file")
        if suffix in JSONL_SUFFIXES:
            yield from _read_records(path, origin, suffix, decompress)
            return
        data = read_bytes(path) if decompress is None else _read_decompressed(path, decompress)
        yield from _read_text_by_kind(data, origin, suffix)
    except InputError as error:
        yield error
    except _ARCHIVE_ERRORS as error:
        yield InputError(origin, f"damaged or truncated compressed file ({error})")
    except OSError as error:
        problem = "damaged compressed file" if decompress and not error.strerror else "cannot read"
        yield InputError(origin, f"{problem}: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - whatever a reader trips on costs this file, not the run
        yield InputError(origin, f"cannot read ({type(error).__name__}: {error})")


def display_name(path: Path) -> str:
    """The path as text: a file name that is not UTF-8 shows its odd bytes as U+FFFD, never crashes."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _read_records(path: Path, origin: str, suffix: str, decompress: Any) -> Iterator[Item]:
    """JSON Lines, streamed; a .json file holding one array (or one object) is read whole."""
    with (decompress or open)(path, "rb") as stream:
        if suffix == ".json" and _one_json_value(stream):
            data = stream.read(config.MAX_INPUT_BYTES + 1)
            if len(data) > config.MAX_INPUT_BYTES:
                limit = config.MAX_INPUT_BYTES / 2**20
                raise InputError(origin, f"JSON file larger than {limit:g} MB; use JSON Lines, read line by line")
            documents = read_json_document(decode(data, origin), origin)
            if documents is not None:
                yield from documents
                return
            yield from read_jsonl(_lines(data), origin)  # not one JSON value: JSON Lines under .json
            return
        yield from read_jsonl_stream(stream, origin)


def _one_json_value(stream: Any) -> bool:
    """Whether a .json file is one array, or one object spread over lines, rather than JSON Lines
    (judged from its start, without consuming the stream)."""
    head = stream.peek(4096)[:4096].removeprefix(codecs.BOM_UTF8).lstrip()
    first_line = head.split(b"\n", 1)[0].strip()
    return head.startswith(b"[") or (head.startswith(b"{") and not first_line.endswith(b"}"))


def _lines(data: bytes) -> Iterator[bytes]:
    yield from io.BytesIO(data)


def _read_decompressed(path: Path, decompress: Any) -> bytes:
    """The decompressed bytes of one article's file, refusing what would be too large or empty."""
    with decompress(path, "rb") as stream:
        data = stream.read(config.MAX_INPUT_BYTES + 1)
    if not data:
        raise InputError(str(path), "empty file (nothing inside the compressed file)")
    if len(data) > config.MAX_INPUT_BYTES:
        limit = config.MAX_INPUT_BYTES / 2**20
        raise InputError(str(path), f"file too large for one article once decompressed (> {limit:.0f} MB)")
    return data


def _read_stream(stream: BinaryIO, origin: str) -> Iterator[Item]:
    """Standard input: JSON Lines when it starts with ``{``, otherwise one document sniffed by content."""
    data = stream.read(config.MAX_INPUT_BYTES + 1)
    if not data.strip():
        yield InputError(origin, "empty input")
        return
    if data.lstrip().startswith(b"{"):
        yield from read_jsonl_stream(io.BufferedReader(io.BytesIO(data)), origin)
        return
    try:
        if len(data) > config.MAX_INPUT_BYTES:
            raise InputError(origin, f"input larger than {config.MAX_INPUT_BYTES / 2**20:g} MB")
        yield from _read_text_by_kind(data, origin, "")
    except InputError as error:
        yield error


def _read_text_by_kind(data: bytes, origin: str, suffix: str) -> Iterator[Item]:
    notices: list[str] = []
    text = decode(data, origin, notices)
    if not text.strip():
        raise InputError(origin, "empty file (only whitespace)")
    kind = _kind(text, suffix)
    if kind == "feed":
        items: Iterable[Item] = read_feed(text, origin)
    elif kind == "html":
        items = [read_html(text, origin)]
    else:
        if len(text) > config.MAX_TEXT_CHARS:  # one article's text: refused before any work on it
            raise InputError(
                origin, f"text too long for one article ({len(text):,} characters;"
                f" at most {config.MAX_TEXT_CHARS:,}, MARSAD_MAX_TEXT_CHARS)"
            )
        _refuse_non_article(text, origin)
        items = [read_text(text, origin)]
    for item in items:
        if isinstance(item, RawDocument):
            item.notices[:0] = notices
        yield item


def _refuse_non_article(text: str, origin: str) -> None:
    """A text file too short, or too unlike text, to be an article (random bytes decode to a few symbols)."""
    visible = len(text) - sum(map(str.isspace, text))
    letters = sum(map(str.isalpha, text))
    words = sum(1 for word in text.split() if sum(map(str.isalpha, word)) >= 2)
    if letters < config.MIN_TEXT_LETTERS or words < 2:
        raise InputError(
            origin, f"too short to be an article ({letters} letters, {words} words;"
            f" at least {config.MIN_TEXT_LETTERS} letters and 2 words)"
        )
    if letters < config.TEXT_MIN_LETTER_SHARE * visible:
        raise InputError(origin, f"does not read as text (only {letters / visible:.0%} of it is letters)")


def _kind(text: str, suffix: str) -> str:
    """Trust the content over the suffix for markup: a .xml may be a feed, a .txt may be HTML."""
    if looks_like_feed(text):
        return "feed"
    head = text.lstrip()[:1024].lower()
    if suffix in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html")):
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return "text"
