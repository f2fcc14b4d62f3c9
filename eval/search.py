"""Search quality: precision@10 of ``store.search`` on judged queries over a held-out split.

Corpus: the test split of the ANT v2.1 multi-source sample (../shared/data/
classification_ant_v2_multisource, ``split == "test"``: 1,105 articles of 5 outlets, 2018),
indexed as it is (title, text, date, outlet) in a fresh in-memory store.  Nothing in search is
trained; its weights were set before these queries were run and were not changed after.

Queries: eval/data/search_queries.json, written before any result was seen.  Judgments:
eval/data/search_judgments.jsonl, one line per (query, article) with ``relevant`` true or
false, made by reading the title and the text.  The rule: an article is relevant when what
the query names is a subject of the article (the person, place, organisation or topic is
what it reports on or part of it), not when it is only mentioned in passing.  The pool
judged for each query is the top 10 of Marsad's search and the top 10 of a baseline (raw
substring match of the query as typed, newest first: what search was before the index), so
both figures below are over judged results only.

Printed: precision@10 (relevant results in the top 10, divided by 10, averaged over queries)
for Marsad and for the baseline, and how many top-10 results are unjudged (0 unless the
ranking changed; run with ``--pool`` to list them for judging).

    python eval/search.py            # figures
    python eval/search.py --json     # the same as one JSON object
    python eval/search.py --pool     # the unjudged (query, article) pairs, to judge
    python eval/search.py --split dev --db postgresql://…   # agreement with SQLite on the dev split

The judgments are of test-split articles only.  To tune another store's ranking without reading
the test split, ``--split dev`` indexes the dev split (1,151 articles) in that store and in SQLite
and prints how much of SQLite's top 10 the store's top 10 holds (mean overlap, and the share of
queries whose top 10 is the same list in the same order): at 1.00 its precision@10 is SQLite's.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.model import Article, Source  # noqa: E402
from marsad.rows import article_rows  # noqa: E402
from marsad.search import make_snippet, parse_query, search  # noqa: E402
from marsad.store import Store, open_store  # noqa: E402
from marsad.store.sqlite import SQLiteStore  # noqa: E402

CORPUS = REPO.parent / "shared/data/classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz"
QUERIES = REPO / "eval/data/search_queries.json"
JUDGMENTS = REPO / "eval/data/search_judgments.jsonl"
DEPTH = 10


def load_articles(path: Path = CORPUS, split: str = "test") -> list[Article]:
    """A split as articles (one per URL: the corpus files some articles under two labels)."""
    articles, seen = [], set()
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            raw = json.loads(line)
            if raw["split"] != split or raw["url"] in seen:
                continue
            seen.add(raw["url"])
            articles.append(Article(id=raw["id"], origin="eval", text=raw["text"], title=raw["title"],
                                    published=raw["published"], source=Source(raw["outlet"]),
                                    content_hash=raw["id"]))
    return articles


def marsad_top(store: Store, query: str) -> list[str]:
    return [hit.article.id for hit in search(store, query, limit=DEPTH)]


def baseline_top(articles: list[Article], query: str) -> list[str]:
    """The query as typed, found as a substring of title or text, newest first."""
    found = [a for a in articles if query in (a.title or "") or query in a.text]
    found.sort(key=lambda a: (a.published or "", a.id), reverse=True)
    return [a.id for a in found[:DEPTH]]


def load_judgments(path: Path = JUDGMENTS) -> dict[tuple[str, str], bool]:
    judged = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                judged[(row["query"], row["article"])] = bool(row["relevant"])
    return judged


def precision(ranked: dict[str, list[str]], judged: dict[tuple[str, str], bool]) -> tuple[float, int]:
    """Mean precision@10 over the queries, and how many top-10 results have no judgment."""
    total, unjudged = 0.0, 0
    for query, ids in ranked.items():
        total += sum(judged.get((query, i), False) for i in ids) / DEPTH
        unjudged += sum((query, i) not in judged for i in ids)
    return total / len(ranked), unjudged


def rankings(db: str | None = None, split: str = "test") -> tuple[dict[str, list[str]], dict[str, list[str]],
                                                                  list[Article]]:
    """(Marsad's top 10, the baseline's top 10) per query, and the corpus; ``db`` an empty store to
    index it in (a PostgreSQL URL), else an in-memory SQLite store."""
    articles = load_articles(split=split)
    store = open_store(db) if db else SQLiteStore(":memory:")
    if store.count_articles():
        raise SystemExit(f"{db}: not empty; give an empty database")
    store.put_articles(article_rows(articles))
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    ours = {q: marsad_top(store, q) for q in queries}
    store.close()
    return ours, {q: baseline_top(articles, q) for q in queries}, articles


def evaluate(db: str | None = None) -> dict[str, float]:
    """precision@10 of Marsad's search and of the substring baseline on the judged queries."""
    ours, baseline, _ = rankings(db)
    judged = load_judgments()
    p_ours, unjudged_ours = precision(ours, judged)
    p_base, unjudged_base = precision(baseline, judged)
    return {
        "precision_at_10": round(p_ours, 4),
        "baseline_precision_at_10": round(p_base, 4),
        "queries": float(len(ours)),
        "unjudged_in_top10": float(unjudged_ours),
        "baseline_unjudged_in_top10": float(unjudged_base),
        "queries_with_results": float(sum(bool(ids) for ids in ours.values())),
    }


def agreement(db: str) -> dict[str, float]:
    """How much of SQLite's top 10 the store at ``db`` returns, on the dev split (no judgments read)."""
    theirs, _, _ = rankings(db, split="dev")
    ours, _, _ = rankings(None, split="dev")
    overlap = [len(set(theirs[q]) & set(ours[q])) / max(1, len(ours[q])) for q in ours]
    return {
        "dev_overlap_at_10": round(sum(overlap) / len(overlap), 4),
        "dev_same_order": round(sum(theirs[q] == ours[q] for q in ours) / len(ours), 4),
        "queries": float(len(ours)),
        "queries_with_results": float(sum(bool(ids) for ids in ours.values())),
    }


def print_pool() -> None:
    """Every unjudged (query, article) of both top 10s, with title and snippet, as JSON Lines."""
    ours, baseline, articles = rankings()
    by_id = {a.id: a for a in articles}
    judged = load_judgments()
    for query in ours:
        for article_id in dict.fromkeys(ours[query] + baseline[query]):
            if (query, article_id) not in judged:
                article = by_id[article_id]
                snippet = make_snippet(article.text, parse_query(query), width=300).text
                print(json.dumps({"query": query, "article": article_id, "title": article.title,
                                  "snippet": snippet}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="One JSON object.")
    parser.add_argument("--pool", action="store_true", help="List the unjudged results to judge.")
    parser.add_argument("--db", help="An empty store to index the split in (postgresql://…); default an"
                        " in-memory SQLite store.")
    parser.add_argument("--split", choices=("test", "dev"), default="test",
                        help="dev: agreement of --db's top 10 with SQLite's on the dev split (no judgments).")
    args = parser.parse_args()
    if args.split == "dev":
        if not args.db:
            parser.error("--split dev compares a store with SQLite: give --db")
        found = agreement(args.db)
        print(json.dumps(found) if args.json else
              f"ANT v2.1 dev split, {int(found['queries'])} queries: the store's top 10 holds"
              f" {found['dev_overlap_at_10']:.3f} of SQLite's; same list in the same order for"
              f" {found['dev_same_order']:.3f} of the queries")
        return
    if args.pool:
        print_pool()
        return
    result = evaluate(args.db)
    if args.json:
        print(json.dumps(result))
        return
    store = "PostgreSQL" if args.db else "SQLite"
    print(f"search precision@10 on {int(result['queries'])} judged queries (ANT v2.1 test split, {store}): "
          f"{result['precision_at_10']:.3f}")
    print(f"baseline (substring as typed, newest first): {result['baseline_precision_at_10']:.3f}")
    print(f"unjudged in the top 10: {int(result['unjudged_in_top10'])} (baseline "
          f"{int(result['baseline_unjudged_in_top10'])}); queries with results: "
          f"{int(result['queries_with_results'])}")


if __name__ == "__main__":
    main()
