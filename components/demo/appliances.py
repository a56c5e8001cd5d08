"""Appliances behind the demo smart plugs, as piecewise-constant power schedules.

Each appliance says what it draws at an instant and when that will next change. Constant
pieces with known edges let the home integrate energy exactly and end its sub-steps on
the edges, so the plug meters do not depend on how often the hub ticks. Edges are
computed from fixed anchors (a program start, an epoch-aligned cycle, a local-day
window) rather than accumulated, so they are always strictly ahead of the time asked.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol


class Appliance(Protocol):
    """What a smart plug needs from the device plugged into it."""

    def power_at(self, timestamp: float) -> float:
        """Draw in W from ``timestamp`` on (the value holds until the next change)."""
        ...

    def next_change_after(self, timestamp: float) -> float:
        """The next instant strictly after ``timestamp`` at which the draw changes."""
        ...

    def activity_at(self, timestamp: float) -> str:
        """A short word for what it is doing, for entity attributes."""
        ...

    def powered(self, timestamp: float) -> None:
        """The plug switched on at ``timestamp``."""
        ...


@dataclass(frozen=True, slots=True)
class ProgramPhase:
    name: str
    seconds: float
    power_w: float


WASHING_PROGRAM: tuple[ProgramPhase, ...] = (
    ProgramPhase("heating", 15 * 60, 2000.0),
    ProgramPhase("washing", 60 * 60, 150.0),
    ProgramPhase("spinning", 10 * 60, 400.0),
)
"""A 40 °C cotton wash: heat the water, tumble, spin; about 0.72 kWh."""


class WashingMachine:
    """Runs its program from the moment the plug is switched on, then idles."""

    def __init__(
        self,
        program: tuple[ProgramPhase, ...] = WASHING_PROGRAM,
        *,
        idle_w: float = 1.5,
        fill_litres: float = 45.0,
    ) -> None:
        self._program = program
        self._idle_w = idle_w
        self.fill_litres = fill_litres
        """Cold water the machine takes in when a program starts."""
        self._edges: tuple[float, ...] = ()
        self._start: float | None = None

    def powered(self, timestamp: float) -> None:
        self._start = timestamp
        edges, elapsed = [], timestamp
        for phase in self._program:
            elapsed += phase.seconds
            edges.append(elapsed)
        self._edges = tuple(edges)

    def power_at(self, timestamp: float) -> float:
        phase = self._phase_at(timestamp)
        return self._idle_w if phase is None else phase.power_w

    def next_change_after(self, timestamp: float) -> float:
        for edge in self._edges:
            if edge > timestamp:
                return edge
        return math.inf

    def activity_at(self, timestamp: float) -> str:
        phase = self._phase_at(timestamp)
        return "idle" if phase is None else phase.name

    def _phase_at(self, timestamp: float) -> ProgramPhase | None:
        if self._start is None or timestamp < self._start:
            return None
        for phase, edge in zip(self._program, self._edges, strict=True):
            if timestamp < edge:
                return phase
        return None


class Fridge:
    """A compressor on a fixed duty cycle, anchored to the epoch so it never drifts."""

    def __init__(
        self,
        *,
        compressor_w: float = 90.0,
        idle_w: float = 1.0,
        on_s: int = 15 * 60,
        period_s: int = 45 * 60,
        seed: int = 0,
    ) -> None:
        if not 0 < on_s < period_s:
            raise ValueError("the compressor needs 0 < on_s < period_s")
        self._compressor_w = compressor_w
        self._idle_w = idle_w
        self._on_s = on_s
        self._period_s = period_s
        self._offset = random.Random(f"fridge:{seed}").randrange(period_s)

    def powered(self, timestamp: float) -> None:
        """The cycle is a property of the fridge's thermal state, not of the plug."""

    def power_at(self, timestamp: float) -> float:
        return self._compressor_w if self._running(timestamp) else self._idle_w

    def next_change_after(self, timestamp: float) -> float:
        cycle_start = self._cycle_start(timestamp)
        stop = cycle_start + self._on_s
        return stop if stop > timestamp else cycle_start + self._period_s

    def activity_at(self, timestamp: float) -> str:
        return "cooling" if self._running(timestamp) else "idle"

    def _cycle_start(self, timestamp: float) -> float:
        cycles = math.floor((timestamp - self._offset) / self._period_s)
        start = float(cycles * self._period_s + self._offset)
        # Float division can land the floor one cycle off; the anchors are exact.
        if start > timestamp:
            start -= self._period_s
        elif start + self._period_s <= timestamp:
            start += self._period_s
        return start

    def _running(self, timestamp: float) -> bool:
        return timestamp < self._cycle_start(timestamp) + self._on_s


@dataclass(frozen=True, slots=True)
class _Piece:
    start: float
    end: float
    watching: bool


class MediaCenter:
    """TV and media box: ~80 W in the evening (longer at weekends), standby otherwise."""

    def __init__(
        self,
        time_zone: tzinfo,
        *,
        watching_w: float = 80.0,
        standby_w: float = 0.5,
        seed: int = 0,
    ) -> None:
        self._time_zone = time_zone
        self._watching_w = watching_w
        self._standby_w = standby_w
        self._seed = seed
        self._piece = _Piece(0.0, 0.0, watching=False)

    def powered(self, timestamp: float) -> None:
        """Viewing habits do not depend on when the plug was switched."""

    def power_at(self, timestamp: float) -> float:
        return self._watching_w if self._piece_at(timestamp).watching else self._standby_w

    def next_change_after(self, timestamp: float) -> float:
        return self._piece_at(timestamp).end

    def activity_at(self, timestamp: float) -> str:
        return "watching" if self._piece_at(timestamp).watching else "standby"

    def viewing_window(self, day: date) -> tuple[float, float]:
        """Start and end (timestamps) of the evening's viewing on a local date."""
        rng = random.Random(f"media:{self._seed}:{day.isoformat()}")
        first, last = (
            (time(15, 30), time(23, 15)) if day.weekday() >= 5 else (time(19, 0), time(22, 45))
        )
        start = datetime.combine(day, first, tzinfo=self._time_zone)
        end = datetime.combine(day, last, tzinfo=self._time_zone)
        start += timedelta(minutes=rng.randint(-30, 30))
        end += timedelta(minutes=rng.randint(-30, 20))
        return start.timestamp(), end.timestamp()

    def _piece_at(self, timestamp: float) -> _Piece:
        piece = self._piece
        if piece.start <= timestamp < piece.end:
            return piece
        day = datetime.fromtimestamp(timestamp, UTC).astimezone(self._time_zone).date()
        # Standby, watching, standby, ... from yesterday's evening to tomorrow's.
        edges = [-math.inf]
        for offset in (-1, 0, 1):
            edges.extend(self.viewing_window(day + timedelta(days=offset)))
        edges.append(math.inf)
        index = bisect.bisect_right(edges, timestamp) - 1
        piece = _Piece(edges[index], edges[index + 1], watching=index % 2 == 1)
        self._piece = piece
        return piece
