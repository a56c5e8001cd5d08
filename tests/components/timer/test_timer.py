"""timer: states, attributes, events, finishing on the hub clock, change, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hub.clock import ManualClock
from hub.core import Hub
from hub.exceptions import ServiceValidationError
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
timer:
  boost:
    name: Boost
    duration: "00:10:00"
    icon: mdi:fire
  kept:
    duration: 60
    restore: true
  zero:
"""
BOOST = {"entity_id": "timer.boost"}
EVENTS = ("started", "restarted", "paused", "cancelled", "changed", "finished")


def _record(hub: Hub) -> list[tuple[str, dict[str, Any]]]:
    seen: list[tuple[str, dict[str, Any]]] = []
    for name in EVENTS:
        hub.bus.listen(
            f"timer.{name}",
            lambda event: seen.append((event.event_type, dict(event.data))),
        )
    return seen


async def _call(hub: Hub, service: str, **data: Any) -> None:
    await hub.services.call("timer", service, {**BOOST, **data}, blocking=True)


def _attributes(hub: Hub, entity_id: str = "timer.boost") -> dict[str, Any]:
    state = hub.states.get(entity_id)
    assert state is not None
    return dict(state.attributes)


async def test_idle_state_and_attributes(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    assert hub.states.is_state("timer.boost", "idle")
    assert _attributes(hub) == {
        "duration": "0:10:00",
        "editable": False,
        "friendly_name": "Boost",
        "icon": "mdi:fire",
    }
    assert _attributes(hub, "timer.kept") == {
        "duration": "0:01:00",
        "editable": False,
        "restore": True,
    }
    assert _attributes(hub, "timer.zero")["duration"] == "0:00:00"


async def test_runs_to_the_end_on_the_hub_clock(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    events = _record(hub)
    await _call(hub, "start")
    assert hub.states.is_state("timer.boost", "active")
    assert _attributes(hub)["finishes_at"] == "2026-01-15T12:10:00+00:00"
    assert _attributes(hub)["remaining"] == "0:10:00"
    assert events == [("timer.started", {"entity_id": "timer.boost"})]
    await clock.advance(599)
    assert hub.states.is_state("timer.boost", "active")
    await clock.advance(1)
    assert hub.states.is_state("timer.boost", "idle")
    assert "finishes_at" not in _attributes(hub)
    assert "remaining" not in _attributes(hub)
    assert events[-1] == (
        "timer.finished",
        {"entity_id": "timer.boost", "finished_at": "2026-01-15T12:10:00+00:00"},
    )


async def test_pause_resume_restart_cancel_finish(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    events = _record(hub)
    await _call(hub, "start")
    await clock.advance(120)
    await _call(hub, "pause")
    assert hub.states.is_state("timer.boost", "paused")
    assert _attributes(hub)["remaining"] == "0:08:00"
    assert "finishes_at" not in _attributes(hub)
    await clock.advance(3600)  # paused: nothing happens
    assert hub.states.is_state("timer.boost", "paused")
    await _call(hub, "start")  # resume
    assert _attributes(hub)["finishes_at"] == "2026-01-15T13:10:00+00:00"
    await _call(hub, "cancel")
    assert hub.states.is_state("timer.boost", "idle")
    await _call(hub, "cancel")  # idle: nothing to cancel, no event
    await _call(hub, "finish")  # idle: nothing to finish
    await _call(hub, "start")
    await clock.advance(60)
    await _call(hub, "start")  # restart while running: the full duration again
    assert _attributes(hub)["finishes_at"] == "2026-01-15T13:13:00+00:00"
    await _call(hub, "finish")
    assert hub.states.is_state("timer.boost", "idle")
    assert [name for name, _ in events] == [
        "timer.started",
        "timer.paused",
        "timer.restarted",
        "timer.cancelled",
        "timer.started",
        "timer.restarted",
        "timer.finished",
    ]
    await clock.advance(700)  # the cancelled and finished runs leave no timer behind
    assert len(events) == 7


async def test_custom_duration_is_for_one_run(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "start", duration="00:00:30")
    assert _attributes(hub)["duration"] == "0:00:30"
    assert _attributes(hub)["remaining"] == "0:00:30"
    await clock.advance(30)
    assert hub.states.is_state("timer.boost", "idle")
    assert _attributes(hub)["duration"] == "0:10:00"


async def test_change(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    events = _record(hub)
    with pytest.raises(ServiceValidationError, match="not running"):
        await _call(hub, "change", duration=60)
    await _call(hub, "start")
    await clock.advance(300)
    await _call(hub, "change", duration=120)
    assert _attributes(hub)["finishes_at"] == "2026-01-15T12:12:00+00:00"
    assert _attributes(hub)["remaining"] == "0:07:00"
    assert events[-1] == ("timer.changed", {"entity_id": "timer.boost"})
    await _call(hub, "change", duration="-00:05:00")
    assert _attributes(hub)["finishes_at"] == "2026-01-15T12:07:00+00:00"
    with pytest.raises(ServiceValidationError, match="beyond its duration"):
        await _call(hub, "change", duration="00:09:00")
    with pytest.raises(ServiceValidationError, match="negative"):
        await _call(hub, "change", duration=-600)
    await clock.advance(120)
    assert hub.states.is_state("timer.boost", "idle")
    assert events[-1][1]["finished_at"] == "2026-01-15T12:07:00+00:00"


async def test_restore_only_with_restore_true(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "start")
    await hub.services.call("timer", "start", {"entity_id": "timer.kept"}, blocking=True)
    await clock.advance(20)
    await hub.stop()
    await clock.advance(10)  # the hub is down for 10 s

    hub2 = await make_hub(CONFIG)
    events = _record(hub2)
    assert hub2.states.is_state("timer.boost", "idle")  # no restore
    assert hub2.states.is_state("timer.kept", "active")
    assert _attributes(hub2, "timer.kept")["finishes_at"] == "2026-01-15T12:01:00+00:00"
    await clock.advance(30)
    assert hub2.states.is_state("timer.kept", "idle")
    assert events == [
        (
            "timer.finished",
            {"entity_id": "timer.kept", "finished_at": "2026-01-15T12:01:00+00:00"},
        )
    ]


async def test_restored_paused_and_overdue_timers(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG.replace("duration: 60", "duration: 600"))
    await hub.services.call("timer", "start", {"entity_id": "timer.kept"}, blocking=True)
    await clock.advance(100)
    await hub.services.call("timer", "pause", {"entity_id": "timer.kept"}, blocking=True)
    await hub.stop()
    hub2 = await make_hub(CONFIG.replace("duration: 60", "duration: 600"))
    assert hub2.states.is_state("timer.kept", "paused")
    assert _attributes(hub2, "timer.kept")["remaining"] == "0:08:20"
    await hub2.services.call("timer", "start", {"entity_id": "timer.kept"}, blocking=True)
    await hub2.stop()
    await clock.advance(3600)  # down past its end

    hub3 = await make_hub(CONFIG.replace("duration: 60", "duration: 600"))
    events = _record(hub3)
    assert hub3.states.is_state("timer.kept", "active")  # finishes once the hub runs
    await hub3.start()
    assert hub3.states.is_state("timer.kept", "idle")
    assert events == [
        (
            "timer.finished",
            {"entity_id": "timer.kept", "finished_at": "2026-01-15T12:10:00+00:00"},
        )
    ]


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, "timer:\n  a:\n    duration: soon\n")
    assert len(errors) == 1
    assert errors[0].line == 3
    assert "duration" in errors[0].message
    errors = config_errors(config_dir, 'timer:\n  a:\n    duration: "-00:01:00"\n')
    assert "zero or more" in errors[0].message
