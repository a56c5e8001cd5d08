"""input_boolean: state, attributes, services, restore across restarts, config errors."""

from __future__ import annotations

from pathlib import Path

from hub.registry.entity_registry import ENTITY_REGISTRY
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
input_boolean:
  guest_mode:
    name: Guest mode
    icon: mdi:account
  holiday:
    initial: true
  plain:
"""


async def test_states_attributes_and_registry(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    guest = hub.states.get("input_boolean.guest_mode")
    assert guest is not None
    assert guest.state == "off"
    assert dict(guest.attributes) == {
        "editable": False,
        "friendly_name": "Guest mode",
        "icon": "mdi:account",
    }
    assert hub.states.is_state("input_boolean.holiday", "on")
    plain = hub.states.get("input_boolean.plain")
    assert plain is not None
    assert dict(plain.attributes) == {"editable": False}
    registry = hub.data[ENTITY_REGISTRY]
    entry = registry.get("input_boolean.plain")
    assert entry is not None
    assert entry.unique_id == "plain"
    assert entry.platform == "input_boolean"


async def test_services(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    target = {"entity_id": "input_boolean.guest_mode"}
    await hub.services.call("input_boolean", "turn_on", target, blocking=True)
    assert hub.states.is_state("input_boolean.guest_mode", "on")
    await hub.services.call("input_boolean", "toggle", target, blocking=True)
    assert hub.states.is_state("input_boolean.guest_mode", "off")
    await hub.services.call("input_boolean", "toggle", target, blocking=True)
    await hub.services.call("input_boolean", "turn_off", target, blocking=True)
    assert hub.states.is_state("input_boolean.guest_mode", "off")
    await hub.services.call(
        "homeassistant", "turn_on", {"entity_id": "input_boolean.plain"}, blocking=True
    )
    assert hub.states.is_state("input_boolean.plain", "on")


async def test_restored_unless_initial_is_set(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.services.call(
        "input_boolean",
        "turn_on",
        {"entity_id": ["input_boolean.guest_mode", "input_boolean.plain"]},
        blocking=True,
    )
    await hub.services.call(
        "input_boolean", "turn_off", {"entity_id": "input_boolean.holiday"}, blocking=True
    )
    await hub.stop()
    hub2 = await make_hub(CONFIG)
    assert hub2.states.is_state("input_boolean.guest_mode", "on")
    assert hub2.states.is_state("input_boolean.plain", "on")
    assert hub2.states.is_state("input_boolean.holiday", "on")  # initial wins


def test_config_errors_are_located(config_dir: Path) -> None:
    errors = config_errors(config_dir, "input_boolean:\n  a:\n    initial: perhaps\n")
    assert len(errors) == 1
    assert errors[0].line == 3
    assert "boolean" in errors[0].message
    errors = config_errors(config_dir, "input_boolean:\n  Not A Slug:\n")
    assert len(errors) == 1
    assert "slug" in errors[0].message
    errors = config_errors(config_dir, "input_boolean:\n  a:\n    colour: red\n")
    assert "unknown option 'colour'" in errors[0].message
