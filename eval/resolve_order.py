"""How much entity resolution depends on arrival order and batch sizes, on real articles.

The 300 real articles of the bundled demo sample (``marsad/demo/sample.jsonl``) are recognised
once, then resolved as one batch, and again written through a SQLite store batch by batch, as the
pipeline does (a resolver per batch reading the store, stored entities merged when a batch shows
them to be one), in shuffled orders and several batch sizes.  For each run it prints how many
entities of the one batch are not found as such (the same mentions together), and how many are
not when the mentions of one-word names read as a person's are left out on both sides
(``tests/entities/test_resolve_order.py`` requires that to be 0).  Nothing here is tuned: the sample is the demo's, not a resolver set.

    python eval/resolve_order.py            # table
    python eval/resolve_order.py --json     # one JSON object
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.entities import EntityResolver, recognize  # noqa: E402
from marsad.entities.names import plain_name  # noqa: E402
from marsad.model import Article, Entity, Mention  # noqa: E402
from marsad.rows import article_rows, entity_rows  # noqa: E402
from marsad.store import SQLiteStore  # noqa: E402

SAMPLE = REPO / "marsad" / "demo" / "sample.jsonl"
RUNS = ((1, 7), (2, 25), (3, 60), (4, 110))  # (shuffle seed, articles per batch)


def sample() -> list[tuple[str, str, list[Mention]]]:
    """(id, text, mentions) of the demo sample's 300 real articles, recognised once."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["id"], r["text"], recognize(r["text"])) for r in rows]


def stored_in_batches(articles: list[tuple], size: int, path: Path) -> tuple[dict, dict[str, Entity]]:
    """Each mention's (entity, type) and the entities, after writing ``articles`` through a store
    ``size`` at a time as the pipeline does: a resolver per batch reading the store, merges of
    stored entities included."""
    store = SQLiteStore(path)
    for start in range(0, len(articles), size):
        batch = articles[start : start + size]
        with store.transaction():
            resolver = EntityResolver(lookup=store.entities_by_keys, links=store)
            resolved = resolver.resolve_many(batch)
            store.put_entities(entity_rows(resolver.changed()))
            store.merge_entities(resolver.merged())
            rows = (
                Article(id=a, origin="eval", text=t, entities=m)
                for (a, t, _), m in zip(batch, resolved, strict=True)
            )
            store.put_articles(article_rows(rows))
    found = {
        (a.id, m.start, m.end): (m.entity, m.type)
        for a in store.get_articles([x[0] for x in articles])
        for m in a.entities
    }
    entities = {e.id: e for e in store.list_entities()}
    store.close()
    return found, entities


def partition(found: dict, keep=lambda place: True) -> set[frozenset]:
    """The mentions ``keep`` selects, grouped by entity (``found`` maps a mention to (entity, type))."""
    groups: dict[str, set] = {}
    for place, (entity, _) in found.items():
        if keep(place):
            groups.setdefault(entity, set()).add(place)
    return {frozenset(g) for g in groups.values()}


def evaluate() -> dict[str, float]:
    articles = sample()
    resolver = EntityResolver()
    one, lone = {}, set()
    for (article_id, _, found), mentions in zip(articles, resolver.resolve_many(articles), strict=True):
        one.update({(article_id, m.start, m.end): (m.entity, m.type) for m in mentions})
        read = {(m.start, m.end): m.type for m in found}
        lone.update(
            (article_id, m.start, m.end)
            for m in mentions
            if (m.start, m.end) in read  # not a role written alone (roles.py)
            and "PER" in (m.type, read[m.start, m.end])
            and len(plain_name(m.surface, "PER").keys) == 1
        )
    reference = partition(one)
    rest = partition(one, lambda place: place not in lone)
    figures: dict[str, float] = {
        "entities": len(reference),
        "mentions": len(one),
        "one_word_person": len(lone),
    }
    for seed, size in RUNS:
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        with tempfile.TemporaryDirectory() as folder:
            found, _ = stored_in_batches(shuffled, size, Path(folder) / "order.db")
        figures[f"differ_{size}"] = len(reference - partition(found))
        figures[f"differ_{size}_without_one_word_person"] = len(
            rest - partition(found, lambda place: place not in lone)
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    figures = evaluate()
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"one batch: {figures['entities']:.0f} entities, {figures['mentions']:.0f} mentions"
        f" ({figures['one_word_person']:.0f} one-word names read as a person's)"
    )
    print("batch size  entities not found as in one batch  without one-word person names")
    for _, size in RUNS:
        print(
            f"{size:>10}  {figures[f'differ_{size}']:>34.0f}  {figures[f'differ_{size}_without_one_word_person']:>37.0f}"
        )


if __name__ == "__main__":
    main()
