"""A smooth-looking power curve that can still be integrated exactly.

Base load and PV output are defined by values at knots every five minutes on the UTC
grid and are linear in between. Linear pieces give an exact energy integral over any
interval and an exact import/export split at the moment net power crosses zero, which is
what makes the meters independent of the simulation step. Knots are produced one UTC day
at a time by a pure function of the day number (seeded per day), so every query order
sees the same values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

KNOT_INTERVAL_S = 300
KNOTS_PER_DAY = 86400 // KNOT_INTERVAL_S

_CACHED_DAYS = 4


class KnotSeries:
    """Piecewise-linear values on a fixed epoch-aligned grid, generated per UTC day."""

    def __init__(self, knots_for_day: Callable[[int], Sequence[float]]) -> None:
        """``knots_for_day(n)`` returns the ``KNOTS_PER_DAY`` values of UTC day ``n``
        (days since 1970-01-01), the first one at midnight UTC."""
        self._knots_for_day = knots_for_day
        self._days: dict[int, Sequence[float]] = {}
        self._piece = (-1, 0.0, 0.0)  # (index, value at knot, value at next knot)

    def value_at(self, timestamp: float) -> float:
        index = math.floor(timestamp / KNOT_INTERVAL_S)
        share = (timestamp - index * KNOT_INTERVAL_S) / KNOT_INTERVAL_S
        cached_index, before, after = self._piece
        if cached_index != index:  # the hub asks about the same 5 minutes many times
            before, after = self._knot(index), self._knot(index + 1)
            self._piece = (index, before, after)
        return before + (after - before) * share

    @staticmethod
    def next_knot_after(timestamp: float) -> float:
        """The next grid instant strictly after ``timestamp``: where the slope changes."""
        return float((math.floor(timestamp / KNOT_INTERVAL_S) + 1) * KNOT_INTERVAL_S)

    def _knot(self, index: int) -> float:
        day, position = divmod(index, KNOTS_PER_DAY)
        values = self._days.get(day)
        if values is None:
            values = self._knots_for_day(day)
            if len(values) != KNOTS_PER_DAY:
                raise ValueError(f"expected {KNOTS_PER_DAY} knots for day {day}, got {len(values)}")
            if len(self._days) >= _CACHED_DAYS:
                del self._days[next(iter(self._days))]
            self._days[day] = values
        return values[position]
