"""The resolver: one entity however spelled, never two people in one, deterministic and idempotent."""

from __future__ import annotations

from marsad.entities import EntityResolver
from marsad.model import Entity, Mention


def mentions(*names: str, kind: str = "PER") -> list[Mention]:
    """Mentions laid out in a text made of the names, one per line."""
    found, at = [], 0
    for name in names:
        found.append(Mention(name, kind, at, at + len(name)))
        at += len(name) + 1
    return found


def resolve(resolver: EntityResolver, article: str, *names: str, kind: str = "PER") -> list[str]:
    found = mentions(*names, kind=kind)
    return [m.entity or "" for m in resolver.resolve(article, "\n".join(names), found)]


def test_spellings_of_kochavi_make_one_entity() -> None:
    resolver = EntityResolver()
    first = resolve(resolver, "a1", "أفيف كوخافي", "كوخافي")
    others = [
        resolve(resolver, f"a{i}", name)[0] for i, name in enumerate(["أفيفي خوكافي", "أفيف كوفاخي"], 2)
    ]
    assert set(first) | set(others) == {first[0]}
    entity = resolver.entities()[0]
    assert entity.name == "أفيف كوخافي"
    assert {m.variant for m in entity.merges} == {"كوخافي", "أفيفي خوكافي", "أفيف كوفاخي"}


def test_look_alike_people_stay_apart() -> None:
    resolver = EntityResolver()
    kochavi = resolve(resolver, "a1", "أفيف كوخافي")[0]
    assert resolve(resolver, "a2", "ران كوخاف")[0] != kochavi
    assert resolve(resolver, "a3", "بيني غانتس")[0] != kochavi
    assert resolve(resolver, "a4", "محمد عباس")[0] != resolve(resolver, "a5", "محمود عباس")[0]


def test_a_family_name_alone_needs_the_article_or_shared_context() -> None:
    resolver = EntityResolver()
    first = [*mentions("أفيف كوخافي"), Mention("إسرائيل", "LOC", 20, 27)]
    kochavi, israel = (m.entity for m in resolver.resolve("a1", "", first))
    assert resolve(resolver, "a2", "كوخافي")[0] != kochavi  # nothing says which Kochavi
    together = resolver.resolve("a3", "", [*mentions("الجنرال كوخافي"), Mention("إسرائيل", "LOC", 20, 27)])
    assert [m.entity for m in together] == [kochavi, israel]


def test_a_family_name_shared_by_two_full_names_in_the_article_stays_apart() -> None:
    resolver = EntityResolver()
    ids = resolve(resolver, "a1", "بشار الأسد", "حافظ الأسد", "الأسد")
    assert len(set(ids)) == 3


def test_ids_are_deterministic_and_resolving_twice_counts_once() -> None:
    one, two = EntityResolver(), EntityResolver()
    assert resolve(one, "a1", "بيني غانتس") == resolve(two, "a1", "بيني غانتس")
    resolve(one, "a1", "بيني غانتس")
    entity = one.entities()[0]
    assert (entity.mentions, entity.articles) == (1, ["a1"])


def test_known_entities_keep_their_ids_and_counts() -> None:
    first = EntityResolver()
    kochavi = resolve(first, "a1", "أفيف كوخافي")[0]
    later = EntityResolver(first.entities())
    assert later.changed() == []
    assert resolve(later, "a2", "أفيفي خوكافي") == [kochavi]
    assert resolve(later, "a1", "أفيف كوخافي") == [kochavi]
    (entity,) = later.changed()
    assert (entity.mentions, entity.articles) == (2, ["a1", "a2"])


def test_canonical_name_is_the_most_frequent_full_spelling() -> None:
    resolver = EntityResolver()
    for i, name in enumerate(["دونالد ترمب", "دونالد ترامب", "دونالد ترامب", "ترامب"]):
        resolve(resolver, f"a{i}", name)
    assert resolver.entities()[0].name == "دونالد ترامب"


def test_places_merge_across_clitics_and_descriptors() -> None:
    resolver = EntityResolver()
    assert len(set(resolve(resolver, "a1", "القدس", "بالقدس", kind="LOC"))) == 1
    assert len(set(resolve(resolver, "a2", "حركة حماس", "حماس", kind="ORG"))) == 1


def test_middle_names_count_when_both_names_have_them() -> None:
    resolver = EntityResolver()
    assert resolve(resolver, "a1", "حسن نصر الله") != resolve(resolver, "a2", "حسن فضل الله")


def test_a_family_name_goes_to_the_better_known_full_name() -> None:
    resolver = EntityResolver()
    for i in range(3):
        resolve(resolver, f"d{i}", "دونالد ترامب")
    ivanka, alone = resolve(resolver, "a1", "إيفانكا ترامب", "ترامب")
    assert alone != ivanka


def test_names_of_one_place_in_the_gazetteer_merge_with_the_evidence() -> None:
    resolver = EntityResolver()
    ids = resolve(
        resolver, "a1", "الولايات المتحدة", "الولايات المتحدة الأمريكية", "أمريكا", "أميركا", kind="LOC"
    )
    assert len(set(ids)) == 1
    (entity,) = resolver.entities()
    assert len(entity.merges) == 3
    assert all(
        m.reason.startswith("البلد نفسه في جدول البلدان (mledoze/countries، الرمز US): «")
        for m in entity.merges
    )
    saudi = resolve(resolver, "a2", "المملكة العربية السعودية", "السعودية", "الإمارات", kind="LOC")
    assert saudi[0] == saudi[1] != saudi[2]


def test_a_city_merges_by_its_geonames_id() -> None:
    resolver = EntityResolver()
    resolve(resolver, "a1", "القدس", "القدس الشريف", kind="LOC")
    (entity,) = resolver.entities()
    assert entity.merges[0].reason == "المكان نفسه في GeoNames (المعرّف 281184): «القدس»"


def test_merge_reasons_are_arabic_and_name_what_was_taken_off() -> None:
    resolver = EntityResolver()
    resolve(resolver, "a1", "أفيف كوخافي", "الجنرال كوخافي")
    resolve(resolver, "a2", "أفيفي خوكافي")
    reasons = {m.variant: m.reason for m in resolver.entities()[0].merges}
    assert reasons == {
        "كوخافي": "اسم العائلة وحده؛ ذكر المقال الاسم الكامل «أفيف كوخافي» (حُذف اللقب «الجنرال»)",
        "أفيفي خوكافي": "الاسم الأول بحرف مدٍّ أخير زائد أو ناقص واسم العائلة مطابق: «أفيف كوخافي»",
    }


def test_a_family_name_alone_joins_a_well_attested_full_name() -> None:
    resolver = EntityResolver()
    for i in range(3):  # PARTIAL_MIN_ARTICLES
        trump = resolve(resolver, f"d{i}", "دونالد ترامب")[0]
    assert resolve(resolver, "a1", "ترامب") == [trump]
    reason = next(m.reason for m in resolver.entities()[0].merges if m.variant == "ترامب")
    assert reason == "اسم العائلة وحده؛ «دونالد ترامب» هو الاسم الكامل الوحيد المعروف به (في 3 مقالات)"


def test_the_count_in_a_merge_reason_agrees_with_its_noun() -> None:
    resolver = EntityResolver()
    for i in range(11):
        trump = resolve(resolver, f"d{i}", "دونالد ترامب")[0]
    assert resolve(resolver, "a1", "ترامب") == [trump]
    reason = next(m.reason for m in resolver.entities()[0].merges if m.variant == "ترامب")
    assert reason.endswith("(في 11 مقالًا)"), reason


def test_a_family_name_alone_stays_apart_when_two_known_people_carry_it() -> None:
    resolver = EntityResolver()
    for i in range(5):
        resolve(resolver, f"b{i}", "بيل كلينتون")
        resolve(resolver, f"h{i}", "هيلاري كلينتون")
    assert len(set(resolve(resolver, "a1", "كلينتون") + [e.id for e in resolver.entities()])) == 3


def test_a_family_name_alone_goes_to_the_far_better_known_of_two() -> None:
    resolver = EntityResolver()
    donald = [resolve(resolver, f"d{i}", "دونالد ترامب")[0] for i in range(10)][0]  # PARTIAL_FAME_RATIO x 1
    resolve(resolver, "i1", "إيفانكا ترامب")
    assert resolve(resolver, "a1", "ترامب") == [donald]


def test_a_family_name_alone_that_is_also_a_known_given_name_stays_apart() -> None:
    resolver = EntityResolver()
    for i in range(5):
        abbas = resolve(resolver, f"m{i}", "محمود عباس")[0]
        resolve(resolver, f"r{i}", "عباس عراقجي")
    assert resolve(resolver, "a1", "عباس") != [abbas]


def test_a_stored_name_retyped_into_a_better_known_namesake_is_absorbed_once() -> None:
    # A place stored under a name that a better-known organisation (lower id) also has; a later
    # batch reads the name as an organisation, so the place is retyped and joins the organisation.
    org = Entity(
        id="ent_a", name="النهضة", type="ORG", variants=["النهضة"], articles=["x1", "x2", "x3"],
        mentions=9, spellings={"النهضة": 9}, types={"ORG": 9},
    )
    place = Entity(
        id="ent_b", name="النهضة", type="LOC", variants=["النهضة"], articles=["y1"],
        mentions=1, spellings={"النهضة": 1}, types={"LOC": 1},
    )
    resolver = EntityResolver([org, place])
    text = "حركة النهضة\nالنهضة\nالنهضة"
    found = [Mention("النهضة", "ORG", start, start + 6) for start in (5, 12, 19)]
    (resolved,) = resolver.resolve_many([("n1", text, found)])
    assert {m.entity for m in resolved} == {"ent_a"}
    assert [(e.id, e.type) for e in resolver.entities()] == [("ent_a", "ORG")]


def test_a_family_name_alone_goes_to_its_articles_full_name_beside_an_as_known_namesake() -> None:
    """A namesake named in as many articles (تركي المالكي, one) does not keep «المالكي» from نوري
    المالكي in an article that names him in full, one article at a time in either order."""
    maliki = ("n1", "نوري المالكي", "المالكي")
    turki = ("t1", "تركي المالكي")
    for articles in ((turki, maliki), (maliki, turki)):
        resolver = EntityResolver()
        found = {a: resolve(resolver, a, *names) for a, *names in articles}
        assert found["n1"][0] == found["n1"][1] != found["t1"][0]


def test_a_dual_of_a_company_read_as_a_person_is_the_company() -> None:
    resolver = EntityResolver()
    (found,) = resolver.resolve_many([("a1", "", mentions("شركتا بوينغ"))])
    (named,) = resolver.resolve_many([("a2", "", mentions("بوينغ", kind="ORG"))])
    assert found[0].type == "ORG" and found[0].entity == named[0].entity
