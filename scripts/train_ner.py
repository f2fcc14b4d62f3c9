"""Train the entity recogniser (a feature CRF) and write it into the package.

Training data, all public and beside the repository in ../shared/data:
* ANERcorp, CAMeL-recipe train split (PER LOC ORG MISC); its test split is never read here;
* NewsFANE Gold's products (weapons, aircraft, vehicles, software, hardware, drugs) copied
  onto the same ANERcorp training text, which NewsFANE re-annotates; NewsFANE sentences
  whose text is in ANERcorp's test split are set aside first and never used;
* the Wojood sample's train split (events and products, plus its persons, places and
  organisations mapped to ours).

    python scripts/train_ner.py            # writes marsad/entities/data/ner{,_doc}.crfsuite (~6 min)
    python scripts/train_ner.py --dev      # holds out the last tenth of the training split, prints F1
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import pycrfsuite

from marsad.entities.corpora import (
    Sentence,
    letter_grams,
    letters,
    project_types,
    read_anercorp,
    read_newsfane,
    read_wojood,
    side_of,
    spans,
)
from marsad.entities.crf import LinearChainCRF
from marsad.entities.document import memory_features
from marsad.entities.features import sentence_features
from marsad.entities.recognize import Recognizer

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "marsad" / "entities" / "data" / "ner.crfsuite"
# L1/L2 weights chosen on the --dev split (last tenth of ANERcorp train); see docs/entities.md.
PARAMS = {"c1": 0.05, "c2": 0.001, "max_iterations": 250, "feature.possible_transitions": True}
PRODUCT_KINDS = frozenset({"PRODUCT"})
DOC_SENTENCES = 15  # pseudo-article length; ANERcorp keeps no article boundaries
FOLDS = 5


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


def training_set(shared: Path, wojood: str = "events") -> tuple[list[Sentence], dict[str, int]]:
    """ANERcorp train with NewsFANE's products copied in, plus Wojood train sentences.

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


def documents(count: int) -> list[range]:
    """Consecutive runs of ``DOC_SENTENCES`` sentences: the corpora keep no article boundaries."""
    return [range(i, min(i + DOC_SENTENCES, count)) for i in range(0, count, DOC_SENTENCES)]


def tag_documents(recognizer: Recognizer, sentences: list[list[str]]) -> list[list[str]]:
    """Labels for sentences, tagged document by document."""
    return [
        labels for doc in documents(len(sentences)) for labels in recognizer.tag([sentences[i] for i in doc])
    ]


def train_two_pass(sentences: list[Sentence], first: Path, second: Path, params: dict) -> None:
    """Both passes: the second learns from first-pass labels each sentence got from a model that never saw it.

    Those labels come from ``FOLDS`` models, each trained without one contiguous part
    (jackknifing); the shipped first pass is trained on everything.
    """
    parts = [range(k * len(sentences) // FOLDS, (k + 1) * len(sentences) // FOLDS) for k in range(FOLDS)]
    jobs = [
        ([s for i, s in enumerate(sentences) if i not in part], first.with_suffix(f".fold{k}"))
        for k, part in enumerate(parts)
    ]
    with Pool(2) as pool:
        paths = pool.starmap(fit, [(data, out, params) for data, out in [(sentences, first), *jobs]])
    labels: list[list[str]] = []
    for part, path in zip(parts, paths[1:], strict=True):
        labels += tag_documents(Recognizer(LinearChainCRF.load(path)), [sentences[i][0] for i in part])
        path.unlink()
    extra = []
    for doc in documents(len(sentences)):
        extra += memory_features([sentences[i][0] for i in doc], [labels[i] for i in doc])
    fit(sentences, second, params, extra)


def f1_on(recognizer: Recognizer, sentences: list[Sentence]) -> float:
    """Entity-level micro F1 on ``sentences`` (exact span and type)."""
    predicted = tag_documents(recognizer, [s[0] for s in sentences])
    gold = found = right = 0
    for (_, tags), labels in zip(sentences, predicted, strict=True):
        g, p = spans(tags), spans(labels)
        gold, found, right = gold + len(g), found + len(p), right + len(g & p)
    return 2 * right / max(gold + found, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument(
        "--out", type=Path, default=OUT, help="first-pass model; the second pass goes beside it"
    )
    parser.add_argument("--dev", action="store_true", help="hold out the last tenth of ANERcorp train")
    parser.add_argument("--wojood", choices=("all", "events", "none"), default="events")
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = parser.parse_args()
    params = PARAMS | {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    started = time.perf_counter()
    sentences, report = training_set(args.shared, args.wojood)
    first = Path("/tmp/ner-dev.crfsuite") if args.dev and args.out == OUT else args.out
    second = first.with_name(first.stem + "_doc.crfsuite")
    if args.dev:
        base = anercorp_train(args.shared)
        cut = len(base) * 9 // 10
        dev = base[cut:]
        sentences = sentences[:cut] + sentences[len(base) :]
    train_two_pass(sentences, first, second, params)
    if args.dev:
        one = f1_on(Recognizer(LinearChainCRF.load(first)), dev)
        both = f1_on(Recognizer(LinearChainCRF.load(first), LinearChainCRF.load(second)), dev)
        print(f"dev F1 first pass {100 * one:.2f}, both passes {100 * both:.2f}  {params}  {report}")
    else:
        print(f"trained on {len(sentences)} sentences -> {first}, {second}  {report}")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
