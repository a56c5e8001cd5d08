"""Template sensors, modern and legacy: they follow what their templates read, and
only that; attributes, icon, picture, availability, names, unique ids, device classes."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from hub.clock import ManualClock
from hub.core import Hub
from hub.registry import ENTITY_REGISTRY
from hub.template import Template
from tests.conftest import HubFactory

INPUT = """
input_number:
  power:
    min: 0
    max: 1000
    initial: 100
  other:
    min: 0
    max: 10
"""


async def _set(hub: Hub, entity_id: str, value: float) -> None:
    await hub.services.call(
        "input_number", "set_value", {"entity_id": entity_id, "value": value}, blocking=True
    )


def _state(hub: Hub, entity_id: str) -> Any:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def test_template_sensor_doubles_an_input_number(make_hub: HubFactory) -> None:
    hub = await make_hub(
        INPUT
        + """
template:
  - sensor:
      - name: Doubled power
        unique_id: doubled
        state: "{{ (states('input_number.power') | float(0) * 2) | round(1) }}"
        unit_of_measurement: W
        device_class: power
        state_class: measurement
"""
    )
    assert _state(hub, "sensor.doubled_power").state == "unknown"  # until the hub starts
    await hub.start()
    doubled = _state(hub, "sensor.doubled_power")
    assert doubled.state == "200.0"
    assert dict(doubled.attributes) == {
        "state_class": "measurement",
        "unit_of_measurement": "W",
        "friendly_name": "Doubled power",
        "device_class": "power",
    }
    await _set(hub, "input_number.power", 21.5)
    assert _state(hub, "sensor.doubled_power").state == "43.0"
    entry = hub.data[ENTITY_REGISTRY].get("sensor.doubled_power")
    assert entry is not None and (entry.platform, entry.unique_id) == ("template", "doubled")


async def test_only_the_read_entity_causes_a_render(
    make_hub: HubFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = await make_hub(
        INPUT
        + """
template:
  - sensor:
      - name: Doubled
        state: "{{ states('input_number.power') | float * 2 }}"
"""
    )
    await hub.start()
    renders: list[str] = []
    original = Template.render

    def counting(self: Template, *args: Any, **kwargs: Any) -> Any:
        renders.append(self.template)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", counting)
    await _set(hub, "input_number.other", 3)
    hub.states.set("sensor.unrelated", "1")
    assert renders == []
    await _set(hub, "input_number.power", 7)
    assert renders == ["{{ states('input_number.power') | float * 2 }}"]
    assert _state(hub, "sensor.doubled").state == "14.0"


async def test_attributes_icon_picture_availability_and_this(make_hub: HubFactory) -> None:
    hub = await make_hub(
        INPUT
        + """
template:
  - unique_id: block
    sensor:
      - name: "Power {{ 'level' }}"
        unique_id: level
        state: "{{ states('input_number.power') | int }}"
        icon: "{{ 'mdi:flash' if states('input_number.power') | float > 50 else 'mdi:flash-off' }}"
        picture: "/local/{{ states('input_number.other') | int }}.png"
        availability: "{{ states('input_number.other') | float < 5 }}"
        attributes:
          doubled: "{{ states('input_number.power') | float * 2 }}"
          previous: "{{ this.state }}"
          words: "{{ ['a', 'b'] }}"
"""
    )
    await hub.start()
    level = _state(hub, "sensor.power_level")
    assert level.state == "100"
    assert level.attributes["icon"] == "mdi:flash"
    assert level.attributes["entity_picture"] == "/local/0.png"
    assert level.attributes["doubled"] == 200.0
    assert level.attributes["words"] == ["a", "b"]
    assert level.attributes["friendly_name"] == "Power level"
    entry = hub.data[ENTITY_REGISTRY].get("sensor.power_level")
    assert entry is not None and entry.unique_id == "block-level"
    await _set(hub, "input_number.power", 10)
    level = _state(hub, "sensor.power_level")
    assert (level.state, level.attributes["icon"]) == ("10", "mdi:flash-off")
    # ``this`` is the entity's own state when rendering: it settles on the new state.
    assert level.attributes["previous"] == 10
    await _set(hub, "input_number.other", 7)
    assert _state(hub, "sensor.power_level").state == "unavailable"
    await _set(hub, "input_number.other", 1)
    assert _state(hub, "sensor.power_level").state == "10"


async def test_render_errors_make_the_state_unknown_and_are_logged_once(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await make_hub(
        """
template:
  - sensor:
      - name: Fragile
        state: "{{ states('sensor.source') | float }}"
        unit_of_measurement: W
"""
    )
    hub.states.set("sensor.source", "5")
    await hub.start()
    assert _state(hub, "sensor.fragile").state == "5.0"
    with caplog.at_level(logging.ERROR):
        hub.states.set("sensor.source", "oops")
        hub.states.set("sensor.source", "oops", {"again": 1})
    assert _state(hub, "sensor.fragile").state == "unknown"
    errors = [r for r in caplog.records if "float got invalid input 'oops'" in r.getMessage()]
    assert len(errors) == 1
    assert "sensor.fragile" in errors[0].getMessage()
    hub.states.set("sensor.source", "6")
    assert _state(hub, "sensor.fragile").state == "6.0"


async def test_state_changes_carry_the_context_of_their_cause(make_hub: HubFactory) -> None:
    hub = await make_hub(
        INPUT
        + """
template:
  - sensor:
      - name: Copy
        state: "{{ states('input_number.power') }}"
"""
    )
    await hub.start()
    await _set(hub, "input_number.power", 3)
    source, copy = _state(hub, "input_number.power"), _state(hub, "sensor.copy")
    assert copy.context == source.context


async def test_legacy_platform_template_sensors(make_hub: HubFactory) -> None:
    hub = await make_hub(
        INPUT
        + """
sensor:
  - platform: template
    sensors:
      power_copy:
        friendly_name: Power copy
        value_template: "{{ states('input_number.power') }}"
        unit_of_measurement: W
        icon_template: "mdi:flash"
        attribute_templates:
          half: "{{ states('input_number.power') | float / 2 }}"
        unique_id: legacy_power_copy
      bare:
        value_template: "{{ 'x' }}"
        friendly_name_template: "Bare {{ 1 + 1 }}"
"""
    )
    await hub.start()
    copy = _state(hub, "sensor.power_copy")
    assert copy.state == "100.0"
    assert copy.attributes["friendly_name"] == "Power copy"
    assert copy.attributes["half"] == 50.0
    assert copy.attributes["icon"] == "mdi:flash"
    assert _state(hub, "sensor.bare").attributes["friendly_name"] == "Bare 2"
    await _set(hub, "input_number.power", 40)
    assert _state(hub, "sensor.power_copy").state == "40.0"
    assert "sensor.template" in _loaded(hub)


def _loaded(hub: Hub) -> set[str]:
    from hub.http.api.payloads import config_payload

    return set(config_payload(hub)["components"])


async def test_timestamp_sensors_parse_their_result(make_hub: HubFactory) -> None:
    hub = await make_hub(
        """
template:
  - sensor:
      - name: Next run
        device_class: timestamp
        state: "{{ (now() + timedelta(hours=1)).isoformat() }}"
      - name: Bad stamp
        device_class: timestamp
        state: "not a time"
"""
    )
    await hub.start()
    assert _state(hub, "sensor.next_run").state == "2026-01-15T13:00:00+00:00"
    assert _state(hub, "sensor.bad_stamp").state == "unknown"


async def test_time_templates_rerender_each_minute(
    make_hub: HubFactory, clock: ManualClock
) -> None:
    hub = await make_hub(
        """
template:
  - sensor:
      - name: Minute
        state: "{{ now().minute }}"
"""
    )
    await hub.start()
    assert _state(hub, "sensor.minute").state == "0"
    await clock.advance(61)
    assert _state(hub, "sensor.minute").state == "1"
