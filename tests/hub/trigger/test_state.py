"""State triggers: Home Assistant's rules for from/to, null, attributes and ``for``."""

from __future__ import annotations

from datetime import timedelta

from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.trace import not_run_log
from tests.hub.trigger.conftest import attach


async def test_to_fires_on_entering_the_state(hub: Hub) -> None:
    hub.states.set("light.a", "off")
    fired = await attach(hub, {"trigger": "state", "entity_id": "light.a", "to": "on"})
    context = Context(user_id="anne")
    hub.states.set("light.a", "on", context=context)
    hub.states.set("light.a", "on", {"brightness": 3})  # attribute only: ignored
    hub.states.set("light.a", "off")
    assert len(fired) == 1
    trigger = fired.triggers[0]
    assert trigger["platform"] == "state"
    assert trigger["entity_id"] == "light.a"
    assert trigger["from_state"].state == "off"
    assert trigger["to_state"].state == "on"
    assert trigger["for"] is None
    assert trigger["attribute"] is None
    assert trigger["description"] == "state of light.a"
    assert (trigger["id"], trigger["idx"], trigger["alias"]) == ("0", "0", None)
    assert fired.contexts == [context]


async def test_no_from_or_to_fires_on_attribute_changes_too(hub: Hub) -> None:
    hub.states.set("light.a", "off")
    fired = await attach(hub, {"platform": "state", "entity_id": "light.a"})
    hub.states.set("light.a", "off", {"brightness": 3})
    hub.states.set("light.a", "on", {"brightness": 3})
    assert len(fired) == 2


async def test_to_null_fires_on_state_changes_only(hub: Hub) -> None:
    hub.states.set("light.a", "off")
    fired = await attach(hub, {"platform": "state", "entity_id": "light.a", "to": None})
    hub.states.set("light.a", "off", {"brightness": 3})
    hub.states.set("light.a", "on", {"brightness": 3})
    hub.states.set("light.a", "dim", {"brightness": 3})
    assert [trigger["to_state"].state for trigger in fired.triggers] == ["on", "dim"]


async def test_from_lists_and_not_to(hub: Hub) -> None:
    hub.states.set("switch.a", "unavailable")
    fired = await attach(
        hub,
        [
            {"platform": "state", "entity_id": "switch.a", "from": ["unavailable", "unknown"]},
            {"platform": "state", "entity_id": "switch.a", "not_to": "off", "id": "not_off"},
            {"platform": "state", "entity_id": "switch.a", "not_from": "on", "to": "off"},
        ],
    )
    hub.states.set("switch.a", "on")
    hub.states.set("switch.a", "off")
    hub.states.set("switch.a", "unknown")
    hub.states.set("switch.a", "off")
    assert [(t["idx"], t["to_state"].state) for t in fired.triggers] == [
        ("0", "on"),
        ("1", "on"),
        ("1", "unknown"),
        ("0", "off"),
        ("2", "off"),
    ]
    assert fired.triggers[1]["id"] == "not_off"


async def test_several_entities_and_new_entities(hub: Hub) -> None:
    fired = await attach(
        hub, {"platform": "state", "entity_id": ["sensor.a", "sensor.b"], "to": "1"}
    )
    hub.states.set("sensor.a", "1")  # a new entity: from_state is None
    hub.states.set("sensor.b", "1")
    hub.states.set("sensor.c", "1")
    assert [t["entity_id"] for t in fired.triggers] == ["sensor.a", "sensor.b"]
    assert fired.triggers[0]["from_state"] is None
    hub.states.remove("sensor.a")
    assert len(fired) == 2


async def test_attribute(hub: Hub) -> None:
    hub.states.set("media_player.tv", "on", {"volume_level": 0.2, "source": "HDMI"})
    fired = await attach(
        hub,
        [
            {"platform": "state", "entity_id": "media_player.tv", "attribute": "volume_level"},
            {
                "platform": "state",
                "entity_id": "media_player.tv",
                "attribute": "volume_level",
                "to": 0.5,
            },
        ],
    )
    hub.states.set("media_player.tv", "on", {"volume_level": 0.2, "source": "TV"})
    hub.states.set("media_player.tv", "off", {"volume_level": 0.2, "source": "TV"})
    hub.states.set("media_player.tv", "off", {"volume_level": 0.3, "source": "TV"})
    hub.states.set("media_player.tv", "off", {"volume_level": 0.5, "source": "TV"})
    assert [(t["idx"], t["to_state"].attributes["volume_level"]) for t in fired.triggers] == [
        ("0", 0.3),
        ("0", 0.5),
        ("1", 0.5),
    ]
    assert fired.triggers[0]["attribute"] == "volume_level"


async def test_for_fires_after_the_state_was_kept(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("light.a", "off")
    fired = await attach(
        hub, {"platform": "state", "entity_id": "light.a", "to": "on", "for": {"minutes": 3}}
    )
    context = Context()
    hub.states.set("light.a", "on", context=context)
    await clock.advance(179, settle=hub.block_till_done)
    hub.states.set("light.a", "on", {"brightness": 3})  # attributes may change meanwhile
    assert len(fired) == 0
    await clock.advance(1, settle=hub.block_till_done)
    assert len(fired) == 1
    assert fired.triggers[0]["for"] == timedelta(minutes=3)
    assert fired.triggers[0]["to_state"].state == "on"
    assert fired.contexts == [context]
    await clock.advance(600, settle=hub.block_till_done)
    assert len(fired) == 1


async def test_for_interrupted_does_not_fire_and_is_explained(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("light.a", "off")
    fired = await attach(
        hub,
        {"platform": "state", "entity_id": "light.a", "to": "on", "for": "00:05:00", "id": "on5"},
    )
    hub.states.set("light.a", "on")
    await clock.advance(120, settle=hub.block_till_done)
    hub.states.set("light.a", "off")
    await clock.advance(600, settle=hub.block_till_done)
    assert len(fired) == 0
    [entry] = not_run_log(hub).entries("automation.test")
    assert entry.reason == "for_interrupted"
    assert entry.details == {
        "trigger": "on5",
        "idx": "0",
        "entity_id": "light.a",
        "wanted": "on",
        "state": "off",
        "for": 300.0,
        "held": 120.0,
    }


async def test_for_with_only_from_waits_while_away_from_it(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("sensor.scene", "Bright")
    fired = await attach(
        hub, {"platform": "state", "entity_id": "sensor.scene", "from": "Bright", "for": 60}
    )
    hub.states.set("sensor.scene", "Dim")
    await clock.advance(30, settle=hub.block_till_done)
    hub.states.set("sensor.scene", "Off")  # still not Bright: keeps waiting
    await clock.advance(30, settle=hub.block_till_done)
    assert len(fired) == 1
    assert fired.triggers[0]["to_state"].state == "Dim"


async def test_templated_for(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("input_number.minutes", "2")
    hub.states.set("binary_sensor.door", "off")
    fired = await attach(
        hub,
        [
            {
                "platform": "state",
                "entity_id": "binary_sensor.door",
                "to": "on",
                "for": "{{ states('input_number.minutes') | int * 60 }}",
            },
            {
                "platform": "state",
                "entity_id": "binary_sensor.door",
                "to": "on",
                "for": {"minutes": "{{ states('input_number.minutes') | int + 1 }}"},
            },
            {
                "platform": "state",
                "entity_id": "binary_sensor.door",
                "to": "on",
                "for": "00:{{ '%02d' | format(trigger.to_state.attributes.wait) }}:00",
            },
        ],
    )
    hub.states.set("binary_sensor.door", "on", {"wait": 4})
    await clock.advance(119, settle=hub.block_till_done)
    assert len(fired) == 0
    await clock.advance(1, settle=hub.block_till_done)
    assert [t["idx"] for t in fired.triggers] == ["0"]
    await clock.advance(60, settle=hub.block_till_done)
    await clock.advance(60, settle=hub.block_till_done)
    assert [t["idx"] for t in fired.triggers] == ["0", "1", "2"]
    assert fired.triggers[2]["for"] == timedelta(minutes=4)


async def test_for_per_entity(hub: Hub, clock: ManualClock) -> None:
    fired = await attach(
        hub,
        {"platform": "state", "entity_id": ["vacuum.a", "vacuum.b"], "to": "error", "for": 300},
    )
    hub.states.set("vacuum.a", "error")
    await clock.advance(100, settle=hub.block_till_done)
    hub.states.set("vacuum.b", "error")
    await clock.advance(200, settle=hub.block_till_done)
    assert [t["entity_id"] for t in fired.triggers] == ["vacuum.a"]
    await clock.advance(100, settle=hub.block_till_done)
    assert [t["entity_id"] for t in fired.triggers] == ["vacuum.a", "vacuum.b"]


async def test_remove_stops_pending_waits(hub: Hub, clock: ManualClock) -> None:
    fired = await attach(hub, {"platform": "state", "entity_id": "light.a", "for": 10})
    hub.states.set("light.a", "on")
    fired.remove()
    await clock.advance(20, settle=hub.block_till_done)
    hub.states.set("light.a", "off")
    assert len(fired) == 0
    assert hub.clock.pending_timers == 0
