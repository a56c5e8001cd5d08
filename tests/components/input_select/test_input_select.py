"""input_select: options, selection services and their cycle rules, restore, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import voluptuous as vol

from hub.exceptions import ServiceValidationError
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
input_select:
  mode:
    name: House mode
    options: [Home, Away, Holiday]
  fixed:
    options: [low, mid, high]
    initial: mid
"""
MODE = {"entity_id": "input_select.mode"}


async def _call(hub: object, service: str, **data: object) -> None:
    await hub.services.call("input_select", service, {**MODE, **data}, blocking=True)  # type: ignore[attr-defined]


def _mode(hub: object) -> str:
    state = hub.states.get("input_select.mode")  # type: ignore[attr-defined]
    assert state is not None
    return str(state.state)


async def test_state_and_attributes(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    state = hub.states.get("input_select.mode")
    assert state is not None
    assert state.state == "Home"  # no initial, nothing stored: the first option
    assert dict(state.attributes) == {
        "options": ["Home", "Away", "Holiday"],
        "editable": False,
        "friendly_name": "House mode",
    }
    assert hub.states.is_state("input_select.fixed", "mid")


async def test_select_option_and_first_last(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "select_option", option="Away")
    assert _mode(hub) == "Away"
    with pytest.raises(ServiceValidationError, match="Invalid option: Beach"):
        await _call(hub, "select_option", option="Beach")
    assert _mode(hub) == "Away"
    await _call(hub, "select_last")
    assert _mode(hub) == "Holiday"
    await _call(hub, "select_first")
    assert _mode(hub) == "Home"


async def test_next_and_previous_cycle_by_default(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "select_next")
    await _call(hub, "select_next")
    assert _mode(hub) == "Holiday"
    await _call(hub, "select_next")
    assert _mode(hub) == "Home"  # wrapped around
    await _call(hub, "select_previous")
    assert _mode(hub) == "Holiday"  # wrapped back


async def test_without_cycle_they_stop_at_the_ends(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "select_previous", cycle=False)
    assert _mode(hub) == "Home"
    await _call(hub, "select_last")
    await _call(hub, "select_next", cycle=False)
    assert _mode(hub) == "Holiday"
    await _call(hub, "select_previous", cycle=False)
    assert _mode(hub) == "Away"


async def test_set_options(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "select_option", option="Away")
    await _call(hub, "set_options", options=["Away", "Work"])
    state = hub.states.get("input_select.mode")
    assert state is not None
    assert state.state == "Away"  # still an option
    assert state.attributes["options"] == ["Away", "Work"]
    await _call(hub, "set_options", options=["Night", "Day"])
    assert _mode(hub) == "Night"  # gone: the first option
    with pytest.raises(ServiceValidationError, match="Duplicated"):
        await _call(hub, "set_options", options=["a", "a"])
    with pytest.raises(vol.Invalid):
        await _call(hub, "set_options", options=[])


async def test_restored_unless_initial(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _call(hub, "select_option", option="Holiday")
    await hub.services.call(
        "input_select",
        "select_option",
        {"entity_id": "input_select.fixed", "option": "high"},
        blocking=True,
    )
    await hub.stop()
    hub2 = await make_hub(CONFIG)
    assert _mode(hub2) == "Holiday"
    assert hub2.states.is_state("input_select.fixed", "mid")
    await hub2.stop()
    # A stored option that is no longer offered falls back to the first option.
    hub3 = await make_hub(CONFIG.replace("Holiday", "Beach"))
    assert _mode(hub3) == "Home"


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, "input_select:\n  a:\n    options: [x, y]\n    initial: z\n")
    assert len(errors) == 1
    assert errors[0].line == 4
    assert "not one of the options" in errors[0].message
    errors = config_errors(config_dir, "input_select:\n  a:\n    name: no options\n")
    assert "options" in errors[0].message
    assert errors[0].line == 2
    errors = config_errors(config_dir, "input_select:\n  a:\n    options: []\n")
    assert len(errors) == 1


async def test_duplicate_options_are_dropped(make_hub: HubFactory) -> None:
    hub = await make_hub("input_select:\n  a:\n    options: [x, y, x]\n")
    state = hub.states.get("input_select.a")
    assert state is not None
    assert state.attributes["options"] == ["x", "y"]
