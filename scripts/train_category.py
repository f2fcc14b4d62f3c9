"""Train the category model shipped in marsad/scoring/data/category_model.npz.

Trains a linear SVM on the hashed features of ``marsad.scoring.features`` over the
train split of both ANT corpora, picks the regularisation on the dev split, and writes
plain arrays (no pickle).  From the same train split it also writes the stem document
frequencies the keyword ranking uses (data/stem_df.tsv.gz).  The test split is never read.

    python scripts/train_category.py                      # writes the shipped model
    python scripts/train_category.py --out /tmp/m.npz     # elsewhere
    python scripts/train_category.py --keywords-only      # only data/stem_df.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import accuracy_score, f1_score
from sklearn.svm import LinearSVC

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.scoring.classify import MODEL_FILE, CategoryModel, save_model  # noqa: E402
from marsad.scoring.corpora import LabelledArticle, read_all, training_set  # noqa: E402
from marsad.scoring.features import feature_counts  # noqa: E402
from marsad.scoring.keywords import DF_FILE, document_frequencies  # noqa: E402

BUCKETS = 2**18  # 4.7 MB of float16 weights; 2**19 gained nothing on dev
MIN_DF = 3  # stems in fewer train articles are left out: unseen stems get the highest IDF anyway
GRID = [(c, w) for c in (0.1, 0.3, 1.0) for w in (None, "balanced")]


def feature_matrix(articles: list[LabelledArticle], buckets: int) -> sp.csr_matrix:
    """Rows as ``features.feature_vector`` builds them: 1 + log(count), L2-normalised."""
    indices, values, pointers = [], [], [0]
    for article in articles:
        ids, counts = feature_counts(article.title, article.text, buckets)
        indices.extend(ids.tolist())
        values.extend(counts.tolist())
        pointers.append(len(indices))
    data = 1.0 + np.log(np.array(values, dtype=np.float64))
    matrix = sp.csr_matrix((data, np.array(indices), np.array(pointers)), shape=(len(articles), buckets))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sp.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix


def tune(train: sp.csr_matrix, y_train: list[str], dev: sp.csr_matrix, y_dev: list[str]) -> tuple:
    """The (C, class_weight) with the best dev accuracy; macro-F1 breaks ties."""
    best = None
    for c, weight in GRID:
        predicted = LinearSVC(C=c, class_weight=weight).fit(train, y_train).predict(dev)
        figure = (accuracy_score(y_dev, predicted), f1_score(y_dev, predicted, average="macro"))
        print(f"C={c} class_weight={weight}: dev accuracy {figure[0]:.4f}, macro-F1 {figure[1]:.4f}")
        if best is None or figure > best[0]:
            best = (figure, c, weight)
    return best[1], best[2]


def write_stem_frequencies(articles: list[LabelledArticle], path: Path) -> None:
    """Stem -> number of train articles containing it, most frequent first, gzipped TSV."""
    documents, counts = document_frequencies(f"{a.title}\n{a.text}" for a in articles)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"#documents\t{documents}\n")
        for stem, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if n >= MIN_DF:
                out.write(f"{stem}\t{n}\n")
    print(f"wrote stem frequencies of {documents} articles to {path}")


def main() -> None:
    """Train on train, tune on dev, write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="../shared/data")
    parser.add_argument("--out", type=Path, default=REPO / "marsad" / "scoring" / "data" / MODEL_FILE)
    parser.add_argument("--keywords-only", action="store_true", help="only write the stem frequencies")
    args = parser.parse_args()
    articles = read_all(args.data)
    train, dev = training_set(articles, "train"), training_set(articles, "dev")
    write_stem_frequencies(train, args.out.parent / DF_FILE)
    if args.keywords_only:
        return
    x_train, x_dev = feature_matrix(train, BUCKETS), feature_matrix(dev, BUCKETS)
    y_train, y_dev = [a.category for a in train], [a.category for a in dev]
    c, weight = tune(x_train, y_train, x_dev, y_dev)
    svm = LinearSVC(C=c, class_weight=weight).fit(x_train, y_train)
    model = CategoryModel(
        weights=svm.coef_.T.astype(np.float32),
        bias=svm.intercept_.astype(np.float32),
        labels=tuple(str(label) for label in svm.classes_),
        buckets=BUCKETS,
    )
    save_model(args.out, model)
    print(f"trained on {len(train)} articles with C={c} class_weight={weight}; wrote {args.out}")


if __name__ == "__main__":
    main()
