"""Reloading YAML integrations: validate first, keep the old on errors, say file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import voluptuous as vol

from hub.exceptions import ConfigError
from hub.registry.entity_registry import ENTITY_REGISTRY
from tests.conftest import HubFactory

CONFIG = """
input_boolean:
  guest_mode:
    name: Guest mode
  holiday:
counter:
  starts:
    step: 2
"""


def _write(config_dir: Path, text: str) -> None:
    (config_dir / "configuration.yaml").write_text(textwrap.dedent(text))


async def test_reload_adds_updates_and_removes_helpers(
    make_hub: HubFactory, config_dir: Path
) -> None:
    hub = await make_hub(CONFIG)
    registry = hub.data[ENTITY_REGISTRY]
    await hub.services.call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.guest_mode"}, blocking=True
    )
    _write(
        config_dir,
        """
        input_boolean:
          guest_mode:
            name: Guests staying
            icon: mdi:account
          away:
        counter:
          starts:
            step: 2
        """,
    )
    await hub.services.call("input_boolean", "reload", blocking=True)

    guest = hub.states.get("input_boolean.guest_mode")
    assert guest is not None
    assert guest.state == "on"  # a reload keeps the value
    assert guest.attributes["friendly_name"] == "Guests staying"
    assert guest.attributes["icon"] == "mdi:account"
    assert hub.states.get("input_boolean.holiday") is None
    assert "input_boolean.holiday" not in registry
    assert hub.states.is_state("input_boolean.away", "off")
    assert registry.get_entity_id("input_boolean", "input_boolean", "away") == (
        "input_boolean.away"
    )


async def test_invalid_configuration_keeps_the_old_helpers(
    make_hub: HubFactory, config_dir: Path
) -> None:
    hub = await make_hub(CONFIG)
    _write(
        config_dir,
        """
        input_boolean:
          guest_mode:
            initial: maybe
          new_one:
        """,
    )
    with pytest.raises(ConfigError) as caught:
        await hub.services.call("input_boolean", "reload", blocking=True)
    error = caught.value
    assert error.file is not None
    assert error.file.endswith("configuration.yaml")
    assert error.line == 4
    assert "configuration.yaml:4:" in str(error)
    assert "input_boolean not reloaded" in str(error)
    assert "initial" in str(error)
    assert hub.states.get("input_boolean.holiday") is not None
    assert hub.states.get("input_boolean.new_one") is None


async def test_a_yaml_syntax_error_is_located(make_hub: HubFactory, config_dir: Path) -> None:
    hub = await make_hub(CONFIG)
    _write(config_dir, "input_boolean:\n  a: [\n")
    with pytest.raises(ConfigError, match=r"configuration\.yaml:\d+"):
        await hub.services.call("input_boolean", "reload", blocking=True)
    assert hub.states.get("input_boolean.guest_mode") is not None


async def test_other_domains_errors_do_not_block_a_reload(
    make_hub: HubFactory, config_dir: Path
) -> None:
    hub = await make_hub(CONFIG)
    _write(
        config_dir,
        """
        input_boolean:
          only_me:
        counter:
          starts:
            step: -5
        """,
    )
    await hub.services.call("input_boolean", "reload", blocking=True)
    assert hub.states.get("input_boolean.only_me") is not None
    with pytest.raises(ConfigError, match="counter not reloaded"):
        await hub.services.call("counter", "reload", blocking=True)
    assert hub.states.get("counter.starts") is not None


async def test_removing_the_block_removes_every_helper(
    make_hub: HubFactory, config_dir: Path
) -> None:
    hub = await make_hub(CONFIG)
    _write(config_dir, "counter:\n")
    await hub.services.call("input_boolean", "reload", blocking=True)
    assert hub.states.entity_ids("input_boolean") == []


async def test_reload_services_are_admin_only_and_take_no_data(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    assert hub.services.get("input_boolean", "reload").admin_only
    assert hub.services.get("homeassistant", "reload_all").admin_only
    with pytest.raises(vol.Invalid):
        await hub.services.call("input_boolean", "reload", {"x": 1}, blocking=True)


async def test_reload_all_is_all_or_nothing(make_hub: HubFactory, config_dir: Path) -> None:
    hub = await make_hub(CONFIG)
    _write(
        config_dir,
        """
        input_boolean:
          second:
        counter:
          other:
            step: 0
        """,
    )
    with pytest.raises(ConfigError, match="not reloaded"):
        await hub.services.call("homeassistant", "reload_all", blocking=True)
    assert hub.states.get("input_boolean.second") is None  # nothing reloaded
    _write(config_dir, "input_boolean:\n  second:\ncounter:\n  other:\n")
    await hub.services.call("homeassistant", "reload_all", blocking=True)
    assert hub.states.get("input_boolean.second") is not None
    assert hub.states.get("input_boolean.guest_mode") is None
    assert hub.states.get("counter.other") is not None
    assert hub.states.get("counter.starts") is None
