"""Light stemmer quality on a hand-checked list: forms that must collapse, words that must stay apart.

``eval/data/text_stem_cases.json`` holds 40 groups of surface forms of common
news words (with و ف ب ك ل ال وال بال لل and plural/feminine suffixes) and 25
pairs of distinct words where one looks like a proclitic + the other (وزير/زير,
لبنان/بنان, فكرة/كرة...).  Figures:

* collapse: share of forms whose stem equals the most common stem of their group;
* groups_whole: share of groups whose forms all share one stem;
* kept_apart: share of distinct pairs given different stems.

The list was written by hand from general knowledge of news vocabulary, after
the stemmer but without changing the stemmer afterwards.

    python eval/stem.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.text import stem  # noqa: E402

CASES = REPO / "eval" / "data" / "text_stem_cases.json"


def evaluate() -> dict[str, float]:
    """collapse, groups_whole and kept_apart over the hand-checked list."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    right = total = whole = 0
    for group in cases["groups"]:
        stems = [stem(form) for form in group]
        majority = Counter(stems).most_common(1)[0][1]
        right += majority
        total += len(stems)
        whole += majority == len(stems)
    apart = sum(stem(a) != stem(b) for a, b in cases["distinct"])
    return {
        "forms": total,
        "collapse": right / total,
        "groups_whole": whole / len(cases["groups"]),
        "kept_apart": apart / len(cases["distinct"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Light stemmer on a hand-checked list.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show", action="store_true", help="print the groups and pairs we get wrong")
    args = parser.parse_args()
    if args.show:
        cases = json.loads(CASES.read_text(encoding="utf-8"))
        for group in cases["groups"]:
            if len({stem(f) for f in group}) > 1:
                print([(f, stem(f)) for f in group])
        for a, b in cases["distinct"]:
            if stem(a) == stem(b):
                print("merged:", a, b, stem(a))
    figures = evaluate()
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:<14}{value:.3f}" if isinstance(value, float) else f"{key:<14}{value}")


if __name__ == "__main__":
    main()
