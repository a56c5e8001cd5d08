"""counter: attributes, bounded steps, reset, set_value limits, restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.exceptions import ServiceValidationError
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
counter:
  starts:
    name: Boiler starts
    initial: 3
    step: 2
    minimum: 0
    maximum: 8
  visits:
  volatile:
    restore: false
"""
STARTS = {"entity_id": "counter.starts"}


async def test_state_and_attributes(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    starts = hub.states.get("counter.starts")
    assert starts is not None
    assert starts.state == "3"
    assert dict(starts.attributes) == {
        "initial": 3,
        "step": 2,
        "minimum": 0,
        "maximum": 8,
        "editable": False,
        "friendly_name": "Boiler starts",
    }
    visits = hub.states.get("counter.visits")
    assert visits is not None
    assert visits.state == "0"
    assert dict(visits.attributes) == {"initial": 0, "step": 1, "editable": False}


async def test_steps_stay_inside_the_bounds(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    for expected in ("5", "7", "8", "8"):
        await hub.services.call("counter", "increment", STARTS, blocking=True)
        assert hub.states.is_state("counter.starts", expected)
    for expected in ("6", "4", "2", "0", "0"):
        await hub.services.call("counter", "decrement", STARTS, blocking=True)
        assert hub.states.is_state("counter.starts", expected)
    await hub.services.call("counter", "reset", STARTS, blocking=True)
    assert hub.states.is_state("counter.starts", "3")


async def test_set_value(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.services.call("counter", "set_value", {**STARTS, "value": 6}, blocking=True)
    assert hub.states.is_state("counter.starts", "6")
    with pytest.raises(ServiceValidationError, match="maximum value of 8"):
        await hub.services.call("counter", "set_value", {**STARTS, "value": 9}, blocking=True)
    assert hub.states.is_state("counter.starts", "6")
    await hub.services.call(
        "counter", "set_value", {"entity_id": "counter.visits", "value": 1000}, blocking=True
    )
    assert hub.states.is_state("counter.visits", "1000")


async def test_restore_unless_disabled(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    for entity_id in ("counter.starts", "counter.visits", "counter.volatile"):
        await hub.services.call("counter", "increment", {"entity_id": entity_id}, blocking=True)
    await hub.stop()
    hub2 = await make_hub(CONFIG)
    assert hub2.states.is_state("counter.starts", "5")
    assert hub2.states.is_state("counter.visits", "1")
    assert hub2.states.is_state("counter.volatile", "0")
    await hub2.stop()
    # Narrower bounds after an edit: the restored count is held inside them.
    hub3 = await make_hub(CONFIG.replace("maximum: 8", "maximum: 4"))
    assert hub3.states.is_state("counter.starts", "4")


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, "counter:\n  a:\n    step: 0\n")
    assert len(errors) == 1
    assert errors[0].line == 3
    errors = config_errors(config_dir, "counter:\n  a:\n    minimum: 5\n    maximum: 1\n")
    assert "must not be less than minimum" in errors[0].message
    errors = config_errors(config_dir, "counter:\n  a:\n    initial: -1\n")
    assert errors[0].line == 3
