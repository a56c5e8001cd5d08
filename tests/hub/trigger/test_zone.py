"""Zone triggers: entering and leaving zones, with positions from attributes."""

from __future__ import annotations

import pytest

from hub.core import Hub
from tests.conftest import HubFactory
from tests.hub.trigger.conftest import attach

AT_WORK = {"latitude": 52.0, "longitude": 5.0}
AWAY = {"latitude": 52.2, "longitude": 5.0}


async def test_enter_and_leave(hub: Hub) -> None:
    hub.states.set(
        "zone.work",
        "0",
        {"latitude": 52.0, "longitude": 5.0, "radius": 100.0, "friendly_name": "Work"},
    )
    hub.states.set("person.anne", "not_home", AWAY)
    fired = await attach(
        hub,
        [
            {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.work"},
            {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.work", "event": "leave"},
        ],
    )
    hub.states.set("person.anne", "work", AT_WORK)
    hub.states.set("person.anne", "work", {**AT_WORK, "battery": 40})  # still inside
    hub.states.set("person.anne", "not_home", AWAY)
    assert [(t["idx"], t["event"]) for t in fired.triggers] == [("0", "enter"), ("1", "leave")]
    entered = fired.triggers[0]
    assert entered["platform"] == "zone"
    assert entered["zone"].entity_id == "zone.work"
    assert entered["description"] == "person.anne entering Work"
    assert fired.triggers[1]["description"] == "person.anne leaving Work"


async def test_changes_without_positions_are_ignored(hub: Hub) -> None:
    hub.states.set("zone.work", "0", {"latitude": 52.0, "longitude": 5.0, "radius": 100.0})
    hub.states.set("person.anne", "not_home", AWAY)
    fired = await attach(hub, {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.work"})
    hub.states.set("person.anne", "unknown")
    hub.states.set("person.anne", "work", AT_WORK)
    assert len(fired) == 0


async def test_home_zone_falls_back_to_the_core_location(hub: Hub) -> None:
    hub.states.set("person.anne", "not_home", AWAY)
    fired = await attach(
        hub, {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.home", "event": "enter"}
    )
    hub.states.set("person.anne", "home", {"latitude": 52.37, "longitude": 4.89})
    assert [t["description"] for t in fired.triggers] == ["person.anne entering Home"]


async def test_unknown_zone_is_logged(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.states.set("person.anne", "not_home", AWAY)
    fired = await attach(hub, {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.gym"})
    hub.states.set("person.anne", "gym", AT_WORK)
    assert len(fired) == 0
    assert "referencing non-existing zone 'zone.gym'" in caplog.text


async def test_zones_of_the_zone_integration(make_hub: HubFactory) -> None:
    hub = await make_hub(
        "zone:\n  - name: School\n    latitude: 52.1\n    longitude: 5.1\n    radius: 250\n"
    )
    hub.states.set("person.anne", "not_home", AWAY)
    fired = await attach(
        hub,
        [
            {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.school"},
            {"trigger": "zone", "entity_id": "person.anne", "zone": "zone.home"},
        ],
    )
    hub.states.set("person.anne", "School", {"latitude": 52.1005, "longitude": 5.1})
    hub.states.set("person.anne", "home", {"latitude": 52.37, "longitude": 4.89})
    assert [t["idx"] for t in fired.triggers] == ["0", "1"]
    assert fired.triggers[0]["description"] == "person.anne entering School"
