"""Units of measurement and sensor classes, with Home Assistant 2025.1's exact strings.

Clients compare these strings byte for byte (the frontend picks icons, formats numbers and
groups statistics by them), so every value here is HA's spelling, including its two micro
signs: ``µ`` (U+00B5 MICRO SIGN) in ``µV``, ``µg``, ``µg/m³`` and ``µS/cm``, but ``μ``
(U+03BC GREEK SMALL LETTER MU) in ``μs`` and ``μg/ft³``.

A few units that HA only added after 2025.1 are included because our devices report them
(``MCF`` gas meters, ``L/h`` heat-meter flow); they convert like any other unit but are
*not* listed in :data:`DEVICE_CLASS_UNITS`, which reproduces 2025.1's validation exactly.

Money has no enum: the unit of a ``monetary`` sensor is the ISO 4217 currency code
(``"EUR"``), normally the hub's configured currency; see :func:`is_currency_code`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

# --- Units -------------------------------------------------------------------------------


class UnitOfEnergy(StrEnum):
    """Energy units."""

    JOULE = "J"
    KILO_JOULE = "kJ"
    MEGA_JOULE = "MJ"
    GIGA_JOULE = "GJ"
    MILLIWATT_HOUR = "mWh"
    WATT_HOUR = "Wh"
    KILO_WATT_HOUR = "kWh"
    MEGA_WATT_HOUR = "MWh"
    GIGA_WATT_HOUR = "GWh"
    TERA_WATT_HOUR = "TWh"
    CALORIE = "cal"
    KILO_CALORIE = "kcal"
    MEGA_CALORIE = "Mcal"
    GIGA_CALORIE = "Gcal"


class UnitOfPower(StrEnum):
    """Power units."""

    MILLIWATT = "mW"
    WATT = "W"
    KILO_WATT = "kW"
    MEGA_WATT = "MW"
    GIGA_WATT = "GW"
    TERA_WATT = "TW"
    BTU_PER_HOUR = "BTU/h"


class UnitOfApparentPower(StrEnum):
    """Apparent power units."""

    VOLT_AMPERE = "VA"


class UnitOfReactivePower(StrEnum):
    """Reactive power units (2025.1 has only the ``POWER_VOLT_AMPERE_REACTIVE`` constant)."""

    VOLT_AMPERE_REACTIVE = "var"


POWER_VOLT_AMPERE_REACTIVE: Final = "var"


class UnitOfElectricPotential(StrEnum):
    """Electric potential units."""

    MICROVOLT = "\u00b5V"
    MILLIVOLT = "mV"
    VOLT = "V"


class UnitOfElectricCurrent(StrEnum):
    """Electric current units."""

    MILLIAMPERE = "mA"
    AMPERE = "A"


class UnitOfFrequency(StrEnum):
    """Frequency units."""

    HERTZ = "Hz"
    KILOHERTZ = "kHz"
    MEGAHERTZ = "MHz"
    GIGAHERTZ = "GHz"


class UnitOfTemperature(StrEnum):
    """Temperature units."""

    CELSIUS = "°C"
    FAHRENHEIT = "°F"
    KELVIN = "K"


class UnitOfTime(StrEnum):
    """Time units (``m`` is months and ``y`` years; neither converts)."""

    MICROSECONDS = "\u03bcs"
    MILLISECONDS = "ms"
    SECONDS = "s"
    MINUTES = "min"
    HOURS = "h"
    DAYS = "d"
    WEEKS = "w"
    MONTHS = "m"
    YEARS = "y"


class UnitOfLength(StrEnum):
    """Length units."""

    MILLIMETERS = "mm"
    CENTIMETERS = "cm"
    METERS = "m"
    KILOMETERS = "km"
    INCHES = "in"
    FEET = "ft"
    YARDS = "yd"
    MILES = "mi"
    NAUTICAL_MILES = "nmi"


class UnitOfArea(StrEnum):
    """Area units."""

    SQUARE_METERS = "m²"
    SQUARE_CENTIMETERS = "cm²"
    SQUARE_KILOMETERS = "km²"
    SQUARE_MILLIMETERS = "mm²"
    SQUARE_INCHES = "in²"
    SQUARE_FEET = "ft²"
    SQUARE_YARDS = "yd²"
    SQUARE_MILES = "mi²"
    ACRES = "ac"
    HECTARES = "ha"


class UnitOfVolume(StrEnum):
    """Volume units; ``gal`` and ``fl. oz.`` are US measures."""

    CUBIC_FEET = "ft³"
    CENTUM_CUBIC_FEET = "CCF"
    MILLE_CUBIC_FEET = "MCF"
    """Added to HA after 2025.1; not a valid ``gas``/``volume`` unit in 2025.1."""
    CUBIC_METERS = "m³"
    LITERS = "L"
    MILLILITERS = "mL"
    GALLONS = "gal"
    FLUID_OUNCES = "fl. oz."


class UnitOfVolumeFlowRate(StrEnum):
    """Volume flow rate units."""

    CUBIC_METERS_PER_HOUR = "m³/h"
    CUBIC_FEET_PER_MINUTE = "ft³/min"
    LITERS_PER_HOUR = "L/h"
    """Added to HA after 2025.1; not a valid ``volume_flow_rate`` unit in 2025.1."""
    LITERS_PER_MINUTE = "L/min"
    GALLONS_PER_MINUTE = "gal/min"
    MILLILITERS_PER_SECOND = "mL/s"


class UnitOfMass(StrEnum):
    """Mass units."""

    GRAMS = "g"
    KILOGRAMS = "kg"
    MILLIGRAMS = "mg"
    MICROGRAMS = "\u00b5g"
    OUNCES = "oz"
    POUNDS = "lb"
    STONES = "st"


class UnitOfPressure(StrEnum):
    """Pressure units."""

    PA = "Pa"
    HPA = "hPa"
    KPA = "kPa"
    BAR = "bar"
    CBAR = "cbar"
    MBAR = "mbar"
    MMHG = "mmHg"
    INHG = "inHg"
    PSI = "psi"


class UnitOfSpeed(StrEnum):
    """Speed units (``Beaufort`` is a scale, not a unit, and does not convert here)."""

    BEAUFORT = "Beaufort"
    FEET_PER_SECOND = "ft/s"
    INCHES_PER_SECOND = "in/s"
    METERS_PER_SECOND = "m/s"
    KILOMETERS_PER_HOUR = "km/h"
    KNOTS = "kn"
    MILES_PER_HOUR = "mph"
    MILLIMETERS_PER_SECOND = "mm/s"


class UnitOfVolumetricFlux(StrEnum):
    """Volumetric flux (precipitation intensity): volume per area per time."""

    INCHES_PER_DAY = "in/d"
    INCHES_PER_HOUR = "in/h"
    MILLIMETERS_PER_DAY = "mm/d"
    MILLIMETERS_PER_HOUR = "mm/h"


class UnitOfPrecipitationDepth(StrEnum):
    """Precipitation depth: volume of rain per area."""

    INCHES = "in"
    MILLIMETERS = "mm"
    CENTIMETERS = "cm"


class UnitOfIrradiance(StrEnum):
    """Irradiance units."""

    WATTS_PER_SQUARE_METER = "W/m²"
    BTUS_PER_HOUR_SQUARE_FOOT = "BTU/(h⋅ft²)"


class UnitOfSoundPressure(StrEnum):
    """Sound pressure units."""

    DECIBEL = "dB"
    WEIGHTED_DECIBEL_A = "dBA"


class UnitOfConductivity(StrEnum):
    """Conductivity units."""

    SIEMENS_PER_CM = "S/cm"
    MICROSIEMENS_PER_CM = "\u00b5S/cm"
    MILLISIEMENS_PER_CM = "mS/cm"


class UnitOfBloodGlucoseConcentration(StrEnum):
    """Blood glucose concentration units."""

    MILLIGRAMS_PER_DECILITER = "mg/dL"
    MILLIMOLE_PER_LITER = "mmol/L"


class UnitOfInformation(StrEnum):
    """Information (data size) units."""

    BITS = "bit"
    KILOBITS = "kbit"
    MEGABITS = "Mbit"
    GIGABITS = "Gbit"
    BYTES = "B"
    KILOBYTES = "kB"
    MEGABYTES = "MB"
    GIGABYTES = "GB"
    TERABYTES = "TB"
    PETABYTES = "PB"
    EXABYTES = "EB"
    ZETTABYTES = "ZB"
    YOTTABYTES = "YB"
    KIBIBYTES = "KiB"
    MEBIBYTES = "MiB"
    GIBIBYTES = "GiB"
    TEBIBYTES = "TiB"
    PEBIBYTES = "PiB"
    EXBIBYTES = "EiB"
    ZEBIBYTES = "ZiB"
    YOBIBYTES = "YiB"


class UnitOfDataRate(StrEnum):
    """Data rate units."""

    BITS_PER_SECOND = "bit/s"
    KILOBITS_PER_SECOND = "kbit/s"
    MEGABITS_PER_SECOND = "Mbit/s"
    GIGABITS_PER_SECOND = "Gbit/s"
    BYTES_PER_SECOND = "B/s"
    KILOBYTES_PER_SECOND = "kB/s"
    MEGABYTES_PER_SECOND = "MB/s"
    GIGABYTES_PER_SECOND = "GB/s"
    KIBIBYTES_PER_SECOND = "KiB/s"
    MEBIBYTES_PER_SECOND = "MiB/s"
    GIBIBYTES_PER_SECOND = "GiB/s"


PERCENTAGE: Final = "%"
DEGREE: Final = "°"
LIGHT_LUX: Final = "lx"
UV_INDEX: Final = "UV index"
REVOLUTIONS_PER_MINUTE: Final = "rpm"
SIGNAL_STRENGTH_DECIBELS: Final = "dB"
SIGNAL_STRENGTH_DECIBELS_MILLIWATT: Final = "dBm"

CONCENTRATION_MICROGRAMS_PER_CUBIC_METER: Final = "\u00b5g/m³"
CONCENTRATION_MILLIGRAMS_PER_CUBIC_METER: Final = "mg/m³"
CONCENTRATION_MICROGRAMS_PER_CUBIC_FOOT: Final = "\u03bcg/ft³"
CONCENTRATION_PARTS_PER_CUBIC_METER: Final = "p/m³"
CONCENTRATION_PARTS_PER_MILLION: Final = "ppm"
CONCENTRATION_PARTS_PER_BILLION: Final = "ppb"

# Symbols HA defines; a monetary sensor's unit is still the ISO 4217 code, not these.
CURRENCY_EURO: Final = "€"
CURRENCY_DOLLAR: Final = "$"
CURRENCY_CENT: Final = "¢"

_CURRENCY_CODE: Final = re.compile(r"[A-Z]{3}")


def is_currency_code(unit: str | None) -> bool:
    """Whether ``unit`` has the shape of an ISO 4217 code (``"EUR"``), the monetary unit.

    Only the shape is checked (three ASCII capitals); whether the code is the hub's
    configured currency is the caller's business.
    """
    return unit is not None and _CURRENCY_CODE.fullmatch(unit) is not None


# --- Sensor classes ----------------------------------------------------------------------


class SensorDeviceClass(StrEnum):
    """Device classes of ``sensor`` entities in HA 2025.1."""

    # Non-numeric: the state is a date, a timestamp or one of the entity's options.
    DATE = "date"
    ENUM = "enum"
    TIMESTAMP = "timestamp"

    # Numeric.
    APPARENT_POWER = "apparent_power"
    AQI = "aqi"
    AREA = "area"
    ATMOSPHERIC_PRESSURE = "atmospheric_pressure"
    BATTERY = "battery"
    BLOOD_GLUCOSE_CONCENTRATION = "blood_glucose_concentration"
    CO = "carbon_monoxide"
    CO2 = "carbon_dioxide"
    CONDUCTIVITY = "conductivity"
    CURRENT = "current"
    DATA_RATE = "data_rate"
    DATA_SIZE = "data_size"
    DISTANCE = "distance"
    DURATION = "duration"
    ENERGY = "energy"
    ENERGY_STORAGE = "energy_storage"
    FREQUENCY = "frequency"
    GAS = "gas"
    HUMIDITY = "humidity"
    ILLUMINANCE = "illuminance"
    IRRADIANCE = "irradiance"
    MOISTURE = "moisture"
    MONETARY = "monetary"
    NITROGEN_DIOXIDE = "nitrogen_dioxide"
    NITROGEN_MONOXIDE = "nitrogen_monoxide"
    NITROUS_OXIDE = "nitrous_oxide"
    OZONE = "ozone"
    PH = "ph"
    PM1 = "pm1"
    PM10 = "pm10"
    PM25 = "pm25"
    POWER_FACTOR = "power_factor"
    POWER = "power"
    PRECIPITATION = "precipitation"
    PRECIPITATION_INTENSITY = "precipitation_intensity"
    PRESSURE = "pressure"
    REACTIVE_POWER = "reactive_power"
    SIGNAL_STRENGTH = "signal_strength"
    SOUND_PRESSURE = "sound_pressure"
    SPEED = "speed"
    SULPHUR_DIOXIDE = "sulphur_dioxide"
    TEMPERATURE = "temperature"
    VOLATILE_ORGANIC_COMPOUNDS = "volatile_organic_compounds"
    VOLATILE_ORGANIC_COMPOUNDS_PARTS = "volatile_organic_compounds_parts"
    VOLTAGE = "voltage"
    VOLUME = "volume"
    VOLUME_FLOW_RATE = "volume_flow_rate"
    VOLUME_STORAGE = "volume_storage"
    WATER = "water"
    WEIGHT = "weight"
    WIND_SPEED = "wind_speed"


NON_NUMERIC_DEVICE_CLASSES: Final[frozenset[SensorDeviceClass]] = frozenset(
    {SensorDeviceClass.DATE, SensorDeviceClass.ENUM, SensorDeviceClass.TIMESTAMP}
)


class SensorStateClass(StrEnum):
    """State classes of ``sensor`` entities: they decide which statistics are kept."""

    MEASUREMENT = "measurement"
    """A value at this moment (power, temperature): statistics keep mean/min/max."""
    TOTAL = "total"
    """A total that may go up and down, reset marked by ``last_reset`` (net energy, cost)."""
    TOTAL_INCREASING = "total_increasing"
    """A monotonically increasing total; a drop is a meter reset (consumed energy, gas)."""


class BinarySensorDeviceClass(StrEnum):
    """Device classes of ``binary_sensor`` entities in HA 2025.1."""

    BATTERY = "battery"
    BATTERY_CHARGING = "battery_charging"
    CO = "carbon_monoxide"
    COLD = "cold"
    CONNECTIVITY = "connectivity"
    DOOR = "door"
    GARAGE_DOOR = "garage_door"
    GAS = "gas"
    HEAT = "heat"
    LIGHT = "light"
    LOCK = "lock"
    MOISTURE = "moisture"
    MOTION = "motion"
    MOVING = "moving"
    OCCUPANCY = "occupancy"
    OPENING = "opening"
    PLUG = "plug"
    POWER = "power"
    PRESENCE = "presence"
    PROBLEM = "problem"
    RUNNING = "running"
    SAFETY = "safety"
    SMOKE = "smoke"
    SOUND = "sound"
    TAMPER = "tamper"
    UPDATE = "update"
    VIBRATION = "vibration"
    WINDOW = "window"


# --- Validation tables (HA 2025.1 ``sensor`` rules) --------------------------------------

_U = UnitOfVolume
_ALL_STATE_CLASSES: Final = frozenset(SensorStateClass)
_MEASUREMENT: Final = frozenset({SensorStateClass.MEASUREMENT})
_TOTALS: Final = frozenset({SensorStateClass.TOTAL, SensorStateClass.TOTAL_INCREASING})
_PERCENT: Final = frozenset({PERCENTAGE})
_UG_M3: Final = frozenset({CONCENTRATION_MICROGRAMS_PER_CUBIC_METER})
_PPM: Final = frozenset({CONCENTRATION_PARTS_PER_MILLION})
# 2025.1's volume units: everything in UnitOfVolume except the later MCF.
_VOLUMES: Final = frozenset(set(UnitOfVolume) - {_U.MILLE_CUBIC_FEET})

DEVICE_CLASS_UNITS: Final[Mapping[SensorDeviceClass, frozenset[str | None]]] = MappingProxyType(
    {
        SensorDeviceClass.APPARENT_POWER: frozenset(UnitOfApparentPower),
        SensorDeviceClass.AQI: frozenset({None}),
        SensorDeviceClass.AREA: frozenset(UnitOfArea),
        SensorDeviceClass.ATMOSPHERIC_PRESSURE: frozenset(UnitOfPressure),
        SensorDeviceClass.BATTERY: _PERCENT,
        SensorDeviceClass.BLOOD_GLUCOSE_CONCENTRATION: frozenset(UnitOfBloodGlucoseConcentration),
        SensorDeviceClass.CO: _PPM,
        SensorDeviceClass.CO2: _PPM,
        SensorDeviceClass.CONDUCTIVITY: frozenset(UnitOfConductivity),
        SensorDeviceClass.CURRENT: frozenset(UnitOfElectricCurrent),
        SensorDeviceClass.DATA_RATE: frozenset(UnitOfDataRate),
        SensorDeviceClass.DATA_SIZE: frozenset(UnitOfInformation),
        SensorDeviceClass.DISTANCE: frozenset(UnitOfLength),
        SensorDeviceClass.DURATION: frozenset(
            {
                UnitOfTime.DAYS,
                UnitOfTime.HOURS,
                UnitOfTime.MINUTES,
                UnitOfTime.SECONDS,
                UnitOfTime.MILLISECONDS,
            }
        ),
        SensorDeviceClass.ENERGY: frozenset(UnitOfEnergy),
        SensorDeviceClass.ENERGY_STORAGE: frozenset(UnitOfEnergy),
        SensorDeviceClass.FREQUENCY: frozenset(UnitOfFrequency),
        SensorDeviceClass.GAS: frozenset({_U.CENTUM_CUBIC_FEET, _U.CUBIC_FEET, _U.CUBIC_METERS}),
        SensorDeviceClass.HUMIDITY: _PERCENT,
        SensorDeviceClass.ILLUMINANCE: frozenset({LIGHT_LUX}),
        SensorDeviceClass.IRRADIANCE: frozenset(UnitOfIrradiance),
        SensorDeviceClass.MOISTURE: _PERCENT,
        SensorDeviceClass.NITROGEN_DIOXIDE: _UG_M3,
        SensorDeviceClass.NITROGEN_MONOXIDE: _UG_M3,
        SensorDeviceClass.NITROUS_OXIDE: _UG_M3,
        SensorDeviceClass.OZONE: _UG_M3,
        SensorDeviceClass.PH: frozenset({None}),
        SensorDeviceClass.PM1: _UG_M3,
        SensorDeviceClass.PM10: _UG_M3,
        SensorDeviceClass.PM25: _UG_M3,
        SensorDeviceClass.POWER_FACTOR: frozenset({PERCENTAGE, None}),
        # mW and BTU/h convert (PowerConverter) but 2025.1 does not accept them here.
        SensorDeviceClass.POWER: frozenset(
            {
                UnitOfPower.WATT,
                UnitOfPower.KILO_WATT,
                UnitOfPower.MEGA_WATT,
                UnitOfPower.GIGA_WATT,
                UnitOfPower.TERA_WATT,
            }
        ),
        SensorDeviceClass.PRECIPITATION: frozenset(UnitOfPrecipitationDepth),
        SensorDeviceClass.PRECIPITATION_INTENSITY: frozenset(UnitOfVolumetricFlux),
        SensorDeviceClass.PRESSURE: frozenset(UnitOfPressure),
        SensorDeviceClass.REACTIVE_POWER: frozenset({POWER_VOLT_AMPERE_REACTIVE}),
        SensorDeviceClass.SIGNAL_STRENGTH: frozenset(
            {SIGNAL_STRENGTH_DECIBELS, SIGNAL_STRENGTH_DECIBELS_MILLIWATT}
        ),
        SensorDeviceClass.SOUND_PRESSURE: frozenset(UnitOfSoundPressure),
        SensorDeviceClass.SPEED: frozenset({*UnitOfSpeed, *UnitOfVolumetricFlux}),
        SensorDeviceClass.SULPHUR_DIOXIDE: _UG_M3,
        SensorDeviceClass.TEMPERATURE: frozenset(UnitOfTemperature),
        SensorDeviceClass.VOLATILE_ORGANIC_COMPOUNDS: _UG_M3,
        SensorDeviceClass.VOLATILE_ORGANIC_COMPOUNDS_PARTS: frozenset(
            {CONCENTRATION_PARTS_PER_BILLION, CONCENTRATION_PARTS_PER_MILLION}
        ),
        SensorDeviceClass.VOLTAGE: frozenset(UnitOfElectricPotential),
        SensorDeviceClass.VOLUME: _VOLUMES,
        SensorDeviceClass.VOLUME_FLOW_RATE: frozenset(
            set(UnitOfVolumeFlowRate) - {UnitOfVolumeFlowRate.LITERS_PER_HOUR}
        ),
        SensorDeviceClass.VOLUME_STORAGE: _VOLUMES,
        SensorDeviceClass.WATER: frozenset(
            {_U.CENTUM_CUBIC_FEET, _U.CUBIC_FEET, _U.CUBIC_METERS, _U.GALLONS, _U.LITERS}
        ),
        SensorDeviceClass.WEIGHT: frozenset(UnitOfMass),
        SensorDeviceClass.WIND_SPEED: frozenset(UnitOfSpeed),
    }
)
"""Units a numeric sensor of each device class may use (HA logs a warning otherwise).

``monetary`` is absent on purpose: its unit is any ISO 4217 code (:func:`is_currency_code`).
``date``, ``enum`` and ``timestamp`` are absent because they must have no unit at all.
"""

DEVICE_CLASS_STATE_CLASSES: Final[Mapping[SensorDeviceClass, frozenset[SensorStateClass]]] = (
    MappingProxyType(
        {
            SensorDeviceClass.APPARENT_POWER: _MEASUREMENT,
            SensorDeviceClass.AQI: _MEASUREMENT,
            SensorDeviceClass.AREA: _ALL_STATE_CLASSES,
            SensorDeviceClass.ATMOSPHERIC_PRESSURE: _MEASUREMENT,
            SensorDeviceClass.BATTERY: _MEASUREMENT,
            SensorDeviceClass.BLOOD_GLUCOSE_CONCENTRATION: _MEASUREMENT,
            SensorDeviceClass.CO: _MEASUREMENT,
            SensorDeviceClass.CO2: _MEASUREMENT,
            SensorDeviceClass.CONDUCTIVITY: _MEASUREMENT,
            SensorDeviceClass.CURRENT: _MEASUREMENT,
            SensorDeviceClass.DATA_RATE: _MEASUREMENT,
            SensorDeviceClass.DATA_SIZE: _ALL_STATE_CLASSES,
            SensorDeviceClass.DATE: frozenset(),
            SensorDeviceClass.DISTANCE: _ALL_STATE_CLASSES,
            SensorDeviceClass.DURATION: _ALL_STATE_CLASSES,
            SensorDeviceClass.ENERGY: _TOTALS,
            SensorDeviceClass.ENERGY_STORAGE: _MEASUREMENT,
            SensorDeviceClass.ENUM: frozenset(),
            SensorDeviceClass.FREQUENCY: _MEASUREMENT,
            SensorDeviceClass.GAS: _TOTALS,
            SensorDeviceClass.HUMIDITY: _MEASUREMENT,
            SensorDeviceClass.ILLUMINANCE: _MEASUREMENT,
            SensorDeviceClass.IRRADIANCE: _MEASUREMENT,
            SensorDeviceClass.MOISTURE: _MEASUREMENT,
            SensorDeviceClass.MONETARY: frozenset({SensorStateClass.TOTAL}),
            SensorDeviceClass.NITROGEN_DIOXIDE: _MEASUREMENT,
            SensorDeviceClass.NITROGEN_MONOXIDE: _MEASUREMENT,
            SensorDeviceClass.NITROUS_OXIDE: _MEASUREMENT,
            SensorDeviceClass.OZONE: _MEASUREMENT,
            SensorDeviceClass.PH: _MEASUREMENT,
            SensorDeviceClass.PM1: _MEASUREMENT,
            SensorDeviceClass.PM10: _MEASUREMENT,
            SensorDeviceClass.PM25: _MEASUREMENT,
            SensorDeviceClass.POWER_FACTOR: _MEASUREMENT,
            SensorDeviceClass.POWER: _MEASUREMENT,
            SensorDeviceClass.PRECIPITATION: _ALL_STATE_CLASSES,
            SensorDeviceClass.PRECIPITATION_INTENSITY: _MEASUREMENT,
            SensorDeviceClass.PRESSURE: _MEASUREMENT,
            SensorDeviceClass.REACTIVE_POWER: _MEASUREMENT,
            SensorDeviceClass.SIGNAL_STRENGTH: _MEASUREMENT,
            SensorDeviceClass.SOUND_PRESSURE: _MEASUREMENT,
            SensorDeviceClass.SPEED: _MEASUREMENT,
            SensorDeviceClass.SULPHUR_DIOXIDE: _MEASUREMENT,
            SensorDeviceClass.TEMPERATURE: _MEASUREMENT,
            SensorDeviceClass.TIMESTAMP: frozenset(),
            SensorDeviceClass.VOLATILE_ORGANIC_COMPOUNDS: _MEASUREMENT,
            SensorDeviceClass.VOLATILE_ORGANIC_COMPOUNDS_PARTS: _MEASUREMENT,
            SensorDeviceClass.VOLTAGE: _MEASUREMENT,
            SensorDeviceClass.VOLUME: _TOTALS,
            SensorDeviceClass.VOLUME_FLOW_RATE: _MEASUREMENT,
            SensorDeviceClass.VOLUME_STORAGE: _MEASUREMENT,
            SensorDeviceClass.WATER: _TOTALS,
            SensorDeviceClass.WEIGHT: _ALL_STATE_CLASSES,
            SensorDeviceClass.WIND_SPEED: _MEASUREMENT,
        }
    )
)
"""State classes each device class may use (HA logs a warning otherwise).

Energy, gas, water and volume meters are totals; ``monetary`` is ``total`` only; the
non-numeric classes take no state class.
"""
