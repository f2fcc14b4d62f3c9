"""Importance («الأهمية») 0..100, as the sum of the evidence behind it.

Each signal is one small function; weights and their reasons are in ``data/weights.json``
and docs/scores.md.
"""

from __future__ import annotations

import math
from datetime import datetime

from marsad.model import Article, Coverage, Evidence, Score
from marsad.scoring.evidence import assemble, at_most, capped, listing, weights
from marsad.text.counting import counted, duration

# The signals that depend on the article's event, not on the article: the only ones that change
# when another article joins the event (``event_importance``).
EVENT_SIGNALS = frozenset({"coverage_breadth", "reach", "spread_speed", "story_size", "first_reporter"})


def importance(article: Article, coverage: Coverage) -> Score:
    """How much the article matters to readers, with the evidence behind the number."""
    w = weights()["importance"]
    evidence = [
        _prominence(article, coverage, w),
        _category(article, w),
        _recency(article, coverage, w),
    ]
    return assemble("importance", [e for e in evidence if e is not None] + event_importance(article, coverage))


def event_importance(article: Article, coverage: Coverage) -> list[Evidence]:
    """The evidence of EVENT_SIGNALS.  Counts past a signal's cap read "N or more", and the spread
    names the band it falls in, so that once an event is widely covered a further article leaves its
    members' scores exactly as they are."""
    w = weights()["importance"]
    evidence = [
        _breadth(coverage, w),
        _reach(coverage, w),
        _speed(coverage, w),
        _story(coverage, w),
        _first_reporter(article, coverage),
    ]
    return [e for e in evidence if e is not None]


def _breadth(coverage: Coverage, w: dict) -> Evidence:
    rule = w["coverage_breadth"]
    others = max(0, coverage.independent_outlets - 1)
    detail = f"غطى الحدث {at_most(coverage.independent_outlets, rule, 'منفذ مستقل', first=1)}"
    return Evidence("coverage_breadth", capped(others, rule["per_item"], rule["cap"]), detail)


def _reach(coverage: Coverage, w: dict) -> Evidence | None:
    if coverage.copies <= 0:
        return None
    rule = w["reach"]
    return Evidence("reach", capped(coverage.copies, rule["per_item"], rule["cap"]), f"أعيد نشره في {at_most(coverage.copies, rule, 'نسخة منقولة', case='gen')}")


def _speed(coverage: Coverage, w: dict) -> Evidence | None:
    if coverage.hours_to_spread is None or coverage.independent_outlets < 2:
        return None
    rule = w["spread_speed"]
    # The band, not the hours: a later outlet's report moves the score only when it moves the band.
    for hours, effect in zip(rule["hours"], rule["effects"], strict=True):
        if coverage.hours_to_spread <= hours:
            return Evidence("spread_speed", effect, f"انتشر بين المنافذ خلال {duration(hours / 24, case='gen')}")
    return Evidence("spread_speed", 0.0, f"استغرق انتشاره أكثر من {duration(rule['hours'][-1] / 24, case='gen')}")


def _prominence(article: Article, coverage: Coverage, w: dict) -> Evidence | None:
    """The best-known entities of the article: log2 of how many stored articles mention each."""
    rule = w["entity_prominence"]
    top = sorted(coverage.entity_prominence.items(), key=lambda item: -item[1])[: rule["top"]]
    top = [(entity, n) for entity, n in top if n > 1]
    if not top:
        return None
    names = {m.entity: m.surface for m in article.entities if m.entity}
    effect = min(rule["cap"], sum(rule["per_doubling"] * math.log2(n) for _, n in top))
    detail = "كيانات بارزة: " + listing([f"{names.get(e, e)} ({counted(n, 'مقال')})" for e, n in top])
    return Evidence("entity_prominence", effect, detail)


def _category(article: Article, w: dict) -> Evidence | None:
    effect = w["category"]["effects"].get(article.category)
    return None if effect is None else Evidence("category", float(effect), f"التصنيف: {article.category}")


def _story(coverage: Coverage, w: dict) -> Evidence | None:
    if coverage.story_events <= 1:
        return None
    rule = w["story_size"]
    effect = capped(coverage.story_events - 1, rule["per_item"], rule["cap"])
    return Evidence("story_size", effect, f"جزء من قصة فيها {at_most(coverage.story_events, rule, 'حدث', first=1)}")


def _recency(article: Article, coverage: Coverage, w: dict) -> Evidence | None:
    age = _age_days(article.published, coverage.newest_published)
    if age is None:
        return None
    rule = w["recency"]
    effect = next((e for days, e in zip(rule["days"], rule["effects"], strict=True) if age <= days), rule["older"])
    return Evidence("recency", float(effect), _age_phrase(age))


def _age_phrase(days: float) -> str:
    """How long before the newest stored article this one was published, in words a reader uses."""
    if days < 1 / 24:
        return "من أحدث ما في المخزن (أقل من ساعة قبل آخر مقال)"
    return f"نُشر قبل أحدث مقال في المخزن بـ{duration(days, case='gen')}"


def _age_days(published: str | None, newest: str | None) -> float | None:
    if not published or not newest:
        return None
    try:
        then, now = datetime.fromisoformat(published), datetime.fromisoformat(newest)
    except ValueError:
        return None
    if (then.tzinfo is None) != (now.tzinfo is None):
        then, now = then.replace(tzinfo=None), now.replace(tzinfo=None)
    return max(0.0, (now - then).total_seconds() / 86400)


def _first_reporter(article: Article, coverage: Coverage) -> Evidence | None:
    """Who broke the event: shown to the reader, worth nothing by itself."""
    if not coverage.first_reporter or coverage.independent_outlets < 2:
        return None
    own = coverage.first_reporter == article.source.name
    detail = "هذا المنفذ أول من نشر الحدث" if own else f"أول من نشر الحدث: {coverage.first_reporter}"
    return Evidence("first_reporter", 0.0, detail)
