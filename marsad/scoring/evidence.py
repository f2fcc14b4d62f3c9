"""What both scores share: the documented weights, capped counts, and summing evidence into a score."""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any

from marsad.model import Evidence, Score


@cache
def weights() -> dict[str, Any]:
    """``data/weights.json``: every signal's weight and the reason for it."""
    text = resources.files("marsad.scoring").joinpath("data").joinpath("weights.json").read_text("utf-8")
    return json.loads(text)


def capped(count: int, per_item: float, cap: float) -> float:
    """``count`` items at ``per_item`` each, never beyond ``cap`` (a cap has the sign of per_item)."""
    total = count * per_item
    return float(max(total, cap) if per_item < 0 else min(total, cap))


def at_most(count: int, rule: dict[str, Any], noun: str, first: int = 0, case: str = "nom") -> str:
    """``count`` in words, up to where ``rule``'s cap is reached, then "N or more": the detail of a
    capped signal says no more than its effect does, so it stays true as the count grows.
    ``first``: items that earn nothing (the event's first outlet)."""
    from marsad.text.counting import counted

    full = first + math.ceil(rule["cap"] / rule["per_item"])
    if count < full:
        return counted(count, noun, case)  # type: ignore[arg-type]
    return f"{counted(full, noun, case)} أو أكثر"  # type: ignore[arg-type]


def refreshed(score_name: str, score: Score, signals: frozenset[str], evidence: list[Evidence]) -> Score:
    """``score`` with the evidence of ``signals`` replaced by ``evidence``: the article's own evidence
    is kept as it was computed, so re-scoring an event's members reads no text."""
    own = [e for e in score.evidence if e.signal not in signals and e.signal not in ("base", "clamp")]
    return assemble(score_name, own + evidence)


def assemble(score_name: str, evidence: list[Evidence]) -> Score:
    """Base + evidence, clamped to 0..100; the clamp, when needed, is an evidence item too.

    Every effect is a whole number, so the effects of the returned score sum exactly to it.
    """
    base = weights()[score_name]["base"]["value"]
    items = [Evidence("base", float(base), "نقطة البداية لكل مقال"), *evidence]
    items = [Evidence(e.signal, float(round(e.effect)), e.detail) for e in items]
    total = sum(e.effect for e in items)
    if total > 100 or total < 0:
        bound = 100 if total > 100 else 0
        items.append(Evidence("clamp", float(bound - total), f"الدرجة محصورة بين 0 و100 (المجموع {total:g})"))
        total = bound
    return Score(int(total), tuple(items))


def listing(names: list[str], limit: int = 4) -> str:
    """A short Arabic list of names: "أ، ب، ج واسمان آخران"."""
    from marsad.text.counting import counted

    shown = "، ".join(names[:limit])
    return shown + (f" و{counted(len(names) - limit, 'اسم آخر')}" if len(names) > limit else "")
