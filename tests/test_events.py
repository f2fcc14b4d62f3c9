"""Events: grouping articles of one happening, order independence, idempotent re-ingest, SQLite."""

from __future__ import annotations

import gzip
import json
import random

from conftest import shared_file
from grouping_helpers import QUOTE, WIRE, article, mention, run

from marsad import config
from marsad.grouping import DocRecord, GroupingRows, group
from marsad.grouping.actors import lead_act, lead_names
from marsad.grouping.events import build_event, connected, happening_day, is_linked, source_name, split_group
from marsad.grouping.features import entity_rarities, headline_actor
from marsad.model import DateMention, Mention, Source
from marsad.rows import article_rows
from marsad.store.sqlite import SQLiteStore

EMBASSY = [
    ("e1", "افتتاح السفارة الأمريكية في القدس وسط مواجهات دامية على حدود غزة",
     "افتتحت الولايات المتحدة سفارتها في القدس رسميا الاثنين بحضور إيفانكا ترامب وجاريد كوشنر بينما قتل "
     "عشرات الفلسطينيين برصاص الجيش الإسرائيلي على حدود قطاع غزة خلال احتجاجات على نقل السفارة"),
    ("e2", "واشنطن تدشن سفارتها في القدس وعشرات القتلى في غزة",
     "دشنت واشنطن سفارتها في القدس في حفل حضرته إيفانكا ترامب فيما سقط عشرات القتلى الفلسطينيين برصاص "
     "الجيش الإسرائيلي في احتجاجات على حدود غزة رفضا لنقل السفارة الأمريكية"),
]
FOOTBALL = ("f1", "باريس سان جرمان يعين توخل مدربا جديدا",
            "أعلن نادي باريس سان جرمان بطل الدوري الفرنسي لكرة القدم تعيين الألماني توماس توخل مدربا للفريق "
            "خلفا للإسباني أوناي إيمري الذي يرحل بنهاية الموسم بعد الفشل في دوري أبطال أوروبا")
SUDAN = ("s1", "تعديل وزاري واسع في السودان", WIRE)


def corpus():
    rows = [*EMBASSY, FOOTBALL, SUDAN, ("s2", "السودان يعلن تعديلا وزاريا", WIRE + " رسميا")]
    return [article(i, text, title, published=f"2018-05-14T{10 + n:02d}:00:00+00:00")
            for n, (i, title, text) in enumerate(rows)]


def grouping(state):
    return {a.id: (a.event, a.story, a.duplicate_of) for a in state.articles.values()}


def test_reports_of_one_happening_share_an_event_and_others_do_not():
    state, result = run(corpus())
    events = {a.id: a.event for a in state.articles.values()}
    assert events["e1"] == events["e2"] == "ev-e1"
    assert events["s1"] == events["s2"] != events["f1"]
    event = state.events["ev-e1"]
    assert event.articles == ["e1", "e2"] and event.date == "2018-05-14"
    assert event.title in {EMBASSY[0][1], EMBASSY[1][1]}


def test_ingest_order_gives_the_same_events_and_ids():
    expected = grouping(run(corpus())[0])
    for seed in range(3):
        shuffled = corpus()
        random.Random(seed).shuffle(shuffled)
        state = None
        for one in shuffled:  # one article per ingest, the hardest order
            state, _ = run([one], state)
        assert grouping(state) == expected


def test_grouping_the_same_articles_again_changes_nothing():
    state, _ = run(corpus())
    before = grouping(state)
    _, again = run(corpus(), state)
    assert again.articles == [] and again.events == [] and again.deleted_events == []
    assert grouping(state) == before


def test_sqlite_state_groups_like_the_memory_state(tmp_path):
    expected = grouping(run(corpus())[0])
    store = SQLiteStore(tmp_path / "g.db")
    for one in corpus():
        with store.transaction():
            result = group([one], store)
            store.write_grouping(result.rows)
            store.delete_events(result.deleted_events)
            store.delete_stories(result.deleted_stories)
            store.put_events(result.events)
            store.put_stories(result.stories)
            store.put_articles(article_rows(result.articles))
    stored = {a.id: (a.event, a.story, a.duplicate_of) for a in store.iter_articles()}
    assert stored == expected
    assert {e.id for e in store.list_events()} == {v[0] for v in expected.values()}
    store.close()


def test_sqlite_state_keeps_who_acts_in_the_lead(tmp_path):
    store = SQLiteStore(tmp_path / "g.db")
    doc = record("r", ALSO, actor="ent_league", reaction="ent_league", lead_names=["ent_jerusalem", "ent_league"])
    store.write_grouping(GroupingRows(docs={"r": doc}, prints={"r": []}))
    assert store.grouping_docs(["r"])["r"] == doc
    store.close()


def test_shared_passage_found_across_batches_updates_the_older_article():
    state, _ = run([article("q1", "قال عباس في كلمة أمام القيادة الفلسطينية في رام الله مساء الاثنين " + QUOTE)])
    later = "أعلن الرئيس الفلسطيني الحداد ثلاثة أيام وإضرابا عاما في الضفة الغربية وقطاع غزة وأضاف " + QUOTE
    _, result = run([article("q2", later)], state)
    assert "q1" in {a.id for a in result.articles}
    assert state.articles["q1"].shared_passages[0].articles == ("q2",)


def record(ident, vector, day=17665, happened=None, actor=None, reaction=None, lead_names=()):
    return DocRecord(id=ident, key=ident, day=day, content_hash=ident, bands=[], vector=vector, index_terms=[],
                     happened=happened, actor=actor, reaction=reaction, lead_names=list(lead_names))


# Two unit vectors whose cosine (0.4) lies between the two link thresholds.
CLOSE, ALSO = {"x": 0.4, "y": 0.916515}, {"x": 1.0}


def test_moderately_close_reports_link_when_nothing_sets_them_apart():
    assert config.GROUPING_EVENT_SIMILARITY <= 0.4 < config.GROUPING_EVENT_SIMILARITY_APART
    assert is_linked(record("a", CLOSE, happened=17664), record("b", ALSO, happened=17664))


def test_different_days_named_or_published_need_closer_texts():
    assert not is_linked(record("a", CLOSE, happened=17664), record("b", ALSO, happened=17665))
    assert not is_linked(record("a", CLOSE, day=17665), record("b", ALSO, day=17666))
    assert is_linked(record("a", ALSO, day=17665), record("b", ALSO, day=17666))  # the same text: linked


def test_headlines_leading_with_different_people_need_closer_texts():
    assert not is_linked(record("a", CLOSE, actor="ent_erdogan"), record("b", ALSO, actor="ent_lavrov"))
    assert is_linked(record("a", CLOSE, actor="ent_erdogan"), record("b", ALSO, actor="ent_erdogan"))


def test_a_reaction_by_an_actor_the_other_lead_does_not_name_needs_closer_texts():
    league = record("a", CLOSE, reaction="ent_league", lead_names=["ent_league", "ent_jerusalem"])
    assert not is_linked(league, record("b", ALSO, lead_names=["ent_us", "ent_jerusalem"]))
    assert not is_linked(record("b", ALSO, lead_names=["ent_us"]), league)
    assert is_linked(league, record("c", ALSO, lead_names=["ent_league"]))  # another report of that reaction
    assert is_linked(league, record("d", ALSO, actor="ent_league"))


def lead(ident, text, names, title=""):
    one = article(ident, text, title)
    one.entities = [mention(text, *name) for name in names]
    return one


def test_lead_act_is_the_named_subject_of_the_verb_opening_the_lead():
    league = lead("l", "أدانت جامعة الدول العربية نقل السفارة إلى القدس. وقالت مصر إن القرار باطل",
                  [("جامعة الدول العربية", "ORG", "ent_league"), ("القدس", "LOC", "ent_jerusalem"),
                   ("مصر", "LOC", "ent_egypt")])
    assert lead_act(league) == ("ent_league", "reaction")
    assert lead_names(league) == ["ent_jerusalem", "ent_league"]  # the lead sentence only
    abbas = lead("a", "وقال الرئيس الفلسطيني محمود عباس في رام الله إن السفارة بؤرة استيطانية",
                 [("الفلسطيني", "LOC", "ent_palestine"), ("محمود عباس", "PER", "ent_abbas")])
    assert lead_act(abbas) == ("ent_abbas", "statement")  # a person before the country he speaks for
    hrw = lead("h", "أعلنت وزارة الداخلية الإسرائيلية أنها أمرت ممثل منظمة هيومن رايتس ووتش بمغادرة البلاد",
               [("هيومن رايتس ووتش", "ORG", "ent_hrw")])
    assert lead_act(hrw) is None  # the organisation is the object, not the subject
    opening = lead("o", "افتتحت الولايات المتحدة سفارتها في القدس", [("الولايات المتحدة", "LOC", "ent_us")])
    assert lead_act(opening) is None  # the happening itself, not a statement about it


def test_a_single_reaction_gets_its_own_event_when_its_lead_names_the_actor():
    text = ("أدانت جامعة الدول العربية نقل السفارة الأمريكية إلى القدس وقتل المحتجين الفلسطينيين على حدود غزة "
            "واعتبرته انتهاكا للقانون الدولي. ودعت إلى تحرك عربي عاجل")
    reports = [lead(i, body, [("القدس", "LOC", "ent_jerusalem")], title) for i, title, body in EMBASSY]
    named = lead("r", text, [("جامعة الدول العربية", "ORG", "ent_league")], "الجامعة العربية تدين نقل السفارة الأمريكية")
    unnamed = lead("r", text, [], named.title)  # the same words with no actor recognised: they join
    assert {a.id: a.event for a in run([*reports, named])[0].articles.values()}["r"] == "ev-r"
    assert {a.id: a.event for a in run([*reports, unnamed])[0].articles.values()}["r"] == "ev-e1"


def test_happening_day_is_the_date_the_text_names_most_in_the_week_before():
    one = article("d", "قال الثلاثاء ... أمس الثلاثاء ... اليوم", published="2018-05-09T10:00:00+00:00")
    one.dates = [DateMention("الثلاثاء", "2018-05-08", 4, 12), DateMention("أمس", "2018-05-08", 20, 23),
                 DateMention("اليوم", "2018-05-09", 30, 35), DateMention("1979", "1979", 40, 44)]
    assert happening_day(one) == 17659  # 2018-05-08
    assert happening_day(article("n", "بلا تاريخ")) is None


def test_headline_actor_is_the_person_the_title_leads_with():
    text = "قال الرئيس التركي رجب طيب أردوغان إن الولايات المتحدة ستخسر"
    mentions = [Mention("رجب طيب أردوغان", "PER", 18, 33, "ent_erdogan"), Mention("الولايات المتحدة", "LOC", 37, 53,
                                                                                   "ent_us")]
    for title in ("أردوغان: أمريكا الخاسر", "حصرياً.. أردوغان لـCNN: قرار خاطئ"):
        one = article("t", text, title)
        one.entities = mentions
        assert headline_actor(one) == "ent_erdogan"
    place = article("p", text, "الولايات المتحدة تنسحب")
    place.entities = mentions
    assert headline_actor(place) is None  # places and countries are not actors here: only people


def test_rare_names_weigh_more_than_common_ones():
    one = article("r", "مهاتير محمد في إيران")
    one.entities = [Mention("مهاتير محمد", "PER", 0, 11, "ent_mahathir"), Mention("إيران", "LOC", 15, 20, "ent_iran")]
    weights = entity_rarities(one)
    assert weights["ent_mahathir"] > weights["ent_iran"] > 0


def test_one_bridging_article_does_not_chain_two_happenings_into_one_event():
    """a1-a2 and b1-b2 are two happenings; c is linked to both (cosines 0.35 and 0.94), so all five
    are one connected group, but the mean similarity of a's pairs with b's and c's stays low
    (0.35 x 2 / 6 = 0.117, below the cohesion)."""
    bridge = {"x": 0.35, "y": 0.93675}
    group = [record("a1", {"x": 1.0}), record("a2", {"x": 1.0}), record("b1", {"y": 1.0}),
             record("b2", {"y": 1.0}), record("c", bridge)]
    assert all(is_linked(group[4], other) for other in group[:4])
    assert split_group(group) == [["a1", "a2"], ["b1", "b2", "c"]]


def test_copies_stay_together_in_the_split_whatever_their_cosine():
    copy = record("b", {"y": 1.0})
    copy.duplicate_of = "a"
    assert split_group([record("a", {"x": 1.0}), copy]) == [["a", "b"]]


def test_articles_too_far_apart_to_compare_weigh_against_a_merge():
    days = [record("a", ALSO, day=17665), record("b", ALSO, day=17666), record("c", ALSO, day=17668)]
    assert split_group(days) == [["a", "b"], ["c"]]


def demo_day(day: str):
    """The demo-corpus articles published on ``day`` (real reports of one news day)."""
    with gzip.open(shared_file("demo_corpus_ant_may2018/articles.jsonl.gz"), "rt", encoding="utf-8") as lines:
        rows = [r for r in map(json.loads, lines) if r["published"].startswith(day)]
    return [article(r["id"], r["text"], r["title"], r["published"], r["outlet"]) for r in rows]


def outcome(state):
    return {a.id: (a.event, a.story, a.duplicate_of, tuple(a.shared_passages)) for a in state.articles.values()}


def test_real_news_day_groups_the_same_in_any_order_and_batching():
    """Average-linkage splits are recomputed as groups grow: any order and batching gives one result.

    13 May 2018 (the Surabaya church bombings; no gold day) has a connected group that the split
    cuts in parts, so the test exercises it.
    """
    state, _ = run(demo_day("2018-05-13"))
    expected = outcome(state)
    groups = connected(sorted(state.docs), state.grouping_docs)
    assert any(len({expected[i][0] for i in group}) > 1 for group in groups)
    for seed in range(2):
        shuffled = demo_day("2018-05-13")
        rng = random.Random(seed)
        rng.shuffle(shuffled)
        state = None
        while shuffled:
            size = rng.randint(1, 40)
            state, _ = run(shuffled[:size], state)
            shuffled = shuffled[size:]
        assert outcome(state) == expected


def test_shared_passages_do_not_depend_on_which_report_arrived_first():
    """Two real reports whose word-by-word alignment depends on which text is read first (a run
    starts a word later the other way round): passages are aligned in one fixed order."""
    pair = [a for a in demo_day("2018-05-13") if a.id in {"SK-middleEast-1651-20180513", "SK-middleEast-1658-20180513"}]
    forward = outcome(run(pair)[0])
    backward = outcome(run(pair[::-1])[0])
    one_batch_each = outcome(run([pair[1]], run([pair[0]])[0])[0])
    assert forward == backward == one_batch_each
    assert all(passages for *_, passages in forward.values())


def test_an_event_over_two_days_is_named_by_a_report_of_the_day_it_happened():
    """The security forces' vote two days before an election day sits between the day's reports
    (closest to the centre), but the event is the election: named by a report of its own day."""
    early = article("a", "يدلي العسكريون بأصواتهم", "نحو مليون عسكري يدلون بأصواتهم", "2018-05-10T08:00:00+00:00")
    voting = article("b", "بدء التصويت اليوم", "بدء التصويت في الانتخابات", "2018-05-12T06:00:00+00:00")
    closing = article("c", "إغلاق المراكز اليوم", "إغلاق مراكز الاقتراع", "2018-05-12T16:00:00+00:00")
    for report in (voting, closing):
        report.dates = [DateMention("اليوم", "2018-05-12", 0, 5)]
    docs = {"a": record("a", {"x": 0.8, "y": 0.6}), "b": record("b", {"y": 1.0}), "c": record("c", {"x": 1.0})}
    event = build_event([early, voting, closing], docs)
    assert (event.date, event.title) == ("2018-05-12", "إغلاق مراكز الاقتراع")
    assert build_event([early], docs).title == early.title


def test_event_sources_are_outlets_or_sites_never_the_file_read():
    named = article("n", WIRE, source="وكالة")
    site = article("s", WIRE, source="")
    site.source, site.url = Source(), "https://www.skynewsarabia.com/world/1"
    bare = article("b", WIRE, source="")
    bare.source = Source()
    assert [source_name(a) for a in (named, site, bare)] == ["وكالة", "skynewsarabia.com", None]
    state, _ = run([named, site, bare])
    event = state.events[state.articles["n"].event]
    assert event.sources == ["skynewsarabia.com", "وكالة"]


def test_the_split_matrix_is_pair_similarity_of_every_pair():
    """The split's similarities are computed for all pairs at once (an 800-article event took 4 s
    pair by pair); each entry must be what ``pair_similarity`` gives that pair, whatever mix of
    days, named days, actors, reactions, lead names, title names, copies and vectors the records carry."""
    from marsad.grouping.actors import NAME_WORD, RARE_WORD
    from marsad.grouping.events import pair_similarity, similarities

    rng = random.Random(7)
    names = ["ent_a", "ent_b", "ent_c", "ent_d", f"{NAME_WORD}w1", f"{RARE_WORD}w1", f"{NAME_WORD}w2",
             f"{RARE_WORD}w3"]
    members = []
    for n in range(60):
        terms = rng.sample("abcdefghij", rng.randint(1, 5))
        weights = [rng.random() for _ in terms]
        norm = sum(w * w for w in weights) ** 0.5
        doc = record(f"r{n:02d}", {t: w / norm for t, w in zip(terms, weights, strict=True)},
                     day=rng.choice([None, 17665, 17666, 17669]), happened=rng.choice([None, 17664, 17665]),
                     actor=rng.choice([None, "ent_a", "ent_b"]), reaction=rng.choice([None, None, "ent_c", "ent_a"]),
                     lead_names=rng.sample(names, rng.randint(0, 4)))
        doc.title_names = rng.sample(["w1", "w2\tent_a", "w3", "w4\tent_d"], rng.randint(0, 2))
        doc.names = rng.sample(["w1", "w2", "w3", "w4", "@ent_a", "@ent_d"], rng.randint(0, 4))
        doc.content_hash = rng.choice([doc.id, doc.id, "same text"])
        if n and rng.random() < 0.1:
            doc.duplicate_of = members[rng.randrange(n)].id
        members.append(doc)
    matrix = similarities(members)
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            if i != j:
                assert abs(matrix[i, j] - pair_similarity(a, b)) < 1e-12, (a, b)
