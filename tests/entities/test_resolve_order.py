"""Resolution does not depend on the order in which articles arrive (real articles, shuffled)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from marsad.entities import EntityResolver, recognize
from marsad.model import Entity, Mention

SAMPLE = Path(__file__).resolve().parents[2] / "marsad" / "demo" / "sample.jsonl"


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, str, list[Mention]]]:
    """(id, text, mentions) of the bundled demo sample (300 real articles), recognised once."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["id"], r["text"], recognize(r["text"])) for r in rows]


def entities_of(articles: list[tuple[str, str, list[Mention]]]) -> tuple[dict, list[tuple]]:
    """Each mention's entity (by article and offsets) and every entity's name, type and spellings."""
    resolver = EntityResolver()
    found = {}
    for (article_id, _, _), mentions in zip(articles, resolver.resolve_many(articles), strict=True):
        for m in mentions:
            found[article_id, m.start, m.end] = (m.entity, m.type)
    entities = sorted(
        (e.id, e.name, e.type, e.mentions, sorted(e.variants), sorted(e.articles))
        for e in resolver.entities()
    )
    return found, entities


def test_any_order_of_real_articles_gives_the_same_entities(sample) -> None:
    expected = entities_of(sample)
    assert len(expected[1]) > 500
    for seed in (1, 2, 3):
        shuffled = list(sample)
        random.Random(seed).shuffle(shuffled)
        assert entities_of(shuffled) == expected, f"order {seed}"


def test_a_family_name_stored_before_its_full_name_joins_it_when_it_arrives() -> None:
    stored: dict[str, Entity] = {}

    def batch(*articles: tuple[str, list[tuple[str, str]]]) -> list[list[Mention]]:
        resolver = EntityResolver(list(stored.values()))
        found = resolver.resolve_many(
            [(a, "", [Mention(n, kind, 0, len(n)) for n, kind in names]) for a, names in articles]
        )
        stored.update({e.id: e for e in resolver.changed()})
        return found

    (alone,) = batch(("a1", [("كوخافي", "PER"), ("الجيش الإسرائيلي", "ORG")]))
    (full,) = batch(("a2", [("الجنرال أفيف كوخافي", "PER"), ("الجيش الإسرائيلي", "ORG")]))
    assert full[0].entity == alone[0].entity
    entity = stored[alone[0].entity]
    assert entity.name == "أفيف كوخافي" and set(entity.variants) == {"كوخافي", "أفيف كوخافي"}
    assert entity.mentions == 2 and set(entity.articles) == {"a1", "a2"}


def test_a_known_place_read_as_a_person_is_a_place_and_one_name_has_one_type() -> None:
    resolver = EntityResolver()
    found = resolver.resolve_many(
        [
            ("a1", "", [Mention("بيونغ يانغ", "PER", 0, 10)]),
            ("a2", "", [Mention("بيونغ يانغ", "LOC", 0, 10), Mention("حماس", "ORG", 11, 15)]),
            ("a3", "", [Mention("حماس", "PER", 0, 4), Mention("حماس", "ORG", 5, 9)]),
        ]
    )
    assert [m.type for m in found[0] + found[1]] == ["LOC", "LOC", "ORG"]
    assert found[0][0].entity == found[1][0].entity
    assert {m.type for m in found[2]} == {"ORG"} and found[2][0].entity == found[1][1].entity


def test_given_and_family_name_in_either_order_but_not_two_arab_names() -> None:
    resolver = EntityResolver()
    found = resolver.resolve_many(
        [
            ("a1", "", [Mention("الجنرال أفيف كوخافي", "PER", 0, 19)]),
            ("a2", "", [Mention("كولونيل كوخافي أفيف", "PER", 0, 19)]),
            ("a3", "", [Mention("علي حسن", "PER", 0, 7)]),
            ("a4", "", [Mention("حسن علي", "PER", 0, 7)]),
        ]
    )
    ids = [mentions[0].entity for mentions in found]
    assert ids[0] == ids[1] and ids[2] != ids[3]
