"""Events: hashtags read as words, and a rare name shared by two titles or leads links the reports."""

from __future__ import annotations

from grouping_helpers import article, mention, run

from marsad import config
from marsad.grouping import DocRecord
from marsad.grouping.actors import NAME_WORD, RARE_WORD, lead_names
from marsad.grouping.events import is_linked, link_threshold, pair_similarity, shares_rare_name
from marsad.grouping.features import cosine, dateline_end, hashtag_words, idf, rare_lead_words, terms, vector

PROGRAMME = "برنامج تطوير القطاع المالي"


def test_a_hashtag_reads_as_the_words_it_joins():
    assert hashtag_words("يهدف #برنامج_تطوير_القطاع_المالي 2020 إلى") == f"يهدف {PROGRAMME} 2020 إلى"
    assert hashtag_words("بلا وسم_هنا") == "بلا وسم_هنا"  # only hashtags are split
    tagged = article("t", "أكد #وزير_المالية أن #برنامج_تطوير_القطاع_المالي يستهدف مضاعفة حجم القطاع")
    plain = article("p", f"أكد وزير المالية أن {PROGRAMME} يستهدف مضاعفة حجم القطاع")
    assert cosine(vector(tagged), vector(plain)) > 0.99


def test_rare_lead_words_are_the_rare_terms_of_title_and_lead():
    background = " ".join(["وأضاف المدرب أن الفريق يستعد للموسم المقبل في الدوري"] * 3)
    one = article("h", f"ودعت الجماهير فهد الهريفي في مباراة اعتزاله. {background} ورافقه العويران",
                  "حفل اعتزال في الرياض")
    assert idf("هريف") >= config.GROUPING_LEAD_NAME_IDF and idf("عوير") >= config.GROUPING_LEAD_NAME_IDF
    assert rare_lead_words(one) == ["هريف"]  # «العويران» comes after the first lead terms
    assert all(idf(t) < config.GROUPING_LEAD_NAME_IDF for t in terms(background))
    assert rare_lead_words(article("c", "قال الرئيس إن الحكومة ستعلن القرار اليوم", "الحكومة تعلن")) == []


def test_lead_names_hold_the_rare_words_marked_apart_from_entities():
    text = "قال نادي النصر إن فهد الهريفي سيلعب مباراة اعتزاله الأربعاء"
    one = article("n", text)
    one.entities = [mention(text, "النصر", "ORG", "ent_nassr")]
    assert lead_names(one) == [RARE_WORD + "هريف", "ent_nassr"]  # the entity stage did not find the name
    one.entities.append(mention(text, "فهد الهريفي", "PER", "ent_hraifi"))
    assert lead_names(one) == ["ent_hraifi", "ent_nassr", NAME_WORD + "هريف"]


def test_a_rare_word_is_a_name_only_outside_datelines_digits_and_places():
    dated = "محمد الزهراني- سبق- الباحة: بدأت الإدارة العامة للتعليم بمنطقة تبوك إجراء 13970 مقابلة"
    assert dated[dateline_end(dated):].startswith(" بدأت")
    assert dateline_end("قال الرئيس إن الحكومة ستعلن: لا ضرائب") == 0  # no dash: a sentence, not a dateline
    one = article("d", dated)
    one.entities = [mention(dated, "محمد الزهراني", "PER", "ent_zahrani"), mention(dated, "تبوك", "ORG", "ent_tabuk")]
    words = rare_lead_words(one)
    assert "زهران" not in words and "13970" not in words  # the byline is the outlet's; a count is no name
    assert not any(n.startswith(NAME_WORD) for n in lead_names(one))  # «تبوك» is a place, even inside an ORG


def record(ident, vector, day=17660, actor=None, reaction=None, lead_names=()):
    return DocRecord(id=ident, key=ident, day=day, content_hash=ident, bands=[], vector=vector, index_terms=[],
                     actor=actor, reaction=reaction, lead_names=list(lead_names))


# Two unit vectors whose cosine (0.2) lies between the named and the same-day link cosines.
LOW, OTHER = {"x": 0.2, "y": 0.979796}, {"x": 1.0}
PLAYER = NAME_WORD + "هريف"


def test_a_shared_rare_name_links_reports_whatever_their_days_and_actors():
    assert config.GROUPING_EVENT_SIMILARITY_NAMED <= 0.2 < config.GROUPING_EVENT_SIMILARITY
    owairan = record("a", LOW, day=17659, actor="ent_owairan", lead_names=[PLAYER, "ent_owairan"])
    match = record("b", OTHER, actor="ent_ronaldinho", lead_names=[PLAYER])
    assert shares_rare_name(owairan, match) and is_linked(owairan, match)
    assert link_threshold(owairan, match) == config.GROUPING_EVENT_SIMILARITY_NAMED
    assert pair_similarity(owairan, match) == cosine(LOW, OTHER)  # no penalty in the split either
    assert not is_linked(record("c", LOW, lead_names=["ent_hraifi"]), record("d", OTHER, lead_names=["ent_hraifi"]))
    assert not shares_rare_name(record("e", LOW, lead_names=[PLAYER]), record("f", OTHER, lead_names=["هريف"]))
    unnamed = RARE_WORD + "هريف"  # one side found it in a name: enough; neither side: not a name
    assert shares_rare_name(record("g", LOW, lead_names=[PLAYER]), record("h", OTHER, lead_names=[unnamed]))
    assert not shares_rare_name(record("i", LOW, lead_names=[unnamed]), record("j", OTHER, lead_names=[unnamed]))


def test_leads_naming_different_counterparts_need_the_stricter_cosine():
    hadi = record("k", LOW, lead_names=["ent_mbs_call_a", "ent_hadi"])
    jordan = record("l", LOW, lead_names=["ent_mbs_call_b", "ent_jordan"])
    assert link_threshold(hadi, jordan) == config.GROUPING_EVENT_SIMILARITY_APART
    shared = record("m", LOW, lead_names=["ent_hadi", "ent_yemen"])
    assert link_threshold(hadi, shared) == config.GROUPING_EVENT_SIMILARITY
    assert link_threshold(hadi, record("n", LOW, lead_names=["ent_jordan"])) == config.GROUPING_EVENT_SIMILARITY


def test_a_shared_rare_name_does_not_join_a_reaction_to_what_it_reacts_to():
    reaction = record("r", LOW, reaction="ent_league", lead_names=[PLAYER, "ent_league"])
    assert not is_linked(reaction, record("s", OTHER, lead_names=[PLAYER]))
    assert link_threshold(reaction, record("s", OTHER, lead_names=[PLAYER])) == config.GROUPING_EVENT_SIMILARITY_APART


FAREWELL = [
    ("f1", "العويران: الهريفي يستحق التكريم", "2018-05-08T12:00:00+00:00",
     "قال لاعب المنتخب السعودي السابق سعيد العويران إن فهد الهريفي يستحق التكريم في حفل اعتزاله بعد مسيرة "
     "طويلة مع النصر والمنتخب وشكر هيئة الرياضة على تكفلها بالحفل"),
    ("f2", "رونالدينيو: أتمنى أن نمتع الجماهير", "2018-05-08T15:00:00+00:00",
     "أبدى الساحر البرازيلي رونالدينيو سعادته بالتواجد في الرياض للعب في حفل اعتزال فهد الهريفي أمام فالنسيا "
     "الإسباني وقال إنه يتمنى أن يمتع الجماهير"),
    ("f3", "الجماهير تتوافد إلى حفل اعتزال الهريفي", "2018-05-09T18:00:00+00:00",
     "لم يقف الغبار في طريق الجماهير النصراوية لحضور مباراة اعتزال فهد الهريفي أمام فالنسيا على ملعب الملز "
     "في الرياض مساء الأربعاء"),
]
OTHER_MATCH = ("g1", "الهلال يفوز على الاتحاد في الدوري", "2018-05-09T19:00:00+00:00",
               "فاز الهلال على الاتحاد بهدفين دون رد في الجولة الأخيرة من الدوري السعودي لكرة القدم على ملعب الملك فهد "
               "في الرياض مساء الأربعاء أمام جماهير غفيرة")


def test_build_up_interviews_and_the_farewell_match_are_one_event():
    articles = []
    for ident, title, published, text in [*FAREWELL, OTHER_MATCH]:
        one = article(ident, text, title, published=published)
        speaker = {"f1": ("سعيد العويران", "ent_owairan"), "f2": ("رونالدينيو", "ent_ronaldinho")}.get(ident)
        one.entities = [mention(text, "فهد الهريفي", "PER", "ent_hraifi")] if "فهد الهريفي" in text else []
        if speaker:
            one.entities.append(mention(text, speaker[0], "PER", speaker[1]))
        articles.append(one)
    events = {a.id: a.event for a in run(articles)[0].articles.values()}
    assert events["f1"] == events["f2"] == events["f3"] == "ev-f1"
    assert events["g1"] == "ev-g1"
    quoted = [a for a in articles if a.id in ("f1", "f2")]
    for one in quoted:  # the same interviews without the player's name in their leads: two events
        one.text = one.text.replace("فهد الهريفي", "اللاعب").replace("الهريفي", "اللاعب")
        one.title = one.title.replace("الهريفي", "اللاعب")
    events = {a.id: a.event for a in run(quoted)[0].articles.values()}
    assert events["f1"] != events["f2"]
