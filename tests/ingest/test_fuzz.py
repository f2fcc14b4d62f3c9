"""Ingest fuzzing with a fixed budget: random bytes, encodings, JSON shapes and sizes.

Each example is a folder of generated files, some good articles and some hostile, ingested into
a SQLite store.  Whatever the files hold: no exception escapes, every bad input is one error line
naming its file, every good article is stored, and the store passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from marsad import pipeline
from marsad.errors import InputError, InputNotice
from marsad.ingest import read_inputs
from marsad.store import open_store

WORDS = [
    "قال",
    "الوزير",
    "إن",
    "المحادثات",
    "استمرت",
    "ثلاث",
    "ساعات",
    "في",
    "العاصمة",
    "وانتهت",
    "دون",
    "اتفاق",
    "الرياض",
    "الحكومة",
    "أعلنت",
    "مقتل",
    "12",
    "شخصا",
    "news",
    "2018",
]

ARTICLE = st.lists(st.sampled_from(WORDS), min_size=12, max_size=60).map(" ".join)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["2018-02-30", "0000-00-00", "2020-13-45T99:00", "\ud800", "\x00"]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
RECORD_KEYS = st.sampled_from(
    ["text", "title", "html", "published", "source", "id", "url", "category", "outlet"]
)
HOSTILE_RECORDS = st.dictionaries(RECORD_KEYS, JSON_VALUES, max_size=6)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
SUFFIXES = st.sampled_from([".txt", ".jsonl", ".json", ".html", ".xml", ".rss", ""])


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["bytes", "jsonl", "text", "deep", "bigint", "cut"]))
    suffix = draw(SUFFIXES)
    if kind == "bytes":
        return suffix, draw(st.binary(min_size=0, max_size=300))
    if kind == "jsonl":
        lines = draw(st.lists(HOSTILE_RECORDS, min_size=1, max_size=4))
        text = "\n".join(json.dumps(r, ensure_ascii=draw(st.booleans())) for r in lines)
        return ".jsonl", text.encode(draw(ENCODINGS), errors="replace")
    if kind == "text":
        return suffix, draw(st.text(max_size=200)).encode(draw(ENCODINGS), errors="replace")
    if kind == "deep":
        depth = draw(st.integers(min_value=30, max_value=3000))
        return ".jsonl", ("[" * depth + "]" * depth).encode()
    if kind == "bigint":
        digits = draw(st.integers(min_value=31, max_value=6000))
        return ".jsonl", (f'{{"text": "{" ".join(WORDS)}", "id": {"9" * digits}}}').encode()
    good = json.dumps({"text": " ".join(WORDS)}, ensure_ascii=False).encode()
    return ".jsonl", good[: draw(st.integers(min_value=1, max_value=len(good) - 1))]


# A fixed budget: 25 derandomized examples, no shrinking (a failure prints the example as drawn).
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(
    good=st.lists(st.tuples(ARTICLE, ENCODINGS, st.sampled_from(["txt", "jsonl"])), min_size=1, max_size=3),
    bad=st.lists(hostile_file(), min_size=1, max_size=4),
)
def test_fuzzed_inputs_never_crash_and_good_ones_are_stored(
    good: list[tuple[str, str, str]], bad: list[tuple[str, bytes]]
) -> None:
    with TemporaryDirectory() as folder:
        root = Path(folder) / "inputs"
        root.mkdir()
        good_ids = set()
        for number, (text, encoding, form) in enumerate(good):
            text = f"خبر رقم {number} " + text
            if form == "jsonl":
                record = {"id": f"good-{number}", "title": f"عنوان {number}", "text": text}
                (root / f"good{number}.jsonl").write_bytes(
                    json.dumps(record, ensure_ascii=False).encode(encoding)
                )
                good_ids.add(f"good-{number}")
            else:
                (root / f"good{number}.txt").write_bytes(f"عنوان {number}\n{text}".encode(encoding))
        for number, (suffix, data) in enumerate(bad):
            (root / f"bad{number}{suffix}").write_bytes(data)
        reported: list[InputError] = []
        store = open_store(str(Path(folder) / "fuzz.db"))
        try:
            summary = pipeline.ingest(read_inputs([str(root)]), store, on_error=reported.append)
            stored = {a.id for a in store.iter_articles()}
            titles = {a.title for a in store.iter_articles()}
            origins = {Path(a.origin).name for a in store.iter_articles()}
        finally:
            store.close()
        for error in reported:
            assert "\n" not in str(error) and "Traceback" not in str(error)
            assert Path(error.path).name.startswith(("bad", "good")), error
            str(error).encode("utf-8")  # printable as one UTF-8 line
        failures = [e for e in reported if not isinstance(e, InputNotice)]
        assert all(Path(e.path).name.startswith("bad") for e in failures), failures
        assert good_ids <= stored
        assert {f"عنوان {n}" for n, g in enumerate(good) if g[2] == "txt"} <= titles
        assert summary.failed == len(failures)
        for number, (suffix, _) in enumerate(bad):  # none vanishes: it is reported, or what it held is stored
            name = f"bad{number}{suffix}"
            assert name in origins or any(Path(e.path).name == name for e in reported), name
        connection = sqlite3.connect(Path(folder) / "fuzz.db")
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            connection.close()
