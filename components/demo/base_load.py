"""Everything in the house not on a metered plug: router, standby, lights, cooking.

A local-time-of-day curve (night ~110 W, a breakfast bump, evening lights and cooking)
times seeded noise, plus the odd kettle. It follows the local clock, so the evening peak
stays at 19:00 across DST changes.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, tzinfo

from components.demo.knot_series import KNOT_INTERVAL_S, KNOTS_PER_DAY, KnotSeries

_WEEKDAY_CURVE = (
    (0.0, 110.0),
    (6.0, 110.0),
    (7.0, 320.0),
    (8.5, 260.0),
    (9.5, 160.0),
    (16.5, 180.0),
    (17.5, 420.0),
    (18.5, 650.0),
    (19.5, 380.0),
    (22.5, 300.0),
    (23.5, 130.0),
    (24.0, 110.0),
)
_WEEKEND_CURVE = (
    (0.0, 120.0),
    (7.5, 120.0),
    (9.0, 380.0),
    (12.0, 260.0),
    (13.0, 330.0),
    (16.5, 240.0),
    (18.0, 700.0),
    (19.5, 420.0),
    (23.0, 320.0),
    (24.0, 120.0),
)
_NOISE = 0.08
_KETTLE_W = 1800.0


def _curve_at(curve: tuple[tuple[float, float], ...], hour: float) -> float:
    for (h0, w0), (h1, w1) in itertools.pairwise(curve):
        if h0 <= hour <= h1:
            return w0 + (w1 - w0) * (hour - h0) / (h1 - h0)
    return curve[-1][1]


class BaseLoad:
    """Background household consumption as an exactly integrable curve."""

    def __init__(self, time_zone: tzinfo, seed: int) -> None:
        self._time_zone = time_zone
        self._seed = seed
        self._series = KnotSeries(self._knots_for_day)

    def power_at(self, timestamp: float) -> float:
        return self._series.value_at(timestamp)

    def next_change_after(self, timestamp: float) -> float:
        return KnotSeries.next_knot_after(timestamp)

    def _knots_for_day(self, day: int) -> list[float]:
        rng = random.Random(f"base-load:{self._seed}:{day}")
        values = []
        for position in range(KNOTS_PER_DAY):
            stamp = day * 86400 + position * KNOT_INTERVAL_S
            local = datetime.fromtimestamp(stamp, UTC).astimezone(self._time_zone)
            hour = local.hour + local.minute / 60.0
            curve = _WEEKEND_CURVE if local.weekday() >= 5 else _WEEKDAY_CURVE
            watts = _curve_at(curve, hour) * max(0.5, rng.gauss(1.0, _NOISE))
            if 6.5 <= hour < 22.0 and rng.random() < 0.02:
                watts += _KETTLE_W
            values.append(round(watts, 1))
        return values
