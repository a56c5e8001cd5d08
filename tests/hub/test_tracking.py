"""Timers and state tracking: fire at the right times, cancel cleanly."""

from __future__ import annotations

from datetime import datetime, timedelta

from hub.clock import ManualClock
from hub.core import Hub
from hub.events import Event
from hub.tracking import call_later, track_point_in_time, track_state_change, track_time_interval


async def test_point_in_time(hub: Hub, clock: ManualClock) -> None:
    fired: list[datetime] = []
    target = clock.utcnow() + timedelta(minutes=5)
    track_point_in_time(hub, fired.append, target)
    await clock.advance(299)
    assert fired == []
    await clock.advance(1)
    assert fired == [target]


async def test_interval_fires_on_grid_and_cancels(hub: Hub, clock: ManualClock) -> None:
    start = clock.time()
    fired: list[float] = []
    cancel = track_time_interval(
        hub, lambda now: fired.append(now.timestamp()), timedelta(seconds=10)
    )
    await clock.advance(35)
    assert fired == [start + 10, start + 20, start + 30]
    cancel()
    cancel()
    await clock.advance(100)
    assert len(fired) == 3
    assert clock.pending_timers == 0


async def test_interval_with_async_callback(hub: Hub, clock: ManualClock) -> None:
    fired: list[float] = []

    async def tick(now: datetime) -> None:
        fired.append(now.timestamp())

    cancel = track_time_interval(hub, tick, timedelta(seconds=1))
    await clock.advance(3, settle=hub.block_till_done)
    assert len(fired) == 3
    cancel()


async def test_call_later_cancel(hub: Hub, clock: ManualClock) -> None:
    fired: list[datetime] = []
    cancel = call_later(hub, 5, fired.append)
    cancel()
    await clock.advance(10)
    assert fired == []


async def test_state_change_tracking_by_entity(hub: Hub) -> None:
    seen: list[str] = []

    def on_change(event: Event) -> None:
        seen.append(f"{event.data['entity_id']}={event.data['new_state'].state}")

    cancel = track_state_change(hub, ["sensor.a", "sensor.b"], on_change)
    hub.states.set("sensor.a", "1")
    hub.states.set("sensor.c", "1")
    hub.states.set("sensor.b", "2")
    cancel()
    hub.states.set("sensor.a", "3")
    assert seen == ["sensor.a=1", "sensor.b=2"]
    # The shared state_changed listener is gone once nothing is tracked.
    assert "state_changed" not in hub.bus.listener_counts()


async def test_two_trackers_on_one_entity_cancel_independently(hub: Hub) -> None:
    first: list[str] = []
    second: list[str] = []
    cancel_first = track_state_change(
        hub, "sensor.a", lambda e: first.append(e.data["new_state"].state)
    )
    track_state_change(hub, "sensor.a", lambda e: second.append(e.data["new_state"].state))
    hub.states.set("sensor.a", "1")
    cancel_first()
    hub.states.set("sensor.a", "2")
    assert first == ["1"]
    assert second == ["1", "2"]
