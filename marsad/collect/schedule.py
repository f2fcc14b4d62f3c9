"""When each feed is polled next: from how often it really has new items, clamped, with jitter.

A feed's interval moves halfway towards "the time it took to get one new item" after every
successful poll (a poll with nothing new lengthens it by half), within [MIN_INTERVAL,
MAX_INTERVAL], with ±JITTER so that feeds added together drift apart.  A failing feed waits
ERROR_BASE × 2^(streak-1), at most MAX_BACKOFF, or what Retry-After asked if longer: it backs
off, and it is never dropped.
"""

from __future__ import annotations

import random

MIN_INTERVAL = 5 * 60.0  # no feed is polled more often than every five minutes
MAX_INTERVAL = 24 * 3600.0  # nor less often than once a day
FIRST_INTERVAL = 30 * 60.0
JITTER = 0.1
ERROR_BASE = 15 * 60.0
MAX_BACKOFF = 24 * 3600.0
UNCONDITIONAL_EVERY = 20  # every 20th poll sends no validators: some servers answer 304 wrongly


def next_interval(previous: float, elapsed: float | None, new_items: int) -> float:
    """The feed's next interval (seconds, before jitter).

    >>> next_interval(3600, 3600, 0)    # nothing new: wait longer
    5400.0
    >>> next_interval(3600, 3600, 12)   # twelve new in an hour: poll more often
    1950.0
    >>> next_interval(300, 600, 50)     # never under the floor
    300.0
    """
    previous = previous or FIRST_INTERVAL
    target = (previous + elapsed / new_items) / 2 if new_items > 0 and elapsed else previous * 1.5
    return min(MAX_INTERVAL, max(MIN_INTERVAL, target))


def error_delay(streak: int, retry_after: float | None = None) -> float:
    """How long a feed that failed ``streak`` times in a row waits.

    >>> [error_delay(n) / 60 for n in (1, 2, 3)]
    [15.0, 30.0, 60.0]
    >>> error_delay(30) / 3600
    24.0
    """
    delay = min(MAX_BACKOFF, ERROR_BASE * 2 ** min(streak - 1, 16))
    return max(delay, min(retry_after or 0.0, MAX_BACKOFF))


def jittered(seconds: float, rng: random.Random) -> float:
    return seconds * (1 + rng.uniform(-JITTER, JITTER))
