"""``attach_triggers``: ids, enabled flags, trigger variables, coroutine actions, and
failures that do not take the other triggers down."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from hub.context import Context
from hub.core import Hub
from hub.exceptions import ConfigError
from hub.trace import TraceRecorder, current_run, trace_path, trace_run, trace_step
from hub.trigger import TriggerInfo, attach_triggers, validate_triggers
from tests.conftest import HubFactory
from tests.hub.trigger.conftest import attach


async def test_ids_default_to_the_index(hub: Hub) -> None:
    fired = await attach(
        hub,
        [
            {"trigger": "event", "event_type": "a"},
            {"trigger": "event", "event_type": "a", "id": "named", "alias": "Named"},
        ],
    )
    hub.bus.fire("a")
    assert [(t["id"], t["idx"], t["alias"]) for t in fired.triggers] == [
        ("0", "0", None),
        ("named", "1", "Named"),
    ]


async def test_disabled_triggers_are_not_attached(hub: Hub) -> None:
    fired = await attach(
        hub,
        [
            {"trigger": "event", "event_type": "a", "enabled": False},
            {"trigger": "event", "event_type": "a", "enabled": "{{ use_b }}"},
            {"trigger": "event", "event_type": "a", "enabled": "{{ not use_b }}"},
        ],
        variables={"use_b": True},
    )
    hub.bus.fire("a")
    assert [t["idx"] for t in fired.triggers] == ["1"]


async def test_trigger_variables(hub: Hub) -> None:
    fired = await attach(
        hub,
        {
            "trigger": "event",
            "event_type": "doorbell",
            "variables": {
                "who": "{{ trigger.event.data.who }}",
                "greeting": "Hello {{ who }}",
                "trigger": "not overwritten",
            },
        },
    )
    hub.bus.fire("doorbell", {"who": "Anne"})
    [run] = fired.runs
    assert run["who"] == "Anne"
    assert run["greeting"] == "Hello Anne"
    assert run["trigger"]["platform"] == "event"


async def test_trigger_variables_that_fail_skip_the_run(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    fired = await attach(
        hub, {"trigger": "event", "event_type": "go", "variables": {"x": "{{ 1 / 0 }}"}}
    )
    hub.bus.fire("go")
    assert len(fired) == 0
    assert "Error rendering trigger variables of Test" in caplog.text


async def test_coroutine_actions_run_as_tasks(hub: Hub) -> None:
    seen: list[str] = []

    async def action(variables: dict[str, Any], context: Context | None) -> None:
        await asyncio.sleep(0)
        seen.append(variables["trigger"]["event"].event_type)

    remove = await attach_triggers(
        hub, [{"trigger": "event", "event_type": "go"}], action, TriggerInfo("automation", "A")
    )
    hub.bus.fire("go")
    assert seen == []
    await hub.block_till_done()
    assert seen == ["go"]
    remove()


async def test_actions_run_outside_the_run_that_caused_them(hub: Hub) -> None:
    """A trigger fired by another automation's action does not record into its trace."""
    runs: list[object] = []
    remove = await attach_triggers(
        hub,
        [{"trigger": "state", "entity_id": "light.a"}],
        lambda _variables, _context: runs.append(current_run()),
        TriggerInfo("automation", "B"),
    )
    recorder = TraceRecorder("automation", "a", Context(), {})
    with trace_run(hub, recorder), trace_path("action/0"), trace_step({}):
        hub.states.set("light.a", "on")
    assert runs == [None]
    remove()


async def test_a_broken_trigger_does_not_stop_the_others(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    fired = await attach(
        hub,
        [
            {"trigger": "time", "at": "{{ 'never' }}"},
            {"trigger": "bogus"},
            {
                "trigger": "device",
                "device_id": "3f9c2a7d1e6b4c8a9d0e1f2a3b4c5d6e",
                "domain": "switch",
                "type": "turned_on",
                "entity_id": "switch.a",
            },
            {"trigger": "event", "event_type": "ok"},
        ],
    )
    hub.bus.fire("ok")
    assert [t["idx"] for t in fired.triggers] == ["3"]
    assert "Invalid trigger 1 of Test" in caplog.text
    assert "Unknown device '3f9c2a7d1e6b4c8a9d0e1f2a3b4c5d6e'" in caplog.text


async def test_removing_everything(hub: Hub) -> None:
    fired = await attach(
        hub,
        [
            {"trigger": "state", "entity_id": "light.a", "for": 10},
            {"trigger": "time_pattern", "minutes": "*"},
            {"trigger": "event", "event_type": "go"},
            {"trigger": "template", "value_template": "{{ now().minute > 0 }}"},
        ],
    )
    hub.states.set("light.a", "on")
    fired.remove()
    fired.remove()  # twice is harmless
    assert hub.clock.pending_timers == 0
    assert hub.bus.listener_counts() == {}


async def test_device_trigger_of_a_known_device(make_hub: HubFactory) -> None:
    from hub.registry.device_registry import DEVICE_REGISTRY

    hub = await make_hub("")
    device = hub.data[DEVICE_REGISTRY].get_or_create("demo", {"identifiers": {("demo", "plug")}})
    hub.states.set("switch.plug", "off")
    config = {
        "trigger": "device",
        "device_id": device.id,
        "domain": "switch",
        "type": "turned_on",
        "entity_id": "switch.plug",
    }
    fired = await attach(hub, config)
    hub.states.set("switch.plug", "on")
    hub.states.set("switch.plug", "off")
    assert [t["to_state"].state for t in fired.triggers] == ["on"]
    assert await validate_triggers(hub, [config])
    with pytest.raises(ConfigError, match="Unknown device 'nope'"):
        await validate_triggers(hub, [{**config, "device_id": "nope"}])


async def test_validate_triggers_resolves_entity_registry_ids(make_hub: HubFactory) -> None:
    from hub.registry.entity_registry import ENTITY_REGISTRY

    hub = await make_hub("")
    entry = hub.data[ENTITY_REGISTRY].get_or_create("switch", "demo", "plug-1")
    [validated] = await validate_triggers(
        hub, [{"trigger": "state", "entity_id": entry.id, "to": "on"}]
    )
    assert validated["entity_id"] == [entry.entity_id]
    with pytest.raises(ConfigError, match="Unknown entity registry entry"):
        await validate_triggers(hub, [{"trigger": "state", "entity_id": "0" * 32}])
