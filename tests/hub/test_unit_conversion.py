"""Tests for hub/unit_conversion.py: known values, round trips, exactness, caching, errors."""

from __future__ import annotations

import itertools
import math
import random
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from hub.exceptions import HubError
from hub.unit_conversion import (
    CONVERTERS_BY_UNIT_CLASS,
    AreaConverter,
    ConductivityConverter,
    DataRateConverter,
    DistanceConverter,
    DurationConverter,
    ElectricCurrentConverter,
    ElectricPotentialConverter,
    EnergyConverter,
    InformationConverter,
    MassConverter,
    PowerConverter,
    PressureConverter,
    SpeedConverter,
    TemperatureConverter,
    UnitConversionError,
    UnitConverter,
    UnitlessRatioConverter,
    VolumeConverter,
    VolumeFlowRateConverter,
    converter_for_device_class,
)
from hub.units import (
    DEVICE_CLASS_UNITS,
    SensorDeviceClass,
    UnitOfArea,
    UnitOfConductivity,
    UnitOfDataRate,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfInformation,
    UnitOfLength,
    UnitOfMass,
    UnitOfPower,
    UnitOfPressure,
    UnitOfSpeed,
    UnitOfTemperature,
    UnitOfVolume,
    UnitOfVolumeFlowRate,
    UnitOfVolumetricFlux,
)

ALL_CONVERTERS: list[type[UnitConverter]] = sorted(
    UnitConverter.__subclasses__(), key=lambda converter: converter.__name__
)
LINEAR_CONVERTERS = [c for c in ALL_CONVERTERS if c is not TemperatureConverter]


# --- Unit sets and names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("converter", "unit_class", "units"),
    [
        (EnergyConverter, "energy", set(UnitOfEnergy)),
        (PowerConverter, "power", set(UnitOfPower)),
        (VolumeConverter, "volume", set(UnitOfVolume)),
        (VolumeFlowRateConverter, "volume_flow_rate", set(UnitOfVolumeFlowRate)),
        (TemperatureConverter, "temperature", set(UnitOfTemperature)),
        (ElectricPotentialConverter, "voltage", set(UnitOfElectricPotential)),
        (ElectricCurrentConverter, "electric_current", set(UnitOfElectricCurrent)),
        (PressureConverter, "pressure", set(UnitOfPressure)),
        (DistanceConverter, "distance", set(UnitOfLength)),
        (AreaConverter, "area", set(UnitOfArea)),
        (
            SpeedConverter,
            "speed",
            (set(UnitOfSpeed) - {UnitOfSpeed.BEAUFORT}) | set(UnitOfVolumetricFlux),
        ),
        (MassConverter, "mass", set(UnitOfMass)),
        (DurationConverter, "duration", {"μs", "ms", "s", "min", "h", "d", "w"}),
        (InformationConverter, "information", set(UnitOfInformation)),
        (DataRateConverter, "data_rate", set(UnitOfDataRate)),
        (ConductivityConverter, "conductivity", set(UnitOfConductivity)),
        (UnitlessRatioConverter, "unitless", {None, "%", "ppm", "ppb"}),
    ],
)
def test_units_and_unit_class(
    converter: type[UnitConverter], unit_class: str, units: set[str | None]
) -> None:
    assert unit_class == converter.UNIT_CLASS
    assert units == converter.UNITS
    assert converter.BASE_UNIT in converter.UNITS
    assert converter.factor(converter.BASE_UNIT, converter.BASE_UNIT) == 1


def test_converters_by_unit_class_lists_every_converter() -> None:
    assert set(CONVERTERS_BY_UNIT_CLASS.values()) == set(ALL_CONVERTERS)
    for unit_class, converter in CONVERTERS_BY_UNIT_CLASS.items():
        assert unit_class == converter.UNIT_CLASS


# --- Known values ------------------------------------------------------------------------

KNOWN_VALUES: list[tuple[type[UnitConverter], float, str | None, str | None, float]] = [
    (EnergyConverter, 1, "kWh", "MJ", 3.6),
    (EnergyConverter, 1, "kWh", "Wh", 1000),
    (EnergyConverter, 1500, "Wh", "kWh", 1.5),
    (EnergyConverter, 1, "kWh", "J", 3_600_000),
    (EnergyConverter, 1, "GJ", "kWh", 277.77777777777777),
    (EnergyConverter, 1, "kcal", "J", 4184),
    (EnergyConverter, 1, "Gcal", "MWh", 1.1622222222222222),
    (EnergyConverter, 1, "TWh", "mWh", 1e15),
    (PowerConverter, 1, "BTU/h", "W", 0.29307107),
    (PowerConverter, 2.5, "kW", "W", 2500),
    (PowerConverter, 1, "W", "mW", 1000),
    (PowerConverter, 1, "TW", "GW", 1000),
    (VolumeConverter, 1, "gal", "L", 3.785411784),
    (VolumeConverter, 1, "ft³", "L", 28.316846592),
    (VolumeConverter, 1, "CCF", "ft³", 100),
    (VolumeConverter, 1, "MCF", "CCF", 10),
    (VolumeConverter, 1, "m³", "L", 1000),
    (VolumeConverter, 1, "gal", "fl. oz.", 128),
    (VolumeConverter, 1, "CCF", "m³", 2.8316846592),
    (VolumeFlowRateConverter, 1, "m³/h", "L/min", 16.666666666666668),
    (VolumeFlowRateConverter, 1, "L/min", "mL/s", 16.666666666666668),
    (VolumeFlowRateConverter, 60, "L/h", "L/min", 1),
    (VolumeFlowRateConverter, 1, "gal/min", "L/min", 3.785411784),
    (VolumeFlowRateConverter, 1, "ft³/min", "m³/h", 1.69901079552),
    (TemperatureConverter, 0, "°C", "°F", 32),
    (TemperatureConverter, 0, "°C", "K", 273.15),
    (TemperatureConverter, 32, "°F", "K", 273.15),
    (TemperatureConverter, 273.15, "K", "°F", 32),
    (TemperatureConverter, 100, "°C", "°F", 212),
    (TemperatureConverter, 212, "°F", "°C", 100),
    (TemperatureConverter, -40, "°C", "°F", -40),
    (TemperatureConverter, 0, "K", "°C", -273.15),
    (TemperatureConverter, 0, "K", "°F", -459.67),
    (TemperatureConverter, 60, "°C", "°F", 140),
    (TemperatureConverter, 37, "°C", "°F", 98.6),
    (ElectricPotentialConverter, 230, "V", "mV", 230_000),
    (ElectricPotentialConverter, 1, "µV", "V", 1e-6),
    (ElectricCurrentConverter, 16, "A", "mA", 16_000),
    (PressureConverter, 1, "bar", "kPa", 100),
    (PressureConverter, 1, "psi", "Pa", 6894.757),
    (PressureConverter, 1, "inHg", "Pa", 3386.388640341),  # HA: 25.4 mm x 13.5951 x g
    (PressureConverter, 1, "mmHg", "Pa", 133.322387415),
    (DistanceConverter, 1, "mi", "km", 1.609344),
    (DistanceConverter, 1, "nmi", "m", 1852),
    (DistanceConverter, 1, "ft", "in", 12),
    (AreaConverter, 1, "ac", "m²", 4046.8564224),
    (AreaConverter, 1, "ha", "m²", 10_000),
    (SpeedConverter, 36, "km/h", "m/s", 10),
    (SpeedConverter, 1, "mph", "km/h", 1.609344),
    (SpeedConverter, 1, "kn", "km/h", 1.852),
    (SpeedConverter, 24, "mm/h", "mm/d", 576),
    (MassConverter, 1, "lb", "g", 453.59237),
    (MassConverter, 1, "st", "lb", 14),
    (MassConverter, 16, "oz", "lb", 1),
    (DurationConverter, 1, "w", "h", 168),
    (DurationConverter, 1, "h", "ms", 3_600_000),
    (DurationConverter, 1, "ms", "μs", 1000),
    (InformationConverter, 1, "KiB", "B", 1024),
    (InformationConverter, 1, "kB", "bit", 8000),
    (InformationConverter, 1, "GiB", "MiB", 1024),
    (DataRateConverter, 1, "MB/s", "Mbit/s", 8),
    (ConductivityConverter, 1, "mS/cm", "µS/cm", 1000),
    (UnitlessRatioConverter, 0.95, None, "%", 95),
    (UnitlessRatioConverter, 1, "%", "ppm", 10_000),
]


@pytest.mark.parametrize(("converter", "value", "from_unit", "to_unit", "expected"), KNOWN_VALUES)
def test_known_values(
    converter: type[UnitConverter],
    value: float,
    from_unit: str | None,
    to_unit: str | None,
    expected: float,
) -> None:
    assert converter.convert(value, from_unit, to_unit) == pytest.approx(expected, rel=1e-15)


# These are correctly rounded, so they equal the literal exactly.
EXACT_VALUES = [
    (EnergyConverter, 1, "kWh", "MJ", 3.6),
    (EnergyConverter, 3.6, "MJ", "kWh", 1.0),
    (EnergyConverter, 1500, "Wh", "kWh", 1.5),
    (EnergyConverter, 123_456_789, "Wh", "kWh", 123_456.789),
    (VolumeConverter, 1, "gal", "L", 3.785411784),
    (VolumeConverter, 1, "ft³", "L", 28.316846592),
    (VolumeConverter, 1, "CCF", "ft³", 100.0),
    (PowerConverter, 1, "BTU/h", "W", 0.29307107),
    (TemperatureConverter, 0, "°C", "°F", 32.0),
    (TemperatureConverter, 32, "°F", "K", 273.15),
    (TemperatureConverter, 273.15, "K", "°C", 0.0),
    (TemperatureConverter, 100, "°C", "°F", 212.0),
]


@pytest.mark.parametrize(("converter", "value", "from_unit", "to_unit", "expected"), EXACT_VALUES)
def test_exact_float_results(
    converter: type[UnitConverter], value: float, from_unit: str, to_unit: str, expected: float
) -> None:
    assert converter.convert(value, from_unit, to_unit) == expected


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (10, "°C", "°F", 18),
        (18, "°F", "°C", 10),
        (10, "K", "°C", 10),
        (-5, "°C", "K", -5),
        (9, "°F", "K", 5),
    ],
)
def test_temperature_interval(value: float, from_unit: str, to_unit: str, expected: float) -> None:
    result = TemperatureConverter.convert_interval(value, from_unit, to_unit)
    assert result == pytest.approx(expected, rel=1e-15)


# --- Round trips and rounding error ------------------------------------------------------

ROUND_TRIP_VALUES = [0.0, 1.0, -3.5, 0.001, 1234.5678, 98_765_432.1]


@pytest.mark.parametrize("converter", ALL_CONVERTERS, ids=lambda c: c.__name__)
def test_round_trip_every_unit_pair(converter: type[UnitConverter]) -> None:
    for from_unit, to_unit in itertools.permutations(converter.UNITS, 2):
        forward = converter.converter_factory(from_unit, to_unit)
        back = converter.converter_factory(to_unit, from_unit)
        for value in ROUND_TRIP_VALUES:
            assert back(forward(value)) == pytest.approx(value, rel=1e-12, abs=1e-9), (
                from_unit,
                to_unit,
                value,
            )


def _pairs_and_values(
    converter: type[UnitConverter],
) -> list[tuple[str | None, str | None, float]]:
    rng = random.Random(2025)
    values = [rng.uniform(-1e6, 1e6) for _ in range(20)]
    values += [round(rng.uniform(0, 1e5), rng.randrange(4)) for _ in range(20)]
    pairs = itertools.permutations(sorted(converter.UNITS, key=str), 2)
    return [(a, b, value) for a, b in pairs for value in values]


@pytest.mark.parametrize("converter", LINEAR_CONVERTERS, ids=lambda c: c.__name__)
def test_float_error_is_within_two_ulps(converter: type[UnitConverter]) -> None:
    # One rounded constant and one rounded operation: at most 2**-52 relative error.
    for from_unit, to_unit, value in _pairs_and_values(converter):
        exact = Fraction(value) * converter.factor(from_unit, to_unit)
        result = converter.convert(value, from_unit, to_unit)
        bound = 2 * Fraction(math.ulp(float(exact)))
        assert abs(Fraction(result) - exact) <= bound, (from_unit, to_unit, value)


@pytest.mark.parametrize("converter", LINEAR_CONVERTERS, ids=lambda c: c.__name__)
def test_integer_and_inverse_integer_ratios_are_correctly_rounded(
    converter: type[UnitConverter],
) -> None:
    checked = 0
    for from_unit, to_unit, value in _pairs_and_values(converter):
        ratio = converter.factor(from_unit, to_unit)
        if 1 not in (ratio.numerator, ratio.denominator) or max(ratio, 1 / ratio) >= 2**53:
            continue
        checked += 1
        expected = float(Fraction(value) * ratio)
        assert converter.convert(value, from_unit, to_unit) == expected, (from_unit, to_unit)
    assert checked


def test_integer_ratios_are_correctly_rounded() -> None:
    wh_to_kwh = EnergyConverter.converter_factory("Wh", "kWh")
    kwh_to_wh = EnergyConverter.converter_factory("kWh", "Wh")
    for watt_hours in range(0, 200_000, 7):
        assert wh_to_kwh(watt_hours) == watt_hours / 1000
        assert kwh_to_wh(watt_hours / 1000) == pytest.approx(watt_hours, rel=1e-15)


# --- Decimal -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("converter", "value", "from_unit", "to_unit", "expected"),
    [
        (EnergyConverter, Decimal("1234.567"), "kWh", "Wh", Decimal("1234567")),
        (EnergyConverter, Decimal("1234567"), "Wh", "kWh", Decimal("1234.567")),
        (EnergyConverter, Decimal("0.001"), "Wh", "kWh", Decimal("0.000001")),
        (EnergyConverter, Decimal("1"), "kWh", "MJ", Decimal("3.6")),
        (EnergyConverter, 1, "kcal", "J", Decimal("4184")),
        (EnergyConverter, Decimal("1"), "MJ", "kWh", Decimal("0.2777777777777777777777777778")),
        (VolumeConverter, Decimal("1"), "gal", "L", Decimal("3.785411784")),
        (VolumeConverter, Decimal("2.5"), "CCF", "ft³", Decimal("250")),
        (VolumeConverter, Decimal("1"), "ft³", "m³", Decimal("0.028316846592")),
        (PowerConverter, Decimal("100"), "BTU/h", "W", Decimal("29.307107")),
        (TemperatureConverter, Decimal("98.6"), "°F", "°C", Decimal("37")),
        (TemperatureConverter, Decimal("0"), "°C", "K", Decimal("273.15")),
        (TemperatureConverter, Decimal("-459.67"), "°F", "K", Decimal("0")),
    ],
)
def test_convert_decimal(
    converter: type[UnitConverter],
    value: Decimal | int,
    from_unit: str,
    to_unit: str,
    expected: Decimal,
) -> None:
    result = converter.convert_decimal(value, from_unit, to_unit)
    assert isinstance(result, Decimal)
    assert result == expected


def test_decimal_wh_kwh_sums_are_exact() -> None:
    readings = [Decimal(f"{n}.{n % 1000:03d}") for n in range(1, 2000, 3)]
    in_wh = [EnergyConverter.convert_decimal(r, "kWh", "Wh") for r in readings]
    assert all(wh == wh.to_integral_value() for wh in in_wh)
    assert EnergyConverter.convert_decimal(sum(in_wh), "Wh", "kWh") == sum(readings)
    back = [EnergyConverter.convert_decimal(wh, "Wh", "kWh") for wh in in_wh]
    assert back == readings


def test_decimal_rounds_only_to_the_context_precision() -> None:
    with localcontext() as context:
        context.prec = 6
        assert EnergyConverter.convert_decimal(Decimal(1), "MJ", "kWh") == Decimal("0.277778")
        # An exact result longer than the precision is still rounded by the context...
        assert EnergyConverter.convert_decimal(Decimal("1234.5678"), "kWh", "Wh") == Decimal(
            "1.23457E+6"
        )


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_decimal_non_finite_is_refused(value: Decimal) -> None:
    with pytest.raises(UnitConversionError, match="non-finite"):
        EnergyConverter.convert_decimal(value, "kWh", "Wh")


def test_factor_is_exact() -> None:
    assert EnergyConverter.factor("Wh", "kWh") == Fraction(1, 1000)
    assert EnergyConverter.factor("kWh", "MJ") == Fraction(18, 5)
    assert VolumeConverter.factor("gal", "L") == Fraction("3.785411784")
    assert TemperatureConverter.factor("°C", "°F") == Fraction(9, 5)
    # A price per kWh becomes a price per Wh by the inverse factor.
    price_per_kwh = Fraction("0.2871")
    assert price_per_kwh * EnergyConverter.factor("Wh", "kWh") == Fraction("0.0002871")


# --- Factory caching ---------------------------------------------------------------------


def test_factory_returns_the_same_function_per_pair() -> None:
    first = EnergyConverter.converter_factory("Wh", "kWh")
    assert EnergyConverter.converter_factory("Wh", "kWh") is first
    assert EnergyConverter.converter_factory("kWh", "Wh") is not first
    assert first(2500) == 2.5


def test_factory_caches_are_per_converter() -> None:
    power = PowerConverter.converter_factory("W", "kW")
    energy = EnergyConverter.converter_factory("kWh", "MWh")
    assert power is PowerConverter.converter_factory("W", "kW")
    assert energy is EnergyConverter.converter_factory("kWh", "MWh")
    assert ("W", "kW") not in EnergyConverter._factories


def test_same_unit_is_identity() -> None:
    identity = EnergyConverter.converter_factory("kWh", "kWh")
    assert identity(1.25) == 1.25
    assert TemperatureConverter.convert(21.5, "°C", "°C") == 21.5


def test_convert_uses_the_cached_factory() -> None:
    TemperatureConverter.convert(20, "°C", "°F")
    assert ("°C", "°F") in TemperatureConverter._factories


# --- Errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("converter", "from_unit", "to_unit", "bad"),
    [
        (EnergyConverter, "kwh", "Wh", "kwh"),
        (EnergyConverter, "kWh", "W", "W"),
        (PowerConverter, "W", "kWh", "kWh"),
        (VolumeConverter, "l", "m³", "l"),
        (TemperatureConverter, "C", "°F", "C"),
        (TemperatureConverter, "°C", "F", "F"),
        (SpeedConverter, "Beaufort", "m/s", "Beaufort"),
        (DurationConverter, "m", "s", "m"),
        (EnergyConverter, "bogus", "bogus", "bogus"),
        (EnergyConverter, None, "kWh", "None"),
    ],
)
def test_unknown_unit_names_the_unit_and_the_allowed_ones(
    converter: type[UnitConverter], from_unit: str | None, to_unit: str | None, bad: str
) -> None:
    with pytest.raises(UnitConversionError) as caught:
        converter.convert(1.0, from_unit, to_unit)
    message = str(caught.value)
    assert repr(bad) in message or bad in message
    assert converter.UNIT_CLASS in message
    some_valid = sorted(str(unit) for unit in converter.UNITS)[0]
    assert some_valid in message
    assert caught.value.unit_class == converter.UNIT_CLASS


def test_error_is_a_hub_error_and_a_value_error() -> None:
    with pytest.raises(UnitConversionError) as caught:
        EnergyConverter.convert(1, "kWh", "kW")
    assert isinstance(caught.value, HubError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.unit == "kW"


def test_errors_are_not_cached() -> None:
    for _ in range(2):
        with pytest.raises(UnitConversionError):
            EnergyConverter.converter_factory("kWh", "nope")
    assert ("kWh", "nope") not in EnergyConverter._factories


@pytest.mark.parametrize(
    ("method", "args"),
    [
        (EnergyConverter.convert_decimal, (Decimal(1), "kWh", "kW")),
        (EnergyConverter.factor, ("kW", "kWh")),
        (TemperatureConverter.convert_interval, (1.0, "°C", "C")),
        (TemperatureConverter.convert_decimal, (Decimal(1), "°C", "C")),
    ],
)
def test_every_entry_point_checks_units(method: object, args: tuple[object, ...]) -> None:
    assert callable(method)
    with pytest.raises(UnitConversionError):
        method(*args)


# --- Device classes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("device_class", "converter"),
    [
        (SensorDeviceClass.ENERGY, EnergyConverter),
        (SensorDeviceClass.ENERGY_STORAGE, EnergyConverter),
        (SensorDeviceClass.POWER, PowerConverter),
        (SensorDeviceClass.GAS, VolumeConverter),
        (SensorDeviceClass.WATER, VolumeConverter),
        (SensorDeviceClass.VOLUME, VolumeConverter),
        (SensorDeviceClass.VOLUME_STORAGE, VolumeConverter),
        (SensorDeviceClass.VOLUME_FLOW_RATE, VolumeFlowRateConverter),
        (SensorDeviceClass.TEMPERATURE, TemperatureConverter),
        (SensorDeviceClass.VOLTAGE, ElectricPotentialConverter),
        (SensorDeviceClass.CURRENT, ElectricCurrentConverter),
        (SensorDeviceClass.POWER_FACTOR, UnitlessRatioConverter),
        (SensorDeviceClass.DURATION, DurationConverter),
        (SensorDeviceClass.PRECIPITATION, DistanceConverter),
        (SensorDeviceClass.PRECIPITATION_INTENSITY, SpeedConverter),
        (SensorDeviceClass.WIND_SPEED, SpeedConverter),
        (SensorDeviceClass.WEIGHT, MassConverter),
        ("energy", EnergyConverter),
        (SensorDeviceClass.MONETARY, None),
        (SensorDeviceClass.BATTERY, None),
        (SensorDeviceClass.FREQUENCY, None),
        (SensorDeviceClass.APPARENT_POWER, None),
        (SensorDeviceClass.TIMESTAMP, None),
        ("no_such_class", None),
        (None, None),
    ],
)
def test_converter_for_device_class(
    device_class: str | None, converter: type[UnitConverter] | None
) -> None:
    assert converter_for_device_class(device_class) is converter


def test_every_valid_device_class_unit_converts() -> None:
    for device_class, units in DEVICE_CLASS_UNITS.items():
        converter = converter_for_device_class(device_class)
        if converter is None:
            continue
        assert units - {UnitOfSpeed.BEAUFORT} <= converter.UNITS, device_class
