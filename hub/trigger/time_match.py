"""The next moment whose local wall-clock time matches hours/minutes/seconds, across
daylight-saving changes, and timers built on it.

Home Assistant's rules: a wall time that does not exist on the day clocks go forward
(02:30 in Europe/Amsterdam on the last Sunday of March) is skipped that day; a wall
time that happens twice when clocks go back matches both times. The search walks spans
of constant UTC offset: within a span the wall clock runs evenly, so the match is
found by arithmetic; when it would fall past the span's end the search continues from
the offset change.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from hub.clock import Timer
    from hub.core import Hub

_MAX_SPANS: Final = 8
_ONE_SECOND: Final = timedelta(seconds=1)


def expand_pattern(value: int | str | None, maximum: int) -> list[int]:
    """``None``/``"*"``: every value; ``"/n"``: every n-th from 0; a number: itself."""
    if value is None or value == "*":
        return list(range(maximum + 1))
    if isinstance(value, str) and value.startswith("/"):
        step = int(value[1:])
        return list(range(0, maximum + 1, step))
    return [int(value)]


def next_match(
    start: datetime, hours: Sequence[int], minutes: Sequence[int], seconds: Sequence[int]
) -> datetime:
    """The first moment at or after ``start`` (aware, in the time zone that matters)
    whose wall time matches; aware in that zone."""
    zone = start.tzinfo
    assert zone is not None
    moment = start
    for _ in range(_MAX_SPANS):
        offset = moment.utcoffset()
        assert offset is not None
        wall = _next_wall(moment.replace(tzinfo=None), hours, minutes, seconds)
        candidate = (wall - offset).replace(tzinfo=UTC).astimezone(zone)
        if candidate.utcoffset() == offset:
            return candidate
        moment = _offset_change(moment, candidate, offset)
    raise ValueError("no matching time found")


def _next_wall(
    wall: datetime, hours: Sequence[int], minutes: Sequence[int], seconds: Sequence[int]
) -> datetime:
    """The first naive wall time at or after ``wall`` (rounded up to the second) that
    matches."""
    if wall.microsecond:
        wall = wall.replace(microsecond=0) + _ONE_SECOND
    for days in range(2):
        day = wall.date() + timedelta(days=days)
        floor = wall.time() if days == 0 else time(0)
        found = _first_time_at_or_after(floor, hours, minutes, seconds)
        if found is not None:
            return datetime.combine(day, found)
    raise ValueError("empty time pattern")


def _first_time_at_or_after(
    floor: time, hours: Sequence[int], minutes: Sequence[int], seconds: Sequence[int]
) -> time | None:
    for hour in hours[bisect.bisect_left(hours, floor.hour) :]:
        same_hour = hour == floor.hour
        start_minute = floor.minute if same_hour else 0
        for minute in minutes[bisect.bisect_left(minutes, start_minute) :]:
            same_minute = same_hour and minute == floor.minute
            start_second = floor.second if same_minute else 0
            index = bisect.bisect_left(seconds, start_second)
            if index < len(seconds):
                return time(hour, minute, seconds[index])
    return None


def _offset_change(low: datetime, high: datetime, offset: timedelta) -> datetime:
    """The first whole second after ``low`` (at ``offset``) and up to ``high`` (not at
    it) where the zone's offset differs."""
    zone = low.tzinfo
    low_ts = math.floor(low.timestamp())
    high_ts = math.ceil(high.timestamp())
    while high_ts - low_ts > 1:
        middle = (low_ts + high_ts) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset:
            low_ts = middle
        else:
            high_ts = middle
    return datetime.fromtimestamp(high_ts, zone)


class PatternTimer:
    """Calls ``callback(local now)`` at every moment matching the pattern (strictly
    after the moment it starts), on the hub's clock and time zone."""

    def __init__(
        self,
        hub: Hub,
        callback: Callable[[datetime], Any],
        hours: Sequence[int],
        minutes: Sequence[int],
        seconds: Sequence[int],
    ) -> None:
        self._hub = hub
        self._callback = callback
        self._pattern = (sorted(hours), sorted(minutes), sorted(seconds))
        self._timer: Timer | None = None
        self._schedule(math.floor(hub.clock.time()) + 1)

    def _schedule(self, after: float) -> None:
        clock = self._hub.clock
        start = datetime.fromtimestamp(after, clock.time_zone)
        when = next_match(start, *self._pattern)
        self._timer = clock.call_at(when.timestamp(), self._fire)

    def _fire(self) -> None:
        clock = self._hub.clock
        now = clock.now()
        self._schedule(math.floor(clock.time()) + 1)
        self._callback(now)

    def cancel(self) -> None:
        """Stop; safe to call more than once."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def track_time_pattern(
    hub: Hub,
    callback: Callable[[datetime], Any],
    hours: Sequence[int],
    minutes: Sequence[int],
    seconds: Sequence[int],
) -> Callable[[], None]:
    """``PatternTimer`` as a cancel function."""
    return PatternTimer(hub, callback, hours, minutes, seconds).cancel
