"""Language identification accuracy on a mixed Arabic / Persian / Urdu / English / French set.

* Arabic: the ``test`` split of ANT v2.1 (../shared/data, five outlets), or its ``dev``
  split with ``--split dev`` (what the quality gate reads): every title (short, the hard
  case) and the first 300 characters of every body.
* Persian, Urdu, English, French: lines of the Universal Declaration of Human
  Rights (``eval/data/text_langid_udhr.jsonl``, from the UN translations as
  collected in the public repository lancejpollard/text, preamble clauses).

Prints accuracy per language and how many Arabic texts were taken for Persian
or Urdu and the reverse (the confusion the issue forbids), for ours and for
py3langid alone.

    python eval/langid.py [--split dev] [--json]
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.text import detect_language  # noqa: E402
from marsad.text.langid import _identifier  # noqa: E402

ANT = (
    REPO.parent
    / "shared"
    / "data"
    / "classification_ant_v2_multisource"
    / "ant_v2.1_multisource_sample.jsonl.xz"
)
UDHR = REPO / "eval" / "data" / "text_langid_udhr.jsonl"
NEIGHBOURS = {"fa", "ur"}


def mixed_set(split: str = "test") -> list[tuple[str, str]]:
    """(language, text) pairs: Arabic titles and leads from ``split``, then the UDHR lines."""
    cases = []
    with lzma.open(ANT, "rt", encoding="utf-8") as lines:
        for record in map(json.loads, lines):
            if record["split"] == split:
                cases.append(("ar", record["title"]))
                cases.append(("ar", record["text"][:300]))
    with UDHR.open(encoding="utf-8") as lines:
        cases.extend((r["language"], r["text"]) for r in map(json.loads, lines))
    return [(lang, text) for lang, text in cases if text and text.strip()]


def score(cases: list[tuple[str, str]], identify) -> dict[str, float]:
    """Accuracy overall and per language, and the Arabic <-> Persian/Urdu confusions."""
    right, seen = Counter(), Counter()
    confused = 0
    for language, text in cases:
        guess = identify(text)
        seen[language] += 1
        right[language] += guess == language
        confused += (language == "ar" and guess in NEIGHBOURS) or (language in NEIGHBOURS and guess == "ar")
    figures = {
        "cases": len(cases),
        "accuracy": sum(right.values()) / len(cases),
        "ar_fa_ur_confusions": confused,
    }
    figures |= {f"accuracy_{lang}": right[lang] / seen[lang] for lang in sorted(seen)}
    return figures


def evaluate(baseline: bool = True, split: str = "test") -> dict[str, float]:
    """``marsad_*`` figures, and ``py3langid_*`` for the package alone."""
    cases = mixed_set(split)
    result = {f"marsad_{k}": v for k, v in score(cases, detect_language).items()}
    if baseline:
        raw = score(cases, lambda text: _identifier().classify(text)[0])
        result |= {f"py3langid_{k}": v for k, v in raw.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Language identification on a mixed set.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--split", choices=("dev", "test"), default="test", help="ANT v2.1 split of the Arabic side")
    args = parser.parse_args()
    figures = evaluate(split=args.split)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:<34}{value:.3f}" if isinstance(value, float) else f"{key:<34}{value}")


if __name__ == "__main__":
    main()
