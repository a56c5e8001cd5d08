"""Converters between units of one physical quantity, in the style of HA's ``unit_conversion``.

Every unit is defined by its exact size in the converter's base unit, as a ``Fraction``
built from the legal definitions (1 in = 0.0254 m, 1 US gal = 231 in³, 1 cal = 4.184 J,
1 BTU/h = 0.29307107 W as HA rounds it...). From that:

- :meth:`UnitConverter.convert` and :meth:`UnitConverter.converter_factory` work on floats.
  The factory builds one closure per unit pair, cached, so a sensor converting every update
  pays a dict lookup, never a ratio look-up or a division of ratios. Each closure is one
  float operation: multiply by the exact ratio or divide by its inverse, whichever the
  nearest float holds more exactly. Ratios such as 1000 and 1/1000 are therefore applied
  exactly (Wh -> kWh is a correctly rounded ``x / 1000``), and no result is off by more
  than about one unit in the last place.
- :meth:`UnitConverter.convert_decimal` works on ``Decimal`` through exact fractions, for
  energy and money code that must not touch floats: ``1234.567 kWh`` is exactly
  ``1234567 Wh``. A result is rounded only when it does not fit the ``decimal`` context's
  precision (28 digits by default), as for MJ -> kWh (x 5/18, no finite expansion).
- :meth:`UnitConverter.factor` gives the exact multiplicative ratio, e.g. to turn a price
  per kWh into a price per Wh.

Temperature is the one affine quantity (0 °C = 32 °F = 273.15 K); ``convert`` applies the
offsets, :meth:`TemperatureConverter.convert_interval` converts differences without them.

Unlike HA, converting a unit to itself still checks that the unit is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Final, TypeAlias

from hub.exceptions import HubError
from hub.units import (
    CONCENTRATION_PARTS_PER_BILLION,
    CONCENTRATION_PARTS_PER_MILLION,
    PERCENTAGE,
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
    UnitOfTime,
    UnitOfVolume,
    UnitOfVolumeFlowRate,
    UnitOfVolumetricFlux,
)

Unit: TypeAlias = str | None
"""A unit string; ``None`` is the unit of a plain number (a ratio without dimension)."""


class UnitConversionError(HubError, ValueError):
    """A unit this converter does not know, or a value it cannot convert."""

    def __init__(self, message: str, unit: Unit = None, unit_class: str | None = None) -> None:
        self.unit = unit
        self.unit_class = unit_class
        super().__init__(message)


# --- Exact definitions -------------------------------------------------------------------

_F = Fraction
_INCH: Final = _F("0.0254")  # m
_FOOT: Final = 12 * _INCH
_YARD: Final = 3 * _FOOT
_MILE: Final = 1760 * _YARD  # 1609.344 m
_NAUTICAL_MILE: Final = _F(1852)
_MINUTE: Final = _F(60)  # s
_HOUR: Final = 60 * _MINUTE
_DAY: Final = 24 * _HOUR
_LITER: Final = _F(1, 1000)  # m³
_GALLON: Final = 231 * _INCH**3  # US gallon: 0.003785411784 m³
_CUBIC_FOOT: Final = _FOOT**3  # 0.028316846592 m³
_POUND: Final = _F("453.59237")  # g
_CALORIE: Final = _F("4.184")  # J, thermochemical
_WATT_HOUR: Final = _F(3600)  # J
_BTU_PER_HOUR: Final = _F("0.29307107")  # W, HA's value
_STANDARD_GRAVITY: Final = _F("9.80665")  # m/s²
_MERCURY_DENSITY: Final = _F("13.5951")  # g/cm³, HA's value
_PSI: Final = _F("6894.757")  # Pa, HA's value


def _check_finite(value: Decimal | int) -> None:
    if isinstance(value, Decimal) and not value.is_finite():
        raise UnitConversionError(f"Cannot convert the non-finite value {value}.")


def _relative_error(approximation: float, exact: Fraction) -> Fraction:
    return abs(Fraction(approximation) - exact) / exact


def _scale_function(ratio: Fraction) -> Callable[[float], float]:
    """A function multiplying by ``ratio`` as exactly as one float operation allows.

    It multiplies by ``ratio`` or divides by ``1 / ratio``, whichever constant the nearest
    float holds more exactly: ratios like 1000 or 1/1000 are exact as a multiplier or a
    divisor, so Wh -> kWh is a correctly rounded ``x / 1000``.
    """
    if ratio == 1:
        return lambda x: x
    multiplier, divisor = float(ratio), float(1 / ratio)
    if _relative_error(multiplier, ratio) <= _relative_error(divisor, 1 / ratio):
        return lambda x: x * multiplier
    return lambda x: x / divisor


class UnitConverter:
    """Converts values between the units of one quantity.

    Subclasses set ``UNIT_CLASS`` (HA's name, used by statistics), ``BASE_UNIT`` and
    ``_SIZES``: the exact size of one of each unit, in base units. ``_ZEROS`` holds, for
    affine units only, the reading of the unit at the base unit's zero.
    """

    UNIT_CLASS: ClassVar[str]
    BASE_UNIT: ClassVar[Unit]
    UNITS: ClassVar[frozenset[Unit]]
    _SIZES: ClassVar[Mapping[Unit, Fraction]]
    _ZEROS: ClassVar[Mapping[Unit, Fraction]] = {}
    _factories: ClassVar[dict[tuple[Unit, Unit], Callable[[float], float]]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.UNITS = frozenset(cls._SIZES)
        cls._factories = {}

    @classmethod
    def _check(cls, unit: Unit) -> None:
        if unit not in cls._SIZES:
            allowed = ", ".join(sorted(str(u) for u in cls._SIZES))
            raise UnitConversionError(
                f"{unit!r} is not a recognized {cls.UNIT_CLASS} unit; use one of: {allowed}.",
                unit,
                cls.UNIT_CLASS,
            )

    @classmethod
    def factor(cls, from_unit: Unit, to_unit: Unit) -> Fraction:
        """Exact ratio: one ``from_unit`` is this many ``to_unit`` (offsets not applied)."""
        cls._check(from_unit)
        cls._check(to_unit)
        return cls._SIZES[from_unit] / cls._SIZES[to_unit]

    @classmethod
    def converter_factory(cls, from_unit: Unit, to_unit: Unit) -> Callable[[float], float]:
        """A function converting from ``from_unit`` to ``to_unit``; the same object per pair."""
        key = (from_unit, to_unit)
        try:
            return cls._factories[key]
        except KeyError:
            return cls._factories.setdefault(key, cls._build(from_unit, to_unit))

    @classmethod
    def _build(cls, from_unit: Unit, to_unit: Unit) -> Callable[[float], float]:
        scale = _scale_function(cls.factor(from_unit, to_unit))
        zero_from = cls._ZEROS.get(from_unit, 0)
        zero_to = cls._ZEROS.get(to_unit, 0)
        if not zero_from and not zero_to:
            return scale
        before, after = float(zero_from), float(zero_to)
        return lambda x: scale(x - before) + after

    @classmethod
    def convert(cls, value: float, from_unit: Unit, to_unit: Unit) -> float:
        """``value`` in ``from_unit``, expressed in ``to_unit``."""
        return cls.converter_factory(from_unit, to_unit)(value)

    @classmethod
    def convert_decimal(cls, value: Decimal | int, from_unit: Unit, to_unit: Unit) -> Decimal:
        """Exact conversion of a ``Decimal``; rounded to the context only if it must be."""
        _check_finite(value)
        exact = Fraction(value) - cls._ZEROS.get(from_unit, 0)
        exact = exact * cls.factor(from_unit, to_unit) + cls._ZEROS.get(to_unit, 0)
        return Decimal(exact.numerator) / Decimal(exact.denominator)


class EnergyConverter(UnitConverter):
    """Energy, base kWh."""

    UNIT_CLASS = "energy"
    BASE_UNIT = UnitOfEnergy.KILO_WATT_HOUR
    _KWH_IN_J: Final = 1000 * _WATT_HOUR
    _SIZES = {
        UnitOfEnergy.JOULE: 1 / _KWH_IN_J,
        UnitOfEnergy.KILO_JOULE: 1000 / _KWH_IN_J,
        UnitOfEnergy.MEGA_JOULE: 10**6 / _KWH_IN_J,
        UnitOfEnergy.GIGA_JOULE: 10**9 / _KWH_IN_J,
        UnitOfEnergy.MILLIWATT_HOUR: _F(1, 10**6),
        UnitOfEnergy.WATT_HOUR: _F(1, 1000),
        UnitOfEnergy.KILO_WATT_HOUR: _F(1),
        UnitOfEnergy.MEGA_WATT_HOUR: _F(1000),
        UnitOfEnergy.GIGA_WATT_HOUR: _F(10**6),
        UnitOfEnergy.TERA_WATT_HOUR: _F(10**9),
        UnitOfEnergy.CALORIE: _CALORIE / _KWH_IN_J,
        UnitOfEnergy.KILO_CALORIE: 1000 * _CALORIE / _KWH_IN_J,
        UnitOfEnergy.MEGA_CALORIE: 10**6 * _CALORIE / _KWH_IN_J,
        UnitOfEnergy.GIGA_CALORIE: 10**9 * _CALORIE / _KWH_IN_J,
    }


class PowerConverter(UnitConverter):
    """Power, base W."""

    UNIT_CLASS = "power"
    BASE_UNIT = UnitOfPower.WATT
    _SIZES = {
        UnitOfPower.MILLIWATT: _F(1, 1000),
        UnitOfPower.WATT: _F(1),
        UnitOfPower.KILO_WATT: _F(1000),
        UnitOfPower.MEGA_WATT: _F(10**6),
        UnitOfPower.GIGA_WATT: _F(10**9),
        UnitOfPower.TERA_WATT: _F(10**12),
        UnitOfPower.BTU_PER_HOUR: _BTU_PER_HOUR,
    }


class VolumeConverter(UnitConverter):
    """Volume (also water and gas meters), base m³; gallons and fluid ounces are US."""

    UNIT_CLASS = "volume"
    BASE_UNIT = UnitOfVolume.CUBIC_METERS
    _SIZES = {
        UnitOfVolume.LITERS: _LITER,
        UnitOfVolume.MILLILITERS: _LITER / 1000,
        UnitOfVolume.GALLONS: _GALLON,
        UnitOfVolume.FLUID_OUNCES: _GALLON / 128,
        UnitOfVolume.CUBIC_METERS: _F(1),
        UnitOfVolume.CUBIC_FEET: _CUBIC_FOOT,
        UnitOfVolume.CENTUM_CUBIC_FEET: 100 * _CUBIC_FOOT,
        UnitOfVolume.MILLE_CUBIC_FEET: 1000 * _CUBIC_FOOT,
    }


class VolumeFlowRateConverter(UnitConverter):
    """Volume flow rate, base m³/h."""

    UNIT_CLASS = "volume_flow_rate"
    BASE_UNIT = UnitOfVolumeFlowRate.CUBIC_METERS_PER_HOUR
    _PER_MINUTE: Final = _HOUR / _MINUTE  # per-minute rates are 60x per-hour ones
    _SIZES = {
        UnitOfVolumeFlowRate.CUBIC_METERS_PER_HOUR: _F(1),
        UnitOfVolumeFlowRate.CUBIC_FEET_PER_MINUTE: _CUBIC_FOOT * _PER_MINUTE,
        UnitOfVolumeFlowRate.LITERS_PER_HOUR: _LITER,
        UnitOfVolumeFlowRate.LITERS_PER_MINUTE: _LITER * _PER_MINUTE,
        UnitOfVolumeFlowRate.GALLONS_PER_MINUTE: _GALLON * _PER_MINUTE,
        UnitOfVolumeFlowRate.MILLILITERS_PER_SECOND: _LITER / 1000 * _HOUR,
    }


class TemperatureConverter(UnitConverter):
    """Temperature, base °C; ``convert`` shifts the zero, ``convert_interval`` does not."""

    UNIT_CLASS = "temperature"
    BASE_UNIT = UnitOfTemperature.CELSIUS
    _SIZES = {
        UnitOfTemperature.CELSIUS: _F(1),
        UnitOfTemperature.FAHRENHEIT: _F(5, 9),
        UnitOfTemperature.KELVIN: _F(1),
    }
    _ZEROS = {
        UnitOfTemperature.FAHRENHEIT: _F(32),
        UnitOfTemperature.KELVIN: _F("273.15"),
    }

    @classmethod
    def convert_interval(cls, interval: float, from_unit: str, to_unit: str) -> float:
        """A temperature difference: 10 °C warmer is 18 °F warmer (no zero shift)."""
        return _scale_function(cls.factor(from_unit, to_unit))(interval)


class ElectricPotentialConverter(UnitConverter):
    """Voltage, base V."""

    UNIT_CLASS = "voltage"
    BASE_UNIT = UnitOfElectricPotential.VOLT
    _SIZES = {
        UnitOfElectricPotential.MICROVOLT: _F(1, 10**6),
        UnitOfElectricPotential.MILLIVOLT: _F(1, 1000),
        UnitOfElectricPotential.VOLT: _F(1),
    }


class ElectricCurrentConverter(UnitConverter):
    """Current, base A."""

    UNIT_CLASS = "electric_current"
    BASE_UNIT = UnitOfElectricCurrent.AMPERE
    _SIZES = {
        UnitOfElectricCurrent.MILLIAMPERE: _F(1, 1000),
        UnitOfElectricCurrent.AMPERE: _F(1),
    }


class PressureConverter(UnitConverter):
    """Pressure, base Pa; mmHg, inHg and psi use HA's constants."""

    UNIT_CLASS = "pressure"
    BASE_UNIT = UnitOfPressure.PA
    # A column of mercury 1 m high, in Pa (the g/cm³ density times 1000 gives kg/m³).
    _MERCURY_METER: Final = 1000 * _MERCURY_DENSITY * _STANDARD_GRAVITY
    _SIZES = {
        UnitOfPressure.PA: _F(1),
        UnitOfPressure.HPA: _F(100),
        UnitOfPressure.KPA: _F(1000),
        UnitOfPressure.BAR: _F(100_000),
        UnitOfPressure.CBAR: _F(1000),
        UnitOfPressure.MBAR: _F(100),
        UnitOfPressure.MMHG: _MERCURY_METER / 1000,
        UnitOfPressure.INHG: _MERCURY_METER * _INCH,
        UnitOfPressure.PSI: _PSI,
    }


class DistanceConverter(UnitConverter):
    """Distance, base m."""

    UNIT_CLASS = "distance"
    BASE_UNIT = UnitOfLength.METERS
    _SIZES = {
        UnitOfLength.MILLIMETERS: _F(1, 1000),
        UnitOfLength.CENTIMETERS: _F(1, 100),
        UnitOfLength.METERS: _F(1),
        UnitOfLength.KILOMETERS: _F(1000),
        UnitOfLength.INCHES: _INCH,
        UnitOfLength.FEET: _FOOT,
        UnitOfLength.YARDS: _YARD,
        UnitOfLength.MILES: _MILE,
        UnitOfLength.NAUTICAL_MILES: _NAUTICAL_MILE,
    }


class AreaConverter(UnitConverter):
    """Area, base m²."""

    UNIT_CLASS = "area"
    BASE_UNIT = UnitOfArea.SQUARE_METERS
    _SIZES = {
        UnitOfArea.SQUARE_METERS: _F(1),
        UnitOfArea.SQUARE_CENTIMETERS: _F(1, 100) ** 2,
        UnitOfArea.SQUARE_KILOMETERS: _F(1000) ** 2,
        UnitOfArea.SQUARE_MILLIMETERS: _F(1, 1000) ** 2,
        UnitOfArea.SQUARE_INCHES: _INCH**2,
        UnitOfArea.SQUARE_FEET: _FOOT**2,
        UnitOfArea.SQUARE_YARDS: _YARD**2,
        UnitOfArea.SQUARE_MILES: _MILE**2,
        UnitOfArea.ACRES: 43_560 * _FOOT**2,
        UnitOfArea.HECTARES: _F(10_000),
    }


class SpeedConverter(UnitConverter):
    """Speed and precipitation intensity, base m/s (``Beaufort`` is not convertible)."""

    UNIT_CLASS = "speed"
    BASE_UNIT = UnitOfSpeed.METERS_PER_SECOND
    _SIZES = {
        UnitOfSpeed.FEET_PER_SECOND: _FOOT,
        UnitOfSpeed.INCHES_PER_SECOND: _INCH,
        UnitOfSpeed.METERS_PER_SECOND: _F(1),
        UnitOfSpeed.KILOMETERS_PER_HOUR: 1000 / _HOUR,
        UnitOfSpeed.KNOTS: _NAUTICAL_MILE / _HOUR,
        UnitOfSpeed.MILES_PER_HOUR: _MILE / _HOUR,
        UnitOfSpeed.MILLIMETERS_PER_SECOND: _F(1, 1000),
        UnitOfVolumetricFlux.INCHES_PER_DAY: _INCH / _DAY,
        UnitOfVolumetricFlux.INCHES_PER_HOUR: _INCH / _HOUR,
        UnitOfVolumetricFlux.MILLIMETERS_PER_DAY: _F(1, 1000) / _DAY,
        UnitOfVolumetricFlux.MILLIMETERS_PER_HOUR: _F(1, 1000) / _HOUR,
    }


class MassConverter(UnitConverter):
    """Mass, base g; avoirdupois ounce, pound and stone."""

    UNIT_CLASS = "mass"
    BASE_UNIT = UnitOfMass.GRAMS
    _SIZES = {
        UnitOfMass.MICROGRAMS: _F(1, 10**6),
        UnitOfMass.MILLIGRAMS: _F(1, 1000),
        UnitOfMass.GRAMS: _F(1),
        UnitOfMass.KILOGRAMS: _F(1000),
        UnitOfMass.OUNCES: _POUND / 16,
        UnitOfMass.POUNDS: _POUND,
        UnitOfMass.STONES: 14 * _POUND,
    }


class DurationConverter(UnitConverter):
    """Duration, base s (months and years are not fixed durations and do not convert)."""

    UNIT_CLASS = "duration"
    BASE_UNIT = UnitOfTime.SECONDS
    _SIZES = {
        UnitOfTime.MICROSECONDS: _F(1, 10**6),
        UnitOfTime.MILLISECONDS: _F(1, 1000),
        UnitOfTime.SECONDS: _F(1),
        UnitOfTime.MINUTES: _MINUTE,
        UnitOfTime.HOURS: _HOUR,
        UnitOfTime.DAYS: _DAY,
        UnitOfTime.WEEKS: 7 * _DAY,
    }


def _data_sizes(units: Iterable[str], suffix: str = "") -> dict[Unit, Fraction]:
    """Sizes in bits of ``units``: decimal (k, M, G...) and binary (Ki, Mi, Gi...) multiples."""
    sizes: dict[str, Fraction] = {f"bit{suffix}": _F(1), f"B{suffix}": _F(8)}
    for power, prefix in enumerate("kMGTPEZY", start=1):
        sizes[f"{prefix}bit{suffix}"] = _F(1000**power)
        sizes[f"{prefix}B{suffix}"] = _F(8 * 1000**power)
        sizes[f"{prefix.upper()}iB{suffix}"] = _F(8 * 1024**power)
    return {unit: sizes[unit] for unit in units}


class InformationConverter(UnitConverter):
    """Data size, base bit."""

    UNIT_CLASS = "information"
    BASE_UNIT = UnitOfInformation.BITS
    _SIZES = _data_sizes(UnitOfInformation)


class DataRateConverter(UnitConverter):
    """Data rate, base bit/s."""

    UNIT_CLASS = "data_rate"
    BASE_UNIT = UnitOfDataRate.BITS_PER_SECOND
    _SIZES = _data_sizes(UnitOfDataRate, "/s")


class ConductivityConverter(UnitConverter):
    """Conductivity, base µS/cm."""

    UNIT_CLASS = "conductivity"
    BASE_UNIT = UnitOfConductivity.MICROSIEMENS_PER_CM
    _SIZES = {
        UnitOfConductivity.MICROSIEMENS_PER_CM: _F(1),
        UnitOfConductivity.MILLISIEMENS_PER_CM: _F(1000),
        UnitOfConductivity.SIEMENS_PER_CM: _F(10**6),
    }


class UnitlessRatioConverter(UnitConverter):
    """Ratios without dimension: a plain number (unit ``None``), %, ppm, ppb."""

    UNIT_CLASS = "unitless"
    BASE_UNIT = None
    _SIZES = {
        None: _F(1),
        PERCENTAGE: _F(1, 100),
        CONCENTRATION_PARTS_PER_MILLION: _F(1, 10**6),
        CONCENTRATION_PARTS_PER_BILLION: _F(1, 10**9),
    }


_D = SensorDeviceClass
_CONVERTERS: Final[Mapping[str, type[UnitConverter]]] = {
    _D.AREA: AreaConverter,
    _D.ATMOSPHERIC_PRESSURE: PressureConverter,
    _D.CONDUCTIVITY: ConductivityConverter,
    _D.CURRENT: ElectricCurrentConverter,
    _D.DATA_RATE: DataRateConverter,
    _D.DATA_SIZE: InformationConverter,
    _D.DISTANCE: DistanceConverter,
    _D.DURATION: DurationConverter,
    _D.ENERGY: EnergyConverter,
    _D.ENERGY_STORAGE: EnergyConverter,
    _D.GAS: VolumeConverter,
    _D.POWER: PowerConverter,
    _D.POWER_FACTOR: UnitlessRatioConverter,
    _D.PRECIPITATION: DistanceConverter,
    _D.PRECIPITATION_INTENSITY: SpeedConverter,
    _D.PRESSURE: PressureConverter,
    _D.SPEED: SpeedConverter,
    _D.TEMPERATURE: TemperatureConverter,
    _D.VOLATILE_ORGANIC_COMPOUNDS_PARTS: UnitlessRatioConverter,
    _D.VOLTAGE: ElectricPotentialConverter,
    _D.VOLUME: VolumeConverter,
    _D.VOLUME_FLOW_RATE: VolumeFlowRateConverter,
    _D.VOLUME_STORAGE: VolumeConverter,
    _D.WATER: VolumeConverter,
    _D.WEIGHT: MassConverter,
    _D.WIND_SPEED: SpeedConverter,
}

CONVERTERS_BY_UNIT_CLASS: Final[Mapping[str, type[UnitConverter]]] = {
    converter.UNIT_CLASS: converter for converter in set(_CONVERTERS.values())
}
"""Converters by HA's unit class name, as statistics report them (``"energy"``...)."""


def converter_for_device_class(device_class: str | None) -> type[UnitConverter] | None:
    """The converter for a sensor device class, or None when its values do not convert."""
    if device_class is None:
        return None
    return _CONVERTERS.get(device_class)
