"""The ``automation`` integration: entities, restore, services, events and contexts,
traces, the "why not" log, reload, ``watthub explain`` and the WebSocket commands."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest

from hub.cli import main
from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.events import Event
from hub.exceptions import ConfigError
from hub.trace import not_run_log, trace_store
from tests.conftest import HubFactory
from tests.hub.automation.fake_connection import FakeConnection, FakeUser, command

CONFIG = """
input_boolean:
  switch_me:
  allowed:
counter:
  runs:
automation:
  - id: guarded
    alias: Guarded
    triggers:
      - trigger: event
        event_type: go
    conditions:
      - condition: state
        entity_id: input_boolean.allowed
        state: "on"
    actions:
      - action: counter.increment
        target: {entity_id: counter.runs}
  - triggers:
      - trigger: event
        event_type: nameless
    actions:
      - action: input_boolean.toggle
        target: {entity_id: input_boolean.switch_me}
  - id: slow
    alias: Slow one
    trace:
      stored_traces: 2
    triggers:
      - trigger: event
        event_type: slow
    actions:
      - delay: 100
      - action: counter.increment
        target: {entity_id: counter.runs}
"""


async def _started(make_hub: HubFactory, text: str = CONFIG) -> Hub:
    hub = await make_hub(text)
    await hub.start()
    await hub.block_till_done()
    return hub


async def _fire(hub: Hub, event_type: str, context: Context | None = None) -> None:
    hub.bus.fire(event_type, {}, context=context)
    await hub.block_till_done()


async def test_entity_ids_names_and_attributes(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    guarded = hub.states.get("automation.guarded")
    assert guarded.state == "on"
    assert dict(guarded.attributes) == {
        "id": "guarded",
        "last_triggered": None,
        "mode": "single",
        "current": 0,
        "friendly_name": "Guarded",
    }
    # Without alias Home Assistant names it after its position: "automation 1".
    nameless = hub.states.get("automation.automation_1")
    assert nameless is not None and "id" not in nameless.attributes


async def test_context_event_and_conditions(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    triggered: list[Event] = []
    hub.bus.listen("automation_triggered", triggered.append)
    origin = Context(user_id="someone")
    await _fire(hub, "go", origin)
    assert hub.states.get("counter.runs").state == "0"
    entries = not_run_log(hub).entries("automation.guarded")
    assert [entry.reason for entry in entries] == ["condition"]
    details = entries[0].details
    assert details["path"].startswith("condition/0")  # the innermost step that failed
    assert details["result"]["result"] is False
    assert details["trigger"]["platform"] == "event"
    await hub.services.call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.allowed"}, blocking=True
    )
    await _fire(hub, "go", origin)
    assert hub.states.get("counter.runs").state == "1"
    assert len(triggered) == 1
    event = triggered[0]
    assert dict(event.data) == {
        "name": "Guarded",
        "entity_id": "automation.guarded",
        "source": "event 'go'",
    }
    # A new context whose parent is the trigger's, without user; the run's writes carry it.
    assert event.context.parent_id == origin.id and event.context.user_id is None
    assert hub.states.get("counter.runs").context == event.context
    assert hub.states.get("automation.guarded").attributes["last_triggered"] is not None


async def test_trigger_service_and_skip_condition(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    target = {"entity_id": "automation.guarded"}
    await hub.services.call(
        "automation", "trigger", {**target, "skip_condition": False}, blocking=True
    )
    assert hub.states.get("counter.runs").state == "0"
    await hub.services.call("automation", "trigger", target, blocking=True)
    assert hub.states.get("counter.runs").state == "1"
    traces = trace_store(hub).list_traces("automation", "automation.guarded")
    assert [trace["script_execution"] for trace in traces] == ["failed_conditions", "finished"]


async def test_turn_off_on_toggle(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await _started(make_hub)
    target = {"entity_id": "automation.slow_one"}
    await _fire(hub, "slow")
    assert hub.states.get("automation.slow_one").attributes["current"] == 1
    # turn_off without stopping: the run goes on, new triggers are ignored.
    await hub.services.call(
        "automation", "turn_off", {**target, "stop_actions": False}, blocking=True
    )
    await hub.block_till_done()
    assert hub.states.get("automation.slow_one").state == "off"
    await _fire(hub, "slow")
    await clock.advance(101, settle=hub.block_till_done)
    assert hub.states.get("counter.runs").state == "1"
    await hub.services.call("automation", "toggle", target, blocking=True)
    assert hub.states.get("automation.slow_one").state == "on"
    await _fire(hub, "slow")
    await clock.advance(101, settle=hub.block_till_done)
    assert hub.states.get("counter.runs").state == "2"


async def test_traces_keep_the_last_ones(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await _started(make_hub)
    for _ in range(7):
        await hub.services.call(
            "automation", "trigger", {"entity_id": "automation.guarded"}, blocking=True
        )
    assert len(trace_store(hub).list_traces("automation", "automation.guarded")) == 5
    for _ in range(3):
        await _fire(hub, "slow")
        await clock.advance(101, settle=hub.block_till_done)
    slow = trace_store(hub).list_traces("automation", "automation.slow")
    assert len(slow) == 2  # its own stored_traces
    assert slow[-1]["trigger"] == "event 'slow'" and slow[-1]["state"] == "stopped"
    extended = trace_store(hub).get_trace("automation.slow", slow[-1]["run_id"])
    assert extended is not None
    assert set(extended["trace"]) == {"trigger/0", "action/0", "action/1"}
    assert extended["config"]["id"] == "slow"


async def test_state_is_restored_unless_initial_state_says(
    make_hub: HubFactory, clock: ManualClock
) -> None:
    hub = await _started(make_hub)
    await hub.services.call(
        "automation", "turn_off", {"entity_id": "automation.guarded"}, blocking=True
    )
    await hub.stop()
    hub = await _started(make_hub)
    assert hub.states.get("automation.guarded").state == "off"
    await _fire(hub, "go")
    assert not_run_log(hub).entries("automation.guarded") == []  # off: not even tried
    await hub.stop()
    hub = await _started(
        make_hub, CONFIG.replace("alias: Guarded", "alias: Guarded\n    initial_state: true")
    )
    assert hub.states.get("automation.guarded").state == "on"


async def test_reload_keeps_unchanged_runs(
    make_hub: HubFactory, clock: ManualClock, config_dir: Path
) -> None:
    hub = await _started(make_hub)
    reloaded: list[Event] = []
    hub.bus.listen("automation_reloaded", reloaded.append)
    await _fire(hub, "slow")
    changed = CONFIG.replace("alias: Guarded", "alias: Guarded again").replace(
        "event_type: nameless", "event_type: renamed"
    )
    (config_dir / "configuration.yaml").write_text(changed)
    await hub.services.call("automation", "reload", blocking=True)
    await hub.block_till_done()
    assert len(reloaded) == 1
    assert hub.states.get("automation.slow_one").attributes["current"] == 1  # kept running
    # Same id, new alias: the registry keeps the entity id, the name follows.
    assert hub.states.get("automation.guarded").attributes["friendly_name"] == "Guarded again"
    await clock.advance(101, settle=hub.block_till_done)
    assert hub.states.get("counter.runs").state == "1"
    (config_dir / "configuration.yaml").write_text(changed.replace("event_type: slow", "bogus: 1"))
    with pytest.raises(ConfigError):
        await hub.services.call("automation", "reload", blocking=True)
    assert len(reloaded) == 1
    assert hub.states.get("automation.slow_one").state == "on"


async def test_explain_prints_runs_and_non_runs(
    make_hub: HubFactory, config_dir: Path, clock: ManualClock
) -> None:
    hub = await _started(make_hub)
    await _fire(hub, "go")
    await clock.advance(1, settle=hub.block_till_done)
    await hub.services.call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.allowed"}, blocking=True
    )
    await _fire(hub, "go")
    await hub.stop()  # flushes what the hub recorded
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["explain", "guarded", "--config", str(config_dir)])
    assert code == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "automation.guarded:"
    assert "trigger 'event 'go'' fired; not run: condition/0" in lines[1]
    assert "was false" in lines[1]
    assert "state='off'" in lines[1]
    assert "triggered by event 'go'; ran (finished)" in lines[2]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["explain", "automation.nothing", "--config", str(config_dir)]) == 1
    assert "nothing recorded yet" in err.getvalue()


async def test_automation_config_command(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    connection = FakeConnection()
    await command(hub, connection, 1, type="automation/config", entity_id="automation.guarded")
    assert connection.results[1]["config"]["alias"] == "Guarded"
    await command(hub, connection, 2, type="automation/config", entity_id="light.x")
    assert connection.errors[2][0] == "not_found"


async def test_validate_config_command(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    connection = FakeConnection()
    await command(
        hub,
        connection,
        1,
        type="validate_config",
        triggers=[{"trigger": "event", "event_type": "x"}],
        conditions=[{"condition": "bogus"}],
        actions=[{"device_id": "abc", "domain": "light", "type": "turn_on"}],
    )
    result = connection.results[1]
    assert result["triggers"] == {"valid": True, "error": None}
    assert result["conditions"]["valid"] is False and "bogus" in result["conditions"]["error"]
    assert result["actions"]["valid"] is False
    assert "Unknown device 'abc'" in result["actions"]["error"]
    await command(hub, connection, 2, type="validate_config", actions=[{"event": "x"}])
    assert connection.results[2] == {"actions": {"valid": True, "error": None}}


async def test_execute_script_command(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    connection = FakeConnection()
    await command(
        hub,
        connection,
        1,
        type="execute_script",
        sequence=[
            {"action": "counter.increment", "target": {"entity_id": "counter.runs"}},
            {"variables": {"out": {"n": "{{ states('counter.runs') | int }}"}}},
            {"stop": "done", "response_variable": "out"},
        ],
    )
    result = connection.results[1]
    assert result["response"] == {"n": 1}
    assert result["context"]["user_id"] == "u1"
    assert hub.states.get("counter.runs").context.user_id == "u1"
    reader = FakeConnection(user=FakeUser(is_admin=False))
    await command(hub, reader, 2, type="execute_script", sequence=[{"event": "x"}])
    assert reader.errors[2][0] == "unauthorized"


async def test_subscribe_trigger_command(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    connection = FakeConnection()
    await command(
        hub,
        connection,
        1,
        type="subscribe_trigger",
        trigger={"trigger": "state", "entity_id": "input_boolean.switch_me", "to": "on"},
    )
    assert connection.results[1] is None
    context = Context()
    await hub.services.call(
        "input_boolean",
        "turn_on",
        {"entity_id": "input_boolean.switch_me"},
        blocking=True,
        context=context,
    )
    (event,) = connection.events[1]
    trigger: dict[str, Any] = event["variables"]["trigger"]
    assert trigger["platform"] == "state" and trigger["to_state"]["state"] == "on"
    assert event["context"]["id"] == context.id
    connection.subscriptions.pop(1)()
    await hub.services.call(
        "input_boolean", "turn_off", {"entity_id": "input_boolean.switch_me"}, blocking=True
    )
    assert len(connection.events[1]) == 1


async def test_test_condition_command(make_hub: HubFactory) -> None:
    hub = await _started(make_hub)
    connection = FakeConnection()
    await command(
        hub,
        connection,
        1,
        type="test_condition",
        condition={"condition": "state", "entity_id": "input_boolean.allowed", "state": "off"},
    )
    assert connection.results[1] == {"result": True}
    await command(
        hub, connection, 2, type="test_condition", condition="{{ n > 2 }}", variables={"n": 1}
    )
    assert connection.results[2] == {"result": False}


async def test_a_condition_the_hub_cannot_build_disables_the_automation(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await _started(
        make_hub,
        """
automation:
  - alias: Device condition
    triggers:
      - trigger: event
        event_type: go
    conditions:
      - condition: device
        device_id: 0123456789abcdef0123456789abcdef
        domain: light
        type: is_on
        entity_id: light.x
    actions:
      - event: never
""",
    )
    assert hub.states.get("automation.device_condition").state == "unavailable"
    assert "0123456789abcdef0123456789abcdef" in caplog.text
