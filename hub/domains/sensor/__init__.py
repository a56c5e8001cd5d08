"""The ``sensor`` domain: measured values (power, energy, temperature, volume, money).

A sensor reports a *native* value in its device's unit; the hub shows it in the unit the
homeowner chose for that entity (registry option) or, for temperatures, in the unit
system's unit. Conversions go through a converter built once per unit pair. Energy,
gas, water and money sensors must say how their value accumulates (``state_class``
total / total_increasing) so statistics and costs can be computed from them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.loader.platforms import setup_entity_platforms
from hub.unit_conversion import UnitConversionError, converter_for_device_class
from hub.units import NON_NUMERIC_DEVICE_CLASSES, SensorDeviceClass, SensorStateClass

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "sensor"

SensorValue = str | int | float | Decimal | date | datetime | None

__all__ = ["DOMAIN", "SensorDeviceClass", "SensorEntity", "SensorStateClass", "async_setup"]


class SensorEntity(Entity):
    """Base class of sensors: set ``_attr_native_value`` and write the state."""

    domain = DOMAIN
    _attr_native_value: SensorValue = None
    _attr_native_unit_of_measurement: str | None = None
    _attr_device_class: SensorDeviceClass | None = None
    _attr_state_class: SensorStateClass | None = None
    _attr_suggested_display_precision: int | None = None
    _attr_last_reset: datetime | None = None
    _attr_options: list[str] | None = None

    # (native unit, display unit) -> converter; rebuilt when either changes.
    _conversion: tuple[str | None, str | None, Callable[[float], float] | None] | None = None
    _invalid_logged: bool = False

    @property
    def native_value(self) -> SensorValue:
        """The value in the device's unit."""
        return self._attr_native_value

    @property
    def native_unit_of_measurement(self) -> str | None:
        """The device's unit."""
        return self._attr_native_unit_of_measurement

    @property
    def state_class(self) -> SensorStateClass | None:
        """How the value behaves over time (measurement, total, total_increasing)."""
        return self._attr_state_class

    @property
    def last_reset(self) -> datetime | None:
        """When a ``total`` sensor last started counting from zero."""
        return self._attr_last_reset

    @property
    def options(self) -> list[str] | None:
        """The possible values of an ``enum`` sensor."""
        return self._attr_options

    @property
    def suggested_display_precision(self) -> int | None:
        """How many decimals the UI should show."""
        return self._attr_suggested_display_precision

    @property
    def unit_of_measurement(self) -> str | None:
        native = self.native_unit_of_measurement
        if (chosen := self._chosen_unit(native)) is not None:
            return chosen
        converted = self.hub.units.get_converted_unit(self.device_class, native)
        return converted or native

    def _chosen_unit(self, native: str | None) -> str | None:
        """The homeowner's unit (registry option), when the native unit converts to it.

        Any other choice is ignored, as in HA: showing the native value under a unit it
        is not in would misreport it.
        """
        entry = self.registry_entry
        if entry is None or not (
            chosen := entry.options.get(DOMAIN, {}).get("unit_of_measurement")
        ):
            return None
        converter = converter_for_device_class(self.device_class)
        if converter is None or native not in converter.UNITS or chosen not in converter.UNITS:
            return None
        return str(chosen)

    @property
    def capability_attributes(self) -> dict[str, Any] | None:
        capabilities: dict[str, Any] = {}
        if (state_class := self.state_class) is not None:
            capabilities["state_class"] = str(state_class)
        if self.device_class == SensorDeviceClass.ENUM and (options := self.options) is not None:
            capabilities["options"] = options
        return capabilities or None

    @property
    def state_attributes(self) -> dict[str, Any] | None:
        if (
            self.state_class == SensorStateClass.TOTAL
            and (last_reset := self.last_reset) is not None
        ):
            return {"last_reset": last_reset.isoformat()}
        return None

    @property
    def state(self) -> Any:
        value = self.native_value
        if value is None:
            return None
        device_class = self.device_class
        if device_class == SensorDeviceClass.TIMESTAMP:
            return self._timestamp_state(value)
        if device_class == SensorDeviceClass.DATE:
            return value.isoformat() if isinstance(value, date) else self._invalid(value, "a date")
        if device_class == SensorDeviceClass.ENUM:
            options = self.options or []
            return value if value in options else self._invalid(value, f"one of {options}")
        if device_class in NON_NUMERIC_DEVICE_CLASSES or (
            device_class is None
            and self.state_class is None
            and self.native_unit_of_measurement is None
        ):
            return value
        return self._numeric_state(value)

    def _numeric_state(self, value: SensorValue) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            return self._invalid(value, "a number")
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                return self._invalid(value, "a number")
        convert = self._converter()
        if convert is None:
            return value
        return convert(float(value))

    def _converter(self) -> Callable[[float], float] | None:
        native, shown = self.native_unit_of_measurement, self.unit_of_measurement
        cached = self._conversion
        if cached is not None and cached[0] == native and cached[1] == shown:
            return cached[2]
        convert = None
        if native != shown and native is not None and shown is not None:
            converter = converter_for_device_class(self.device_class)
            if converter is not None:
                try:
                    convert = converter.converter_factory(native, shown)
                except UnitConversionError as err:
                    _LOGGER.warning(
                        "%s: cannot show %s in %s (%s)", self.entity_id, native, shown, err
                    )
        self._conversion = (native, shown, convert)
        return convert

    def _timestamp_state(self, value: SensorValue) -> Any:
        if not isinstance(value, datetime) or value.tzinfo is None:
            return self._invalid(value, "an aware datetime")
        return value.astimezone(UTC).isoformat(timespec="seconds")

    def _invalid(self, value: Any, expected: str) -> None:
        if not self._invalid_logged:
            _LOGGER.warning(
                "%s (device class %s) reported %r; expected %s. The state is 'unknown'.",
                self.entity_id,
                self.device_class,
                value,
                expected,
            )
            self._invalid_logged = True

    def refresh_cached_metadata(self) -> None:
        super().refresh_cached_metadata()
        self._conversion = None


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain (sensors have no services)."""
    component = EntityComponent(hub, DOMAIN)
    await setup_entity_platforms(hub, component, config)
    return True
