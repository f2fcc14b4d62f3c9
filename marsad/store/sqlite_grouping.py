"""Tables the grouping stages (dedup, events, stories) look things up in."""

from __future__ import annotations


class GroupingTables:
    """Mixin for SQLiteStore: the lookups of the grouping state (filled in by the grouping work)."""
