"""The hub's single source of time and timers.

Everything that reads the time or schedules something (state timestamps, timers, delays,
the demo simulation, automations later) goes through a ``Clock``. Production uses
``WallClock``; tests and simulations use ``ManualClock`` and advance it explicitly, so a
week of boiler behaviour runs in milliseconds and no test ever sleeps.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

_LOGGER = logging.getLogger(__name__)

# A wall-clock timer may fire this much early (loop granularity) and still count as due.
_EARLY_TOLERANCE = 0.0005


class Timer:
    """A scheduled callback; ``cancel()`` is safe to call at any time, any number of times."""

    __slots__ = ("_args", "_callback", "_clock", "_handle", "cancelled", "when")

    def __init__(
        self, clock: Clock, when: float, callback: Callable[..., Any], args: tuple[Any, ...]
    ) -> None:
        self._clock = clock
        self.when = when
        self._callback = callback
        self._args = args
        self._handle: asyncio.TimerHandle | None = None
        self.cancelled = False

    def cancel(self) -> None:
        """Stop the timer from firing."""
        if self.cancelled:
            return
        self.cancelled = True
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._clock._forget(self)

    def _run(self) -> None:
        self.cancelled = True
        self._handle = None
        self._clock._forget(self)
        try:
            self._callback(*self._args)
        except Exception:
            _LOGGER.exception("Timer callback %r failed", self._callback)

    def __lt__(self, other: Timer) -> bool:
        return self.when < other.when


class Clock(ABC):
    """Time, time zone and timers for one hub."""

    def __init__(self, time_zone: tzinfo = UTC) -> None:
        self.time_zone = time_zone
        self._timers: set[Timer] = set()

    @abstractmethod
    def time(self) -> float:
        """Now, as epoch seconds."""

    @abstractmethod
    def _schedule(self, timer: Timer) -> None:
        """Arrange for ``timer._run()`` at ``timer.when``."""

    def utcnow(self) -> datetime:
        """Now, as an aware UTC datetime."""
        return datetime.fromtimestamp(self.time(), UTC)

    def now(self) -> datetime:
        """Now, as an aware datetime in the hub's time zone."""
        return datetime.fromtimestamp(self.time(), self.time_zone)

    def call_at(self, when: float, callback: Callable[..., Any], *args: Any) -> Timer:
        """Run ``callback(*args)`` on the loop at epoch time ``when`` (at once if past)."""
        timer = Timer(self, when, callback, args)
        self._timers.add(timer)
        self._schedule(timer)
        return timer

    def call_later(self, delay: float, callback: Callable[..., Any], *args: Any) -> Timer:
        """Run ``callback(*args)`` after ``delay`` seconds."""
        return self.call_at(self.time() + delay, callback, *args)

    async def sleep(self, delay: float) -> None:
        """Wait ``delay`` seconds of this clock's time."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def wake() -> None:
            if not future.done():
                future.set_result(None)

        timer = self.call_later(delay, wake)
        try:
            await future
        finally:
            timer.cancel()

    @property
    def pending_timers(self) -> int:
        """How many timers are scheduled and not yet fired or cancelled."""
        return len(self._timers)

    def cancel_all(self) -> int:
        """Cancel every pending timer (hub stop); returns how many there were."""
        timers = list(self._timers)
        for timer in timers:
            timer.cancel()
        return len(timers)

    def _forget(self, timer: Timer) -> None:
        self._timers.discard(timer)


class WallClock(Clock):
    """Real time. Timers ride the event loop and re-check the wall clock when they fire,
    so a clock step (NTP, suspend) never fires a point-in-time timer early."""

    def __init__(self, loop: asyncio.AbstractEventLoop, time_zone: tzinfo = UTC) -> None:
        super().__init__(time_zone)
        self._loop = loop

    def time(self) -> float:
        return time.time()

    def _schedule(self, timer: Timer) -> None:
        delay = timer.when - time.time()
        timer._handle = self._loop.call_at(self._loop.time() + max(delay, 0.0), self._fire, timer)

    def _fire(self, timer: Timer) -> None:
        if timer.cancelled:
            return
        if time.time() < timer.when - _EARLY_TOLERANCE:
            self._schedule(timer)
            return
        timer._run()


class ManualClock(Clock):
    """Time that moves only when told to. Due timers run in time order as it advances."""

    def __init__(self, start: float | datetime, time_zone: tzinfo = UTC) -> None:
        super().__init__(time_zone)
        self._now = start.timestamp() if isinstance(start, datetime) else float(start)
        self._heap: list[tuple[float, int, Timer]] = []
        self._sequence = itertools.count()

    def time(self) -> float:
        return self._now

    def _schedule(self, timer: Timer) -> None:
        heapq.heappush(self._heap, (timer.when, next(self._sequence), timer))

    async def advance(
        self, seconds: float, settle: Callable[[], Awaitable[Any]] | None = None
    ) -> None:
        """Move time forward by ``seconds``, running due timers in order."""
        await self.advance_to(self._now + seconds, settle)

    async def advance_to(
        self, when: float | datetime, settle: Callable[[], Awaitable[Any]] | None = None
    ) -> None:
        """Move time to ``when``. After each timer fires, ``settle`` (default: a few loop
        turns) lets the work it started finish before the next timer's time is reached."""
        target = when.timestamp() if isinstance(when, datetime) else float(when)
        if target < self._now:
            raise ValueError(f"ManualClock cannot go back from {self._now} to {target}")
        while self._heap and self._heap[0][0] <= target:
            due, _, timer = heapq.heappop(self._heap)
            if timer.cancelled:
                continue
            self._now = max(self._now, due)
            timer._run()
            await _settle(settle)
        self._now = target
        await _settle(settle)


async def _settle(settle: Callable[[], Awaitable[Any]] | None) -> None:
    if settle is not None:
        await settle()
        return
    for _ in range(5):
        await asyncio.sleep(0)
