"""The demo integration set up by a real hub: entities, registries, configuration.

Everything goes through ``configuration.yaml`` and ``build_hub`` the way a user's home
does; time moves only with the manual clock (2026-01-15 12:00 UTC, 13:00 in Amsterdam).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components.demo import DEMO_SIMULATION
from hub.bootstrap import read_configuration
from hub.clock import ManualClock
from hub.core import Hub
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY
from tests.components.demo.conftest import DemoFactory
from tests.components.demo.hub_readings import (
    AMSTERDAM,
    METERS,
    advance,
    meter_readings,
    number,
    simulation,
)
from tests.conftest import HubFactory

pytestmark = pytest.mark.usefixtures("quiet_log")

PLUGS = ("washing_machine", "fridge", "media")

# Which simulated device each entity belongs to (its ("demo", key) identifier).
DEVICE_OF: dict[str, str] = {
    "water_heater.water_heater": "water_heater",
    "binary_sensor.water_heater_heating": "water_heater",
    "sensor.water_heater_power": "water_heater",
    "sensor.water_heater_energy": "water_heater",
    "sensor.water_heater_tank_temperature": "water_heater",
    "sensor.electricity_meter_power": "electricity_meter",
    "sensor.electricity_meter_energy_import": "electricity_meter",
    "sensor.electricity_meter_energy_export": "electricity_meter",
    "sensor.water_meter": "water_meter",
    "sensor.solar_power": "solar",
    "sensor.solar_energy": "solar",
    **{f"switch.{plug}": f"plug_{plug}" for plug in PLUGS},
    **{f"sensor.{plug}_power": f"plug_{plug}" for plug in PLUGS},
    **{f"sensor.{plug}_energy": f"plug_{plug}" for plug in PLUGS},
}

POWER = ("W", "power", "measurement")
ENERGY = ("kWh", "energy", "total_increasing")
SENSORS: dict[str, tuple[str, str, str]] = {
    "sensor.water_heater_power": POWER,
    "sensor.water_heater_energy": ENERGY,
    "sensor.water_heater_tank_temperature": ("°C", "temperature", "measurement"),
    "sensor.electricity_meter_power": POWER,
    "sensor.electricity_meter_energy_import": ENERGY,
    "sensor.electricity_meter_energy_export": ENERGY,
    "sensor.water_meter": ("m³", "water", "total_increasing"),
    "sensor.solar_power": POWER,
    "sensor.solar_energy": ENERGY,
    **{f"sensor.{plug}_power": POWER for plug in PLUGS},
    **{f"sensor.{plug}_energy": ENERGY for plug in PLUGS},
}

# (name, model, area id) of each device with the default configuration.
DEVICES: dict[str, tuple[str, str, str]] = {
    "water_heater": ("Water heater", "200 L electric storage water heater", "utility_room"),
    "electricity_meter": ("Electricity meter", "Smart meter (import/export)", "utility_room"),
    "water_meter": ("Water meter", "Cold water meter", "utility_room"),
    "solar": ("Solar", "3 kWp PV inverter", "roof"),
    "plug_washing_machine": ("Washing machine", "Metering smart plug", "utility_room"),
    "plug_fridge": ("Fridge", "Metering smart plug", "kitchen"),
    "plug_media": ("Media", "Metering smart plug", "living_room"),
}


@pytest.fixture
async def demo(start_demo: DemoFactory) -> Hub:
    """The demo home with its default configuration."""
    return await start_demo()


# --- entities, attributes, registries ------------------------------------------------


async def test_the_twenty_entities_have_their_ids_and_states(demo: Hub) -> None:
    registry = demo.data[ENTITY_REGISTRY]
    registered = {entry.entity_id for entry in registry.entries() if entry.platform == "demo"}
    assert registered == set(DEVICE_OF)
    assert len(registered) == 20
    assert {state.entity_id for state in demo.states.all()} == set(DEVICE_OF)
    initial = {state.entity_id: state.state for state in demo.states.all()}
    assert initial["water_heater.water_heater"] == "electric"
    assert initial["binary_sensor.water_heater_heating"] == "off"
    assert initial["sensor.water_heater_tank_temperature"] == "60.0"
    assert initial["switch.washing_machine"] == "off"
    assert initial["switch.fridge"] == "on"
    assert initial["switch.media"] == "on"
    assert all(float(initial[meter]) == 0.0 for meter in METERS)


async def test_sensor_units_and_classes(demo: Hub) -> None:
    shown: dict[str, tuple[str, str, str]] = {}
    for entity_id in SENSORS:
        state = demo.states.get(entity_id)
        assert state is not None
        attributes = state.attributes
        shown[entity_id] = (
            attributes["unit_of_measurement"],
            attributes["device_class"],
            attributes["state_class"],
        )
    assert shown == SENSORS


async def test_water_heater_switch_and_binary_sensor_attributes(demo: Hub) -> None:
    heater = demo.states.get("water_heater.water_heater")
    assert heater is not None
    assert heater.attributes["operation_list"] == ["eco", "electric", "performance", "off"]
    assert heater.attributes["min_temp"] == 30.0
    assert heater.attributes["max_temp"] == 75.0
    assert heater.attributes["temperature"] == 60.0
    assert heater.attributes["current_temperature"] == 60.0
    assert heater.attributes["operation_mode"] == "electric"
    assert heater.attributes["supported_features"] == 1 | 2 | 8  # target, mode, on/off
    assert heater.attributes["friendly_name"] == "Water heater"
    heating = demo.states.get("binary_sensor.water_heater_heating")
    assert heating is not None
    assert heating.attributes["device_class"] == "running"
    assert heating.attributes["friendly_name"] == "Water heater Heating"
    for plug in PLUGS:
        switch = demo.states.get(f"switch.{plug}")
        assert switch is not None
        assert switch.attributes["device_class"] == "outlet"


async def test_devices_and_suggested_areas_are_registered(demo: Hub) -> None:
    devices = demo.data[DEVICE_REGISTRY]
    areas = demo.data[AREA_REGISTRY]
    assert {area.id: area.name for area in areas.areas()} == {
        "utility_room": "Utility room",
        "roof": "Roof",
        "kitchen": "Kitchen",
        "living_room": "Living room",
    }
    assert len(devices.devices()) == len(DEVICES)
    for key, (name, model, area_id) in DEVICES.items():
        device = devices.find([("demo", key)])
        assert device is not None, key
        assert (device.name, device.model, device.area_id) == (name, model, area_id)
        assert device.manufacturer == "Watthub demo"
    registry = demo.data[ENTITY_REGISTRY]
    for entity_id, key in DEVICE_OF.items():
        entry = registry.get(entity_id)
        device = devices.find([("demo", key)])
        assert entry is not None
        assert device is not None
        assert entry.device_id == device.id, entity_id


# --- time ----------------------------------------------------------------------------


async def test_states_change_as_time_advances(start_demo: DemoFactory, clock: ManualClock) -> None:
    hub = await start_demo("  speed: 60\n")
    before = meter_readings(hub)
    solar_at_one_pm = number(hub, "sensor.solar_power")
    await advance(clock, hub, 300)  # 13:00 -> 18:00 in Amsterdam
    after = meter_readings(hub)
    assert solar_at_one_pm > 500  # a January afternoon
    assert number(hub, "sensor.solar_power") == 0.0  # after sunset
    assert after["sensor.solar_energy"] > before["sensor.solar_energy"]
    assert after["sensor.water_meter"] > before["sensor.water_meter"]
    assert after["sensor.fridge_energy"] > before["sensor.fridge_energy"]
    assert after["sensor.electricity_meter_energy_import"] > 0
    # Taps at 14:30, 15:30 and 16:30 took heat out of the tank.
    assert number(hub, "sensor.water_heater_tank_temperature") < 60.0


@pytest.mark.parametrize(("options", "tick"), [("", 5), ("  tick: 60\n", 60)])
async def test_states_are_written_once_per_tick(
    start_demo: DemoFactory, clock: ManualClock, options: str, tick: int
) -> None:
    hub = await start_demo(options)
    first = hub.states.get("sensor.electricity_meter_power")
    assert first is not None
    await advance(clock, hub, tick - 0.5)
    assert hub.states.get("sensor.electricity_meter_power") is first
    await advance(clock, hub, 0.5)
    updated = hub.states.get("sensor.electricity_meter_power")
    assert updated is not None
    assert updated.state != first.state  # base load and PV move every second
    assert updated.last_updated.timestamp() == clock.time()


async def test_no_ticks_after_the_hub_stops(start_demo: DemoFactory, clock: ManualClock) -> None:
    hub = await start_demo()
    await hub.stop()
    frozen = simulation(hub).snapshot
    await clock.advance(60)
    assert simulation(hub).snapshot is frozen
    assert clock.pending_timers == 0


# --- configuration -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("speed: -1", "demo.speed: expected a number of 0 or more, got -1"),
        ("speed: 0", "demo.speed: expected a speed above 0 and at most 86400, got 0"),
        ("speed: 1.0e+12", "demo.speed: expected a speed above 0 and at most 86400"),
        ("speed: fast", "demo.speed: expected a number"),
        ("tick: 0", "demo.tick: value must be at least 1, got 0"),
        ("tick: 2.5", "demo.tick: expected a whole number"),
        ("seed: 1.5", "demo.seed: expected a whole number"),
        ("persons: 0", "demo.persons: value must be at least 1"),
        ("persons: 2.5", "demo.persons: expected a whole number"),
        ("draw_profile: XL", "demo.draw_profile"),
        ("tank_volume: 10", "demo.tank_volume: value must be at least 30"),
        ("element_power: 20000", "demo.element_power: value must be at most 12000"),
        ("pv_peak_power: -5", "demo.pv_peak_power: value must be at least 0"),
        ("colour: red", "demo.colour"),
    ],
)
def test_check_config_locates_a_bad_demo_value(config_dir: Path, line: str, message: str) -> None:
    config = config_dir / "configuration.yaml"
    config.write_text(f"{AMSTERDAM}demo:\n  {line}\n")
    configuration = read_configuration(config_dir)
    assert len(configuration.errors) == 1
    error = configuration.errors[0]
    assert (error.file, error.line) == (str(config), 4)
    assert message in error.message
    assert "demo" not in configuration.domains


def test_check_config_fills_in_the_defaults(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text(
        f"{AMSTERDAM}demo:\n  speed: '60'\n  tank_volume: 80\n"
    )
    configuration = read_configuration(config_dir)
    assert configuration.errors == []
    assert configuration.domains["demo"] == {
        "speed": 60.0,
        "seed": 1,
        "tick": 5,
        "draw_profile": "family",
        "persons": 4,
        "tank_volume": 80.0,
        "element_power": 3000.0,
        "pv_peak_power": 3000.0,
    }


async def test_a_hub_with_a_bad_demo_block_runs_without_the_demo(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await make_hub(f"{AMSTERDAM}demo:\n  tick: 0\n")
    await hub.start()
    assert DEMO_SIMULATION not in hub.data
    assert not [state for state in hub.states.all() if state.entity_id in DEVICE_OF]
    errors = [record.getMessage() for record in caplog.records]
    assert any("configuration.yaml:4: demo.tick: value must be at least 1" in e for e in errors)
    caplog.clear()  # the error is the point of this test
