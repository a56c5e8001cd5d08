"""The ``script`` integration: entities, services, events, reload and restore."""

from __future__ import annotations

from typing import Any

import pytest
import voluptuous as vol

from hub.clock import ManualClock
from hub.context import Context
from hub.events import Event
from hub.exceptions import ConfigError, ServiceNotFound
from tests.conftest import HubFactory
from tests.hub.automation.fake_connection import FakeConnection, command

SCRIPTS = """
input_number:
  level: {min: 0, max: 100, initial: 0}
script:
  set_level:
    alias: Set the level
    icon: mdi:gauge
    description: Sets the level, slowly
    fields:
      value: {name: Value, required: true}
      step: {name: Step, default: 10}
    sequence:
      - action: input_number.set_value
        target: {entity_id: input_number.level}
        data: {value: "{{ value }}"}
      - delay: 30
      - action: input_number.set_value
        target: {entity_id: input_number.level}
        data: {value: "{{ value + step }}"}
  answer:
    mode: queued
    max: 4
    sequence:
      - variables:
          reply: {sum: "{{ a + b }}", who: "{{ this.entity_id }}"}
      - stop: done
        response_variable: reply
  broken:
    sequence:
      - delay: someday
"""


async def _started(make_hub: HubFactory, text: str = SCRIPTS) -> Any:
    hub = await make_hub(text)
    await hub.start()
    await hub.block_till_done()
    return hub


async def test_entities_and_attributes(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    state = hub.states.get("script.set_level")
    assert state.state == "off"
    assert dict(state.attributes) == {
        "last_triggered": None,
        "mode": "single",
        "current": 0,
        "friendly_name": "Set the level",
        "icon": "mdi:gauge",
    }
    answer = hub.states.get("script.answer")
    assert answer.attributes["max"] == 4 and answer.attributes["mode"] == "queued"
    assert answer.attributes["friendly_name"] == "answer"
    # The invalid one is there, unavailable, with no service; the others work.
    assert hub.states.get("script.broken").state == "unavailable"
    assert not hub.services.has_service("script", "broken")


async def test_calling_a_script_waits_and_returns_its_response(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    response = await hub.services.call(
        "script", "answer", {"a": 2, "b": 3}, blocking=True, return_response=True
    )
    assert response == {"sum": 5, "who": "script.answer"}
    assert await hub.services.call("script", "answer", {"a": 1, "b": 1}, blocking=True) is None


async def test_turn_on_starts_in_the_background(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await _started(make_hub)
    started: list[Event] = []
    hub.bus.listen("script_started", started.append)
    context = Context()
    await hub.services.call(
        "script",
        "turn_on",
        {"entity_id": "script.set_level", "variables": {"value": 20}},
        blocking=True,
        context=context,
    )
    await hub.block_till_done()
    state = hub.states.get("script.set_level")
    assert state.state == "on" and state.attributes["current"] == 1
    assert state.attributes["last_triggered"] == clock.utcnow()
    assert hub.states.get("input_number.level").state == "20.0"
    assert [(dict(e.data), e.context) for e in started] == [
        ({"name": "Set the level", "entity_id": "script.set_level"}, context)
    ]
    await clock.advance(30, settle=hub.block_till_done)
    assert hub.states.get("input_number.level").state == "30.0"  # the field's default step
    assert hub.states.get("script.set_level").state == "off"


async def test_turn_off_and_toggle(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await _started(make_hub)
    target = {"entity_id": "script.set_level"}
    await hub.services.call("script", "toggle", target, blocking=True)
    await hub.block_till_done()
    assert hub.states.get("script.set_level").state == "off"  # no value: it failed
    await hub.services.call(
        "script", "turn_on", {**target, "variables": {"value": 5}}, blocking=True
    )
    await hub.block_till_done()
    assert hub.states.get("script.set_level").state == "on"
    await hub.services.call("script", "toggle", target, blocking=True)
    await hub.block_till_done()
    assert hub.states.get("script.set_level").state == "off"
    await clock.advance(60, settle=hub.block_till_done)
    assert hub.states.get("input_number.level").state == "5.0"  # the second step never ran


async def test_reload_keeps_unchanged_scripts_running(
    make_hub: HubFactory, clock: ManualClock, config_dir: Any
) -> None:
    hub = await _started(make_hub)
    await hub.services.call(
        "script",
        "turn_on",
        {"entity_id": "script.set_level", "variables": {"value": 1}},
        blocking=True,
    )
    await hub.block_till_done()
    changed = SCRIPTS.replace("mode: queued", "mode: parallel").replace(
        "  broken:\n    sequence:\n      - delay: someday\n", "  extra:\n    sequence: []\n"
    )
    (config_dir / "configuration.yaml").write_text(changed)
    await hub.services.call("script", "reload", blocking=True)
    await hub.block_till_done()
    assert hub.states.get("script.set_level").state == "on"  # still running
    assert hub.states.get("script.answer").attributes["mode"] == "parallel"
    assert hub.states.get("script.broken") is None
    assert hub.states.get("script.extra").state == "off"
    await clock.advance(30, settle=hub.block_till_done)
    assert hub.states.get("input_number.level").state == "11.0"
    # An invalid file keeps what runs and says where the problem is.
    (config_dir / "configuration.yaml").write_text(changed.replace("delay: 30", "delay: soon"))
    with pytest.raises(ConfigError) as caught:
        await hub.services.call("script", "reload", blocking=True)
    assert caught.value.line is not None and "expected a duration" in caught.value.message
    assert hub.states.get("script.extra").state == "off"


async def test_last_triggered_survives_a_restart(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await _started(make_hub)
    await hub.services.call("script", "answer", {"a": 1, "b": 2}, blocking=True)
    await hub.block_till_done()
    when = hub.states.get("script.answer").attributes["last_triggered"]
    await hub.stop()
    await clock.advance(60)
    again = await _started(make_hub)
    assert again.states.get("script.answer").attributes["last_triggered"] == when


async def test_reserved_names_are_refused(make_hub: HubFactory) -> None:
    hub = await _started(make_hub, "script:\n  reload:\n    sequence: []\n")
    assert hub.states.get("script.reload") is None
    with pytest.raises(ServiceNotFound):
        await hub.services.call("script", "nothing", blocking=True)


async def test_script_service_data_must_be_a_mapping(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    with pytest.raises(vol.Invalid):
        hub.services.get("script", "answer").schema(["not", "a", "mapping"])  # type: ignore[misc]


async def test_script_config_websocket_command(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    connection = FakeConnection()
    await command(hub, connection, 1, type="script/config", entity_id="script.answer")
    assert connection.results[1]["config"]["mode"] == "queued"
    await command(hub, connection, 2, type="script/config", entity_id="script.none")
    assert connection.errors[2] == ("not_found", "Entity not found")
