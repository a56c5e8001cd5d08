"""input_text: attributes, set_value limits and pattern, restore, config errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.exceptions import ServiceValidationError
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
input_text:
  note:
    name: Note
    min: 2
    max: 10
    pattern: "[a-z ]*"
  code:
    mode: password
    initial: "1234"
"""


async def test_state_and_attributes(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    note = hub.states.get("input_text.note")
    assert note is not None
    assert note.state == "unknown"
    assert dict(note.attributes) == {
        "editable": False,
        "min": 2,
        "max": 10,
        "pattern": "[a-z ]*",
        "mode": "text",
        "friendly_name": "Note",
    }
    code = hub.states.get("input_text.code")
    assert code is not None
    assert code.state == "1234"
    assert code.attributes["pattern"] is None
    assert code.attributes["mode"] == "password"
    assert code.attributes["max"] == 100


async def test_set_value_checks_length_and_pattern(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    target = {"entity_id": "input_text.note"}
    await hub.services.call(
        "input_text", "set_value", {**target, "value": "hi there"}, blocking=True
    )
    assert hub.states.is_state("input_text.note", "hi there")
    for bad in ("x", "much too long text", "Caps"):
        with pytest.raises(ServiceValidationError, match="Invalid value"):
            await hub.services.call(
                "input_text", "set_value", {**target, "value": bad}, blocking=True
            )
    assert hub.states.is_state("input_text.note", "hi there")


async def test_restored_unless_initial(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    for entity_id, value in (("input_text.note", "kept"), ("input_text.code", "9999")):
        await hub.services.call(
            "input_text", "set_value", {"entity_id": entity_id, "value": value}, blocking=True
        )
    await hub.stop()
    hub2 = await make_hub(CONFIG)
    assert hub2.states.is_state("input_text.note", "kept")
    assert hub2.states.is_state("input_text.code", "1234")


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, "input_text:\n  a:\n    min: 5\n    max: 2\n")
    assert len(errors) == 1
    assert "must not be less than min" in errors[0].message
    errors = config_errors(config_dir, "input_text:\n  a:\n    max: 3\n    initial: toolong\n")
    assert errors[0].line == 4
    assert "initial" in errors[0].message
    errors = config_errors(config_dir, "input_text:\n  a:\n    max: 300\n")
    assert errors[0].line == 3
    errors = config_errors(config_dir, 'input_text:\n  a:\n    pattern: "[a-"\n')
    assert "regular expression" in errors[0].message
