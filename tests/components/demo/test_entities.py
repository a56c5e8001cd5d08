"""The demo entities' commands through the hub's services: plugs and the water heater.

A command takes effect at the current simulated time and the entities show it at once,
without waiting for the next tick.
"""

from __future__ import annotations

from typing import Any

import pytest

from hub.clock import ManualClock
from hub.core import Hub
from hub.exceptions import ServiceValidationError
from tests.components.demo.conftest import DemoFactory
from tests.components.demo.hub_readings import advance, number, simulation

pytestmark = pytest.mark.usefixtures("quiet_log")

HEATER = "water_heater.water_heater"
WASHER = "switch.washing_machine"


@pytest.fixture
async def demo(start_demo: DemoFactory) -> Hub:
    return await start_demo()


async def call(hub: Hub, domain: str, service: str, **data: Any) -> None:
    await hub.services.call(domain, service, data, blocking=True)


def state(hub: Hub, entity_id: str) -> str:
    current = hub.states.get(entity_id)
    assert current is not None
    return current.state


def attribute(hub: Hub, entity_id: str, name: str) -> Any:
    current = hub.states.get(entity_id)
    assert current is not None
    return current.attributes[name]


# --- smart plugs ---------------------------------------------------------------------


async def test_washing_machine_draws_2_kw_while_heating(demo: Hub, clock: ManualClock) -> None:
    grid_before = number(demo, "sensor.electricity_meter_power")
    water_before = number(demo, "sensor.water_meter")
    await call(demo, "switch", "turn_on", entity_id=WASHER)
    assert state(demo, WASHER) == "on"
    assert number(demo, "sensor.washing_machine_power") == 2000.0
    assert number(demo, "sensor.electricity_meter_power") == pytest.approx(
        grid_before + 2000, abs=1
    )
    assert number(demo, "sensor.water_meter") == pytest.approx(water_before + 0.045)  # fill

    await advance(clock, demo, 5)  # one tick
    assert number(demo, "sensor.washing_machine_power") == 2000.0
    assert number(demo, "sensor.electricity_meter_power") > grid_before + 1900

    await advance(clock, demo, 15 * 60)  # the water is hot: tumbling
    assert number(demo, "sensor.washing_machine_power") == 150.0
    # 15 min at 2 kW, then 5 s at 150 W (shown to the Wh).
    assert number(demo, "sensor.washing_machine_energy") == pytest.approx(0.5, abs=0.0005)


async def test_turning_the_washer_off_drops_its_power(demo: Hub, clock: ManualClock) -> None:
    await call(demo, "switch", "turn_on", entity_id=WASHER)
    await advance(clock, demo, 60)
    grid_heating = number(demo, "sensor.electricity_meter_power")
    await call(demo, "switch", "turn_off", entity_id=WASHER)
    assert state(demo, WASHER) == "off"
    assert number(demo, "sensor.washing_machine_power") == 0.0
    assert number(demo, "sensor.electricity_meter_power") == pytest.approx(
        grid_heating - 2000, abs=1
    )
    energy = number(demo, "sensor.washing_machine_energy")
    await advance(clock, demo, 600)
    assert number(demo, "sensor.washing_machine_power") == 0.0
    assert number(demo, "sensor.washing_machine_energy") == energy


async def test_turning_an_on_washer_on_again_changes_nothing(demo: Hub, clock: ManualClock) -> None:
    await call(demo, "switch", "turn_on", entity_id=WASHER)
    await advance(clock, demo, 16 * 60)
    water = number(demo, "sensor.water_meter")
    await call(demo, "switch", "turn_on", entity_id=WASHER)
    assert number(demo, "sensor.washing_machine_power") == 150.0  # no restart of the wash
    assert number(demo, "sensor.water_meter") == water  # and no second fill


async def test_fridge_plug_can_be_switched_off(start_demo: DemoFactory, clock: ManualClock) -> None:
    hub = await start_demo("  speed: 60\n")
    await advance(clock, hub, 60)  # an hour: at least one compressor run
    energy = number(hub, "sensor.fridge_energy")
    assert energy > 0.0
    await call(hub, "switch", "turn_off", entity_id="switch.fridge")
    await advance(clock, hub, 60)
    assert state(hub, "switch.fridge") == "off"
    assert number(hub, "sensor.fridge_power") == 0.0
    assert number(hub, "sensor.fridge_energy") == energy


# --- water heater --------------------------------------------------------------------


async def test_raising_the_target_starts_the_element(demo: Hub) -> None:
    grid_before = number(demo, "sensor.electricity_meter_power")
    await call(demo, "water_heater", "set_temperature", entity_id=HEATER, temperature=70)
    assert attribute(demo, HEATER, "temperature") == 70.0
    assert simulation(demo).home.tank.target_temperature_c == 70.0
    assert state(demo, "binary_sensor.water_heater_heating") == "on"  # 60 °C < 70 - 5 K
    assert number(demo, "sensor.water_heater_power") == 3000.0
    assert number(demo, "sensor.electricity_meter_power") == pytest.approx(
        grid_before + 3000, abs=1
    )


async def test_the_element_stops_at_the_target(start_demo: DemoFactory, clock: ManualClock) -> None:
    hub = await start_demo("  speed: 60\n")
    await call(hub, "water_heater", "set_temperature", entity_id=HEATER, temperature=70)
    assert state(hub, "binary_sensor.water_heater_heating") == "on"
    await advance(clock, hub, 60)  # an hour: 10 K in 200 L takes ~47 min at 3 kW
    assert state(hub, "binary_sensor.water_heater_heating") == "off"
    assert number(hub, "sensor.water_heater_power") == 0.0
    assert 65.0 <= number(hub, "sensor.water_heater_tank_temperature") <= 70.0
    assert attribute(hub, HEATER, "current_temperature") == number(
        hub, "sensor.water_heater_tank_temperature"
    )


async def test_lowering_the_target_keeps_the_element_off(demo: Hub) -> None:
    await call(demo, "water_heater", "set_temperature", entity_id=HEATER, temperature=45)
    assert attribute(demo, HEATER, "temperature") == 45.0
    assert state(demo, "binary_sensor.water_heater_heating") == "off"


@pytest.mark.parametrize(("asked", "set_to"), [(90, 75.0), (20, 30.0)])
async def test_target_stops_at_the_tank_limits(demo: Hub, asked: float, set_to: float) -> None:
    await call(demo, "water_heater", "set_temperature", entity_id=HEATER, temperature=asked)
    assert attribute(demo, HEATER, "temperature") == set_to
    assert simulation(demo).home.tank.target_temperature_c == set_to


@pytest.mark.parametrize(
    ("mode", "heating", "setpoint"),
    [("eco", "off", 50.0), ("performance", "on", 75.0), ("off", "off", 70.0)],
)
async def test_operation_modes_drive_the_thermostat(
    demo: Hub, mode: str, heating: str, setpoint: float
) -> None:
    await call(demo, "water_heater", "set_temperature", entity_id=HEATER, temperature=70)
    await call(demo, "water_heater", "set_operation_mode", entity_id=HEATER, operation_mode=mode)
    assert state(demo, HEATER) == mode
    assert attribute(demo, HEATER, "operation_mode") == mode
    assert attribute(demo, HEATER, "temperature") == 70.0  # the user's setpoint stays
    tank = simulation(demo).home.tank
    assert tank.operation_mode == mode
    assert tank.effective_setpoint_c == setpoint
    assert state(demo, "binary_sensor.water_heater_heating") == heating
    assert number(demo, "sensor.water_heater_power") == (3000.0 if heating == "on" else 0.0)


async def test_set_temperature_can_change_the_mode_too(demo: Hub) -> None:
    await call(
        demo,
        "water_heater",
        "set_temperature",
        entity_id=HEATER,
        temperature=55,
        operation_mode="eco",
    )
    assert state(demo, HEATER) == "eco"
    assert simulation(demo).home.tank.effective_setpoint_c == 50.0


@pytest.mark.parametrize("mode", ["eco", "electric", "performance"])
async def test_turn_off_then_on_restores_the_mode(demo: Hub, clock: ManualClock, mode: str) -> None:
    await call(demo, "water_heater", "set_operation_mode", entity_id=HEATER, operation_mode=mode)
    await call(demo, "water_heater", "turn_off", entity_id=HEATER)
    assert state(demo, HEATER) == "off"
    assert state(demo, "binary_sensor.water_heater_heating") == "off"
    await advance(clock, demo, 60)
    await call(demo, "water_heater", "turn_off", entity_id=HEATER)  # twice: still remembers
    await call(demo, "water_heater", "turn_on", entity_id=HEATER)
    assert state(demo, HEATER) == mode
    await call(demo, "water_heater", "turn_on", entity_id=HEATER)  # on while on: no change
    assert state(demo, HEATER) == mode


async def test_off_mode_keeps_the_tank_cooling(start_demo: DemoFactory, clock: ManualClock) -> None:
    hub = await start_demo("  speed: 60\n  tick: 60\n")  # an hour a tick
    await call(hub, "water_heater", "turn_off", entity_id=HEATER)
    await advance(clock, hub, 24 * 60)  # a day of taps and losses, no heating
    assert state(hub, "binary_sensor.water_heater_heating") == "off"
    assert number(hub, "sensor.water_heater_energy") == 0.0
    assert number(hub, "sensor.water_heater_tank_temperature") < 40.0


async def test_an_unknown_mode_is_refused(demo: Hub) -> None:
    with pytest.raises(ServiceValidationError, match="heat_pump is not valid"):
        await call(
            demo, "water_heater", "set_operation_mode", entity_id=HEATER, operation_mode="heat_pump"
        )
    assert state(demo, HEATER) == "electric"
