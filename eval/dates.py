"""Date extraction accuracy and false dates: our grammar beside dateparser, on the same cases.

Two sets:

* ours: ``eval/data/dates_cases.jsonl``, hand-written before the grammar, every
  family (MSA/Egyptian, Maghrebi, Algerian/Tunisian, Levantine, double forms,
  Hijri, numeric, written days, ranges, month-year, relative, negatives).
  Only the ``test`` split is reported (``--split dev`` is what we developed on).
  A case is right when every expected date is found with its value and the
  span overlaps the expected surface, and nothing else is found.  A *false
  date* is a found date whose span overlaps no expected surface (money, counts,
  phone numbers...); a found date on the right span with a wrong value is a
  *wrong value*.
* public: ``../shared/data/dates_ar_testcases`` (Duckling's Arabic time and
  duration corpus, dateparser's Arabic tests), reference time 2013-02-12.
  We output dates, so only day, week, month and year grains are scored (a week
  as its Monday, as Duckling gives it); clock times and intervals of hours or
  weeks are counted as out of scope and left out; an interval of days expects
  its first and last day; durations and Duckling's negatives expect no date.
  A case is right when the set of values found equals the set expected.

dateparser (``search.search_dates``, languages=["ar"], RELATIVE_BASE set to
the publication date) is scored on the same cases, leniently: its answers are
datetimes, so one counts as right when it falls inside the expected value
("2023-01" accepts any day of January 2023).

    python eval/dates.py                 # table
    python eval/dates.py --json          # one JSON object
    python eval/dates.py --no-baseline   # ours only (fast)
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.text import find_dates  # noqa: E402

CASES = REPO / "eval" / "data" / "dates_cases.jsonl"
PUBLIC = REPO.parent / "shared" / "data" / "dates_ar_testcases"
REFERENCE = "2013-02-12"  # Duckling's testContext day (04:30, UTC-2)
Found = list[tuple[int, int, str]]  # (start, end, value)


def read_cases(split: str) -> list[dict]:
    """Our cases of one split."""
    with CASES.open(encoding="utf-8") as lines:
        return [c for c in map(json.loads, lines) if c["split"] == split]


def expected_spans(case: dict) -> Found:
    """Each expected date with the span of its surface, searched left to right."""
    spans, cursor = [], 0
    for item in case["expected"]:
        start = case["text"].find(item["surface"], cursor)
        if start < 0:
            start = case["text"].find(item["surface"])
        end = start + len(item["surface"])
        spans.append((start, end, item["value"]))
        cursor = end
    return spans


def ours(text: str, published: str | None) -> Found:
    """Our dates as (start, end, value)."""
    return [(d.start, d.end, d.value) for d in find_dates(text, published)]


def value_matches(found: str, expected: str) -> bool:
    """Exact match (our values carry their grain)."""
    return found == expected


def lenient_match(found: str, expected: str) -> bool:
    """A dateparser day inside the expected value: same day, or inside the month/year; --MM-DD by month-day."""
    if expected.startswith("--"):
        return found[4:] == expected[1:]
    return found.startswith(expected)


def score_case(expected: Found, found: Found, same: Callable[[str, str], bool]) -> dict[str, int]:
    """Matched, missed, false and wrong-value counts of one case."""
    unused = list(found)
    matched = 0
    for start, end, value in expected:
        hit = next((f for f in unused if f[0] < end and start < f[1] and same(f[2], value)), None)
        if hit:
            unused.remove(hit)
            matched += 1
    false = sum(1 for f in unused if not any(f[0] < e and s < f[1] for s, e, _ in expected))
    wrong = len(unused) - false
    return {"matched": matched, "missed": len(expected) - matched, "false": false, "wrong": wrong}


def score_own(cases: list[dict], extract: Callable[[str, str | None], Found], same) -> dict[str, float]:
    """Accuracy, false dates, wrong values and recall over our cases."""
    right = false = wrong = matched = total = 0
    for case in cases:
        expected = expected_spans(case)
        counts = score_case(expected, extract(case["text"], case["published"]), same)
        right += counts["missed"] == counts["false"] == counts["wrong"] == 0
        false += counts["false"]
        wrong += counts["wrong"]
        matched += counts["matched"]
        total += len(expected)
    return {
        "cases": len(cases),
        "accuracy": right / len(cases),
        "false_dates": false,
        "wrong_values": wrong,
        "recall": matched / total if total else 1.0,
    }


def dateparser_found(text: str, published: str | None) -> Found:
    """dateparser's search_dates, as (start, end, YYYY-MM-DD)."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime.fromisoformat((published or REFERENCE)[:10])}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = search_dates(text, languages=["ar"], settings=settings) or []
    found, cursor = [], 0
    for surface, moment in results:
        start = text.find(surface, cursor)
        start = start if start >= 0 else max(text.find(surface), 0)
        found.append((start, start + len(surface), moment.date().isoformat()))
        cursor = start + len(surface)
    return found


# --- public cases -------------------------------------------------------------------------------


def _day(iso: str, shift: int = 0) -> str:
    return (datetime.fromisoformat(iso[:10]) + timedelta(days=shift)).date().isoformat()


def _duckling_expectation(expected: dict | None) -> set[str] | None:
    """The values a Duckling case expects; None when it is out of scope."""
    if expected is None or expected["kind"] == "duration":
        return set()
    grain = expected["grain"]
    if expected["kind"] == "interval":
        return {_day(expected["from"]), _day(expected["to"], -1)} if grain == "day" else None
    cut = {"day": 10, "week": 10, "month": 7, "year": 4}.get(grain)
    return {expected["value"][:cut]} if cut else None


def _dateparser_expectation(expected: dict) -> set[str] | None:
    """The values a dateparser test expects; None when it is out of scope (hours, duration lists)."""
    kind, reference = expected["kind"], REFERENCE
    if kind == "absolute_datetime":
        return {expected["value"][:10]}
    if kind == "search_dates":
        return {m[1][:10] for m in expected["matches"]}
    if kind == "relative_ago":
        ago = expected["ago"]
        return {_day(reference, -ago["days"])} if set(ago) == {"days"} else None
    english = expected["value"]  # translation_en
    if "hour" in english:
        return None
    if "ago" in english:
        return {_day(reference, -int(english.split()[0]))}
    words = english.split()
    if len(words) >= 3 and words[2].isdigit():
        return {datetime.strptime(" ".join(words[:3]), "%d %B %Y").date().isoformat()}
    return set()  # "2 day", "4 year": durations


def public_cases() -> list[tuple[str, set[str]]]:
    """(text, expected values) of every in-scope public case."""
    cases = []
    for name, rule in (
        ("duckling_time_ar_cases.json", _duckling_expectation),
        ("duckling_duration_ar_cases.json", _duckling_expectation),
        ("dateparser_ar_cases.json", _dateparser_expectation),
    ):
        for case in json.loads((PUBLIC / name).read_text(encoding="utf-8")):
            values = rule(case["expected"])
            if values is not None:
                cases.append((case["text"], values))
    return cases


def score_public(cases: list[tuple[str, set[str]]], extract, same) -> dict[str, float]:
    """Accuracy (found values == expected values) and extra values over the public cases."""
    right = extra = 0
    for text, values in cases:
        found = [f[2] for f in extract(text, REFERENCE)]
        covered = all(any(same(f, v) for f in found) for v in values)
        surplus = sum(1 for f in found if not any(same(f, v) for v in values))
        right += covered and surplus == 0
        extra += surplus
    return {"cases": len(cases), "accuracy": right / len(cases), "extra_values": extra}


def evaluate(split: str = "test", baseline: bool = True) -> dict[str, float]:
    """Every figure: ``own_*`` and ``public_*`` for us, ``dateparser_own_*``/``dateparser_public_*``."""
    own, public = read_cases(split), public_cases() if PUBLIC.exists() else []
    result = {f"own_{k}": v for k, v in score_own(own, ours, value_matches).items()}
    if public:
        result |= {f"public_{k}": v for k, v in score_public(public, ours, value_matches).items()}
    if baseline:
        result |= {
            f"dateparser_own_{k}": v for k, v in score_own(own, dateparser_found, lenient_match).items()
        }
        if public:
            scored = score_public(public, dateparser_found, lenient_match)
            result |= {f"dateparser_public_{k}": v for k, v in scored.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Date extraction: ours beside dateparser.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument("--no-baseline", action="store_true", help="skip dateparser (slow)")
    parser.add_argument("--show", action="store_true", help="print every case we get wrong")
    args = parser.parse_args()
    if args.show:
        show_errors(args.split)
    figures = evaluate(args.split, baseline=not args.no_baseline)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'set':<28}{'marsad':>12}{'dateparser':>12}")
    for key, value in figures.items():
        if key.startswith("dateparser_"):
            continue
        other = figures.get("dateparser_" + key)
        shown = (
            f"{other:>12.3f}" if isinstance(other, float) else f"{other if other is not None else '-':>12}"
        )
        mine = f"{value:>12.3f}" if isinstance(value, float) else f"{value:>12}"
        print(f"{key:<28}{mine}{shown}")


def show_errors(split: str) -> None:
    """Print the cases of ``split`` we get wrong, with what we found."""
    for case in read_cases(split):
        expected = expected_spans(case)
        found = ours(case["text"], case["published"])
        counts = score_case(expected, found, value_matches)
        if counts["missed"] or counts["false"] or counts["wrong"]:
            got = [(case["text"][s:e], v) for s, e, v in found]
            print(case["id"], case["text"], case["published"], "\n  want", case["expected"], "\n  got ", got)


if __name__ == "__main__":
    main()
