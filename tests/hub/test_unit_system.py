"""Tests for hub/unit_system.py: get_config shapes, helpers and HA's preferred units."""

from __future__ import annotations

import dataclasses
import json

import pytest

from hub.exceptions import ConfigError
from hub.unit_conversion import UnitConversionError, converter_for_device_class
from hub.unit_system import (
    METRIC_SYSTEM,
    US_CUSTOMARY_SYSTEM,
    UnitSystem,
    get_unit_system,
)
from hub.units import SensorDeviceClass, UnitOfPressure, UnitOfSpeed

# The unit_system objects of get_config in the HA API reference (section 4.4).
METRIC_JSON = """{"length":"km","accumulated_precipitation":"mm","area":"m²","mass":"g",
"pressure":"Pa","temperature":"°C","volume":"L","wind_speed":"m/s"}"""
US_CUSTOMARY_JSON = """{"length":"mi","accumulated_precipitation":"in","area":"ft²","mass":"lb",
"pressure":"psi","temperature":"°F","volume":"gal","wind_speed":"mph"}"""


@pytest.mark.parametrize(
    ("system", "reference"),
    [(METRIC_SYSTEM, METRIC_JSON), (US_CUSTOMARY_SYSTEM, US_CUSTOMARY_JSON)],
)
def test_as_dict_matches_get_config(system: UnitSystem, reference: str) -> None:
    expected = json.loads(reference)
    as_dict = system.as_dict()
    assert as_dict == expected
    assert list(as_dict) == list(expected)
    assert json.dumps(as_dict, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize(
    ("name", "system"),
    [
        ("metric", METRIC_SYSTEM),
        ("us_customary", US_CUSTOMARY_SYSTEM),
        ("imperial", US_CUSTOMARY_SYSTEM),
    ],
)
def test_get_unit_system(name: str, system: UnitSystem) -> None:
    assert get_unit_system(name) is system


@pytest.mark.parametrize("name", ["Metric", "us", "", "si"])
def test_get_unit_system_rejects_other_names(name: str) -> None:
    with pytest.raises(ConfigError, match="'metric' or 'us_customary'"):
        get_unit_system(name)


def test_names() -> None:
    assert METRIC_SYSTEM.name == "metric"
    assert US_CUSTOMARY_SYSTEM.name == "us_customary"


def test_unit_system_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        METRIC_SYSTEM.temperature_unit = "°F"  # type: ignore[misc]
    with pytest.raises(TypeError):
        METRIC_SYSTEM.conversions[("volume", "gal")] = "m³"  # type: ignore[index]


def test_unit_system_rejects_unknown_units() -> None:
    fields = {
        field.name: getattr(METRIC_SYSTEM, field.name) for field in dataclasses.fields(UnitSystem)
    }
    with pytest.raises(UnitConversionError, match="'kmh'"):
        UnitSystem(**(fields | {"wind_speed_unit": "kmh"}))
    with pytest.raises(UnitConversionError, match="temperature"):
        UnitSystem(**(fields | {"temperature_unit": "C"}))
    assert UnitSystem(**(fields | {"temperature_unit": "K"})).temperature_unit == "K"


@pytest.mark.parametrize(
    ("system", "method", "value", "unit", "expected"),
    [
        (METRIC_SYSTEM, "temperature", 212, "°F", 100),
        (METRIC_SYSTEM, "temperature", 293.15, "K", 20),
        (US_CUSTOMARY_SYSTEM, "temperature", 100, "°C", 212),
        (US_CUSTOMARY_SYSTEM, "temperature", 70, "°F", 70),
        (METRIC_SYSTEM, "length", 1, "mi", 1.609344),
        (US_CUSTOMARY_SYSTEM, "length", 1.609344, "km", 1),
        (METRIC_SYSTEM, "accumulated_precipitation", 1, "in", 25.4),
        (US_CUSTOMARY_SYSTEM, "accumulated_precipitation", 25.4, "mm", 1),
        (METRIC_SYSTEM, "area", 1, "ha", 10_000),
        (US_CUSTOMARY_SYSTEM, "area", 1, "ac", 43_560),
        (METRIC_SYSTEM, "pressure", 1, "bar", 100_000),
        (US_CUSTOMARY_SYSTEM, "pressure", 6894.757, "Pa", 1),
        (METRIC_SYSTEM, "volume", 1, "gal", 3.785411784),
        (US_CUSTOMARY_SYSTEM, "volume", 3.785411784, "L", 1),
        (METRIC_SYSTEM, "wind_speed", 36, "km/h", 10),
        (US_CUSTOMARY_SYSTEM, "wind_speed", 1.609344, "km/h", 1),
    ],
)
def test_convenience_conversions(
    system: UnitSystem, method: str, value: float, unit: str, expected: float
) -> None:
    assert getattr(system, method)(value, unit) == pytest.approx(expected, rel=1e-12)


def test_convenience_conversion_rejects_foreign_units() -> None:
    with pytest.raises(UnitConversionError):
        METRIC_SYSTEM.temperature(20, "kWh")


D = SensorDeviceClass
M, US = METRIC_SYSTEM, US_CUSTOMARY_SYSTEM

PREFERRED_UNITS: list[tuple[UnitSystem, str | None, str | None, str | None]] = [
    # Temperature: °C/°F follow the system, kelvin is kept.
    (US, D.TEMPERATURE, "°C", "°F"),
    (US, D.TEMPERATURE, "°F", None),
    (US, D.TEMPERATURE, "K", None),
    (M, D.TEMPERATURE, "°F", "°C"),
    (M, D.TEMPERATURE, "°C", None),
    (M, D.TEMPERATURE, "K", None),
    # Energy, power and the electrical classes are never converted.
    (M, D.ENERGY, "Wh", None),
    (M, D.ENERGY, "MJ", None),
    (US, D.ENERGY, "kWh", None),
    (US, D.ENERGY, "GJ", None),
    (M, D.POWER, "BTU/h", None),
    (US, D.POWER, "kW", None),
    (US, D.VOLTAGE, "V", None),
    (US, D.CURRENT, "A", None),
    (US, D.ENERGY_STORAGE, "kWh", None),
    (US, D.VOLUME_FLOW_RATE, "L/min", None),
    (M, D.VOLUME_FLOW_RATE, "gal/min", None),
    # Water: litres and cubic metres become US units and back.
    (US, D.WATER, "L", "gal"),
    (US, D.WATER, "m³", "ft³"),
    (US, D.WATER, "gal", None),
    (US, D.WATER, "CCF", None),
    (M, D.WATER, "gal", "L"),
    (M, D.WATER, "ft³", "m³"),
    (M, D.WATER, "CCF", "m³"),
    (M, D.WATER, "L", None),
    # Gas: only cubic metres / cubic feet.
    (US, D.GAS, "m³", "ft³"),
    (US, D.GAS, "CCF", None),
    (M, D.GAS, "ft³", "m³"),
    (M, D.GAS, "CCF", "m³"),
    (M, D.GAS, "MCF", None),
    (M, D.GAS, "kWh", None),
    # Generic volume.
    (US, D.VOLUME, "L", "gal"),
    (US, D.VOLUME, "mL", "fl. oz."),
    (US, D.VOLUME, "m³", "ft³"),
    (M, D.VOLUME, "gal", "L"),
    (M, D.VOLUME, "fl. oz.", "mL"),
    (M, D.VOLUME, "ft³", "m³"),
    (M, D.VOLUME, "CCF", "m³"),
    (US, D.VOLUME_STORAGE, "L", None),
    # Distance, speed, pressure, precipitation, area.
    (US, D.DISTANCE, "km", "mi"),
    (US, D.DISTANCE, "m", "ft"),
    (US, D.DISTANCE, "cm", "in"),
    (US, D.DISTANCE, "nmi", None),
    (M, D.DISTANCE, "mi", "km"),
    (M, D.DISTANCE, "nmi", "km"),
    (M, D.DISTANCE, "in", "mm"),
    (US, D.SPEED, "km/h", "mph"),
    (US, D.SPEED, "mm/s", "in/s"),
    (US, D.SPEED, "mm/h", "in/h"),
    (US, D.SPEED, "kn", None),
    (M, D.SPEED, "mph", "km/h"),
    (M, D.SPEED, "kn", None),
    (M, D.SPEED, "m/s", None),
    (M, D.WIND_SPEED, "m/s", "km/h"),
    (M, D.WIND_SPEED, "mph", "km/h"),
    (M, D.WIND_SPEED, "kn", None),
    (M, D.WIND_SPEED, "Beaufort", None),
    (US, D.WIND_SPEED, "km/h", "mph"),
    (US, D.WIND_SPEED, "kn", None),
    (US, D.PRESSURE, "bar", "psi"),
    (US, D.PRESSURE, "hPa", "psi"),
    (US, D.PRESSURE, "mmHg", "inHg"),
    (US, D.PRESSURE, "inHg", None),
    (M, D.PRESSURE, "psi", "kPa"),
    (M, D.PRESSURE, "inHg", "hPa"),
    (M, D.PRESSURE, "mmHg", None),
    (M, D.ATMOSPHERIC_PRESSURE, "inHg", "hPa"),
    (M, D.ATMOSPHERIC_PRESSURE, "hPa", None),
    (US, D.ATMOSPHERIC_PRESSURE, "hPa", "inHg"),
    (US, D.ATMOSPHERIC_PRESSURE, "psi", "inHg"),
    (US, D.PRECIPITATION, "mm", "in"),
    (US, D.PRECIPITATION, "cm", "in"),
    (M, D.PRECIPITATION, "in", "mm"),
    (US, D.PRECIPITATION_INTENSITY, "mm/d", "in/d"),
    (M, D.PRECIPITATION_INTENSITY, "in/h", "mm/h"),
    (US, D.AREA, "m²", "ft²"),
    (US, D.AREA, "ha", "ac"),
    (M, D.AREA, "ac", "ha"),
    (M, D.AREA, "in²", "cm²"),
    # No device class, no unit, unknown class: nothing to convert.
    (US, None, "°C", None),
    (US, D.TEMPERATURE, None, None),
    (US, "no_such_class", "L", None),
    (US, D.MONETARY, "EUR", None),
    (US, D.WEIGHT, "kg", None),
    # Plain strings work as well as the enum.
    (US, "water", "L", "gal"),
]


@pytest.mark.parametrize(("system", "device_class", "unit", "expected"), PREFERRED_UNITS)
def test_get_converted_unit(
    system: UnitSystem, device_class: str | None, unit: str | None, expected: str | None
) -> None:
    assert system.get_converted_unit(device_class, unit) == expected


def test_conversions_table_has_no_temperature_rule() -> None:
    # HA's table leaves temperature to the sensor entity; get_converted_unit adds it.
    for system in (METRIC_SYSTEM, US_CUSTOMARY_SYSTEM):
        assert not [key for key in system.conversions if key[0] == D.TEMPERATURE]


@pytest.mark.parametrize("system", [METRIC_SYSTEM, US_CUSTOMARY_SYSTEM], ids=lambda s: s.name)
def test_every_preferred_unit_is_convertible(system: UnitSystem) -> None:
    for (device_class, unit), target in system.conversions.items():
        converter = converter_for_device_class(device_class)
        assert converter is not None, device_class
        assert unit in converter.UNITS, (device_class, unit)
        assert target in converter.UNITS, (device_class, target)
        assert unit != target


@pytest.mark.parametrize(
    ("system", "device_class", "expected"),
    [
        (METRIC_SYSTEM, D.ATMOSPHERIC_PRESSURE, UnitOfPressure.HPA),
        (US_CUSTOMARY_SYSTEM, D.ATMOSPHERIC_PRESSURE, UnitOfPressure.INHG),
        (METRIC_SYSTEM, D.WIND_SPEED, UnitOfSpeed.KILOMETERS_PER_HOUR),
        (US_CUSTOMARY_SYSTEM, D.WIND_SPEED, UnitOfSpeed.MILES_PER_HOUR),
    ],
)
def test_classes_forced_to_one_unit(system: UnitSystem, device_class: str, expected: str) -> None:
    converter = converter_for_device_class(device_class)
    assert converter is not None
    for unit in converter.UNITS & (set(UnitOfSpeed) | set(UnitOfPressure)):
        if unit in (expected, UnitOfSpeed.KNOTS):
            assert system.get_converted_unit(device_class, unit) is None
        else:
            assert system.get_converted_unit(device_class, unit) == expected
