"""Category accuracy and macro-F1 on a held-out split of both ANT corpora (test by default).

Prints the shipped model's figures beside a TF-IDF + linear-SVM baseline trained here on
the same train split, overall and per corpus.  Held-out records whose text also occurs in
another split are left out; an article the outlet filed under two sections counts as right
under either (see ``marsad.scoring.corpora.evaluation_set``).

The corpora file an article either by topic (society, economy) or by place (local,
international), so many "errors" are a second right heading.  ``eval/data/category_judged_test.tsv``
holds a random sample of the model's test errors judged by a reader; from it the script
estimates the share of errors that are defensible and the accuracy a reader would see
(``reader_accuracy_estimate``, with a 95 % Wilson interval).  Only judged rows the model
still gets wrong in the same way count, so a retrained model is never credited with old verdicts.
The judged sample is of test errors, so this estimate is given for the test split only.

The training script picks its regularisation on dev, so dev figures are a little kind; the
quality gate reads dev (a test split is read once, at the end of a piece of work, and logged
in ``eval/TEST_READS.md``).

    python eval/category.py                # test split, table
    python eval/category.py --split dev    # dev split (what the quality gate reads)
    python eval/category.py --json         # one JSON object
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.scoring.classify import shipped_model  # noqa: E402
from marsad.scoring.corpora import CORPUS_FILES, LabelledArticle, read_all, training_set  # noqa: E402
from marsad.scoring.corpora import evaluation_set as held_out  # noqa: E402

SHARED_DATA = REPO.parent / "shared" / "data"
JUDGED = REPO / "eval" / "data" / "category_judged_test.tsv"


def scored_labels(gold: list[set[str]], predicted: list[str]) -> list[str]:
    """The gold label to score against: the prediction when it is one of the filed labels."""
    return [p if p in g else sorted(g)[0] for g, p in zip(gold, predicted, strict=True)]


def figures(prefix: str, gold: list[set[str]], predicted: list[str]) -> dict[str, float]:
    """Accuracy and macro-F1 under ``prefix``."""
    truth = scored_labels(gold, predicted)
    accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
    # Macro-F1 averages over the categories this slice has in its gold labels, so a corpus
    # is not charged a zero F1 for a category it never files (v2 has no محلي).
    labels = sorted(set(truth))
    macro = f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
    return {f"{prefix}accuracy": accuracy, f"{prefix}macro_f1": macro}


def baseline_predictions(train: list[LabelledArticle], test: list[LabelledArticle]) -> list[str]:
    """TF-IDF over word uni- and bigrams + a linear SVM: the plain baseline our model must beat."""
    text = [f"{a.title}\n{a.text}" for a in train]
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
    svm = LinearSVC(C=1.0).fit(vectorizer.fit_transform(text), [a.category for a in train])
    return list(svm.predict(vectorizer.transform([f"{a.title}\n{a.text}" for a in test])))


def judged_figures(test: list[LabelledArticle], gold: list[set[str]], predicted: list[str]) -> dict[str, float]:
    """Share of the model's errors a reader judged defensible, and the reader's accuracy it implies."""
    wrong_now = {a.id: p for a, g, p in zip(test, gold, predicted, strict=True) if p not in g}
    verdicts = []
    for line in JUDGED.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "id\t")) or not line.strip():
            continue
        article_id, _, judged_prediction, verdict, *_ = line.split("\t")
        if wrong_now.get(article_id) == judged_prediction:  # still the error that was judged
            verdicts.append(verdict == "defensible")
    if not verdicts:
        return {}
    share, low, high = _wilson(sum(verdicts), len(verdicts))
    error_rate = len(wrong_now) / len(test)
    return {
        "judged_errors": float(len(verdicts)),
        "judged_defensible_share": share,
        "reader_accuracy_estimate": 1 - error_rate * (1 - share),
        "reader_accuracy_low": 1 - error_rate * (1 - low),
        "reader_accuracy_high": 1 - error_rate * (1 - high),
    }


def _wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float, float]:
    """The proportion and its 95 % Wilson score interval."""
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return p, centre - half, centre + half


def evaluate(shared_data: Path = SHARED_DATA, baseline: bool = True, split: str = "test") -> dict[str, float]:
    """Every figure, keyed ``model_accuracy``, ``model_ant_v1_jawharafm_macro_f1``, ``baseline_...``."""
    articles = read_all(shared_data)
    cases = held_out(articles, split)
    test, gold = [a for a, _ in cases], [g for _, g in cases]
    model = shipped_model()
    runs = {"model": [model.predict(a.title, a.text) for a in test]}
    if baseline:
        runs["baseline"] = baseline_predictions(training_set(articles, "train"), test)
    result: dict[str, float] = {f"{split}_articles": float(len(test))}
    if split == "test":
        result.update(judged_figures(test, gold, runs["model"]))
    for name, predicted in runs.items():
        result.update(figures(f"{name}_", gold, predicted))
        for corpus in CORPUS_FILES:
            keep = [i for i, a in enumerate(test) if a.corpus == corpus]
            result.update(figures(f"{name}_{corpus}_", [gold[i] for i in keep], [predicted[i] for i in keep]))
    return result


def main() -> None:
    """Print the figures (a table, or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF + SVM baseline (~30 s)")
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args()
    result = evaluate(args.data, baseline=not args.no_baseline, split=args.split)
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return
    count = f"{args.split}_articles"
    print(f"{args.split} articles: {int(result[count])}")
    for key, value in result.items():
        if key != count:
            print(f"{key:45s} {value:.4f}")


if __name__ == "__main__":
    main()
