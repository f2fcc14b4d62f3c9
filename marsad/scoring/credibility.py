"""Credibility («مستوى الصحة») 0..100, as the sum of the evidence behind it.

Each signal is one small function returning an ``Evidence`` (or None when it says nothing);
weights and their reasons are in ``data/weights.json`` and docs/scores.md.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from marsad.model import Article, Citation, Coverage, Evidence, Score
from marsad.scoring.evidence import assemble, at_most, capped, listing, weights
from marsad.scoring.sources import fold, fold_word, same_outlet
from marsad.text.counting import counted

NAMED_KINDS = frozenset({"outlet", "agency", "person", "official"})
_QUOTE = re.compile(r'«[^»]{10,}»|"[^"\n]{10,}"|“[^”]{10,}”')


# The signals that depend on the article's event, not on the article: the only ones that change
# when another article joins the event (``event_credibility``).
EVENT_SIGNALS = frozenset({"independent_outlets", "copies_only", "contradictions"})


def credibility(article: Article, coverage: Coverage) -> Score:
    """How far the article can be trusted, with the evidence an analyst can dispute item by item."""
    w = weights()["credibility"]
    named, unnamed = _named_and_unnamed(article)
    evidence = [
        *_sources(named, unnamed, w),
        _outlet_record(article, coverage, w),
        *_stated_facts(article, w),
        _attributed_quotes(article, w),
        _sensational(article, w),
    ]
    return assemble("credibility", [e for e in evidence if e is not None] + event_credibility(coverage))


def event_credibility(coverage: Coverage) -> list[Evidence]:
    """The evidence of EVENT_SIGNALS.  Counts past a signal's cap read "N or more", so that once an
    event is widely covered, a further article leaves its members' scores exactly as they are."""
    w = weights()["credibility"]
    return [e for e in [*_corroboration(coverage, w), _contradictions(coverage, w)] if e is not None]


def _is_self(citation: Citation, article: Article) -> bool:
    """An outlet naming itself ("(CNN)—", "مراسل الجوهرة أف أم") is not citing a source.

    ``find_attributions`` leaves these out when given the outlet, as the pipeline does; this
    check keeps the rule for articles stored before it did, and for callers that give no outlet.
    """
    return bool(article.source.name) and same_outlet(article.source.name, citation.to)


def _named_and_unnamed(article: Article) -> tuple[list[str], list[str]]:
    named, unnamed = [], []
    for citation in article.attributions:
        if _is_self(citation, article):
            continue
        group = named if citation.kind in NAMED_KINDS else unnamed
        if citation.to not in group:
            group.append(citation.to)
    return named, unnamed


def _sources(named: list[str], unnamed: list[str], w: dict) -> list[Evidence]:
    if not named and not unnamed:
        return [Evidence("no_sources", w["no_sources"]["value"], "لا يذكر المقال مصدرا لمعلوماته")]
    items = []
    if named:
        rule = w["named_sources"]
        effect = capped(len(named), rule["per_item"], rule["cap"])
        items.append(Evidence("named_sources", effect, f"{counted(len(named), 'مصدر مسمى')}: {listing(named)}"))
    if unnamed:
        rule = w["unnamed_sources"]
        effect = capped(len(unnamed), rule["per_item"], rule["cap"])
        items.append(Evidence("unnamed_sources", effect, f"{counted(len(unnamed), 'مصدر غير مسمى')}: {listing(unnamed)}"))
    return items


def _corroboration(coverage: Coverage, w: dict) -> list[Evidence]:
    others = max(0, coverage.independent_outlets - 1)
    rule = w["independent_outlets"]
    detail = f"نشر الحدث {at_most(coverage.independent_outlets, rule, 'منفذ مستقل', first=1)}"
    if coverage.copies:
        detail += f" (ولا تُحتسب {at_most(coverage.copies, weights()['importance']['reach'], 'نسخة منقولة')})"
    items = [Evidence("independent_outlets", capped(others, rule["per_item"], rule["cap"]), detail)]
    if others == 0 and coverage.copies > 0:
        items.append(Evidence("copies_only", w["copies_only"]["value"], "أعيد نشر الخبر دون تأكيد من منفذ مستقل"))
    return items


def _outlet_record(article: Article, coverage: Coverage, w: dict) -> Evidence | None:
    rule = w["outlet_record"]
    if not article.source.name:
        return None
    if coverage.outlet_articles < rule["min_articles"]:
        detail = f"سجل {article.source.name} قصير ({counted(coverage.outlet_articles, 'مقال')}): لا حكم"
        return Evidence("outlet_record", 0.0, detail)
    share = coverage.outlet_duplicate_share
    effect = max(rule["floor"], rule["best"] + rule["per_share"] * share)
    detail = (f"سجل {article.source.name}: {round(share * 100)}٪ من {counted(coverage.outlet_articles, 'مقال', case='gen')}"
              " كانت منقولة عن غيرها حين حُسبت الدرجة")
    return Evidence("outlet_record", effect, detail)


def _stated_facts(article: Article, w: dict) -> list[Evidence]:
    items = []
    if article.dates:
        items.append(Evidence("stated_dates", w["stated_dates"]["value"], f"تواريخ مذكورة: {_surfaces(article.dates)}"))
    places = [m for m in article.entities if m.type == "LOC"]
    if places:
        items.append(Evidence("stated_places", w["stated_places"]["value"], f"أماكن مذكورة: {_surfaces(places)}"))
    people = [m for m in article.entities if m.type == "PER"]
    if people:
        items.append(Evidence("stated_people", w["stated_people"]["value"], f"أشخاص مذكورون: {_surfaces(people)}"))
    return items


def _surfaces(mentions: list) -> str:
    return listing(list(dict.fromkeys(m.surface for m in mentions)), limit=3)


def _attributed_quotes(article: Article, w: dict) -> Evidence | None:
    """Direct quotes that open shortly after a named person or official is cited."""
    rule = w["attributed_quotes"]
    speakers = [c for c in article.attributions if c.kind in ("person", "official")]
    quotes = [m.start() for m in _QUOTE.finditer(article.text)]
    attributed = {q for q in quotes for c in speakers if 0 <= q - c.end <= rule["window"]}
    if not attributed:
        return None
    names = listing(list(dict.fromkeys(c.to for c in speakers)), limit=2)
    detail = f"{counted(len(attributed), 'اقتباس مباشر')} منسوبة إلى {names}"
    return Evidence("attributed_quotes", capped(len(attributed), rule["per_item"], rule["cap"]), detail)


@cache
def _sensational_pattern() -> re.Pattern[str]:
    text = resources.files("marsad.scoring").joinpath("data").joinpath("sensational.txt").read_text("utf-8")
    phrases = sorted({fold_word(line.strip()) for line in text.splitlines() if line.strip() and line[0] != "#"},
                     key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])|[!؟?]\s*!")


def _sensational(article: Article, w: dict) -> Evidence | None:
    rule = w["sensational_wording"]
    in_title = {" ".join(m.group().split()) for m in _sensational_pattern().finditer(fold(article.title or "").text)}
    in_text = {" ".join(m.group().split()) for m in _sensational_pattern().finditer(fold(article.text).text)}
    in_text -= in_title
    if not in_title and not in_text:
        return None
    effect = max(rule["cap"], len(in_title) * rule["title_per_item"] + len(in_text) * rule["per_item"])
    detail = "عبارات إثارة: " + listing(sorted(in_title) + sorted(in_text))
    return Evidence("sensational_wording", effect, detail)


def _contradictions(coverage: Coverage, w: dict) -> Evidence | None:
    if coverage.contradicting_outlets <= 0:
        return None
    rule = w["contradictions"]
    detail = f"{at_most(coverage.contradicting_outlets, rule, 'منفذ مستقل')} تذكر أرقاما مختلفة للحصيلة نفسها"
    return Evidence("contradictions", capped(coverage.contradicting_outlets, rule["per_item"], rule["cap"]), detail)
