"""Derive the word clusters the recogniser uses as features, from unlabelled Arabic news.

Words are placed by the company they keep: a positive-PMI matrix of word/context
counts (window of two words each side) over the ANT news corpora is reduced by SVD
to dense vectors, and k-means groups the vectors at three granularities.  The result
ships as ``marsad/entities/data/clusters.tsv.gz`` (word, its count, then one cluster
id per granularity).  ANERcorp's training text is included; its test text and NewsFANE
(the same text as ANERcorp, test sentences included) are not.

    python scripts/ner_clusters.py            # ~5 minutes on 2 cores
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.utils.extmath import randomized_svd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from marsad.entities.corpora import read_anercorp  # noqa: E402
from marsad.entities.tokens import fold, tokenize  # noqa: E402

SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "marsad" / "entities" / "data" / "clusters.tsv.gz"
GRANULARITIES = (64, 256, 1024)


def _texts(shared: Path) -> Iterator[list[str]]:
    """Folded token lists: one per article of the ANT corpora, one per ANERcorp training sentence."""
    with gzip.open(shared / "classification_ant_v1_jawharafm" / "ant_v1.1_jawharafm.jsonl.gz", "rt") as f:
        for line in f:
            yield [fold(t.text) for t in tokenize(json.loads(line)["text"])]
    with lzma.open(
        shared / "classification_ant_v2_multisource" / "ant_v2.1_multisource_sample.jsonl.xz", "rt"
    ) as f:
        for line in f:
            yield [fold(t.text) for t in tokenize(json.loads(line)["text"])]
    for tokens, _ in read_anercorp(shared / "ner_anercorp" / "ANERCorp_CamelLabRecipe_train.txt"):
        yield [fold(t) for t in tokens]


def cooccurrence(docs: list[list[str]], vocab: list[str], contexts: int) -> sparse.csr_matrix:
    """Distance-weighted counts of each vocabulary word against the ``contexts`` most frequent words."""
    index = {w: i for i, w in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for doc in docs:
        ids = np.array([index.get(w, -1) for w in doc], dtype=np.int64)
        for d in (1, 2):
            a, b = ids[:-d], ids[d:]
            for x, y in ((a, b), (b, a)):
                keep = (x >= 0) & (y >= 0) & (y < contexts)
                rows.append(x[keep])
                cols.append(y[keep])
                vals.append(np.full(int(keep.sum()), 1.0 / d))
    matrix = sparse.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(vocab), contexts)
    )
    return matrix.tocsr()


def ppmi(matrix: sparse.csr_matrix, alpha: float = 0.75) -> sparse.csr_matrix:
    """Positive PMI with context-distribution smoothing (Levy, Goldberg and Dagan 2015)."""
    total = matrix.sum()
    word_p = np.asarray(matrix.sum(axis=1)).ravel() / total
    ctx = np.asarray(matrix.sum(axis=0)).ravel() ** alpha
    ctx_p = ctx / ctx.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data / total) - np.log(word_p[coo.row]) - np.log(ctx_p[coo.col])
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)


def vectors(matrix: sparse.csr_matrix, dims: int) -> np.ndarray:
    """Row-normalised SVD vectors, singular values weighted by their square root."""
    u, s, _ = randomized_svd(matrix, n_components=dims, n_iter=5, random_state=1)
    vec = u * np.sqrt(s)
    return vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--min-count", type=int, default=4)
    parser.add_argument("--contexts", type=int, default=20000)
    parser.add_argument("--dims", type=int, default=160)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    docs = list(_texts(args.shared))
    counts = Counter(w for doc in docs for w in doc)
    vocab = [w for w, c in counts.most_common() if c >= args.min_count]
    vec = vectors(ppmi(cooccurrence(docs, vocab, args.contexts)), args.dims)
    columns = []
    for k in GRANULARITIES:
        model = MiniBatchKMeans(n_clusters=k, random_state=1, batch_size=4096, n_init=3, max_iter=100)
        columns.append(model.fit_predict(vec))
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        for i, word in enumerate(vocab):
            out.write(f"{word}\t{counts[word]}\t" + "\t".join(str(c[i]) for c in columns) + "\n")
    print(f"{len(vocab)} words, {sum(len(d) for d in docs)} tokens -> {args.out}")


if __name__ == "__main__":
    main()
