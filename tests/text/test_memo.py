"""Memo: computes once, starts over when full, and can be emptied for a cold benchmark pass."""

from __future__ import annotations

from marsad.text.memo import Memo, clear_all


def test_computes_each_key_once() -> None:
    calls: list[str] = []
    memo = Memo(lambda key: calls.append(key) or len(key))
    assert [memo["مرصد"], memo["مرصد"], memo["خبر"]] == [4, 4, 3]
    assert calls == ["مرصد", "خبر"]


def test_starts_over_past_its_limit() -> None:
    memo = Memo(len, limit=2)
    for key in ("a", "bb", "ccc"):
        memo[key]
    assert len(memo) == 1 and memo["ccc"] == 3


def test_clear_all_empties_every_memo() -> None:
    memo = Memo(len)
    memo["خبر"]
    clear_all()
    assert len(memo) == 0
