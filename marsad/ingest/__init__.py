"""Stage 1: inputs -> RawDocument, one reader per format.

``read_inputs`` walks files, folders (recursively) and ``-`` (standard input),
dispatches by suffix, and sniffs the content when the suffix says nothing.  A bad
input yields an ``InputError`` in place of documents, so one bad file never stops
the good ones.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marsad.errors import InputError
from marsad.ingest.feeds import looks_like_feed, read_feed
from marsad.ingest.files import decode, read_bytes
from marsad.ingest.html import extract_page, read_html
from marsad.ingest.jsonl import read_jsonl, record_to_document
from marsad.ingest.textdump import read_text
from marsad.model import RawDocument

__all__ = ["read_inputs", "read_path", "record_to_document", "extract_page", "InputError"]

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
TEXT_SUFFIXES = {".txt", ".text", ""}

Item = RawDocument | InputError


def read_inputs(inputs: Iterable[str]) -> Iterator[Item]:
    """Every document (or error) of every input, in a stable order (folders sorted)."""
    for name in inputs:
        if name == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from read_path(file)
        elif path.exists():
            yield from read_path(path)
        else:
            yield InputError(name, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                yield Path(root) / file


def read_path(path: Path) -> Iterator[Item]:
    """The documents of one file, or one error naming it."""
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                if path.stat().st_size == 0:
                    raise InputError(origin, "empty file")
                yield from read_jsonl(stream, origin)
            return
        text = decode(read_bytes(path), origin)
        yield from _read_text_by_kind(text, origin, suffix)
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(origin, f"cannot read: {error.strerror or error}")


def _read_stream(stream: BinaryIO, origin: str) -> Iterator[Item]:
    """Standard input: JSON Lines when it starts with ``{``, otherwise one document sniffed by content."""
    data = stream.read()
    if not data.strip():
        yield InputError(origin, "empty input")
        return
    if data.lstrip().startswith(b"{"):
        yield from read_jsonl(data.splitlines(keepends=True), origin)
        return
    try:
        yield from _read_text_by_kind(decode(data, origin), origin, "")
    except InputError as error:
        yield error


def _read_text_by_kind(text: str, origin: str, suffix: str) -> Iterator[Item]:
    if not text.strip():
        raise InputError(origin, "empty file (only whitespace)")
    kind = _kind(text, suffix)
    if kind == "feed":
        yield from read_feed(text, origin)
    elif kind == "html":
        yield read_html(text, origin)
    else:
        yield read_text(text, origin)


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
