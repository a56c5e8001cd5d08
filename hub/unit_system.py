"""Unit systems: the hub's metric or US customary preferences, as in HA 2025.1.

A unit system does two jobs:

- ``as_dict()`` is the ``unit_system`` object of ``get_config`` (same keys, same order).
- ``get_converted_unit(device_class, unit)`` is the unit a sensor is shown in by default.
  The table is HA 2025.1's, and it is deliberately partial. Energy, power, voltage,
  current and flow rates are never converted. Generic ``volume``, ``water`` and ``gas``
  convert to the system's volume units: on the US system ``L`` becomes ``gal`` for
  ``volume`` and ``water`` (gas has no litres), ``m³`` becomes ``ft³`` for all three, and
  ``mL`` becomes ``fl. oz.`` for ``volume``; on the metric system ``gal`` becomes ``L``
  (volume, water), ``ft³`` and ``CCF`` become ``m³`` (all three) and ``fl. oz.`` becomes
  ``mL``. ``distance``, ``speed``, ``wind_speed``, ``pressure``,
  ``atmospheric_pressure``, ``precipitation``, ``precipitation_intensity`` and ``area``
  convert as listed in the tables below. Knots are kept everywhere.

  HA applies the table once, when it registers a sensor (the suggested display unit), and
  separately always shows a ``temperature`` sensor in ``°C`` or ``°F`` in the system's
  temperature unit (``K`` is kept). ``get_converted_unit`` includes that temperature rule,
  so it answers "which unit does HA display" in one call; ``conversions`` is the bare
  table for code that needs HA's distinction.

Two deviations, both so that every answer is convertible by
:func:`hub.unit_conversion.converter_for_device_class`: ``Beaufort`` wind speeds (which
HA converts to km/h or mph) are kept, since Beaufort is a scale we do not convert, and the
post-2025.1 units we carry (``MCF``, ``L/h``) have no entries, as in 2025.1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from hub.exceptions import ConfigError
from hub.unit_conversion import (
    AreaConverter,
    DistanceConverter,
    MassConverter,
    PressureConverter,
    SpeedConverter,
    TemperatureConverter,
    UnitConverter,
    VolumeConverter,
)
from hub.units import (
    SensorDeviceClass,
    UnitOfArea,
    UnitOfLength,
    UnitOfMass,
    UnitOfPrecipitationDepth,
    UnitOfPressure,
    UnitOfSpeed,
    UnitOfTemperature,
    UnitOfVolume,
    UnitOfVolumetricFlux,
)

UNIT_SYSTEM_METRIC: Final = "metric"
UNIT_SYSTEM_US_CUSTOMARY: Final = "us_customary"
_UNIT_SYSTEM_IMPERIAL: Final = "imperial"  # HA's pre-2022.11 name for us_customary

_D = SensorDeviceClass
_TEMPERATURES: Final = frozenset({UnitOfTemperature.CELSIUS, UnitOfTemperature.FAHRENHEIT})
# Wind speeds every system converts (Beaufort is a scale; knots are kept on purpose).
_WIND_SPEEDS: Final = frozenset(UnitOfSpeed) - {UnitOfSpeed.BEAUFORT, UnitOfSpeed.KNOTS}
# The converter that checks each field of a unit system, by its get_config key.
_FIELD_CONVERTERS: Final[Mapping[str, type[UnitConverter]]] = MappingProxyType(
    {
        "length": DistanceConverter,
        "accumulated_precipitation": DistanceConverter,
        "area": AreaConverter,
        "mass": MassConverter,
        "pressure": PressureConverter,
        "temperature": TemperatureConverter,
        "volume": VolumeConverter,
        "wind_speed": SpeedConverter,
    }
)


@dataclass(frozen=True, slots=True)
class UnitSystem:
    """A set of preferred units, with HA's field names (``temperature_unit``...)."""

    name: str
    length_unit: str
    accumulated_precipitation_unit: str
    area_unit: str
    mass_unit: str
    pressure_unit: str
    temperature_unit: str
    volume_unit: str
    wind_speed_unit: str
    conversions: Mapping[tuple[str, str], str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    """HA's table: ``(device_class, unit) -> unit`` shown by default (no temperature)."""

    def __post_init__(self) -> None:
        for key, unit in self.as_dict().items():
            _FIELD_CONVERTERS[key].factor(unit, unit)  # UnitConversionError if unknown

    def as_dict(self) -> dict[str, str]:
        """The ``unit_system`` object of ``get_config``, keys in HA's order."""
        return {
            "length": self.length_unit,
            "accumulated_precipitation": self.accumulated_precipitation_unit,
            "area": self.area_unit,
            "mass": self.mass_unit,
            "pressure": self.pressure_unit,
            "temperature": self.temperature_unit,
            "volume": self.volume_unit,
            "wind_speed": self.wind_speed_unit,
        }

    def get_converted_unit(self, device_class: str | None, original_unit: str | None) -> str | None:
        """The unit HA shows a sensor in on this system, or None to keep ``original_unit``."""
        if device_class is None or original_unit is None:
            return None
        if device_class == _D.TEMPERATURE and original_unit in _TEMPERATURES:
            if original_unit == self.temperature_unit:
                return None
            return self.temperature_unit
        return self.conversions.get((device_class, original_unit))

    def temperature(self, value: float, from_unit: str) -> float:
        """``value`` (a temperature in ``from_unit``) in this system's temperature unit."""
        return TemperatureConverter.convert(value, from_unit, self.temperature_unit)

    def length(self, value: float, from_unit: str) -> float:
        """``value`` in this system's length unit."""
        return DistanceConverter.convert(value, from_unit, self.length_unit)

    def accumulated_precipitation(self, value: float, from_unit: str) -> float:
        """``value`` in this system's precipitation depth unit."""
        return DistanceConverter.convert(value, from_unit, self.accumulated_precipitation_unit)

    def area(self, value: float, from_unit: str) -> float:
        """``value`` in this system's area unit."""
        return AreaConverter.convert(value, from_unit, self.area_unit)

    def pressure(self, value: float, from_unit: str) -> float:
        """``value`` in this system's pressure unit."""
        return PressureConverter.convert(value, from_unit, self.pressure_unit)

    def volume(self, value: float, from_unit: str) -> float:
        """``value`` in this system's volume unit."""
        return VolumeConverter.convert(value, from_unit, self.volume_unit)

    def wind_speed(self, value: float, from_unit: str) -> float:
        """``value`` in this system's wind speed unit."""
        return SpeedConverter.convert(value, from_unit, self.wind_speed_unit)


def _all_to(device_class: str, units: Iterable[str], target: str) -> dict[tuple[str, str], str]:
    """Entries converting every unit but ``target`` itself to ``target``."""
    return {(device_class, unit): target for unit in units if unit != target}


_METRIC_CONVERSIONS: Final[Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        **_all_to(_D.ATMOSPHERIC_PRESSURE, UnitOfPressure, UnitOfPressure.HPA),
        (_D.AREA, UnitOfArea.SQUARE_INCHES): UnitOfArea.SQUARE_CENTIMETERS,
        (_D.AREA, UnitOfArea.SQUARE_FEET): UnitOfArea.SQUARE_METERS,
        (_D.AREA, UnitOfArea.SQUARE_MILES): UnitOfArea.SQUARE_KILOMETERS,
        (_D.AREA, UnitOfArea.SQUARE_YARDS): UnitOfArea.SQUARE_METERS,
        (_D.AREA, UnitOfArea.ACRES): UnitOfArea.HECTARES,
        (_D.DISTANCE, UnitOfLength.FEET): UnitOfLength.METERS,
        (_D.DISTANCE, UnitOfLength.INCHES): UnitOfLength.MILLIMETERS,
        (_D.DISTANCE, UnitOfLength.MILES): UnitOfLength.KILOMETERS,
        (_D.DISTANCE, UnitOfLength.NAUTICAL_MILES): UnitOfLength.KILOMETERS,
        (_D.DISTANCE, UnitOfLength.YARDS): UnitOfLength.METERS,
        (_D.GAS, UnitOfVolume.CENTUM_CUBIC_FEET): UnitOfVolume.CUBIC_METERS,
        (_D.GAS, UnitOfVolume.CUBIC_FEET): UnitOfVolume.CUBIC_METERS,
        (_D.PRECIPITATION, UnitOfLength.INCHES): UnitOfLength.MILLIMETERS,
        (
            _D.PRECIPITATION_INTENSITY,
            UnitOfVolumetricFlux.INCHES_PER_DAY,
        ): UnitOfVolumetricFlux.MILLIMETERS_PER_DAY,
        (
            _D.PRECIPITATION_INTENSITY,
            UnitOfVolumetricFlux.INCHES_PER_HOUR,
        ): UnitOfVolumetricFlux.MILLIMETERS_PER_HOUR,
        (_D.PRESSURE, UnitOfPressure.PSI): UnitOfPressure.KPA,
        (_D.PRESSURE, UnitOfPressure.INHG): UnitOfPressure.HPA,
        (_D.SPEED, UnitOfSpeed.FEET_PER_SECOND): UnitOfSpeed.KILOMETERS_PER_HOUR,
        (_D.SPEED, UnitOfSpeed.INCHES_PER_SECOND): UnitOfSpeed.MILLIMETERS_PER_SECOND,
        (_D.SPEED, UnitOfSpeed.MILES_PER_HOUR): UnitOfSpeed.KILOMETERS_PER_HOUR,
        (
            _D.SPEED,
            UnitOfVolumetricFlux.INCHES_PER_DAY,
        ): UnitOfVolumetricFlux.MILLIMETERS_PER_DAY,
        (
            _D.SPEED,
            UnitOfVolumetricFlux.INCHES_PER_HOUR,
        ): UnitOfVolumetricFlux.MILLIMETERS_PER_HOUR,
        (_D.VOLUME, UnitOfVolume.CENTUM_CUBIC_FEET): UnitOfVolume.CUBIC_METERS,
        (_D.VOLUME, UnitOfVolume.CUBIC_FEET): UnitOfVolume.CUBIC_METERS,
        (_D.VOLUME, UnitOfVolume.FLUID_OUNCES): UnitOfVolume.MILLILITERS,
        (_D.VOLUME, UnitOfVolume.GALLONS): UnitOfVolume.LITERS,
        (_D.WATER, UnitOfVolume.CENTUM_CUBIC_FEET): UnitOfVolume.CUBIC_METERS,
        (_D.WATER, UnitOfVolume.CUBIC_FEET): UnitOfVolume.CUBIC_METERS,
        (_D.WATER, UnitOfVolume.GALLONS): UnitOfVolume.LITERS,
        **_all_to(_D.WIND_SPEED, _WIND_SPEEDS, UnitOfSpeed.KILOMETERS_PER_HOUR),
    }
)

_US_CUSTOMARY_CONVERSIONS: Final[Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        **_all_to(_D.ATMOSPHERIC_PRESSURE, UnitOfPressure, UnitOfPressure.INHG),
        (_D.AREA, UnitOfArea.SQUARE_METERS): UnitOfArea.SQUARE_FEET,
        (_D.AREA, UnitOfArea.SQUARE_CENTIMETERS): UnitOfArea.SQUARE_INCHES,
        (_D.AREA, UnitOfArea.SQUARE_MILLIMETERS): UnitOfArea.SQUARE_INCHES,
        (_D.AREA, UnitOfArea.SQUARE_KILOMETERS): UnitOfArea.SQUARE_MILES,
        (_D.AREA, UnitOfArea.HECTARES): UnitOfArea.ACRES,
        (_D.DISTANCE, UnitOfLength.CENTIMETERS): UnitOfLength.INCHES,
        (_D.DISTANCE, UnitOfLength.KILOMETERS): UnitOfLength.MILES,
        (_D.DISTANCE, UnitOfLength.METERS): UnitOfLength.FEET,
        (_D.DISTANCE, UnitOfLength.MILLIMETERS): UnitOfLength.INCHES,
        (_D.GAS, UnitOfVolume.CUBIC_METERS): UnitOfVolume.CUBIC_FEET,
        (_D.PRECIPITATION, UnitOfLength.CENTIMETERS): UnitOfLength.INCHES,
        (_D.PRECIPITATION, UnitOfLength.MILLIMETERS): UnitOfLength.INCHES,
        (
            _D.PRECIPITATION_INTENSITY,
            UnitOfVolumetricFlux.MILLIMETERS_PER_DAY,
        ): UnitOfVolumetricFlux.INCHES_PER_DAY,
        (
            _D.PRECIPITATION_INTENSITY,
            UnitOfVolumetricFlux.MILLIMETERS_PER_HOUR,
        ): UnitOfVolumetricFlux.INCHES_PER_HOUR,
        **_all_to(
            _D.PRESSURE,
            set(UnitOfPressure) - {UnitOfPressure.INHG, UnitOfPressure.MMHG},
            UnitOfPressure.PSI,
        ),
        (_D.PRESSURE, UnitOfPressure.MMHG): UnitOfPressure.INHG,
        (_D.SPEED, UnitOfSpeed.METERS_PER_SECOND): UnitOfSpeed.MILES_PER_HOUR,
        (_D.SPEED, UnitOfSpeed.MILLIMETERS_PER_SECOND): UnitOfSpeed.INCHES_PER_SECOND,
        (_D.SPEED, UnitOfSpeed.KILOMETERS_PER_HOUR): UnitOfSpeed.MILES_PER_HOUR,
        (
            _D.SPEED,
            UnitOfVolumetricFlux.MILLIMETERS_PER_DAY,
        ): UnitOfVolumetricFlux.INCHES_PER_DAY,
        (
            _D.SPEED,
            UnitOfVolumetricFlux.MILLIMETERS_PER_HOUR,
        ): UnitOfVolumetricFlux.INCHES_PER_HOUR,
        (_D.VOLUME, UnitOfVolume.CUBIC_METERS): UnitOfVolume.CUBIC_FEET,
        (_D.VOLUME, UnitOfVolume.LITERS): UnitOfVolume.GALLONS,
        (_D.VOLUME, UnitOfVolume.MILLILITERS): UnitOfVolume.FLUID_OUNCES,
        (_D.WATER, UnitOfVolume.CUBIC_METERS): UnitOfVolume.CUBIC_FEET,
        (_D.WATER, UnitOfVolume.LITERS): UnitOfVolume.GALLONS,
        **_all_to(_D.WIND_SPEED, _WIND_SPEEDS, UnitOfSpeed.MILES_PER_HOUR),
    }
)

METRIC_SYSTEM: Final = UnitSystem(
    name=UNIT_SYSTEM_METRIC,
    length_unit=UnitOfLength.KILOMETERS,
    accumulated_precipitation_unit=UnitOfPrecipitationDepth.MILLIMETERS,
    area_unit=UnitOfArea.SQUARE_METERS,
    mass_unit=UnitOfMass.GRAMS,
    pressure_unit=UnitOfPressure.PA,
    temperature_unit=UnitOfTemperature.CELSIUS,
    volume_unit=UnitOfVolume.LITERS,
    wind_speed_unit=UnitOfSpeed.METERS_PER_SECOND,
    conversions=_METRIC_CONVERSIONS,
)

US_CUSTOMARY_SYSTEM: Final = UnitSystem(
    name=UNIT_SYSTEM_US_CUSTOMARY,
    length_unit=UnitOfLength.MILES,
    accumulated_precipitation_unit=UnitOfPrecipitationDepth.INCHES,
    area_unit=UnitOfArea.SQUARE_FEET,
    mass_unit=UnitOfMass.POUNDS,
    pressure_unit=UnitOfPressure.PSI,
    temperature_unit=UnitOfTemperature.FAHRENHEIT,
    volume_unit=UnitOfVolume.GALLONS,
    wind_speed_unit=UnitOfSpeed.MILES_PER_HOUR,
    conversions=_US_CUSTOMARY_CONVERSIONS,
)

_SYSTEMS: Final[Mapping[str, UnitSystem]] = MappingProxyType(
    {
        UNIT_SYSTEM_METRIC: METRIC_SYSTEM,
        UNIT_SYSTEM_US_CUSTOMARY: US_CUSTOMARY_SYSTEM,
        _UNIT_SYSTEM_IMPERIAL: US_CUSTOMARY_SYSTEM,
    }
)


def get_unit_system(name: str) -> UnitSystem:
    """The unit system called ``name``: ``metric`` or ``us_customary`` (``imperial`` too).

    Raises :class:`~hub.exceptions.ConfigError` for any other name.
    """
    try:
        return _SYSTEMS[name]
    except KeyError:
        raise ConfigError(
            f"unit_system must be '{UNIT_SYSTEM_METRIC}' or '{UNIT_SYSTEM_US_CUSTOMARY}', "
            f"not {name!r}"
        ) from None
