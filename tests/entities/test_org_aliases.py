"""The organisation alias table: a body's short form and full names resolve to one entity, in any order."""

from __future__ import annotations

from collections import defaultdict
from itertools import permutations
from pathlib import Path

from test_resolve import resolve

from marsad.entities import EntityResolver
from marsad.entities.names import parse_name

TABLE = Path(__file__).resolve().parents[2] / "marsad" / "entities" / "data" / "org_aliases.tsv"


def table_rows() -> list[tuple[str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            body, name, pairs = line.split("\t")
            assert int(pairs) >= 3, line
            rows.append((body, name))
    return rows


def test_every_body_has_two_names_and_no_name_names_two_bodies() -> None:
    names_of: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    bodies_of: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for body, name in table_rows():
        keys = parse_name(name, "ORG").keys
        names_of[body].add(keys)
        bodies_of[keys].add(body)
    assert len(names_of) >= 20
    assert all(len(names) >= 2 for names in names_of.values())
    assert all(len(bodies) == 1 for bodies in bodies_of.values())


def test_a_short_form_and_its_full_names_are_one_body_in_any_order() -> None:
    names = ["ناسا", "إدارة الطيران والفضاء الأميركية", "وكالة الفضاء الأمريكية"]
    for order in permutations(names):
        resolver = EntityResolver()
        ids = {resolve(resolver, f"a{i}", name, kind="ORG")[0] for i, name in enumerate(order)}
        assert len(ids) == 1, order
        (entity,) = resolver.entities()
        assert all("«ناسا»" in m.reason for m in entity.merges)


def test_two_wordings_of_one_body_meet_through_its_short_form() -> None:
    resolver = EntityResolver()
    nato = resolve(resolver, "a1", "حلف شمال الأطلسي", kind="ORG")[0]
    assert resolve(resolver, "a2", "الناتو", kind="ORG")[0] == nato
    assert resolve(resolver, "a3", "ناتو", kind="ORG")[0] == nato


def test_bodies_with_alike_names_stay_apart() -> None:
    resolver = EntityResolver()
    fifa = resolve(resolver, "a1", "الاتحاد الدولي لكرة القدم", "فيفا", kind="ORG")
    uefa = resolve(resolver, "a2", "الاتحاد الأوروبي لكرة القدم", "يويفا", kind="ORG")
    assert fifa[0] == fifa[1] and uefa[0] == uefa[1]
    assert fifa[0] != uefa[0]
