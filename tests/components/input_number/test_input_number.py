"""input_number: YAML schema, state and attributes, services and range checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import voluptuous as vol

from hub.bootstrap import read_configuration
from hub.exceptions import ServiceValidationError
from tests.conftest import HubFactory

CONFIG = """
input_number:
  boost_minutes:
    name: Boost minutes
    min: 0
    max: 120
    step: 5
    initial: 30
    unit_of_measurement: min
  threshold:
    min: -10
    max: 10
    mode: box
"""


async def test_state_and_attributes(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    state = hub.states.get("input_number.boost_minutes")
    assert state is not None
    assert state.state == "30.0"
    assert dict(state.attributes) == {
        "initial": 30.0,
        "editable": False,
        "min": 0.0,
        "max": 120.0,
        "step": 5.0,
        "mode": "slider",
        "unit_of_measurement": "min",
        "friendly_name": "Boost minutes",
    }
    threshold = hub.states.get("input_number.threshold")
    assert threshold is not None
    assert threshold.state == "-10.0"  # no initial: starts at min
    assert threshold.attributes["mode"] == "box"
    assert "friendly_name" not in threshold.attributes  # no name: none shown (as HA)


async def test_services(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    target = {"entity_id": "input_number.boost_minutes"}
    await hub.services.call(
        "input_number", "set_value", {"value": 45}, blocking=True, target=target
    )
    assert hub.states.is_state("input_number.boost_minutes", "45.0")
    await hub.services.call("input_number", "increment", blocking=True, target=target)
    assert hub.states.is_state("input_number.boost_minutes", "50.0")
    await hub.services.call(
        "input_number", "set_value", {"value": 120}, blocking=True, target=target
    )
    await hub.services.call("input_number", "increment", blocking=True, target=target)
    assert hub.states.is_state("input_number.boost_minutes", "120.0")  # capped at max
    await hub.services.call("input_number", "decrement", blocking=True, target=target)
    assert hub.states.is_state("input_number.boost_minutes", "115.0")
    with pytest.raises(ServiceValidationError, match="range"):
        await hub.services.call(
            "input_number", "set_value", {"value": 500}, blocking=True, target=target
        )
    with pytest.raises(vol.Invalid):
        await hub.services.call(
            "input_number", "set_value", {"value": "lots"}, blocking=True, target=target
        )


@pytest.mark.parametrize(
    ("block", "fragment"),
    [
        ("  x:\n    min: 5\n    max: 1\n", "greater than min"),
        ("  x:\n    min: 0\n    max: 10\n    initial: 11\n", "not in the range"),
        ("  x:\n    max: 10\n", "min"),
        ("  Bad Name:\n    min: 0\n    max: 1\n", "Bad Name"),
    ],
)
def test_config_errors_are_located(config_dir: Path, block: str, fragment: str) -> None:
    path = config_dir
    (path / "configuration.yaml").write_text("input_number:\n" + block)
    errors = read_configuration(path).errors
    assert len(errors) == 1
    assert errors[0].line is not None
    assert fragment in errors[0].message


async def test_value_restored_without_initial(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    for entity_id, value in (("input_number.boost_minutes", 60), ("input_number.threshold", 2.5)):
        await hub.services.call(
            "input_number", "set_value", {"entity_id": entity_id, "value": value}, blocking=True
        )
    await hub.stop()
    hub2 = await make_hub(CONFIG)
    assert hub2.states.is_state("input_number.threshold", "2.5")  # restored
    assert hub2.states.is_state("input_number.boost_minutes", "30.0")  # initial wins
    await hub2.stop()
    # A stored value outside a new range is not used: min instead.
    hub3 = await make_hub(CONFIG.replace("min: -10", "min: 5"))
    assert hub3.states.is_state("input_number.threshold", "5.0")


async def test_reload(make_hub: HubFactory, config_dir: Path) -> None:
    hub = await make_hub(CONFIG)
    await hub.services.call(
        "input_number",
        "set_value",
        {"entity_id": "input_number.threshold", "value": 8},
        blocking=True,
    )
    config = "input_number:\n  threshold:\n    min: 0\n    max: 5\n    step: 0.5\n"
    await hub.add_executor_job((config_dir / "configuration.yaml").write_text, config)
    await hub.services.call("input_number", "reload", blocking=True)
    threshold = hub.states.get("input_number.threshold")
    assert threshold is not None
    assert threshold.state == "5.0"  # kept, held inside the new range
    assert threshold.attributes["step"] == 0.5
    assert hub.states.get("input_number.boost_minutes") is None
    assert hub.services.get("input_number", "reload").admin_only
