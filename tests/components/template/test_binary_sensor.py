"""Template binary sensors: truthy results, delays on the hub clock, legacy form."""

from __future__ import annotations

from hub.clock import ManualClock
from hub.core import Hub
from tests.conftest import HubFactory


def _state(hub: Hub, entity_id: str) -> str:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def test_truthy_results_and_delays(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(
        """
template:
  - binary_sensor:
      - name: Boiler running
        state: "{{ states('sensor.boiler_power') | float(0) > 50 }}"
        device_class: running
        delay_on: "00:00:30"
        delay_off:
          minutes: 2
      - name: Plain
        state: "{{ states('sensor.boiler_power') }}"
"""
    )
    hub.states.set("sensor.boiler_power", "0")
    await hub.start()
    # No earlier state to start from: off only once delay_off has passed (as in HA).
    assert _state(hub, "binary_sensor.boiler_running") == "unknown"
    assert _state(hub, "binary_sensor.plain") == "off"
    await clock.advance(120)
    assert _state(hub, "binary_sensor.boiler_running") == "off"
    hub.states.set("sensor.boiler_power", "1")
    assert _state(hub, "binary_sensor.plain") == "on"  # "1" is truthy
    hub.states.set("sensor.boiler_power", "900")
    await clock.advance(29)
    assert _state(hub, "binary_sensor.boiler_running") == "off"
    await clock.advance(1)
    assert _state(hub, "binary_sensor.boiler_running") == "on"
    hub.states.set("sensor.boiler_power", "0")
    await clock.advance(60)
    hub.states.set("sensor.boiler_power", "800")  # back on before delay_off ended
    await clock.advance(120)
    assert _state(hub, "binary_sensor.boiler_running") == "on"
    running = hub.states.get("binary_sensor.boiler_running")
    assert running is not None and running.attributes["device_class"] == "running"


async def test_delay_templates_and_legacy_form(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(
        """
binary_sensor:
  - platform: template
    sensors:
      door_open_long:
        friendly_name: Door open long
        value_template: "{{ is_state('binary_sensor.door', 'on') }}"
        delay_on: "{{ '00:00:' ~ '10' }}"
"""
    )
    hub.states.set("binary_sensor.door", "off")
    await hub.start()
    hub.states.set("binary_sensor.door", "on")
    await clock.advance(9)
    assert _state(hub, "binary_sensor.door_open_long") == "off"
    await clock.advance(1)
    assert _state(hub, "binary_sensor.door_open_long") == "on"
    hub.states.set("binary_sensor.door", "off")
    assert _state(hub, "binary_sensor.door_open_long") == "off"
