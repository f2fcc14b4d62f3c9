"""Train the entity recogniser (a feature CRF) and write it into the package.

Training data, all public and beside the repository in ../shared/data:
* ANERcorp, CAMeL-recipe train split (PER LOC ORG MISC); its test split is never read here;
* NewsFANE Gold's products (weapons, aircraft, vehicles, software, hardware, drugs) copied
  onto the same ANERcorp training text, which NewsFANE re-annotates; NewsFANE sentences
  whose text is in ANERcorp's test split are set aside first and never used;
* with ``--wikifane``, WikiFANE Gold (Arabic Wikipedia, ACE classes), clitics rejoined into whole
  words and its classes mapped to ours (``data/corpus_types.json``, table in docs/entities.md):
  the train part of our split (``corpora.wikifane_split``); its dev and test parts are never
  trained on.  Off by default: all of it cost 7.6 F1 on ANERcorp dev (76.7 -> 69.06) while
  WikiFANE dev rose from 49.5 to 66.6 (docs/entities.md);
* optionally (``--wojood``, off by default: it cost dev F1) the Wojood sample's train split.

    python scripts/train_ner.py            # writes marsad/entities/data/ner.crfsuite (~1.5 CPU-min)
    python scripts/train_ner.py --dev      # holds out the last tenth of the training split, prints F1
    python scripts/train_ner.py --dev --folds 3,7,9   # the mean over three held-out tenths

One held-out tenth moves by about 0.4 F1 with nothing but the order of the features
changed, so a change worth less than that needs the mean over several tenths.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from marsad.entities.corpora import (  # noqa: E402
    Sentence,
    letter_grams,
    letters,
    project_types,
    read_anercorp,
    read_newsfane,
    read_wikifane,
    read_wojood,
    side_of,
    spans,
    wikifane_split,
)
from marsad.entities.crf import LinearChainCRF  # noqa: E402
from marsad.entities.features import sentence_features  # noqa: E402
from marsad.entities.recognize import Recognizer  # noqa: E402

SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "marsad" / "entities" / "data" / "ner.crfsuite"
# L1/L2 weights chosen on the mean dev F1 over tenths 3, 7 and 9 of ANERcorp train
# (--dev --folds 3,7,9): c2 0.001 -> 77.38, 0.01 -> 77.86, 0.03 -> 77.76; see docs/entities.md.
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 250, "feature.possible_transitions": True}
PRODUCT_KINDS = frozenset({"PRODUCT"})
O_PENALTIES = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)  # tried on the dev split for recognize.O_PENALTY


def anercorp_train(shared: Path) -> list[Sentence]:
    """ANERcorp's training split."""
    return read_anercorp(shared / "ner_anercorp" / "ANERCorp_CamelLabRecipe_train.txt")


def newsfane_train_side(shared: Path) -> tuple[list[Sentence], Counter]:
    """NewsFANE sentences whose text is in ANERcorp's train split only, and how all sentences fell."""
    folder = shared / "ner_anercorp"
    grams = {
        split: letter_grams("".join(letters(t) for s in read_anercorp(folder / name) for t in s[0]))
        for split, name in (
            ("train", "ANERCorp_CamelLabRecipe_train.txt"),
            ("test", "ANERCorp_CamelLabRecipe_test.txt"),
        )
    }
    kept, sides = [], Counter()
    for sentence in read_newsfane(shared / "ner_newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"):
        side = side_of(sentence[0], grams["train"], grams["test"])
        sides[side] += 1
        if side == "train":
            kept.append(sentence)
    return kept, sides


def wikifane_parts(shared: Path) -> dict[str, list[Sentence]]:
    """Our train/dev/test parts of WikiFANE Gold, in whole words and our types."""
    return wikifane_split(read_wikifane(shared / "ner_wikifane_gold" / "wikifane_gold_2014.conll.gz"))


def training_set(
    shared: Path, wojood: str = "events", wikifane: bool = False
) -> tuple[list[Sentence], dict[str, int]]:
    """ANERcorp train with NewsFANE's products copied in, plus WikiFANE's and Wojood's train sentences.

    ``wojood``: "all" its sentences, "events" only those with an event or product
    (its other annotation conventions cost ANERcorp F1 on the dev split), or "none".
    """
    sentences = anercorp_train(shared)
    newsfane, sides = newsfane_train_side(shared)
    copied = project_types(sentences, newsfane, PRODUCT_KINDS, frozenset({"MISC"}))
    report = {f"newsfane_{k}": v for k, v in sides.items()} | {"products_copied": copied}
    if wojood != "none":
        extra = read_wojood(shared / "ner_wojood_sample" / "train.txt")
        if wojood == "events":
            extra = [s for s in extra if any(k in {"EVENT", "PRODUCT"} for _, _, k in spans(s[1]))]
        sentences = sentences + extra
        report["wojood_sentences"] = len(extra)
    if wikifane:
        extra = wikifane_parts(shared)["train"]
        sentences = sentences + extra
        report["wikifane_sentences"] = len(extra)
    return sentences, report


def fit(
    sentences: list[Sentence], out: Path, params: dict, extra: list[list[list[str]]] | None = None
) -> Path:
    """Fit a CRF on ``sentences`` (``extra``: more features per token) and write it to ``out``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for k, (tokens, tags) in enumerate(sentences):
        rows = sentence_features(tokens)
        if extra:
            rows = [row + more for row, more in zip(rows, extra[k], strict=True)]
        trainer.append(rows, tags)
    trainer.set_params(params)
    trainer.train(str(out))
    return out


def tag_all(recognizer: Recognizer, sentences: list[list[str]]) -> list[list[str]]:
    """Labels for sentences, a batch at a time."""
    return [labels for i in range(0, len(sentences), 50) for labels in recognizer.tag(sentences[i : i + 50])]


def f1_on(recognizer: Recognizer, sentences: list[Sentence]) -> float:
    """Entity-level micro F1 on ``sentences`` (exact span and type)."""
    predicted = tag_all(recognizer, [s[0] for s in sentences])
    gold = found = right = 0
    for (_, tags), labels in zip(sentences, predicted, strict=True):
        g, p = spans(tags), spans(labels)
        gold, found, right = gold + len(g), found + len(p), right + len(g & p)
    return 2 * right / max(gold + found, 1)


def dev_f1(
    sentences: list[Sentence],
    base: list[Sentence],
    tenth: int,
    out: Path,
    params: dict,
    also: list[Sentence] | None = None,
) -> float:
    """Train without the ``tenth``-th tenth of ANERcorp train (0-9) and return F1 on it.

    ``sentences`` start with ``base`` (ANERcorp train); ``also``: a second dev set whose F1 is
    printed beside (WikiFANE dev).
    """
    lo, hi = len(base) * tenth // 10, len(base) * (tenth + 1) // 10
    fit(sentences[:lo] + sentences[hi:], out, params)
    recognizer = Recognizer(LinearChainCRF.load(out))
    if also:
        print(f"  tenth {tenth}: WikiFANE dev F1 {100 * f1_on(recognizer, also):.2f}")
    return f1_on(recognizer, base[lo:hi])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument(
        "--out", type=Path, default=OUT, help="first-pass model; the second pass goes beside it"
    )
    parser.add_argument("--dev", action="store_true", help="hold out the last tenth of ANERcorp train")
    parser.add_argument(
        "--folds", default="9", help="with --dev: which tenths of train to hold out in turn (0-9), e.g. 3,7,9"
    )
    parser.add_argument("--wojood", choices=("all", "events", "none"), default="none")
    parser.add_argument(
        "--wikifane", action="store_true", help="add WikiFANE's train part (cost 7.6 F1 on ANERcorp dev)"
    )
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = parser.parse_args()
    params = PARAMS | {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    started = time.perf_counter()
    sentences, report = training_set(args.shared, args.wojood, args.wikifane)
    wiki_dev = wikifane_parts(args.shared)["dev"] if args.dev else None
    out = Path("/tmp/ner-dev.crfsuite") if args.dev and args.out == OUT else args.out
    folds = [int(k) for k in args.folds.split(",")]
    if args.dev and folds != [9]:
        base = anercorp_train(args.shared)
        scores = [100 * dev_f1(sentences, base, k, out, params, wiki_dev) for k in folds]
        each = ", ".join(f"tenth {k}: {f:.2f}" for k, f in zip(folds, scores, strict=True))
        print(f"dev F1 mean {sum(scores) / len(scores):.2f} ({each})  {params}  {report}")
    elif args.dev:
        base = anercorp_train(args.shared)
        dev = base[len(base) * 9 // 10 :]
        print(f"dev F1 {100 * dev_f1(sentences, base, 9, out, params, wiki_dev):.2f}  {params}  {report}")
        for penalty in O_PENALTIES:
            print(
                f"  O penalty {penalty}: dev F1 {100 * f1_on(Recognizer(LinearChainCRF.load(out, penalty)), dev):.2f}"
            )
    else:
        fit(sentences, out, params)
        print(f"trained on {len(sentences)} sentences -> {out}  {report}")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
