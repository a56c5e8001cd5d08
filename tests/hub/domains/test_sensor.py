"""The sensor domain: numeric, timestamp, date and enum states, units and their
conversion, state classes and ``last_reset``."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from hub.core import Hub
from hub.domains.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from hub.entity import add_entities
from hub.registry.entity_registry import ENTITY_REGISTRY
from hub.states import State
from tests.conftest import HubFactory

US_CUSTOMARY = """
homeassistant:
  unit_system: us_customary
"""


class Sensor(SensorEntity):
    """A sensor configured by keyword (``native_value=...`` sets ``_attr_native_value``)."""

    def __init__(self, **attrs: Any) -> None:
        for key, value in attrs.items():
            setattr(self, f"_attr_{key}", value)


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


async def add(hub: Hub, *sensors: Sensor) -> None:
    await add_entities(hub, "test", list(sensors))


def state_of(hub: Hub, entity_id: str) -> State:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def test_numeric_sensor_state_and_attributes(hub: Hub) -> None:
    await add(
        hub,
        Sensor(
            unique_id="p",
            name="Grid power",
            native_value=412.5,
            native_unit_of_measurement="W",
            device_class=SensorDeviceClass.POWER,
            state_class=SensorStateClass.MEASUREMENT,
        ),
    )
    state = state_of(hub, "sensor.grid_power")
    assert state.state == "412.5"
    assert state.as_dict()["attributes"] == {
        "state_class": "measurement",
        "unit_of_measurement": "W",
        "friendly_name": "Grid power",
        "device_class": "power",
    }
    assert b'"unit_of_measurement":"W"' in state.json


async def test_sensor_domain_has_no_services(hub: Hub) -> None:
    await add(hub, Sensor(unique_id="p", name="P", native_value=1))
    assert hub.services.domain_services("sensor") == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.10"), "0.10"),
        (Decimal("123.456789012345678"), "123.456789012345678"),
        (0.1 + 0.2, "0.3"),
        (7, "7"),
        ("12.5", "12.5"),
        (None, "unknown"),
    ],
)
async def test_numeric_values_are_shown_faithfully(hub: Hub, value: Any, expected: str) -> None:
    await add(
        hub,
        Sensor(unique_id="p", name="Power", native_value=value, native_unit_of_measurement="W"),
    )
    assert state_of(hub, "sensor.power").state == expected


async def test_invalid_numeric_value_is_unknown_with_one_warning(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    sensor = Sensor(
        unique_id="p",
        name="Power",
        native_value="n/a",
        native_unit_of_measurement="W",
        device_class=SensorDeviceClass.POWER,
    )
    with caplog.at_level(logging.WARNING):
        await add(hub, sensor)
        assert state_of(hub, "sensor.power").state == "unknown"
        sensor._attr_native_value = True  # a bool is not a measurement either
        sensor.write_state()
        assert state_of(hub, "sensor.power").state == "unknown"
    warnings = [r for r in caplog.records if "expected a number" in r.getMessage()]
    assert len(warnings) == 1
    assert "sensor.power" in warnings[0].getMessage()
    sensor._attr_native_value = 5
    sensor.write_state()
    assert state_of(hub, "sensor.power").state == "5"


async def test_plain_sensor_without_unit_keeps_text(hub: Hub) -> None:
    await add(hub, Sensor(unique_id="s", name="Status", native_value="charging"))
    state = state_of(hub, "sensor.status")
    assert state.state == "charging"
    assert dict(state.attributes) == {"friendly_name": "Status"}


# -- units ------------------------------------------------------------------------------


async def test_temperature_is_shown_in_the_us_unit(make_hub: HubFactory) -> None:
    hub = await make_hub(US_CUSTOMARY)
    await add(
        hub,
        Sensor(
            unique_id="t",
            name="Tank",
            native_value=20,
            native_unit_of_measurement="°C",
            device_class=SensorDeviceClass.TEMPERATURE,
            state_class=SensorStateClass.MEASUREMENT,
        ),
        Sensor(
            unique_id="k",
            name="Kelvin",
            native_value=300,
            native_unit_of_measurement="K",
            device_class=SensorDeviceClass.TEMPERATURE,
        ),
        Sensor(
            unique_id="e",
            name="Energy",
            native_value=2,
            native_unit_of_measurement="kWh",
            device_class=SensorDeviceClass.ENERGY,
            state_class=SensorStateClass.TOTAL_INCREASING,
        ),
    )
    tank = state_of(hub, "sensor.tank")
    assert tank.state == "68.0"
    assert tank.attributes["unit_of_measurement"] == "°F"
    kelvin = state_of(hub, "sensor.kelvin")
    assert (kelvin.state, kelvin.attributes["unit_of_measurement"]) == ("300", "K")
    energy = state_of(hub, "sensor.energy")
    assert (energy.state, energy.attributes["unit_of_measurement"]) == ("2", "kWh")


async def test_temperature_is_not_converted_on_a_metric_hub(hub: Hub) -> None:
    await add(
        hub,
        Sensor(
            unique_id="t",
            name="Tank",
            native_value=21.5,
            native_unit_of_measurement="°C",
            device_class=SensorDeviceClass.TEMPERATURE,
        ),
        Sensor(
            unique_id="f",
            name="Fahrenheit",
            native_value=212,
            native_unit_of_measurement="°F",
            device_class=SensorDeviceClass.TEMPERATURE,
        ),
    )
    assert state_of(hub, "sensor.tank").state == "21.5"
    boiling = state_of(hub, "sensor.fahrenheit")
    assert (boiling.state, boiling.attributes["unit_of_measurement"]) == ("100.0", "°C")


def energy_sensor(value: Any = 1.5) -> Sensor:
    return Sensor(
        unique_id="e",
        name="Energy",
        native_value=value,
        native_unit_of_measurement="kWh",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
    )


async def test_registry_unit_option_converts_the_value(hub: Hub) -> None:
    sensor = energy_sensor()
    await add(hub, sensor)
    hub.data[ENTITY_REGISTRY].update_options(
        "sensor.energy", "sensor", {"unit_of_measurement": "Wh"}
    )
    await hub.block_till_done()
    state = state_of(hub, "sensor.energy")
    assert (state.state, state.attributes["unit_of_measurement"]) == ("1500.0", "Wh")
    sensor._attr_native_value = Decimal("0.001")
    sensor.write_state()
    assert state_of(hub, "sensor.energy").state == "1.0"
    hub.data[ENTITY_REGISTRY].update_options("sensor.energy", "sensor", {})
    await hub.block_till_done()
    state = state_of(hub, "sensor.energy")
    assert (state.state, state.attributes["unit_of_measurement"]) == ("0.001", "kWh")


@pytest.mark.parametrize("unit", ["W", "°C", "bananas"])
async def test_registry_unit_option_that_does_not_convert_is_ignored(hub: Hub, unit: str) -> None:
    await add(hub, energy_sensor())
    hub.data[ENTITY_REGISTRY].update_options(
        "sensor.energy", "sensor", {"unit_of_measurement": unit}
    )
    await hub.block_till_done()
    state = state_of(hub, "sensor.energy")
    assert (state.state, state.attributes["unit_of_measurement"]) == ("1.5", "kWh")


# -- state class and last_reset ---------------------------------------------------------


async def test_last_reset_only_with_state_class_total(hub: Hub) -> None:
    reset = datetime(2026, 1, 1, tzinfo=UTC)
    total = energy_sensor(3)
    total._attr_state_class = SensorStateClass.TOTAL
    total._attr_last_reset = reset
    increasing = Sensor(
        unique_id="i",
        name="Increasing",
        native_value=3,
        native_unit_of_measurement="kWh",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        last_reset=reset,
    )
    await add(hub, total, increasing)
    energy = state_of(hub, "sensor.energy")
    assert energy.attributes["state_class"] == "total"
    assert energy.attributes["last_reset"] == "2026-01-01T00:00:00+00:00"
    other = state_of(hub, "sensor.increasing")
    assert other.attributes["state_class"] == "total_increasing"
    assert "last_reset" not in other.attributes


# -- timestamp, date, enum --------------------------------------------------------------


async def test_timestamp_sensor(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    sensor = Sensor(
        unique_id="t",
        name="Next run",
        device_class=SensorDeviceClass.TIMESTAMP,
        native_value=datetime(2026, 1, 15, 13, 30, 5, 123456, tzinfo=timezone(timedelta(hours=1))),
    )
    await add(hub, sensor)
    state = state_of(hub, "sensor.next_run")
    assert state.state == "2026-01-15T12:30:05+00:00"
    assert state.attributes["device_class"] == "timestamp"
    sensor._attr_native_value = datetime(2026, 1, 15, 12, 0)  # naive: refused
    sensor.write_state()
    assert state_of(hub, "sensor.next_run").state == "unknown"
    assert "expected an aware datetime" in caplog.text


async def test_date_sensor(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    sensor = Sensor(
        unique_id="d",
        name="Meter reading day",
        device_class=SensorDeviceClass.DATE,
        native_value=date(2026, 2, 1),
    )
    await add(hub, sensor)
    assert state_of(hub, "sensor.meter_reading_day").state == "2026-02-01"
    sensor._attr_native_value = "tomorrow"
    sensor.write_state()
    assert state_of(hub, "sensor.meter_reading_day").state == "unknown"
    assert "expected a date" in caplog.text


async def test_enum_sensor(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    sensor = Sensor(
        unique_id="b",
        name="Tariff",
        device_class=SensorDeviceClass.ENUM,
        options=["low", "normal", "high"],
        native_value="low",
    )
    await add(hub, sensor)
    state = state_of(hub, "sensor.tariff")
    assert state.state == "low"
    assert state.attributes["options"] == ["low", "normal", "high"]
    sensor._attr_native_value = "peak"
    sensor.write_state()
    assert state_of(hub, "sensor.tariff").state == "unknown"
    assert "peak" in caplog.text
