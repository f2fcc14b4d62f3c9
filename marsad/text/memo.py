"""A bounded memo for per-word results, looked up from C (``map(memo.__getitem__, words)``).

``functools.lru_cache`` costs a Python-level call and LRU bookkeeping per
lookup; the tokeniser and ``terms`` look up every word of every article, and
news vocabulary is Zipfian, so a plain dict that computes what is missing and
starts over when full keeps nearly every hit at the price of a dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from marsad.config import WORD_CACHE

V = TypeVar("V")

# Distinct words kept per memo before it starts over (config.WORD_CACHE): the words
# a news stream repeats, a few tens of MB at most.
DEFAULT_LIMIT = WORD_CACHE
_ALL: list[Memo] = []


class Memo(dict[str, V], Generic[V]):
    """``memo[key]`` is ``compute(key)``, computed once; the memo empties itself past ``limit`` keys.

    Example:
        >>> lengths = Memo(len)
        >>> lengths["مرصد"], len(lengths)
        (4, 1)
    """

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[str], V], limit: int = DEFAULT_LIMIT) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit
        _ALL.append(self)

    def __missing__(self, key: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.compute(key)
        return value


def clear_all() -> None:
    """Empty every memo (for a benchmark's cold pass, or after the word lists change)."""
    for memo in _ALL:
        memo.clear()
