"""What both scores share: the documented weights, capped counts, and summing evidence into a score."""

from __future__ import annotations

import json
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
