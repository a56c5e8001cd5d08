"""Configuration of the template integration: what check-config reports (located at
file:line) and ``template.reload``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hub.core import Hub
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        (
            "template:\n  - sensor:\n      - name: Broken\n        state: \"{{ states('x') }\"\n",
            4,
            ["template[0].sensor[0].state", "invalid template (TemplateSyntaxError"],
        ),
        (
            "template:\n  - sensor:\n      - name: No state\n",
            3,
            ["required option 'state' is missing"],
        ),
        (
            'template:\n  - binary_sensor:\n      - state: "{{ true }}"\n        dealy_on: 5\n',
            4,
            ["unknown option 'dealy_on'"],
        ),
        (
            "sensor:\n  - platform: template\n    sensors:\n      x:\n"
            '        value_template: "{% if %}"\n',
            5,
            ["value_template", "invalid template"],
        ),
        (
            'template:\n  - sensor:\n      - state: "{{ 1 }}"\n'
            '        attributes:\n          a: "{{ 1 +* 2 }}"\n',
            5,
            ["attributes.a", "invalid template"],
        ),
        (
            'template:\n  - action:\n      - delay: 1\n    sensor:\n      - state: "{{ 1 }}"\n',
            2,
            ["only valid in a trigger-based block"],
        ),
        (
            'template:\n  - sensor:\n      - state: "{{ 1 }}"\n        device_class: powr\n',
            4,
            ["device_class"],
        ),
    ],
)
def test_check_config_locates_mistakes(
    config_dir: Path, yaml_text: str, line: int, words: list[str]
) -> None:
    errors = config_errors(config_dir, yaml_text)
    assert errors, yaml_text
    located = errors[0].located()
    assert errors[0].file is not None and errors[0].file.endswith("configuration.yaml")
    assert errors[0].line == line, located
    for word in words:
        assert word in located, located


def test_valid_configuration_has_no_errors(config_dir: Path) -> None:
    assert (
        config_errors(
            config_dir,
            'template:\n  - sensor:\n      - name: Ok\n        state: "{{ 1 }}"\n'
            "sensor:\n  - platform: template\n    sensors:\n      y:\n"
            '        value_template: "{{ 2 }}"\n',
        )
        == []
    )


def _state(hub: Hub, entity_id: str) -> Any:
    state = hub.states.get(entity_id)
    return state.state if state is not None else None


async def test_reload_replaces_modern_and_legacy_entities(
    make_hub: HubFactory, config_dir: Path
) -> None:
    hub = await make_hub(
        """
template:
  - sensor:
      - name: First
        state: "{{ 1 }}"
sensor:
  - platform: template
    sensors:
      legacy:
        value_template: "{{ 'a' }}"
"""
    )
    await hub.start()
    assert (_state(hub, "sensor.first"), _state(hub, "sensor.legacy")) == ("1", "a")
    (config_dir / "configuration.yaml").write_text(
        """
template:
  - sensor:
      - name: Second
        state: "{{ 2 }}"
sensor:
  - platform: template
    sensors:
      legacy:
        value_template: "{{ 'b' }}"
"""
    )
    await hub.services.call("template", "reload", blocking=True)
    assert _state(hub, "sensor.first") is None
    assert _state(hub, "sensor.second") == "2"
    assert _state(hub, "sensor.legacy") == "b"


async def test_invalid_reload_keeps_the_running_entities(
    make_hub: HubFactory, config_dir: Path
) -> None:
    from hub.exceptions import ConfigError

    hub = await make_hub('template:\n  - sensor:\n      - name: Kept\n        state: "{{ 3 }}"\n')
    await hub.start()
    (config_dir / "configuration.yaml").write_text(
        'template:\n  - sensor:\n      - name: Kept\n        state: "{{ 3 }"\n'
    )
    with pytest.raises(ConfigError, match=r"configuration.yaml:4"):
        await hub.services.call("template", "reload", blocking=True)
    assert _state(hub, "sensor.kept") == "3"
