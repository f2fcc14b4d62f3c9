"""Category (التصنيف): a linear model over hashed n-grams, read from a shipped ``.npz``.

The model is produced by ``scripts/train_category.py`` from the ANT corpora and stored as
plain arrays (no pickled estimator, so it loads under any numpy/scikit-learn version);
inference is a sparse dot product in numpy.  The category set and the corpus-label
mapping live in ``data/categories.json`` and are explained in docs/scores.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from marsad.scoring.features import feature_vector, normalize_for_features, words_of

MODEL_FILE = "category_model.npz"
CATEGORIES_FILE = "categories.json"


@dataclass(slots=True, frozen=True)
class CategoryModel:
    """Weights (bucket x label), bias per label, and the labels in column order."""

    weights: np.ndarray
    bias: np.ndarray
    labels: tuple[str, ...]
    buckets: int
    # The weights in float32, converted once rather than per article: every float16 is exact in
    # float32, so the margins are those of converting the gathered rows, as before.
    weights32: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights32", self.weights.astype(np.float32))

    def decision(self, title: str | None, text: str) -> np.ndarray:
        """One margin per label for an article (higher is more likely)."""
        indices, values = feature_vector(title, text, self.buckets)
        if not len(indices):
            return self.bias.copy()
        return values @ self.weights32[indices] + self.bias

    def predict(self, title: str | None, text: str) -> str:
        """The label with the highest margin."""
        return self.labels[int(np.argmax(self.decision(title, text)))]


def save_model(path: str | Path, model: CategoryModel) -> None:
    """Write the model as a compressed ``.npz`` of plain arrays (float16 weights)."""
    np.savez_compressed(
        path,
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float32),
        labels=np.array(model.labels),
        buckets=np.array(model.buckets),
    )


def load_model(path: str | Path | None = None) -> CategoryModel:
    """Read a model written by ``save_model`` (the shipped one when ``path`` is None)."""
    source = Path(path) if path else resources.files("marsad.scoring").joinpath("data").joinpath(MODEL_FILE)
    with source.open("rb") as file, np.load(file) as data:
        return CategoryModel(
            weights=data["weights"],
            bias=data["bias"].astype(np.float32),
            labels=tuple(str(label) for label in data["labels"]),
            buckets=int(data["buckets"]),
        )


@cache
def shipped_model() -> CategoryModel:
    """The model inside the package, loaded once (about 50 ms) on first use."""
    return load_model()


@cache
def category_table() -> dict:
    """The category set, the corpus-label mapping and the page-label aliases."""
    text = resources.files("marsad.scoring").joinpath("data").joinpath(CATEGORIES_FILE).read_text("utf-8")
    return json.loads(text)


def classify(title: str | None, text: str) -> str:
    """Marsad's reader-facing category for an article, e.g. "رياضة" or "دولي".

    An article with no words at all is "غير مصنف" (unclassified) rather than a guess.

    >>> classify("الترجي يفوز على النجم في الدربي", "فاز فريق الترجي على النجم الساحلي بهدفين")
    'رياضة'
    """
    if not words_of(f"{title or ''} {text}"):
        return category_table()["unclassified"]
    return shipped_model().predict(title, text)


@cache
def _alias_index() -> dict[str, str]:
    index = {}
    for category, aliases in category_table()["page_aliases"].items():
        for alias in aliases:
            index[normalize_for_features(alias).strip()] = category
    return index


def category_of_page(label: str | None) -> str | None:
    """A page's own category label in our set ("إقتصاد" -> "اقتصاد"); None when it has no counterpart."""
    if not label:
        return None
    return _alias_index().get(normalize_for_features(label).strip())
