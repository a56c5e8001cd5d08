"""The household's hot-water use as tap events by local time of day.

The EU tapping cycles M and L (Regulation 814/2013 / EN 16147, devices.md §7.5) are the
reference loads labels are measured with, so a simulated tank on them can be checked
against published figures. The ``family`` profile is built from them: weekdays are cycle M
plus a second morning shower, weekends are cycle L with the morning moved later, and a
seeded random jitter of time and size keeps days from being identical while staying
reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from components.demo.daily_schedule import DailySchedule
from components.demo.water_tank import WATER_HEAT_CAPACITY_WH_PER_L_K


class TapKind(StrEnum):
    SMALL = "small"
    SHOWER = "shower"
    BATH = "bath"
    DISHWASHING = "dishwashing"


@dataclass(frozen=True, slots=True)
class Tap:
    """One line of a tapping cycle: when (local clock), how much useful energy, how fast."""

    clock: time
    energy_wh: float
    flow_l_min: float
    rise_k: float
    """Required rise over cold water; sets the volume the energy corresponds to."""
    kind: TapKind


@dataclass(frozen=True, slots=True)
class TapEvent:
    """A tap on a given day: the tank delivers ``energy_wh`` above cold water at ``at``."""

    at: datetime
    energy_wh: float
    flow_l_min: float
    rise_k: float
    kind: TapKind

    @property
    def volume_l(self) -> float:
        """Water through the tap (hot and cold mixed) at the required rise."""
        return self.energy_wh / (WATER_HEAT_CAPACITY_WH_PER_L_K * self.rise_k)

    @property
    def duration_s(self) -> float:
        return self.volume_l / self.flow_l_min * 60.0


def _small(clock: str) -> Tap:
    return Tap(time.fromisoformat(clock), 105.0, 3.0, 30.0, TapKind.SMALL)


def _shower(clock: str) -> Tap:
    return Tap(time.fromisoformat(clock), 1400.0, 6.0, 30.0, TapKind.SHOWER)


def _bath(clock: str) -> Tap:
    return Tap(time.fromisoformat(clock), 3605.0, 10.0, 30.0, TapKind.BATH)


def _dishes(clock: str, energy_wh: float) -> Tap:
    return Tap(time.fromisoformat(clock), energy_wh, 4.0, 45.0, TapKind.DISHWASHING)


TAPPING_CYCLE_M: tuple[Tap, ...] = (
    _small("07:00"),
    _shower("07:05"),
    *(_small(c) for c in ("07:30", "08:01", "08:15", "08:30", "08:45", "09:00", "09:30")),
    *(_small(c) for c in ("10:30", "11:30", "11:45")),
    _dishes("12:45", 315.0),
    *(_small(c) for c in ("14:30", "15:30", "16:30", "18:00", "18:15", "18:30", "19:00")),
    _dishes("20:30", 735.0),
    _small("21:15"),
    _shower("21:30"),
)
"""Cycle M: 23 taps, 5.845 kWh a day."""

TAPPING_CYCLE_L: tuple[Tap, ...] = (
    _small("07:00"),
    _shower("07:05"),
    _small("07:30"),
    _small("07:45"),
    _bath("08:05"),
    *(_small(c) for c in ("08:25", "08:30", "08:45", "09:00", "09:30", "10:30", "11:30")),
    _small("11:45"),
    _dishes("12:45", 315.0),
    *(_small(c) for c in ("14:30", "15:30", "16:30", "18:00", "18:15", "18:30", "19:00")),
    _dishes("20:30", 735.0),
    _bath("21:00"),
    _small("21:30"),
)
"""Cycle L: 24 taps, 11.655 kWh a day."""

PROFILE_NAMES = ("M", "L", "family")

_WEEKEND_MORNING_DELAY = timedelta(minutes=75)
_JITTER_S = 480
_SIZE_SPREAD = 0.12


def _at(day: date, clock: time, time_zone: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=time_zone)


def _event(tap: Tap, at: datetime, energy_wh: float | None = None) -> TapEvent:
    return TapEvent(
        at=at,
        energy_wh=tap.energy_wh if energy_wh is None else energy_wh,
        flow_l_min=tap.flow_l_min,
        rise_k=tap.rise_k,
        kind=tap.kind,
    )


class DrawProfile:
    """Hot-water taps of one household, day by day, queried by time window."""

    def __init__(self, name: str, schedule: DailySchedule[TapEvent]) -> None:
        self._name = name
        self._schedule = schedule

    @classmethod
    def tapping_cycle(cls, name: str, cycle: Sequence[Tap], time_zone: tzinfo) -> DrawProfile:
        """The same taps every day, exactly as the cycle lists them."""

        def plan_day(day: date) -> list[TapEvent]:
            return [_event(tap, _at(day, tap.clock, time_zone)) for tap in cycle]

        return cls(name, DailySchedule(time_zone, plan_day))

    @classmethod
    def family(cls, time_zone: tzinfo, seed: int) -> DrawProfile:
        """Four people: M plus a second shower on weekdays, a later L at weekends."""

        def plan_day(day: date) -> list[TapEvent]:
            rng = random.Random(f"family-taps:{seed}:{day.isoformat()}")
            events = []
            for tap in _family_taps(day, rng):
                at = _at(day, tap.clock, time_zone) + timedelta(
                    seconds=rng.randint(-_JITTER_S, _JITTER_S)
                )
                scale = rng.uniform(1.0 - _SIZE_SPREAD, 1.0 + _SIZE_SPREAD)
                events.append(_event(tap, at, round(tap.energy_wh * scale, 1)))
            return events

        return cls("family", DailySchedule(time_zone, plan_day))

    @classmethod
    def named(cls, name: str, time_zone: tzinfo, seed: int = 0) -> DrawProfile:
        """Build one of ``PROFILE_NAMES`` (what a config file or UI would pick)."""
        if name == "M":
            return cls.tapping_cycle("M", TAPPING_CYCLE_M, time_zone)
        if name == "L":
            return cls.tapping_cycle("L", TAPPING_CYCLE_L, time_zone)
        if name == "family":
            return cls.family(time_zone, seed)
        raise ValueError(f"unknown draw profile {name!r}; choose one of {PROFILE_NAMES}")

    @property
    def name(self) -> str:
        return self._name

    def taps_between(self, start: datetime, end: datetime) -> list[TapEvent]:
        """Taps with ``start <= at < end``: consecutive windows never repeat a tap."""
        return self._schedule.between(start, end)

    def taps_on(self, day: date) -> list[TapEvent]:
        """All taps planned for a local date."""
        return self._schedule.on(day)


def _family_taps(day: date, rng: random.Random) -> list[Tap]:
    if day.weekday() >= 5:
        noon = time(12, 0)
        return [
            replace(tap, clock=_later(tap.clock, _WEEKEND_MORNING_DELAY))
            if tap.clock < noon
            else tap
            for tap in TAPPING_CYCLE_L
        ]
    taps = list(TAPPING_CYCLE_M)
    if rng.random() < 0.85:
        taps.append(_shower("06:40"))
    return taps


def _later(clock: time, delay: timedelta) -> time:
    moved = datetime.combine(date(2000, 1, 1), clock) + delay
    return moved.time()
