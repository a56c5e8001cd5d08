"""Events planned per local calendar day and read back by absolute time windows.

Household habits are written in local clock time ("shower at 07:05") but a simulation
moves in absolute time with arbitrary step sizes. Each local day is planned once, by a
pure function of the date (so seeded randomness is the same whichever window asks), and a
window query ``[start, end)`` is half-open on absolute time: consecutive windows tile the
time line, so every event is returned exactly once, including on DST days where the
local day is 23 or 25 hours long.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Generic, Protocol, TypeVar


class TimedEvent(Protocol):
    """Anything that happens at one aware instant."""

    @property
    def at(self) -> datetime: ...


EventT = TypeVar("EventT", bound=TimedEvent)

_MARGIN = timedelta(days=1)
"""Days planned on either side of a window, so jitter may move an event over midnight."""


def require_aware(moment: datetime, name: str) -> None:
    """Naive datetimes have no place on an absolute time line; say so early."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}")


class DailySchedule(Generic[EventT]):
    """A lazily planned, cached calendar of events generated one local day at a time."""

    def __init__(
        self,
        time_zone: tzinfo,
        plan_day: Callable[[date], Iterable[EventT]],
        *,
        cached_days: int = 16,
    ) -> None:
        self._time_zone = time_zone
        self._plan_day = plan_day
        self._cached_days = cached_days
        self._days: dict[date, tuple[list[float], list[EventT]]] = {}

    @property
    def time_zone(self) -> tzinfo:
        return self._time_zone

    def on(self, day: date) -> list[EventT]:
        """The events planned for a local date, in time order."""
        return list(self._day(day)[1])

    def between(self, start: datetime, end: datetime) -> list[EventT]:
        """Events with ``start <= at < end``, in time order."""
        require_aware(start, "start")
        require_aware(end, "end")
        start_ts, end_ts = start.timestamp(), end.timestamp()
        if end_ts <= start_ts:
            return []
        first = (start.astimezone(self._time_zone) - _MARGIN).date()
        last = (end.astimezone(self._time_zone) + _MARGIN).date()
        found: list[tuple[float, EventT]] = []
        day = first
        while day <= last:
            stamps, events = self._day(day)
            lo = bisect.bisect_left(stamps, start_ts)
            hi = bisect.bisect_left(stamps, end_ts)
            found.extend(zip(stamps[lo:hi], events[lo:hi], strict=True))
            day += timedelta(days=1)
        found.sort(key=lambda pair: pair[0])
        return [event for _, event in found]

    def _day(self, day: date) -> tuple[list[float], list[EventT]]:
        cached = self._days.get(day)
        if cached is not None:
            return cached
        pairs = sorted(
            ((event.at.timestamp(), event) for event in self._plan_day(day)),
            key=lambda pair: pair[0],
        )
        planned = ([stamp for stamp, _ in pairs], [event for _, event in pairs])
        if len(self._days) >= self._cached_days:
            del self._days[next(iter(self._days))]
        self._days[day] = planned
        return planned
