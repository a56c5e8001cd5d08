"""``homeassistant`` triggers: start (only when attached during start-up) and shutdown."""

from __future__ import annotations

from hub.core import Hub
from tests.hub.trigger.conftest import attach


async def test_start_fires_only_during_start_up(hub: Hub) -> None:
    starting = await attach(
        hub, {"trigger": "homeassistant", "event": "start"}, home_assistant_start=True
    )
    reloaded = await attach(hub, {"trigger": "homeassistant", "event": "start"})
    assert len(reloaded) == 0
    [trigger] = starting.triggers
    assert trigger["platform"] == "homeassistant"
    assert trigger["event"] == "start"
    assert trigger["description"] == "Home Assistant starting"


async def test_shutdown_fires_when_the_hub_stops(hub: Hub) -> None:
    fired = await attach(hub, {"trigger": "homeassistant", "event": "shutdown", "id": "bye"})
    await hub.stop()
    [trigger] = fired.triggers
    assert trigger["id"] == "bye"
    assert trigger["description"] == "Home Assistant stopping"
    assert trigger["event"].event_type == "homeassistant_stop"


async def test_removed_shutdown_trigger_stays_quiet(hub: Hub) -> None:
    fired = await attach(hub, {"trigger": "homeassistant", "event": "shutdown"})
    fired.remove()
    await hub.stop()
    assert len(fired) == 0
