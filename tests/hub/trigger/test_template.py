"""Template triggers fire when the template becomes true (false -> true), with ``for``."""

from __future__ import annotations

from datetime import timedelta

from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.trace import not_run_log
from tests.hub.trigger.conftest import attach


async def test_fires_on_false_to_true(hub: Hub) -> None:
    hub.states.set("sensor.t", "10")
    fired = await attach(
        hub, {"trigger": "template", "value_template": "{{ states('sensor.t') | int > 20 }}"}
    )
    context = Context(user_id="anne")
    hub.states.set("sensor.t", "25", context=context)
    hub.states.set("sensor.t", "30")  # still true: no new firing
    hub.states.set("sensor.t", "5")
    hub.states.set("sensor.t", "21")
    assert [t["to_state"].state for t in fired.triggers] == ["25", "21"]
    trigger = fired.triggers[0]
    assert trigger["platform"] == "template"
    assert trigger["entity_id"] == "sensor.t"
    assert trigger["from_state"].state == "10"
    assert trigger["for"] is None
    assert trigger["description"] == "sensor.t via template"
    assert fired.contexts[0] == context


async def test_already_true_must_become_false_first(hub: Hub) -> None:
    hub.states.set("light.a", "on")
    fired = await attach(
        hub, {"trigger": "template", "value_template": "{{ is_state('light.a', 'on') }}"}
    )
    hub.states.set("light.a", "on", {"brightness": 2})
    assert len(fired) == 0
    hub.states.set("light.a", "off")
    hub.states.set("light.a", "on")
    assert len(fired) == 1


async def test_truthy_results(hub: Hub) -> None:
    hub.states.set("sensor.x", "0")
    fired = await attach(hub, {"trigger": "template", "value_template": "{{ states('sensor.x') }}"})
    for value in ("yes", "no", "maybe", "on", "0", "2"):
        hub.states.set("sensor.x", value)
    assert [t["to_state"].state for t in fired.triggers] == ["yes", "on", "2"]


async def test_for(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("binary_sensor.door", "off")
    fired = await attach(
        hub,
        {
            "trigger": "template",
            "value_template": "{{ is_state('binary_sensor.door', 'on') }}",
            "for": {"minutes": 1},
        },
    )
    hub.states.set("binary_sensor.door", "on")
    await clock.advance(30, settle=hub.block_till_done)
    hub.states.set("binary_sensor.door", "off")
    await clock.advance(60, settle=hub.block_till_done)
    assert len(fired) == 0
    [entry] = not_run_log(hub).entries("automation.test")
    assert entry.reason == "for_interrupted"
    assert entry.details["held"] == 30.0
    hub.states.set("binary_sensor.door", "on")
    await clock.advance(60, settle=hub.block_till_done)
    assert len(fired) == 1
    assert fired.triggers[0]["for"] == timedelta(minutes=1)


async def test_time_based_template(hub: Hub, clock: ManualClock) -> None:
    fired = await attach(hub, {"trigger": "template", "value_template": "{{ now().minute == 5 }}"})
    await clock.advance(10 * 60, settle=hub.block_till_done)
    assert len(fired) == 1
    assert fired.triggers[0]["entity_id"] is None
    assert fired.triggers[0]["description"] == "time change or manual update via template"


async def test_trigger_variables_reach_the_template(hub: Hub) -> None:
    hub.states.set("sensor.a", "1")
    fired = await attach(
        hub,
        {"trigger": "template", "value_template": "{{ states(watched) == '2' }}"},
        variables={"watched": "sensor.a"},
    )
    hub.states.set("sensor.a", "2")
    assert len(fired) == 1


async def test_remove_stops_tracking(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("sensor.a", "1")
    fired = await attach(
        hub,
        {"trigger": "template", "value_template": "{{ states('sensor.a') == '2' }}", "for": 5},
    )
    hub.states.set("sensor.a", "2")
    fired.remove()
    await clock.advance(10, settle=hub.block_till_done)
    hub.states.set("sensor.a", "1")
    hub.states.set("sensor.a", "2")
    assert len(fired) == 0
    assert hub.clock.pending_timers == 0
