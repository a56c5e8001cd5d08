"""Trigger-based template blocks: render when a trigger fires (with ``trigger``,
block ``variables``, ``condition`` and ``action``), keep their state across restarts."""

from __future__ import annotations

from typing import Any

from hub.clock import ManualClock
from hub.core import Hub
from tests.conftest import HubFactory

CONFIG = """
template:
  - trigger:
      - trigger: state
        entity_id: sensor.meter
    condition:
      - condition: template
        value_template: "{{ trigger.to_state.state | float(0) >= 0 }}"
    variables:
      factor: 2
    action:
      - variables:
          extra: 1
    sensor:
      - name: Last meter jump
        unique_id: jump
        state: "{{ trigger.to_state.state | float(0) * factor + extra }}"
        attributes:
          from: "{{ trigger.from_state.state }}"
    binary_sensor:
      - name: Meter pulse
        state: "true"
        auto_off: 5
  - triggers:
      - trigger: time_pattern
        minutes: "/5"
    sensor:
      - name: Five minute tick
        state: "{{ now().minute }}"
"""


def _state(hub: Hub, entity_id: str) -> Any:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def test_renders_when_the_trigger_fires(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    await hub.start()
    assert _state(hub, "sensor.last_meter_jump").state == "unknown"
    hub.states.set("sensor.meter", "10")
    await hub.block_till_done()
    jump = _state(hub, "sensor.last_meter_jump")
    assert jump.state == "21.0"
    assert jump.attributes["from"] == ""  # no old state: undefined renders empty
    hub.states.set("sensor.meter", "-5")  # the condition fails: nothing renders
    await hub.block_till_done()
    assert _state(hub, "sensor.last_meter_jump").state == "21.0"
    hub.states.set("sensor.meter", "12")
    await hub.block_till_done()
    assert _state(hub, "sensor.last_meter_jump").attributes["from"] == -5
    assert _state(hub, "binary_sensor.meter_pulse").state == "on"
    await clock.advance(5)
    assert _state(hub, "binary_sensor.meter_pulse").state == "off"
    await clock.advance(300)
    await hub.block_till_done()
    assert _state(hub, "sensor.five_minute_tick").state == "5"


async def test_state_survives_a_restart(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.start()
    hub.states.set("sensor.meter", "4")
    await hub.block_till_done()
    assert _state(hub, "sensor.last_meter_jump").state == "9.0"
    await hub.stop()
    again = await make_hub(CONFIG)
    await again.start()
    assert _state(again, "sensor.last_meter_jump").state == "9.0"
