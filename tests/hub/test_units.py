"""Tests for hub/units.py: HA 2025.1's unit strings, device classes and validation tables."""

from __future__ import annotations

from enum import StrEnum

import pytest

from hub.units import (
    CONCENTRATION_MICROGRAMS_PER_CUBIC_FOOT,
    CONCENTRATION_MICROGRAMS_PER_CUBIC_METER,
    DEVICE_CLASS_STATE_CLASSES,
    DEVICE_CLASS_UNITS,
    NON_NUMERIC_DEVICE_CLASSES,
    PERCENTAGE,
    BinarySensorDeviceClass,
    SensorDeviceClass,
    SensorStateClass,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfMass,
    UnitOfPower,
    UnitOfPressure,
    UnitOfTemperature,
    UnitOfTime,
    UnitOfVolume,
    UnitOfVolumeFlowRate,
    is_currency_code,
)

# Section 8 of the HA API reference, verbatim.
SENSOR_DEVICE_CLASSES_2025_1 = """
apparent_power, aqi, area, atmospheric_pressure, battery, blood_glucose_concentration,
carbon_dioxide, carbon_monoxide, conductivity, current, data_rate, data_size, date, distance,
duration, energy, energy_storage, enum, frequency, gas, humidity, illuminance, irradiance,
moisture, monetary, nitrogen_dioxide, nitrogen_monoxide, nitrous_oxide, ozone, ph, pm1, pm10,
pm25, power_factor, power, precipitation, precipitation_intensity, pressure, reactive_power,
signal_strength, sound_pressure, speed, sulphur_dioxide, temperature, timestamp,
volatile_organic_compounds, volatile_organic_compounds_parts, voltage, volume,
volume_flow_rate, volume_storage, water, weight, wind_speed
"""
BINARY_SENSOR_DEVICE_CLASSES_2025_1 = """
battery, battery_charging, carbon_monoxide, cold, connectivity, door, garage_door, gas, heat,
light, lock, moisture, motion, moving, occupancy, opening, plug, power, presence, problem,
running, safety, smoke, sound, tamper, update, vibration, window
"""


def _names(text: str) -> set[str]:
    return {name.strip() for name in text.split(",")}


@pytest.mark.parametrize(
    ("enum", "expected"),
    [
        (
            UnitOfEnergy,
            "J kJ MJ GJ mWh Wh kWh MWh GWh TWh cal kcal Mcal Gcal",
        ),
        (UnitOfPower, "mW W kW MW GW TW BTU/h"),
        (UnitOfTemperature, "°C °F K"),
        (UnitOfElectricCurrent, "mA A"),
        (UnitOfElectricPotential, "µV mV V"),
        (UnitOfPressure, "Pa hPa kPa bar cbar mbar mmHg inHg psi"),
        (UnitOfVolumeFlowRate, "m³/h ft³/min L/h L/min gal/min mL/s"),
        (UnitOfTime, "μs ms s min h d w m y"),
        (UnitOfMass, "g kg mg µg oz lb st"),
    ],
)
def test_unit_strings(enum: type[StrEnum], expected: str) -> None:
    assert [member.value for member in enum] == expected.split()


def test_volume_strings_include_spaces() -> None:
    assert [member.value for member in UnitOfVolume] == [
        "ft³",
        "CCF",
        "MCF",
        "m³",
        "L",
        "mL",
        "gal",
        "fl. oz.",
    ]


@pytest.mark.parametrize(
    ("unit", "micro"),
    [
        (UnitOfElectricPotential.MICROVOLT, "\u00b5"),  # MICRO SIGN
        (UnitOfMass.MICROGRAMS, "\u00b5"),
        (CONCENTRATION_MICROGRAMS_PER_CUBIC_METER, "\u00b5"),
        (UnitOfTime.MICROSECONDS, "\u03bc"),  # GREEK SMALL LETTER MU
        (CONCENTRATION_MICROGRAMS_PER_CUBIC_FOOT, "\u03bc"),
    ],
)
def test_micro_signs_match_ha_code_points(unit: str, micro: str) -> None:
    assert unit[0] == micro


def test_sensor_device_classes_are_the_2025_1_list() -> None:
    assert {member.value for member in SensorDeviceClass} == _names(SENSOR_DEVICE_CLASSES_2025_1)
    assert SensorDeviceClass.CO.value == "carbon_monoxide"
    assert SensorDeviceClass.CO2.value == "carbon_dioxide"


def test_binary_sensor_device_classes_are_the_2025_1_list() -> None:
    values = {member.value for member in BinarySensorDeviceClass}
    assert values == _names(BINARY_SENSOR_DEVICE_CLASSES_2025_1)


def test_state_classes() -> None:
    assert [member.value for member in SensorStateClass] == [
        "measurement",
        "total",
        "total_increasing",
    ]


@pytest.mark.parametrize(
    ("device_class", "units"),
    [
        (SensorDeviceClass.ENERGY, set(UnitOfEnergy)),
        (SensorDeviceClass.ENERGY_STORAGE, set(UnitOfEnergy)),
        (SensorDeviceClass.POWER, {"W", "kW", "MW", "GW", "TW"}),
        (SensorDeviceClass.VOLTAGE, {"µV", "mV", "V"}),
        (SensorDeviceClass.CURRENT, {"mA", "A"}),
        (SensorDeviceClass.TEMPERATURE, {"°C", "°F", "K"}),
        (SensorDeviceClass.GAS, {"m³", "ft³", "CCF"}),
        (SensorDeviceClass.WATER, {"m³", "ft³", "CCF", "gal", "L"}),
        (SensorDeviceClass.VOLUME, {"ft³", "CCF", "m³", "L", "mL", "gal", "fl. oz."}),
        (SensorDeviceClass.VOLUME_FLOW_RATE, {"m³/h", "ft³/min", "L/min", "gal/min", "mL/s"}),
        (SensorDeviceClass.FREQUENCY, {"Hz", "kHz", "MHz", "GHz"}),
        (SensorDeviceClass.POWER_FACTOR, {PERCENTAGE, None}),
        (SensorDeviceClass.BATTERY, {"%"}),
        (SensorDeviceClass.HUMIDITY, {"%"}),
        (SensorDeviceClass.DURATION, {"d", "h", "min", "s", "ms"}),
        (SensorDeviceClass.APPARENT_POWER, {"VA"}),
        (SensorDeviceClass.REACTIVE_POWER, {"var"}),
        (SensorDeviceClass.SIGNAL_STRENGTH, {"dB", "dBm"}),
        (SensorDeviceClass.AQI, {None}),
    ],
)
def test_device_class_units(device_class: SensorDeviceClass, units: set[str | None]) -> None:
    assert DEVICE_CLASS_UNITS[device_class] == units


def test_device_class_units_cover_every_numeric_class_but_monetary() -> None:
    numeric = set(SensorDeviceClass) - NON_NUMERIC_DEVICE_CLASSES
    assert set(DEVICE_CLASS_UNITS) == numeric - {SensorDeviceClass.MONETARY}


def test_later_ha_units_are_not_valid_in_2025_1() -> None:
    assert UnitOfVolume.MILLE_CUBIC_FEET not in DEVICE_CLASS_UNITS[SensorDeviceClass.GAS]
    assert UnitOfVolume.MILLE_CUBIC_FEET not in DEVICE_CLASS_UNITS[SensorDeviceClass.VOLUME]
    flow = DEVICE_CLASS_UNITS[SensorDeviceClass.VOLUME_FLOW_RATE]
    assert UnitOfVolumeFlowRate.LITERS_PER_HOUR not in flow


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        DEVICE_CLASS_UNITS[SensorDeviceClass.ENERGY] = frozenset()  # type: ignore[index]
    with pytest.raises(TypeError):
        DEVICE_CLASS_STATE_CLASSES[SensorDeviceClass.ENERGY] = frozenset()  # type: ignore[index]


def test_state_classes_cover_every_device_class() -> None:
    assert set(DEVICE_CLASS_STATE_CLASSES) == set(SensorDeviceClass)


TOTALS = {SensorStateClass.TOTAL, SensorStateClass.TOTAL_INCREASING}
ALL = set(SensorStateClass)


@pytest.mark.parametrize(
    ("device_class", "state_classes"),
    [
        (SensorDeviceClass.ENERGY, TOTALS),
        (SensorDeviceClass.GAS, TOTALS),
        (SensorDeviceClass.WATER, TOTALS),
        (SensorDeviceClass.VOLUME, TOTALS),
        (SensorDeviceClass.MONETARY, {SensorStateClass.TOTAL}),
        (SensorDeviceClass.POWER, {SensorStateClass.MEASUREMENT}),
        (SensorDeviceClass.ENERGY_STORAGE, {SensorStateClass.MEASUREMENT}),
        (SensorDeviceClass.VOLUME_STORAGE, {SensorStateClass.MEASUREMENT}),
        (SensorDeviceClass.TEMPERATURE, {SensorStateClass.MEASUREMENT}),
        (SensorDeviceClass.DURATION, ALL),
        (SensorDeviceClass.WEIGHT, ALL),
        (SensorDeviceClass.DATE, set()),
        (SensorDeviceClass.ENUM, set()),
        (SensorDeviceClass.TIMESTAMP, set()),
    ],
)
def test_device_class_state_classes(
    device_class: SensorDeviceClass, state_classes: set[SensorStateClass]
) -> None:
    assert DEVICE_CLASS_STATE_CLASSES[device_class] == state_classes


@pytest.mark.parametrize(
    ("unit", "valid"),
    [
        ("EUR", True),
        ("USD", True),
        ("GBP", True),
        ("eur", False),
        ("€", False),
        ("EURO", False),
        ("EU", False),
        ("", False),
        ("EUR\n", False),
        (None, False),
    ],
)
def test_is_currency_code(unit: str | None, valid: bool) -> None:
    assert is_currency_code(unit) is valid
