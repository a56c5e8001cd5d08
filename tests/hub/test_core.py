"""Hub lifecycle: states and events in order, clean and bounded shutdown."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from hub.clock import ManualClock
from hub.const import (
    EVENT_HUB_CLOSE,
    EVENT_HUB_FINAL_WRITE,
    EVENT_HUB_START,
    EVENT_HUB_STARTED,
    EVENT_HUB_STOP,
)
from hub.core import CoreState, Hub
from hub.events import Event


async def test_lifecycle_states_and_events(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)
    seen: list[tuple[str, CoreState]] = []
    for event_type in (
        EVENT_HUB_START,
        EVENT_HUB_STARTED,
        EVENT_HUB_STOP,
        EVENT_HUB_FINAL_WRITE,
        EVENT_HUB_CLOSE,
    ):
        hub.bus.listen(event_type, lambda e: seen.append((e.event_type, hub.state)))
    assert hub.state is CoreState.NOT_RUNNING
    await hub.start()
    assert hub.state is CoreState.RUNNING
    await hub.stop()
    assert hub.state is CoreState.STOPPED
    assert seen == [
        (EVENT_HUB_START, CoreState.STARTING),
        (EVENT_HUB_STARTED, CoreState.RUNNING),
        (EVENT_HUB_STOP, CoreState.STOPPING),
        (EVENT_HUB_FINAL_WRITE, CoreState.FINAL_WRITE),
        (EVENT_HUB_CLOSE, CoreState.FINAL_WRITE),
    ]


async def test_stop_waits_for_stop_listeners(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)
    done: list[str] = []

    async def on_stop(event: Event) -> None:
        await asyncio.sleep(0.01)
        done.append("flushed")

    hub.bus.listen(EVENT_HUB_STOP, on_stop)
    await hub.stop()
    assert done == ["flushed"]


async def test_stop_is_bounded_and_cancels_stuck_work(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)

    async def stuck() -> None:
        await asyncio.Event().wait()

    hub.create_task(stuck(), "stuck")
    hub.create_background_task(stuck(), "forever")
    clock.call_later(3600, lambda: None)
    started = time.monotonic()
    await hub.stop()
    assert time.monotonic() - started < 5
    assert clock.pending_timers == 0


async def test_executor_threads_end_at_stop(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)
    assert await hub.add_executor_job(
        lambda: threading.current_thread().name.startswith("hub-executor")
    )
    await hub.stop()
    assert not [
        t for t in threading.enumerate() if t.name.startswith("hub-executor") and t.is_alive()
    ]


async def test_second_stop_waits_for_the_first(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)
    await asyncio.gather(hub.stop(1), hub.stop(2))
    assert hub.exit_code == 1
    assert hub.state is CoreState.STOPPED


async def test_request_stop_from_callback(tmp_path: Path, clock: ManualClock) -> None:
    hub = Hub(tmp_path, clock=clock)
    await hub.start()
    hub.request_stop(3)
    assert await asyncio.wait_for(hub.wait_stopped(), 5) == 3
