"""The resolver reading candidates from the store by key (and their articles from the store's links)
gives what loading every entity with its article list gives."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.entities import EntityResolver, recognize
from marsad.model import Article, Entity, Mention
from marsad.rows import article_rows, entity_rows
from marsad.store import SQLiteStore

SAMPLE = Path(__file__).resolve().parents[2] / "marsad" / "demo" / "sample.jsonl"
BATCH = 60  # five batches of the 300 sample articles: later batches meet what earlier ones stored


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, str, list[Mention]]]:
    """(id, text, mentions) of the bundled demo sample, recognised once."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["id"], r["text"], recognize(r["text"])) for r in rows]


def resolve_in_batches(sample, make_resolver, stored) -> dict[str, list[str | None]]:
    """Mention entity ids per article, resolving batch by batch and writing what changed."""
    found: dict[str, list[str | None]] = {}
    for start in range(0, len(sample), BATCH):
        resolver = make_resolver()
        resolved = []
        for article_id, text, mentions in sample[start : start + BATCH]:
            resolved.append((article_id, text, resolver.resolve(article_id, text, mentions)))
            found[article_id] = [m.entity for m in resolved[-1][2]]
        stored(resolver.changed(), resolved, resolver.merged())
    return found


def write_to(store: SQLiteStore):
    """Write a batch as the pipeline does: the entities, and the articles that link to them."""

    def write(changed: list[Entity], resolved: list[tuple[str, str, list[Mention]]], merged: dict) -> None:
        with store.transaction():
            store.put_entities(entity_rows(changed))
            store.merge_entities(merged)
            store.put_articles(article_rows(Article(id=i, origin="test", text=t, entities=m) for i, t, m in resolved))

    return write


def test_lookup_by_key_resolves_the_demo_sample_as_loading_everything(sample, tmp_path) -> None:
    everything: dict[str, Entity] = {}
    def keep(changed: list[Entity], _, merged: dict) -> None:
        everything.update({e.id: e for e in changed})
        for old in merged:
            del everything[old]

    loaded = resolve_in_batches(sample, lambda: EntityResolver(list(everything.values())), keep)
    store = SQLiteStore(tmp_path / "lookup.db")
    looked_up = resolve_in_batches(
        sample, lambda: EntityResolver(lookup=store.entities_by_keys, links=store), write_to(store)
    )
    assert looked_up == loaded
    # the same entities, each with the same articles (the store lists them in the order they were
    # stored; an entity that absorbed another lists that one's articles after its own)
    assert [replace(e, articles=sorted(e.articles)) for e in store.list_entities()] == [
        replace(e, articles=sorted(e.articles)) for e in sorted(everything.values(), key=lambda e: (-e.mentions, e.id))
    ]
    store.close()


def test_a_batch_fetches_only_its_candidates(sample, tmp_path) -> None:
    store = SQLiteStore(tmp_path / "few.db")
    resolve_in_batches(sample, lambda: EntityResolver(lookup=store.entities_by_keys, links=store), write_to(store))
    article_id, text, mentions = sample[0]
    resolver = EntityResolver(lookup=store.entities_by_keys, links=store)
    resolver.resolve(article_id + "-again", text, mentions)
    assert len(resolver.entities()) < store.count_entities() / 4
    store.close()
