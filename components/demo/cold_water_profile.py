"""Cold-water use of the simulated household: toilet flushes and kitchen taps.

The water meter sees more than the hot taps: in a Dutch household the toilet alone is
about a quarter of the ~120 L per person per day. Events are planned per local day with a
seeded generator, like the hot-water profile, so any step size sees each event once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from components.demo.daily_schedule import DailySchedule

_WAKING_START = time(6, 30)
_WAKING_HOURS = 16.5


class WaterUseKind(StrEnum):
    TOILET_FLUSH = "toilet_flush"
    KITCHEN_TAP = "kitchen_tap"


@dataclass(frozen=True, slots=True)
class WaterUse:
    """Cold water taken at one instant."""

    at: datetime
    litres: float
    kind: WaterUseKind


class ColdWaterProfile:
    """Flushes (6 L full, 3 L eco) and kitchen taps for ``persons`` people, day by day."""

    def __init__(self, time_zone: tzinfo, seed: int, persons: int = 4) -> None:
        if persons < 1:
            raise ValueError(f"persons must be >= 1, got {persons}")
        self._persons = persons
        self._seed = seed
        self._schedule = DailySchedule(time_zone, self._plan_day)

    def uses_between(self, start: datetime, end: datetime) -> list[WaterUse]:
        """Uses with ``start <= at < end``."""
        return self._schedule.between(start, end)

    def uses_on(self, day: date) -> list[WaterUse]:
        return self._schedule.on(day)

    def _plan_day(self, day: date) -> list[WaterUse]:
        rng = random.Random(f"cold-water:{self._seed}:{day.isoformat()}")
        zone = self._schedule.time_zone
        waking = datetime.combine(day, _WAKING_START, tzinfo=zone)
        uses: list[WaterUse] = []
        for _ in range(self._persons):
            for _ in range(rng.randint(4, 6)):
                at = waking + timedelta(seconds=rng.randint(0, int(_WAKING_HOURS * 3600)))
                litres = 6.0 if rng.random() < 0.4 else 3.0
                uses.append(WaterUse(at, litres, WaterUseKind.TOILET_FLUSH))
            for _ in range(3):
                at = waking + timedelta(seconds=rng.randint(1800, int(_WAKING_HOURS * 3600)))
                uses.append(WaterUse(at, round(rng.uniform(0.3, 2.5), 2), WaterUseKind.KITCHEN_TAP))
        if rng.random() < 0.3:
            night = datetime.combine(day, time(3, 0), tzinfo=zone)
            at = night + timedelta(seconds=rng.randint(0, 7200))
            uses.append(WaterUse(at, 6.0, WaterUseKind.TOILET_FLUSH))
        return uses
