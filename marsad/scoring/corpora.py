"""The labelled ANT corpora the category model is trained and evaluated on (../shared/data).

Used by ``scripts/train_category.py`` and ``eval/category.py`` only; nothing at run time
reads these files.  Each record keeps its corpus, its split (the corpus folder's own
``split`` field: train / dev / test), and its label mapped onto our category set.
"""

from __future__ import annotations

import gzip
import json
import lzma
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.scoring.classify import category_table
from marsad.scoring.features import normalize_for_features

CORPUS_FILES = {
    "ant_v1_jawharafm": "classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz",
    "ant_v2_multisource": "classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz",
}


@dataclass(slots=True, frozen=True)
class LabelledArticle:
    """One corpus article with its gold category in our set."""

    corpus: str
    id: str
    url: str
    title: str
    text: str
    label: str  # the corpus's own label, e.g. "middleEast"
    category: str  # mapped, e.g. "دولي"
    split: str


def _open(path: Path):
    return lzma.open(path, "rt", encoding="utf-8") if path.suffix == ".xz" else gzip.open(path, "rt", encoding="utf-8")


def read_corpus(shared_data: Path, corpus: str) -> Iterator[LabelledArticle]:
    """Every record of one corpus, its label mapped through ``categories.json``."""
    mapping = category_table()["corpus_labels"][corpus]
    with _open(shared_data / CORPUS_FILES[corpus]) as lines:
        for line in lines:
            row = json.loads(line)
            yield LabelledArticle(
                corpus=corpus,
                id=row["id"],
                url=row.get("url") or "",
                title=row.get("title") or "",
                text=row.get("text") or "",
                label=row["label"],
                category=mapping[row["label"]],
                split=row["split"],
            )


def read_all(shared_data: Path) -> list[LabelledArticle]:
    """Both corpora, in file order."""
    return [a for corpus in CORPUS_FILES for a in read_corpus(shared_data, corpus)]


def article_key(article: LabelledArticle) -> str:
    """What makes two records the same article: the outlet filed one text under two sections."""
    return article.url or normalize_for_features(article.text[:300])


def _keys(article: LabelledArticle) -> tuple[str, str]:
    return (article.url, normalize_for_features(article.text[:300]))


def training_set(articles: list[LabelledArticle], split: str) -> list[LabelledArticle]:
    """One record per article of ``split``; articles filed under two mapped categories are left out.

    The corpora file some articles twice (middleEast and internationalNews, sport and
    internationalNews...); two copies with different labels would teach the model noise.
    """
    groups: dict[str, list[LabelledArticle]] = defaultdict(list)
    for article in articles:
        if article.split == split:
            groups[article_key(article)].append(article)
    return [group[0] for group in groups.values() if len({a.category for a in group}) == 1]


def evaluation_set(articles: list[LabelledArticle], split: str = "test") -> list[tuple[LabelledArticle, set[str]]]:
    """Held-out articles with every category the outlet filed them under.

    A test record whose URL or opening text also occurs in another split is left out
    (the hash split is by record id, so a text filed twice can straddle train and test).
    """
    seen_elsewhere = {k for a in articles if a.split != split for k in _keys(a) if k}
    groups: dict[str, list[LabelledArticle]] = defaultdict(list)
    for article in articles:
        if article.split == split and not seen_elsewhere.intersection(k for k in _keys(article) if k):
            groups[article_key(article)].append(article)
    return [(group[0], {a.category for a in group}) for group in groups.values()]
