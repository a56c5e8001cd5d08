"""Template switches, numbers and selects: state templates plus actions run by the
script engine, optimistic mode."""

from __future__ import annotations

from typing import Any

from hub.core import Hub
from tests.conftest import HubFactory

CONFIG = """
input_boolean:
  heater:
input_number:
  setpoint:
    min: 0
    max: 80
    initial: 55
input_select:
  mode:
    options: [eco, comfort, boost]
template:
  - switch:
      - name: Heater
        state: "{{ is_state('input_boolean.heater', 'on') }}"
        turn_on:
          - action: input_boolean.turn_on
            target:
              entity_id: input_boolean.heater
        turn_off:
          action: input_boolean.turn_off
          target:
            entity_id: input_boolean.heater
      - name: Pretend
        turn_on: []
        turn_off: []
    number:
      - name: Boiler setpoint
        state: "{{ states('input_number.setpoint') }}"
        min: "{{ 40 }}"
        max: 70
        step: 5
        unit_of_measurement: °C
        set_value:
          - action: input_number.set_value
            target:
              entity_id: input_number.setpoint
            data:
              value: "{{ value }}"
    select:
      - name: Boiler mode
        state: "{{ states('input_select.mode') }}"
        options: "{{ state_attr('input_select.mode', 'options') }}"
        select_option:
          - action: input_select.select_option
            target:
              entity_id: input_select.mode
            data:
              option: "{{ option }}"
"""


def _state(hub: Hub, entity_id: str) -> Any:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def _call(hub: Hub, domain: str, service: str, entity_id: str, **data: Any) -> None:
    await hub.services.call(domain, service, {"entity_id": entity_id, **data}, blocking=True)


async def test_switch_runs_its_actions(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.start()
    assert _state(hub, "switch.heater").state == "off"
    await _call(hub, "switch", "turn_on", "switch.heater")
    assert _state(hub, "input_boolean.heater").state == "on"
    assert _state(hub, "switch.heater").state == "on"
    await _call(hub, "switch", "toggle", "switch.heater")
    assert _state(hub, "switch.heater").state == "off"


async def test_switch_without_state_is_optimistic(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.start()
    pretend = _state(hub, "switch.pretend")
    assert pretend.state == "unknown" and pretend.attributes["assumed_state"] is True
    await _call(hub, "switch", "turn_on", "switch.pretend")
    assert _state(hub, "switch.pretend").state == "on"


async def test_number_sets_through_its_action(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.start()
    setpoint = _state(hub, "number.boiler_setpoint")
    assert setpoint.state == "55.0"
    assert (setpoint.attributes["min"], setpoint.attributes["max"]) == (40.0, 70.0)
    assert setpoint.attributes["step"] == 5.0
    assert setpoint.attributes["unit_of_measurement"] == "°C"
    await _call(hub, "number", "set_value", "number.boiler_setpoint", value=65)
    assert _state(hub, "input_number.setpoint").state == "65.0"
    assert _state(hub, "number.boiler_setpoint").state == "65.0"


async def test_select_options_and_action(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.start()
    mode = _state(hub, "select.boiler_mode")
    assert mode.state == "eco"
    assert mode.attributes["options"] == ["eco", "comfort", "boost"]
    await _call(hub, "select", "select_option", "select.boiler_mode", option="boost")
    assert _state(hub, "input_select.mode").state == "boost"
    assert _state(hub, "select.boiler_mode").state == "boost"
