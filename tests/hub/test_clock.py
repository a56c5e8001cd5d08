"""Clocks: manual time runs timers in order; wall-clock timers never fire early."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hub.clock import ManualClock, WallClock


async def test_manual_clock_runs_due_timers_in_time_order(clock: ManualClock) -> None:
    fired: list[tuple[str, float]] = []
    start = clock.time()
    clock.call_later(10, lambda: fired.append(("b", clock.time())))
    clock.call_later(5, lambda: fired.append(("a", clock.time())))
    clock.call_later(30, lambda: fired.append(("c", clock.time())))
    await clock.advance(20)
    assert fired == [("a", start + 5), ("b", start + 10)]
    assert clock.time() == start + 20
    assert clock.pending_timers == 1


async def test_cancelled_timer_does_not_fire(clock: ManualClock) -> None:
    fired: list[int] = []
    timer = clock.call_later(1, lambda: fired.append(1))
    timer.cancel()
    timer.cancel()
    await clock.advance(5)
    assert fired == []
    assert clock.pending_timers == 0


async def test_timer_scheduled_by_a_timer_fires_in_the_same_advance(clock: ManualClock) -> None:
    fired: list[float] = []

    def first() -> None:
        fired.append(clock.time())
        clock.call_later(1, lambda: fired.append(clock.time()))

    clock.call_later(1, first)
    start = clock.time()
    await clock.advance(10)
    assert fired == [start + 1, start + 2]


async def test_manual_clock_cannot_go_back(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="cannot go back"):
        await clock.advance_to(clock.time() - 1)


async def test_sleep_on_manual_clock(clock: ManualClock) -> None:
    woke: list[float] = []

    async def sleeper() -> None:
        await clock.sleep(30)
        woke.append(clock.time())

    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0)  # let the sleeper schedule its timer
    await clock.advance(29)
    assert woke == []
    await clock.advance(1)
    await task
    assert woke == [clock.time()]


async def test_local_time_uses_time_zone() -> None:
    clock = ManualClock(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), ZoneInfo("Europe/Amsterdam"))
    assert clock.now().hour == 14
    assert clock.utcnow().hour == 12


async def test_wall_clock_timer_fires_and_cancel_all() -> None:
    clock = WallClock(asyncio.get_running_loop())
    fired = asyncio.Event()
    when = time.time() + 0.02
    clock.call_at(when, fired.set)
    clock.call_later(3600, lambda: None)
    await asyncio.wait_for(fired.wait(), 2)
    assert time.time() >= when - 0.001
    assert clock.cancel_all() == 1
    assert clock.pending_timers == 0


async def test_timer_exception_is_logged_not_raised(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("timer boom")

    clock.call_later(1, broken)
    await clock.advance(2)
    assert "timer boom" in caplog.text
