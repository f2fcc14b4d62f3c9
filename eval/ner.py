"""Entity recognition precision, recall and F1 on a held-out split (ANERcorp test by default), per type and overall.

conlleval-style: an entity is right when its span and type are both exact.  The split
is the CAMeL Lab recipe rebuilt from the original ANERcorp file (see
../shared/data/ner_anercorp/README.md: 25,007 test tokens against the official 25,008),
so figures compare with, but are not bit-identical to, published ones on that split:
CAMeLBERT-MSA 82.4, AraELECTRA 83.95, a feature CRF about 79.  ANERcorp has four types;
our PRODUCT and EVENT predictions are scored as MISC, the type ANERcorp files them under
(``exact_types_f1`` scores them as they are).

Two smaller figures for the types ANERcorp lacks, with the whole recogniser (CRF and
product lexicon) on raw text: PRODUCT on the NewsFANE sentences whose text is ANERcorp's
test split (never trained on), EVENT on the Wojood sample's test split.

The dev split (``--split dev``, what the quality gate reads) is the dev part of our split of
WikiFANE Gold (``corpora.wikifane_split``; Arabic Wikipedia, its classes mapped to ours by
``corpus_types.json``), which the shipped recogniser is not trained on, scored the same way; and
EVENT on the Wojood sample's validation split.  The ANERcorp test split, and the test part of our
WikiFANE split (``--split wikifane-test``), are read once, at the end of a piece of work, and logged
in eval/TEST_READS.md.

    python eval/ner.py                 # ANERcorp test, table
    python eval/ner.py --split dev     # WikiFANE dev and Wojood validation (the quality gate)
    python eval/ner.py --split wikifane-test   # the test part of our WikiFANE split
    python eval/ner.py --json          # one JSON object
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.entities.corpora import (  # noqa: E402
    Sentence,
    letter_grams,
    letters,
    read_anercorp,
    read_newsfane,
    read_wikifane,
    read_wojood,
    side_of,
    spans,
    wikifane_split,
)
from marsad.entities.recognize import recognize, shipped_recognizer  # noqa: E402

SHARED_DATA = REPO.parent / "shared" / "data"
ANERCORP = SHARED_DATA / "ner_anercorp"
TYPES = ("PER", "LOC", "ORG", "MISC")
AS_ANERCORP = {"PRODUCT": "MISC", "EVENT": "MISC"}


def tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """The shipped CRF's labels for gold-tokenised sentences, fifty at a time."""
    recognizer = shipped_recognizer()
    return [labels for i in range(0, len(sentences), 50) for labels in recognizer.tag(sentences[i : i + 50])]


def counts(gold: list[set], found: list[set]) -> Counter:
    """Per type: gold entities, found entities, and right ones (``g:``, ``f:``, ``r:`` keys)."""
    tally: Counter = Counter()
    for g, f in zip(gold, found, strict=True):
        tally.update(f"g:{e[2]}" for e in g)
        tally.update(f"f:{e[2]}" for e in f)
        tally.update(f"r:{e[2]}" for e in g & f)
    return tally


def prf(tally: Counter, kinds: tuple[str, ...]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over ``kinds``."""
    right = sum(tally[f"r:{k}"] for k in kinds)
    found = sum(tally[f"f:{k}"] for k in kinds)
    gold = sum(tally[f"g:{k}"] for k in kinds)
    p, r = right / max(found, 1), right / max(gold, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def anercorp_figures(test: list[Sentence]) -> dict[str, float]:
    """Overall and per-type figures on gold-tokenised sentences, PRODUCT and EVENT (found or gold) as MISC."""
    predicted = tag_sentences([tokens for tokens, _ in test])
    gold = [{(s, e, AS_ANERCORP.get(k, k)) for s, e, k in spans(tags)} for _, tags in test]
    raw = [spans(labels) for labels in predicted]
    mapped = [{(s, e, AS_ANERCORP.get(k, k)) for s, e, k in found} for found in raw]
    tally = counts(gold, mapped)
    p, r, f = prf(tally, TYPES)
    figures = {"precision": p, "recall": r, "f1": f, "entities": sum(tally[f"g:{k}"] for k in TYPES)}
    for kind in TYPES:
        figures |= dict(
            zip((f"precision_{kind}", f"recall_{kind}", f"f1_{kind}"), prf(tally, (kind,)), strict=True)
        )
    exact = [spans(tags) for _, tags in test]
    figures["exact_types_f1"] = prf(counts(exact, raw), (*TYPES, "PRODUCT", "EVENT"))[2]
    return figures


def on_raw_text(sentences: list[Sentence], kind: str) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and gold count of ``kind`` from ``recognize`` on the joined tokens."""
    tally: Counter = Counter()
    for tokens, tags in sentences:
        text, starts = "", []
        for token in tokens:
            starts.append(len(text))
            text += token + " "
        index = {s: i for i, s in enumerate(starts)}
        ends = {s + len(t): i + 1 for i, (s, t) in enumerate(zip(starts, tokens, strict=True))}
        mentions = [m for m in recognize(text) if m.type == kind]
        found = {
            (index[m.start], ends[m.end], m.type) for m in mentions if m.start in index and m.end in ends
        }
        wrong_span = len(mentions) - len(found)  # a span that does not fall on the gold tokens
        gold = {e for e in spans(tags) if e[2] == kind}
        tally.update({"g": len(gold), "f": len(found) + wrong_span, "r": len(gold & found)})
    p, r = tally["r"] / max(tally["f"], 1), tally["r"] / max(tally["g"], 1)
    return p, r, 2 * p * r / max(p + r, 1e-9), tally["g"]


def newsfane_test_side() -> list[Sentence]:
    """NewsFANE sentences whose text is in ANERcorp's test split."""
    grams = {
        split: letter_grams("".join(letters(t) for s in read_anercorp(ANERCORP / name) for t in s[0]))
        for split, name in (
            ("train", "ANERCorp_CamelLabRecipe_train.txt"),
            ("test", "ANERCorp_CamelLabRecipe_test.txt"),
        )
    }
    sentences = read_newsfane(SHARED_DATA / "ner_newsfane_gold" / "NewsFANE_Gold_2014_170K.txt")
    return [s for s in sentences if side_of(s[0], grams["train"], grams["test"]) == "test"]


def wikifane_dev(part: str = "dev") -> list[Sentence]:
    """The dev (or test) part of our WikiFANE split (never trained on by the shipped recogniser)."""
    return wikifane_split(read_wikifane(SHARED_DATA / "ner_wikifane_gold" / "wikifane_gold_2014.conll.gz"))[
        part
    ]


def evaluate(split: str = "test") -> dict[str, float]:
    """Every figure this script prints for ``split``: "test" (ANERcorp test, NewsFANE products on its
    text, Wojood test), "dev" (WikiFANE dev, Wojood validation) or "wikifane-test" (our WikiFANE test part)."""
    if split == "wikifane-test":
        return anercorp_figures(wikifane_dev("test"))
    if split == "dev":
        figures = anercorp_figures(wikifane_dev())
        extra = [("event", read_wojood(SHARED_DATA / "ner_wojood_sample" / "val.txt"), "EVENT")]
    else:
        figures = anercorp_figures(read_anercorp(ANERCORP / "ANERCorp_CamelLabRecipe_test.txt"))
        extra = [
            ("product", newsfane_test_side(), "PRODUCT"),
            ("event", read_wojood(SHARED_DATA / "ner_wojood_sample" / "test.txt"), "EVENT"),
        ]
    for name, sentences, kind in extra:
        p, r, f, n = on_raw_text(sentences, kind)
        figures |= {f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f, f"{name}_entities": n}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--split",
        choices=("dev", "test", "wikifane-test"),
        default="test",
        help="test: ANERcorp test (log the read); dev: WikiFANE dev; wikifane-test: our WikiFANE test part (log it)",
    )
    args = parser.parse_args()
    figures = evaluate(args.split)
    if args.json:
        print(json.dumps(figures))
        return
    corpus = {"dev": "WikiFANE dev (ours)", "wikifane-test": "WikiFANE test (ours)"}.get(
        args.split, "ANERcorp test"
    )
    print(f"{corpus} ({figures['entities']:.0f} entities), exact span and type")
    print(f"{'type':<10}{'precision':>10}{'recall':>8}{'F1':>8}")
    for kind in TYPES:
        row = [figures[f"{m}_{kind}"] for m in ("precision", "recall", "f1")]
        print(f"{kind:<10}" + "".join(f"{100 * v:>{w}.2f}" for v, w in zip(row, (10, 8, 8), strict=True)))
    row = [figures[m] for m in ("precision", "recall", "f1")]
    print(f"{'overall':<10}" + "".join(f"{100 * v:>{w}.2f}" for v, w in zip(row, (10, 8, 8), strict=True)))
    print(f"(PRODUCT/EVENT kept as their own types: F1 {100 * figures['exact_types_f1']:.2f})")
    wheres = {
        "product": "NewsFANE on ANERcorp test text",
        "event": f"Wojood sample {'val' if args.split == 'dev' else 'test'}",
    }
    for name, where in wheres.items():
        if name + "_entities" not in figures:
            continue
        print(
            f"{name.upper()} on {where} ({figures[name + '_entities']:.0f}): precision "
            f"{100 * figures[name + '_precision']:.2f} recall {100 * figures[name + '_recall']:.2f} "
            f"F1 {100 * figures[name + '_f1']:.2f}"
        )


if __name__ == "__main__":
    main()
