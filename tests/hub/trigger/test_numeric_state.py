"""Numeric state triggers fire when a value crosses into the range, not while it stays."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hub.clock import ManualClock
from hub.core import Hub
from hub.trace import not_run_log
from tests.hub.trigger.conftest import attach


async def test_fires_when_crossing_into_the_range(hub: Hub) -> None:
    hub.states.set("sensor.power", "50")
    fired = await attach(
        hub, {"platform": "numeric_state", "entity_id": "sensor.power", "above": 100}
    )
    for value in ("120", "150", "90", "101", "100", "100.5"):
        hub.states.set("sensor.power", value)
    assert [t["to_state"].state for t in fired.triggers] == ["120", "101", "100.5"]
    trigger = fired.triggers[0]
    assert trigger["platform"] == "numeric_state"
    assert (trigger["above"], trigger["below"]) == (100.0, None)
    assert trigger["from_state"].state == "50"
    assert trigger["description"] == "numeric state of sensor.power"


async def test_an_entity_already_in_range_must_leave_first(hub: Hub) -> None:
    hub.states.set("sensor.power", "150")
    fired = await attach(
        hub, {"platform": "numeric_state", "entity_id": "sensor.power", "above": 100}
    )
    hub.states.set("sensor.power", "160")
    assert len(fired) == 0
    hub.states.set("sensor.power", "10")
    hub.states.set("sensor.power", "160")
    assert len(fired) == 1


async def test_an_unknown_entity_is_armed_when_it_appears(hub: Hub) -> None:
    fired = await attach(hub, {"platform": "numeric_state", "entity_id": "sensor.new", "below": 5})
    hub.states.set("sensor.new", "3")  # first state already in range: not armed yet
    hub.states.set("sensor.new", "unknown")  # unknown counts as out of range
    hub.states.set("sensor.new", "4")
    assert [t["to_state"].state for t in fired.triggers] == ["4"]


async def test_above_and_below_together(hub: Hub) -> None:
    hub.states.set("sensor.t", "30")
    fired = await attach(
        hub,
        {"platform": "numeric_state", "entity_id": "sensor.t", "above": 20.5, "below": 24},
    )
    for value in ("23", "22", "25", "24", "21"):
        hub.states.set("sensor.t", value)
    assert [t["to_state"].state for t in fired.triggers] == ["23", "21"]


async def test_thresholds_from_entities_and_templates(hub: Hub) -> None:
    hub.states.set("input_number.high", "60")
    hub.states.set("sensor.humidity", "50")
    fired = await attach(
        hub,
        [
            {
                "platform": "numeric_state",
                "entity_id": "sensor.humidity",
                "above": "input_number.high",
            },
            {
                "platform": "numeric_state",
                "entity_id": "sensor.humidity",
                "above": "{{ states('input_number.high') | float + 10 }}",
            },
        ],
    )
    hub.states.set("sensor.humidity", "65")
    hub.states.set("sensor.humidity", "75")
    assert [t["idx"] for t in fired.triggers] == ["0", "1"]


async def test_attribute_and_value_template(hub: Hub) -> None:
    hub.states.set("fan.a", "on", {"percentage": 10})
    fired = await attach(
        hub,
        [
            {
                "platform": "numeric_state",
                "entity_id": "fan.a",
                "attribute": "percentage",
                "above": 40,
            },
            {
                "platform": "numeric_state",
                "entity_id": "fan.a",
                "value_template": "{{ state.attributes.percentage * 2 }}",
                "above": 100,
            },
        ],
    )
    hub.states.set("fan.a", "on", {"percentage": 45})
    hub.states.set("fan.a", "on", {"percentage": 60})
    assert [t["idx"] for t in fired.triggers] == ["0", "1"]


async def test_for_and_its_interruption(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("sensor.flow", "0")
    fired = await attach(
        hub,
        {"platform": "numeric_state", "entity_id": "sensor.flow", "above": 15, "for": "00:00:30"},
    )
    hub.states.set("sensor.flow", "20")
    await clock.advance(10, settle=hub.block_till_done)
    hub.states.set("sensor.flow", "25")  # still in range
    await clock.advance(10, settle=hub.block_till_done)
    hub.states.set("sensor.flow", "5")  # out: interrupted
    await clock.advance(60, settle=hub.block_till_done)
    assert len(fired) == 0
    [entry] = not_run_log(hub).entries("automation.test")
    assert entry.reason == "for_interrupted"
    assert entry.details["held"] == 20.0
    assert entry.details["state"] == "5"
    hub.states.set("sensor.flow", "30")
    await clock.advance(30, settle=hub.block_till_done)
    assert len(fired) == 1
    assert fired.triggers[0]["for"] == timedelta(seconds=30)
    assert fired.triggers[0]["to_state"].state == "30"


async def test_non_numeric_values_are_logged_not_fired(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    hub.states.set("sensor.t", "1")
    fired = await attach(hub, {"platform": "numeric_state", "entity_id": "sensor.t", "above": 5})
    hub.states.set("sensor.t", "warm")
    hub.states.set("sensor.t", "9")
    assert len(fired) == 1
    assert "cannot be processed as a number" in caplog.text
