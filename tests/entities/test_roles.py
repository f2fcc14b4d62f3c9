"""Roles an article ties to a named holder point later role-only mentions at the holder."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.entities import EntityResolver, recognize
from marsad.entities.roles import role_mentions, roles_in
from marsad.model import Mention

SAMPLE = Path(__file__).resolve().parents[2] / "marsad" / "demo" / "sample.jsonl"


def person(text: str, name: str, entity: str, after: int = 0) -> Mention:
    start = text.index(name, after)
    return Mention(name, "PER", start, start + len(name), entity=entity)


def test_a_role_written_alone_points_at_the_person_the_article_gave_it_with_the_evidence() -> None:
    text = "قال وزير الخارجية الأمريكي، مايك بومبيو، إن بلاده لن تتراجع. وأضاف وزير الخارجية الأميركي أن"
    found, evidence = role_mentions(text, [person(text, "مايك بومبيو", "e1")])
    assert [(m.surface, m.entity, m.type) for m in found] == [("وزير الخارجية الأميركي", "e1", "PER")]
    assert text[found[0].start : found[0].end] == "وزير الخارجية الأميركي"
    assert evidence == {"e1": {"وزير الخارجية الأمريكي": "وزير الخارجية الأمريكي، مايك بومبيو"}}


def test_no_role_without_a_nationality_nor_for_a_relative_nor_with_two_holders() -> None:
    text = "وقال الرئيس دونالد ترامب إن الرئيس سيزور"
    assert role_mentions(text, [person(text, "دونالد ترامب", "e1")]) == ([], {})
    text = "وصلت ابنة الرئيس الأمريكي إيفانكا ترامب. وقال الرئيس الأمريكي إن"
    assert role_mentions(text, [person(text, "إيفانكا ترامب", "e2")]) == ([], {})
    text = "التقى الرئيس الأمريكي دونالد ترامب سلفه الرئيس الأمريكي باراك أوباما. وقال الرئيس الأمريكي إن"
    named = [person(text, "دونالد ترامب", "e1"), person(text, "باراك أوباما", "e3")]
    assert role_mentions(text, named) == ([], {})


def test_one_person_with_one_title_of_two_countries_ties_no_role() -> None:
    # «استقبل الرئيس الأمريكي إيمانويل ماكرون»: a subject and its object, read as a role and its holder
    text = "استقبل الرئيس الأمريكي إيمانويل ماكرون. وكان الرئيس الفرنسي إيمانويل ماكرون قد قال إن الرئيس الأمريكي"
    named = [person(text, "إيمانويل ماكرون", "e4"), person(text, "إيمانويل ماكرون", "e4", 40)]
    assert role_mentions(text, named) == ([], {})


def test_roles_found_with_a_clitic_and_two_adjectives() -> None:
    text = "والزعيم الكوري الشمالي كيم جونغ أون وبالرئيس الإيراني"
    expected = [(role, text.index(role)) for role in ("الزعيم الكوري الشمالي", "الرئيس الإيراني")]
    assert [(r.text, r.start) for r in roles_in(text)] == expected


def test_real_articles_tie_roles_to_their_holders_through_the_resolver() -> None:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [(r["id"], r["text"], recognize(r["text"])) for r in rows[:120]]
    resolver = EntityResolver()
    resolved = resolver.resolve_many(articles)
    names = {e.id: e for e in resolver.entities()}
    roles = [
        (m, a)
        for (a, _, _), mentions in zip(articles, resolved, strict=True)
        for m in mentions
        if m.surface.startswith("الرئيس الأم")
    ]
    assert roles, "the sample writes «الرئيس الأمريكي» alone after naming its holder"
    holders = {names[m.entity].name for m, _ in roles}
    assert "دونالد ترامب" in holders
    trump = next(e for e in names.values() if e.name == "دونالد ترامب")
    assert any(phrase.endswith("ترامب") for phrase in trump.roles.values())
    for mention, article in roles:  # each role mention's article names its holder in full
        assert any(
            m.entity == mention.entity and m.surface != mention.surface
            for m in resolved[[a for a, _, _ in articles].index(article)]
        )
