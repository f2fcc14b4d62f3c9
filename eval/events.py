"""Events, stories and near duplicates against the hand-labelled gold of two corpora.

``--corpus ant`` (the default): eval/data/events_gold.jsonl, three days of the pan-Arab demo corpus
(../shared/data/demo_corpus_ant_may2018).  ``--corpus saudinewsnet``:
eval/data/events_gold_saudinewsnet.jsonl, two days a week apart of fourteen Saudi outlets
(../shared/data/corpus_saudinewsnet_jul2015: dev is every article of sabq and alweeam crawled on
26 July and the first twenty records of each of eleven outlets crawled on 25 July; test the same
two outlets on 2 August and the first twenty of ten outlets on 1 August 2015; see
eval/data/events_labelling_guide.md).

Ingests the articles of one split through the whole pipeline (``marsad.pipeline.ingest``: language, dates, entity mentions and their
canonical ids, category, keywords, then grouping) into an empty in-memory store, in publication
order, so the figure is the product's.  Prints B-cubed precision / recall / F1 for events and
stories and pair precision / recall / F1 for copies (exact and near duplicates).  ``--context``
ingests the whole nine-day corpus instead and scores the split's articles among them.  The test
half is the default; thresholds were tuned on dev.

    python eval/events.py [--corpus ant|saudinewsnet] [--split test|dev] [--day YYYY-MM-DD] [--context] [--json]
    python eval/events.py --errors dev     # the split's false merges and false splits, with leads
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import os
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.collect.urls import article_url_key  # noqa: E402
from marsad.model import Article, RawDocument, Source  # noqa: E402
from marsad.pipeline import ingest  # noqa: E402
from marsad.store import Store, open_store  # noqa: E402

GOLD = REPO / "eval/data/events_gold.jsonl"
CORPUS = REPO.parent / "shared/data/demo_corpus_ant_may2018/articles.jsonl.gz"
SNN_GOLD = REPO / "eval/data/events_gold_saudinewsnet.jsonl"
SNN_CORPUS = REPO.parent / "shared/data/corpus_saudinewsnet_jul2015/saudinewsnet_2015-07-21_08-04.jsonl.xz"
CORPORA = ("ant", "saudinewsnet")


def load_gold(split: str, corpus: str = "ant") -> list[dict]:
    """The gold rows of one split of one corpus."""
    path = SNN_GOLD if corpus == "saudinewsnet" else GOLD
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["split"] == split]


def corpus_available(corpus: str) -> bool:
    """Whether the corpus file is beside the repository; under CI=true a missing one is an error."""
    path = SNN_CORPUS if corpus == "saudinewsnet" else CORPUS
    if path.exists():
        return True
    if os.environ.get("CI") == "true":
        raise SystemExit(f"{path}: missing; CI needs ../shared/data beside the repository")
    print(f"{path}: missing, {corpus} skipped (../shared/data is not beside the repository)", file=sys.stderr)
    return False


def load_saudinewsnet(ids: set[str], corpus: Path = SNN_CORPUS) -> list[RawDocument]:
    """The SaudiNewsNet records with these gold ids (``snn-<line number of the corpus file>``), in
    crawl order.  The crawl time (``date_extracted``) is the only date the corpus gives: it is passed
    as the publication date, as a collector would, and a record whose URL differs from the gold's
    stops the run (the file is not the one the gold was labelled on)."""
    lines = {int(i.removeprefix("snn-")) for i in ids}
    urls = {r["id"]: r["url"] for split in ("dev", "test") for r in load_gold(split, "saudinewsnet")}
    documents = []
    with lzma.open(corpus, "rt", encoding="utf-8") as records:
        for number, line in enumerate(records, start=1):
            if number not in lines:
                continue
            record, given_id = json.loads(line), f"snn-{number}"
            headline_only = not record["content"].strip()  # as the JSON Lines reader stores it
            if record["url"] != urls[given_id]:
                raise SystemExit(f"{corpus}:{number}: URL differs from {SNN_GOLD.name}'s; wrong corpus file")
            documents.append(
                RawDocument(
                    origin=record["url"],
                    kind="jsonl",
                    text=record["title"] if headline_only else record["content"],
                    title=record["title"],
                    headline_only=headline_only,
                    url=record["url"],
                    published=record["date_extracted"].replace(" ", "T"),
                    published_basis="input",
                    source=Source(record["source"]),
                    given_id=given_id,
                )
            )
    return sorted(documents, key=lambda d: (d.published or "", d.given_id or ""))


def load_documents(ids: set[str], corpus: Path = CORPUS) -> list[RawDocument]:
    """The corpus records with these ids, as the JSONL reader would give them, in publication order."""
    documents = []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in ids:
                documents.append(
                    RawDocument(
                        origin=record["url"],
                        kind="jsonl",
                        text=record["text"],
                        title=record["title"],
                        url=record["url"],
                        published=record["published"],
                        published_basis="input",
                        source=Source(record["outlet"]),
                        given_id=record["id"],
                    )
                )
    return sorted(documents, key=lambda d: (d.published or "", d.given_id or ""))


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster label)."""
    gold_members, pred_members = defaultdict(set), defaultdict(set)
    for item, label in gold.items():
        gold_members[label].add(item)
    for item, label in predicted.items():
        pred_members[label].add(item)
    precision = recall = 0.0
    for item in gold:
        same_pred, same_gold = pred_members[predicted[item]], gold_members[gold[item]]
        overlap = len(same_pred & same_gold)
        precision += overlap / len(same_pred)
        recall += overlap / len(same_gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def pair_scores(gold: set[frozenset], predicted: set[frozenset]) -> dict[str, float]:
    """Pair precision, recall and F1."""
    hit = len(gold & predicted)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(gold) if gold else 1.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def copy_pairs(groups: dict[str, str | None]) -> set[frozenset]:
    """Every pair of articles within the same copy group."""
    members = defaultdict(list)
    for item, label in groups.items():
        if label:
            members[label].append(item)
    return {frozenset(p) for ids in members.values() for p in combinations(sorted(ids), 2)}


def predicted_copy_groups(articles: list[Article]) -> dict[str, str | None]:
    """Copy groups from duplicate_of links (each article joins the group of what it copies)."""
    parent = {a.id: a.id for a in articles}

    def root(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for article in articles:
        if article.duplicate_of in parent:
            parent[root(article.id)] = root(article.duplicate_of)
    sizes = defaultdict(int)
    for article in articles:
        sizes[root(article.id)] += 1
    return {a.id: (root(a.id) if sizes[root(a.id)] > 1 else None) for a in articles}


def run(
    split: str, context: bool = False, day: str | None = None, corpus: str = "ant"
) -> tuple[list[dict], list[Article]]:
    """Ingest one split (or, with ``context``, the whole ANT corpus); return its gold rows and articles.
    ``day`` (YYYY-MM-DD) keeps the split's articles published that day only."""
    if context and corpus != "ant":
        raise SystemExit("--context ingests the nine-day ANT corpus; it has no SaudiNewsNet counterpart")
    load = load_saudinewsnet if corpus == "saudinewsnet" else load_documents
    gold = load_gold(split, corpus)
    if day:
        published = {d.given_id: d.published or "" for d in load({r["id"] for r in gold})}
        gold = [r for r in gold if published[r["id"]].startswith(day)]
    wanted = {r["id"] for r in gold}
    documents = load(corpus_ids() if context else wanted)
    store = open_store(":memory:")
    ingest(documents, store)
    gold = stored_rows(gold, documents, store)
    articles = store.get_articles(sorted({r["id"] for r in gold}))
    store.close()
    return gold, articles


def stored_rows(gold: list[dict], documents: list[RawDocument], store: Store) -> list[dict]:
    """The gold rows keyed by the article each record became.

    One URL is one article: the corpora file some pages under two sections, as two records that
    the gold labels as copies of each other; they are stored as one article, scored once (the
    first row of each article is kept)."""
    urls = {d.given_id: article_url_key(d.url) for d in documents}
    stored = store.known_ids(r["id"] for r in gold)
    by_url = store.articles_by_url({urls[r["id"]] for r in gold if r["id"] not in stored and urls.get(r["id"])})
    rows, seen = [], set()
    for row in gold:
        article = row["id"] if row["id"] in stored else by_url.get(urls.get(row["id"]) or "")
        if article is None:
            raise SystemExit(f"{row['id']}: gold record not stored")
        if article not in seen:
            seen.add(article)
            rows.append({**row, "id": article})
    return rows


def corpus_ids(corpus: Path = CORPUS) -> set[str]:
    """Every article id of the demo corpus (7-15 May 2018)."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        return {json.loads(line)["id"] for line in lines}


def evaluate(
    split: str = "test",
    context: bool = False,
    day: str | None = None,
    corpus: str = "ant",
    saudinewsnet_split: str | None = None,
    saudinewsnet_days: list[str] | None = None,
) -> dict[str, float]:
    """The figures of one split, flat: events_*, stories_*, copies_* (precision, recall, f1).

    ``context`` ingests the whole demo corpus (nine days) and scores the split's articles, as the
    product sees them: reports of the days around can link or chain into the split's events.
    ``day`` scores one day of the split (the ANT dev split holds two).  ``saudinewsnet_split``
    adds that SaudiNewsNet split's figures, prefixed ``saudinewsnet_``; with ``saudinewsnet_days``
    each of those crawl days is ingested and scored alone instead, prefixed ``saudinewsnet_MMDD_``
    (the quality gate's use: a day added to a split gets floors of its own).
    """
    figures = _figures(*run(split, context, day, corpus))
    if saudinewsnet_split:
        for crawl_day in saudinewsnet_days or [None]:
            extra = _figures(*run(saudinewsnet_split, day=crawl_day, corpus="saudinewsnet"))
            prefix = "saudinewsnet_" + (f"{crawl_day[5:7]}{crawl_day[8:10]}_" if crawl_day else "")
            figures.update({f"{prefix}{name}": value for name, value in extra.items()})
    return figures


def _figures(gold: list[dict], articles: list[Article]) -> dict[str, float]:
    """Events and stories B-cubed and copy-pair figures of ingested articles against their gold rows."""
    by_id = {a.id: a for a in articles}
    figures: dict[str, float] = {"articles": float(len(gold))}
    for name, plural in (("event", "events"), ("story", "stories")):
        scores = bcubed(
            {r["id"]: r[name] for r in gold}, {r["id"]: getattr(by_id[r["id"]], name) for r in gold}
        )
        figures.update({f"{plural}_b3_{k}": round(v, 4) for k, v in scores.items()})
    scores = pair_scores(
        copy_pairs({r["id"]: r["copy_group"] for r in gold}), copy_pairs(predicted_copy_groups(articles))
    )
    figures.update({f"copies_pair_{k}": round(v, 4) for k, v in scores.items()})
    return figures


def event_errors(
    split: str, context: bool = False, corpus: str = "ant", day: str | None = None, level: str = "event"
) -> str:
    """The split's errors as text: predicted events (or stories, ``level="story"``) mixing gold ones
    (false merges) and gold ones spread over predicted ones (false splits), each article with its
    title and lead; for stories each article also shows its predicted event."""
    gold, articles = run(split, context, day, corpus=corpus)
    by_id = {a.id: a for a in articles}
    truth = {r["id"]: r[level] for r in gold}
    plural = "stories" if level == "story" else "events"
    predicted = {i: getattr(by_id[i], level) for i in truth}
    lines = [f"FALSE MERGES (one predicted {level}, several gold {plural})"]
    lines += _mixed_groups(predicted, truth, by_id, "gold", level == "story")
    lines += ["", f"FALSE SPLITS (one gold {level}, several predicted {plural})"]
    lines += _mixed_groups(truth, predicted, by_id, "predicted", level == "story")
    return "\n".join(lines)


def _mixed_groups(
    outer: dict[str, str | None],
    inner: dict[str, str | None],
    by_id: dict[str, Article],
    name: str,
    show_event: bool = False,
) -> list[str]:
    """Each group of ``outer`` whose articles fall in several groups of ``inner``, listed by them."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for item in sorted(outer, key=lambda i: (by_id[i].published or "", i)):
        groups[outer[item]].append(item)
    lines = []
    for label, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        if len({inner[i] for i in members}) < 2:
            continue
        lines.append(f"\n== {label} ({len(members)} articles)")
        for item in sorted(members, key=lambda i: (str(inner[i]), by_id[i].published or "", i)):
            article = by_id[item]
            lead = " ".join(article.text.split())[:160]
            event = f" <{article.event}>" if show_event else ""
            lines.append(f"  [{name} {inner[item]}]{event} {item} | {article.title}\n      {lead}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Events / stories / near-duplicate figures on the gold.")
    parser.add_argument(
        "--corpus",
        choices=(*CORPORA, "all"),
        default="ant",
        help="which gold: ant (3 days, 5 pan-Arab outlets), saudinewsnet (3 days, 11 Saudi outlets)"
        " or all (both, dev and test)",
    )
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument(
        "--context",
        action="store_true",
        help="ingest the whole corpus (9 days, ~1 min), score the split's articles",
    )
    parser.add_argument("--day", metavar="YYYY-MM-DD", help="only the split's articles published that day")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument(
        "--errors",
        choices=("test", "dev"),
        help="print this split's false merges and false splits instead of figures",
    )
    parser.add_argument(
        "--errors-of",
        choices=("events", "stories"),
        default="events",
        help="with --errors: the events' errors (default) or the stories'",
    )
    args = parser.parse_args()
    corpora = [c for c in (CORPORA if args.corpus == "all" else (args.corpus,)) if corpus_available(c)]
    if args.errors:
        for corpus in corpora:
            level = "story" if args.errors_of == "stories" else "event"
            print(event_errors(args.errors, args.context, corpus, args.day, level))
        return
    splits = ("dev", "test") if args.corpus == "all" else (args.split,)
    for corpus in corpora:
        for split in splits:
            figures = evaluate(split, args.context, args.day, corpus)
            if args.json:
                print(json.dumps({"corpus": corpus, "split": split, **figures}))
                continue
            where = "ingested with the whole corpus" if args.context else "ingested alone"
            scope = f"{corpus} split {split}" + (f", {args.day}" if args.day else "")
            print(f"{scope}: {int(figures['articles'])} hand-labelled articles, {where}")
            for name in ("events_b3", "stories_b3", "copies_pair"):
                p, r, f = (figures[f"{name}_{k}"] for k in ("precision", "recall", "f1"))
                print(f"{name:12s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    main()
