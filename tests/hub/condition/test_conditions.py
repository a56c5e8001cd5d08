"""Every kind of condition: what passes, what fails, what errors, and what the trace
records of it."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from hub.clock import ManualClock
from hub.condition import ConditionError, condition_from_config, conditions_from_config
from hub.context import Context
from hub.core import Hub
from hub.exceptions import ConfigError
from hub.trace import TraceRecorder, trace_run
from tests.conftest import HubFactory
from tests.hub.condition.conftest import check


async def test_state(hub: Hub) -> None:
    hub.states.set("light.a", "on")
    passed, trace = await check(hub, {"condition": "state", "entity_id": "light.a", "state": "on"})
    assert passed
    assert trace["condition/0"][0]["result"] == {"result": True}
    assert trace["condition/0/entity_id/0"][0]["result"] == {
        "result": True,
        "state": "on",
        "wanted_state": "on",
    }
    passed, trace = await check(
        hub, {"condition": "state", "entity_id": "light.a", "state": ["off", "unavailable"]}
    )
    assert not passed
    assert trace["condition/0/entity_id/0"][0]["result"]["wanted_state"] == "unavailable"


async def test_state_match_all_and_any(hub: Hub) -> None:
    hub.states.set("light.a", "on")
    hub.states.set("light.b", "off")
    config = {"condition": "state", "entity_id": ["light.a", "light.b"], "state": "on"}
    assert not (await check(hub, config))[0]
    assert (await check(hub, {**config, "match": "any"}))[0]
    assert not (await check(hub, {**config, "match": "any", "state": "dim"}))[0]


async def test_state_of_an_attribute(hub: Hub) -> None:
    hub.states.set("fan.a", "on", {"percentage": 100})
    config = {"condition": "state", "entity_id": "fan.a", "attribute": "percentage", "state": 100}
    assert (await check(hub, config))[0]
    passed, trace = await check(hub, {**config, "attribute": "speed"})
    assert not passed
    assert trace["condition/0/entity_id/0"][0]["result"]["message"] == (
        "attribute 'speed' of entity fan.a does not exist"
    )


async def test_state_wanted_from_an_input_helper(hub: Hub) -> None:
    hub.states.set("input_select.mode", "Eco")
    hub.states.set("select.boiler", "Eco")
    config = {"condition": "state", "entity_id": "select.boiler", "state": "input_select.mode"}
    assert (await check(hub, config))[0]
    hub.states.set("input_select.mode", "Comfort")
    assert not (await check(hub, config))[0]


async def test_state_for(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("light.a", "on")
    config = {"condition": "state", "entity_id": "light.a", "state": "on", "for": {"minutes": 3}}
    passed, trace = await check(hub, config)
    assert not passed
    assert trace["condition/0/entity_id/0"][0]["result"]["duration"] == datetime(
        2026, 1, 15, 11, 57, tzinfo=UTC
    )
    await clock.advance(181)
    assert (await check(hub, config))[0]
    templated = {**config, "for": "{{ wait_minutes }}"}
    assert (await check(hub, templated, {"wait_minutes": 1}))[0]
    assert not (await check(hub, templated, {"wait_minutes": 600}))[0]


async def test_state_of_an_unknown_entity_is_an_error(hub: Hub) -> None:
    with pytest.raises(ConditionError, match=r"unknown entity light\.nope"):
        await check(hub, {"condition": "state", "entity_id": "light.nope", "state": "on"})


async def test_numeric_state(hub: Hub) -> None:
    hub.states.set("sensor.t", "21.5", {"max": 30})
    hub.states.set("input_number.limit", "20")
    config = {"condition": "numeric_state", "entity_id": "sensor.t", "above": 20, "below": 22}
    passed, trace = await check(hub, config)
    assert passed
    assert trace["condition/0/entity_id/0"][0]["result"] == {"result": True, "state": 21.5}
    passed, trace = await check(hub, {**config, "above": 21.5})
    assert not passed
    assert trace["condition/0/entity_id/0"][0]["result"] == {
        "result": False,
        "state": 21.5,
        "wanted_state_above": 21.5,
    }
    assert (await check(hub, {**config, "above": "input_number.limit"}))[0]
    assert (await check(hub, {**config, "above": "{{ 10 + 10 }}"}))[0]
    assert not (
        await check(
            hub,
            {
                "condition": "numeric_state",
                "entity_id": "sensor.t",
                "attribute": "max",
                "below": 30,
            },
        )
    )[0]
    value_template = "{{ state.state | float * 2 }}"
    assert (
        await check(
            hub,
            {
                "condition": "numeric_state",
                "entity_id": "sensor.t",
                "value_template": value_template,
                "above": 40,
            },
        )
    )[0]


async def test_numeric_state_of_unknown_and_text(hub: Hub) -> None:
    hub.states.set("sensor.t", "unknown")
    config = {"condition": "numeric_state", "entity_id": "sensor.t", "above": 0}
    passed, trace = await check(hub, config)
    assert not passed
    assert "non-numeric" in trace["condition/0/entity_id/0"][0]["result"]["message"]
    hub.states.set("sensor.t", "warm")
    with pytest.raises(ConditionError, match="cannot be processed as a number"):
        await check(hub, config)
    hub.states.set("sensor.t", "5")
    hub.states.set("input_number.limit", "unavailable")
    assert not (await check(hub, {**config, "above": "input_number.limit"}))[0]


async def test_template(hub: Hub) -> None:
    hub.states.set("light.a", "on")
    passed, trace = await check(hub, "{{ is_state('light.a', 'on') }}")
    assert passed
    assert trace["condition/0"][0]["result"] == {"result": True, "entities": ["light.a"]}
    assert not (await check(hub, "{{ 1 }}"))[0]  # the text must be "true", as in HA
    assert (await check(hub, {"condition": "{{ x > 2 }}"}, {"x": 3}))[0]
    with pytest.raises(ConditionError, match="template"):
        await check(hub, "{{ 1 / 0 }}")


async def test_and_or_not(hub: Hub) -> None:
    yes, no = "{{ true }}", "{{ false }}"
    assert (await check(hub, {"and": [yes, yes]}))[0]
    assert not (await check(hub, {"and": [yes, no]}))[0]
    assert (await check(hub, {"or": [no, yes]}))[0]
    assert not (await check(hub, {"or": [no, no]}))[0]
    assert (await check(hub, {"not": [no, no]}))[0]
    assert not (await check(hub, {"not": [no, yes]}))[0]
    passed, trace = await check(hub, {"condition": "or", "conditions": [no, yes, no]})
    assert passed
    assert list(trace) == ["condition/0", "condition/0/conditions/0", "condition/0/conditions/1"]


async def test_errors_inside_and_or(hub: Hub) -> None:
    broken = {"condition": "state", "entity_id": "light.nope", "state": "on"}
    assert not (await check(hub, {"and": [broken, "{{ false }}"]}))[0]
    assert (await check(hub, {"or": [broken, "{{ true }}"]}))[0]
    with pytest.raises(ConditionError) as caught:
        await check(hub, {"and": [broken, "{{ true }}"]})
    assert str(caught.value).splitlines() == [
        "In 'and' (item 1 of 2):",
        "  In 'state':",
        "    In 'state' condition: unknown entity light.nope",
    ]
    passed, trace = await check(hub, {"or": [broken, "{{ true }}"]})
    assert passed
    assert "unknown entity" in trace["condition/0/conditions/0"][0]["error"]


async def test_disabled_conditions_are_skipped(hub: Hub) -> None:
    disabled = {"condition": "template", "value_template": "{{ false }}", "enabled": False}
    passed, trace = await check(hub, disabled)
    assert passed
    assert trace["condition/0"][0]["result"] == {"result": None}
    assert not (await check(hub, {"or": [disabled]}))[0]
    assert (await check(hub, {"and": [disabled, "{{ true }}"]}))[0]
    templated = {**disabled, "enabled": "{{ 1 == 2 }}"}
    assert (await check(hub, templated))[0]


async def test_trigger_id(hub: Hub) -> None:
    config = {"condition": "trigger", "id": ["a", "b"]}
    assert (await check(hub, config, {"trigger": {"id": "b"}}))[0]
    assert not (await check(hub, config, {"trigger": {"id": "c"}}))[0]
    assert not (await check(hub, config))[0]


async def test_time_window_and_midnight(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub("homeassistant:\n  time_zone: Europe/Amsterdam\n")
    # 12:00 UTC is 13:00 in Amsterdam (winter), a Thursday.
    passed, trace = await check(hub, {"condition": "time", "after": "12:30", "before": "14:00"})
    assert passed
    assert trace["condition/0"][0]["result"] == {
        "result": True,
        "after": time(12, 30),
        "now_time": time(13, 0),
        "before": time(14, 0),
    }
    night = {"condition": "time", "after": "22:00:00", "before": "06:00:00"}
    assert not (await check(hub, night))[0]
    await clock.advance_to(datetime(2026, 1, 15, 22, 30, tzinfo=UTC))  # 23:30 local
    assert (await check(hub, night))[0]
    await clock.advance_to(datetime(2026, 1, 16, 4, 0, tzinfo=UTC))  # 05:00 local, Friday
    assert (await check(hub, night))[0]
    assert (await check(hub, {"condition": "time", "weekday": ["fri", "sat"]}))[0]
    passed, trace = await check(hub, {"condition": "time", "weekday": "mon"})
    assert not passed
    assert trace["condition/0"][0]["result"]["now_weekday"] == "fri"
    assert (await check(hub, {"condition": "time", "before": "05:00:01"}))[0]
    assert not (await check(hub, {"condition": "time", "after": "05:00:01"}))[0]


async def test_time_bounds_from_entities(hub: Hub) -> None:
    hub.states.set(
        "input_datetime.start",
        "11:00:00",
        {"has_date": False, "has_time": True, "hour": 11, "minute": 0, "second": 0},
    )
    hub.states.set("sensor.end", "2026-01-15T13:00:00+00:00", {"device_class": "timestamp"})
    config = {"condition": "time", "after": "input_datetime.start", "before": "sensor.end"}
    assert (await check(hub, config))[0]
    hub.states.set("sensor.end", "unknown", {"device_class": "timestamp"})
    assert not (await check(hub, config))[0]
    with pytest.raises(ConditionError, match="unknown 'after' entity"):
        await check(hub, {"condition": "time", "after": "input_datetime.nope"})


async def test_sun(hub: Hub, clock: ManualClock) -> None:
    # Amsterdam (the default location), 15 January: sunrise ~07:44 UTC, sunset ~15:57 UTC.
    assert (await check(hub, {"condition": "sun", "after": "sunrise", "before": "sunset"}))[0]
    passed, trace = await check(hub, {"condition": "sun", "after": "sunset"})
    assert not passed
    wanted = trace["condition/0"][0]["result"]["wanted_time_after"]
    assert (
        datetime(2026, 1, 15, 15, 50, tzinfo=UTC)
        < wanted
        < datetime(2026, 1, 15, 16, 5, tzinfo=UTC)
    )
    night = {"condition": "sun", "after": "sunset", "before": "sunrise"}
    assert not (await check(hub, night))[0]
    shifted = {"condition": "sun", "before": "sunset", "before_offset": "-04:00:00"}
    assert not (await check(hub, shifted))[0]
    await clock.advance_to(datetime(2026, 1, 15, 20, tzinfo=UTC))
    assert (await check(hub, night))[0]
    assert (await check(hub, {"condition": "sun", "after": "sunset"}))[0]


async def test_zone(hub: Hub) -> None:
    hub.states.set("zone.work", "0", {"latitude": 52.0, "longitude": 5.0, "radius": 200.0})
    hub.states.set("person.anne", "work", {"latitude": 52.001, "longitude": 5.0})
    config = {"condition": "zone", "entity_id": "person.anne", "zone": "zone.work"}
    assert (await check(hub, config))[0]
    hub.states.set("person.anne", "away", {"latitude": 52.01, "longitude": 5.0})
    assert not (await check(hub, config))[0]
    hub.states.set(
        "person.anne", "away", {"latitude": 52.01, "longitude": 5.0, "gps_accuracy": 1000}
    )
    assert (await check(hub, config))[0]
    # zone.home is the configured location when the zone integration is not there.
    hub.states.set("person.anne", "home", {"latitude": 52.37, "longitude": 4.89})
    assert (await check(hub, {**config, "zone": "zone.home"}))[0]
    hub.states.set("person.anne", "home", {"friendly_name": "Anne"})
    with pytest.raises(ConditionError, match="has no 'latitude'"):
        await check(hub, config)


async def test_unknown_device_is_refused_by_name(hub: Hub) -> None:
    config = {
        "condition": "device",
        "device_id": "3f9c2a7d1e6b4c8a9d0e1f2a3b4c5d6e",
        "domain": "switch",
        "type": "is_on",
        "entity_id": "switch.a",
    }
    with pytest.raises(ConfigError, match="Unknown device '3f9c2a7d1e6b4c8a9d0e1f2a3b4c5d6e'"):
        await condition_from_config(hub, config)


async def test_known_device_toggle_condition(make_hub: HubFactory) -> None:
    from hub.registry.device_registry import DEVICE_REGISTRY

    hub = await make_hub("")
    device = hub.data[DEVICE_REGISTRY].get_or_create("demo", {"identifiers": {("demo", "plug")}})
    hub.states.set("switch.plug", "on")
    config = {
        "condition": "device",
        "device_id": device.id,
        "domain": "switch",
        "type": "is_on",
        "entity_id": "switch.plug",
    }
    assert (await check(hub, config))[0]
    assert not (await check(hub, {**config, "type": "is_off"}))[0]
    with pytest.raises(ConfigError, match="not supported"):
        await condition_from_config(hub, {**config, "type": "is_hot"})


async def test_condition_list_logs_errors_and_remembers_the_failure(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    hub.states.set("light.a", "off")
    conditions = await conditions_from_config(
        hub,
        ["{{ true }}", {"condition": "state", "entity_id": "light.a", "state": "on"}],
        "Kitchen",
    )
    recorder = TraceRecorder("automation", "kitchen", Context(), {})
    with trace_run(hub, recorder):
        assert not conditions({})
    assert conditions.failed_index == 1
    assert recorder.failed_condition() == (
        "condition/1/entity_id/0",
        {"result": False, "state": "off", "wanted_state": "on"},
    )
    broken = await conditions_from_config(
        hub, [{"condition": "state", "entity_id": "light.nope", "state": "on"}], "Kitchen"
    )
    assert not broken({})
    assert broken.failed_error is not None
    assert "Error evaluating condition in 'Kitchen'" in caplog.text


async def test_sun_without_the_sun_integration(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from hub.condition import sun_events

    with_component = sun_events.sun_event_on(hub, "sunset", datetime(2026, 1, 15).date())
    monkeypatch.setattr(sun_events, "_sun_component", lambda: None)
    with_astral = sun_events.sun_event_on(hub, "sunset", datetime(2026, 1, 15).date())
    assert with_component is not None and with_astral is not None
    assert abs((with_component - with_astral).total_seconds()) < 60
    assert (await check(hub, {"condition": "sun", "before": "sunset"}))[0]
