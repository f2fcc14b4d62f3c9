"""Work per article stays linear in its length, whatever the text holds.

Each adversarial text goes through the whole pipeline (clean, analyse, resolve, group, score with
the contradiction check, store) as two reports of one event from two outlets; its CPU time is
compared with the same pipeline over ordinary Arabic news text of the same length.  A quadratic
step shows as a ratio in the tens or hundreds at this length (a 20,000-digit run once took 133 s).
"""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad import pipeline
from marsad.demo import sample_path
from marsad.model import RawDocument, Source
from marsad.store import open_store

LENGTH = 12_000
MAX_RATIO = 10.0  # measured worst 2-6 (punctuation runs, noisy on a loaded machine); quadratic steps give > 50


def _plain(length: int) -> str:
    texts = (json.loads(line)["text"] for line in sample_path().read_text("utf-8").splitlines())
    joined = ""
    for text in texts:
        joined += text + "\n"
        if len(joined) >= length:
            break
    return joined[:length]


def _cpu(text: str) -> float:
    """CPU seconds of the whole pipeline over two reports of ``text`` from two outlets, an hour apart."""
    reports = [
        RawDocument(
            origin="a",
            kind="text",
            text=text,
            title="خبر",
            url="https://a.example/1",
            published="2024-01-01T10:00:00",
            source=Source(name="أ"),
        ),
        RawDocument(
            origin="b",
            kind="text",
            text=text,
            title="خبر",
            url="https://b.example/1",
            published="2024-01-01T11:00:00",
            source=Source(name="ب"),
        ),
    ]
    store = open_store(":memory:")
    started = time.process_time()
    summary = pipeline.ingest(reports, store)
    spent = time.process_time() - started
    store.close()
    assert summary.failed == 0, summary.errors
    return spent


ADVERSARIAL = {
    "digit run": lambda n: "1" * n,
    "digit run then a count noun": lambda n: "1" * (n - 6) + " قتيلا",
    "4,000-digit runs, each before a count noun": lambda n: (("1" * 4000 + " قتيلا ") * (n // 4000 + 1))[:n],
    "count noun then a digit run": lambda n: "مقتل " + "٣" * (n - 5),
    "repeated punctuation": lambda n: "!" * n,
    "dots": lambda n: "." * n,
    "one long word": lambda n: "ب" * n,
    "mixed scripts": lambda n: ("aب1،" * n)[:n],
    "dates back to back": lambda n: ("2020-01-01 " * n)[:n],
    "whitespace run": lambda n: "قال" + " \t" * (n // 2) + "قال",
    "reporting verbs": lambda n: ("قال " * n)[:n],
}


def test_adversarial_texts_cost_at_most_a_few_plain_passes() -> None:
    _cpu(_plain(2000))  # load the models before timing
    plain = min(_cpu(_plain(LENGTH)) for _ in range(2))
    ratios = {name: _cpu(make(LENGTH)) / plain for name, make in ADVERSARIAL.items()}
    worst = max(ratios, key=ratios.__getitem__)
    assert ratios[worst] <= MAX_RATIO, ratios


PIECES = st.sampled_from(
    ["1", "١", " ", "!", ".", "،", "-", ":", "\n", "ب", "a", "قتيلا", "مقتل", "«", "2020"]
)


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(PIECES, st.integers(min_value=1, max_value=3000)), min_size=1, max_size=6))
def test_runs_of_any_pieces_stay_linear(runs: list[tuple[str, int]]) -> None:
    text = "".join(piece * count for piece, count in runs)
    text = (text * (LENGTH // len(text) + 1))[:LENGTH]
    plain = min(_cpu(_plain(LENGTH)) for _ in range(2))
    assert _cpu(text) <= MAX_RATIO * plain, runs
