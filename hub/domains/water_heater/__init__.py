"""The ``water_heater`` domain: boilers and hot-water tanks (Home Assistant's contract).

State = the current operation mode. Temperatures are shown in the hub's unit system and
converted to the device's unit on ``set_temperature``.
"""

from __future__ import annotations

from enum import IntFlag
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean
from hub.const import STATE_OFF, STATE_ON
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.exceptions import ServiceValidationError
from hub.loader.platforms import setup_entity_platforms
from hub.unit_conversion import TemperatureConverter
from hub.units import UnitOfTemperature

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "water_heater"

STATE_ECO: Final = "eco"
STATE_ELECTRIC: Final = "electric"
STATE_PERFORMANCE: Final = "performance"
STATE_HIGH_DEMAND: Final = "high_demand"
STATE_HEAT_PUMP: Final = "heat_pump"
STATE_GAS: Final = "gas"

# HA's defaults: 110 °F and 140 °F, shown in the hub's unit.
DEFAULT_MIN_TEMP_F: Final = 110.0
DEFAULT_MAX_TEMP_F: Final = 140.0


class WaterHeaterEntityFeature(IntFlag):
    """Optional water heater features (HA's bits)."""

    TARGET_TEMPERATURE = 1
    OPERATION_MODE = 2
    AWAY_MODE = 4
    ON_OFF = 8


class WaterHeaterEntity(Entity):
    """Base class of water heaters."""

    domain = DOMAIN
    _attr_temperature_unit: str = UnitOfTemperature.CELSIUS
    _attr_current_temperature: float | None = None
    _attr_target_temperature: float | None = None
    _attr_target_temperature_high: float | None = None
    _attr_target_temperature_low: float | None = None
    _attr_current_operation: str | None = None
    _attr_operation_list: list[str] | None = None
    _attr_is_away_mode_on: bool | None = None
    _attr_min_temp: float | None = None
    _attr_max_temp: float | None = None
    _attr_precision: float | None = None
    _attr_supported_features: WaterHeaterEntityFeature = WaterHeaterEntityFeature(0)

    @property
    def temperature_unit(self) -> str:
        """The device's temperature unit."""
        return self._attr_temperature_unit

    @property
    def current_temperature(self) -> float | None:
        """Tank temperature, device unit."""
        return self._attr_current_temperature

    @property
    def target_temperature(self) -> float | None:
        """Setpoint, device unit."""
        return self._attr_target_temperature

    @property
    def current_operation(self) -> str | None:
        """The operation mode (the state)."""
        return self._attr_current_operation

    @property
    def operation_list(self) -> list[str] | None:
        """Available operation modes."""
        return self._attr_operation_list

    @property
    def is_away_mode_on(self) -> bool | None:
        """Away mode."""
        return self._attr_is_away_mode_on

    @property
    def min_temp(self) -> float:
        """Lowest settable target, device unit."""
        if self._attr_min_temp is not None:
            return self._attr_min_temp
        return TemperatureConverter.convert(
            DEFAULT_MIN_TEMP_F, UnitOfTemperature.FAHRENHEIT, self.temperature_unit
        )

    @property
    def max_temp(self) -> float:
        """Highest settable target, device unit."""
        if self._attr_max_temp is not None:
            return self._attr_max_temp
        return TemperatureConverter.convert(
            DEFAULT_MAX_TEMP_F, UnitOfTemperature.FAHRENHEIT, self.temperature_unit
        )

    @property
    def precision(self) -> float:
        """Rounding of shown temperatures: tenths in °C, whole degrees in °F (HA)."""
        if self._attr_precision is not None:
            return self._attr_precision
        return 0.1 if self.hub.units.temperature_unit == UnitOfTemperature.CELSIUS else 1.0

    def _shown(self, value: float | None) -> float | None:
        """A device-unit temperature in the hub's unit, rounded to the precision."""
        if value is None:
            return None
        shown_unit = self.hub.units.temperature_unit
        if shown_unit != self.temperature_unit:
            value = TemperatureConverter.convert(value, self.temperature_unit, shown_unit)
        if self.precision == 0.1:
            return round(value, 1)
        if self.precision == 0.5:
            return round(value * 2) / 2
        # Whole degrees are shown as integers (HA's display_temp: 110, not 110.0).
        return round(value)

    @property
    def state(self) -> str | None:
        return self.current_operation

    @property
    def capability_attributes(self) -> dict[str, Any]:
        capabilities: dict[str, Any] = {
            "min_temp": self._shown(self.min_temp),
            "max_temp": self._shown(self.max_temp),
        }
        if self.supported_features & WaterHeaterEntityFeature.OPERATION_MODE:
            capabilities["operation_list"] = self.operation_list
        return capabilities

    @property
    def state_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "current_temperature": self._shown(self.current_temperature),
            "temperature": self._shown(self.target_temperature),
            "target_temp_high": self._shown(self._attr_target_temperature_high),
            "target_temp_low": self._shown(self._attr_target_temperature_low),
        }
        if self.supported_features & WaterHeaterEntityFeature.OPERATION_MODE:
            attributes["operation_mode"] = self.current_operation
        if self.supported_features & WaterHeaterEntityFeature.AWAY_MODE:
            attributes["away_mode"] = STATE_ON if self.is_away_mode_on else STATE_OFF
        return attributes

    @property
    def supported_features(self) -> WaterHeaterEntityFeature:
        return self._attr_supported_features

    async def async_set_temperature(self, temperature: float) -> None:
        """Set the target, device unit."""
        raise NotImplementedError

    async def async_set_operation_mode(self, operation_mode: str) -> None:
        """Change the operation mode."""
        raise NotImplementedError

    async def async_turn_away_mode_on(self) -> None:
        """Enter away mode."""
        raise NotImplementedError

    async def async_turn_away_mode_off(self) -> None:
        """Leave away mode."""
        raise NotImplementedError

    async def async_turn_on(self) -> None:
        """Turn on."""
        raise NotImplementedError

    async def async_turn_off(self) -> None:
        """Turn off."""
        raise NotImplementedError

    # -- service handlers (validate, convert, then call the device methods) -------------

    async def set_temperature(self, temperature: float, operation_mode: str | None = None) -> None:
        """``water_heater.set_temperature`` with the temperature in the hub's unit."""
        if operation_mode is not None:
            await self.set_operation_mode(operation_mode)
        shown_unit = self.hub.units.temperature_unit
        if shown_unit != self.temperature_unit:
            temperature = TemperatureConverter.convert(
                temperature, shown_unit, self.temperature_unit
            )
        await self.async_set_temperature(temperature)

    async def set_operation_mode(self, operation_mode: str) -> None:
        """``water_heater.set_operation_mode``: only modes in ``operation_list``."""
        modes = self.operation_list or []
        if operation_mode not in modes:
            raise ServiceValidationError(
                f"Operation mode {operation_mode} is not valid for {self.entity_id}. "
                f"Valid operation modes are: {', '.join(modes)}",
                translation_key="not_valid_operation_mode",
                translation_placeholders={
                    "operation_mode": operation_mode,
                    "operation_list": ", ".join(modes),
                },
            )
        await self.async_set_operation_mode(operation_mode)

    async def set_away_mode(self, away_mode: bool) -> None:
        """``water_heater.set_away_mode``."""
        if away_mode:
            await self.async_turn_away_mode_on()
        else:
            await self.async_turn_away_mode_off()


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain and its services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "set_temperature",
        {vol.Required("temperature"): vol.Coerce(float), vol.Optional("operation_mode"): str},
        "set_temperature",
        required_features=WaterHeaterEntityFeature.TARGET_TEMPERATURE,
    )
    component.register_entity_service(
        "set_operation_mode",
        {vol.Required("operation_mode"): str},
        "set_operation_mode",
        required_features=WaterHeaterEntityFeature.OPERATION_MODE,
    )
    component.register_entity_service(
        "set_away_mode",
        {vol.Required("away_mode"): boolean},
        "set_away_mode",
        required_features=WaterHeaterEntityFeature.AWAY_MODE,
    )
    component.register_entity_service(
        "turn_on", None, "async_turn_on", required_features=WaterHeaterEntityFeature.ON_OFF
    )
    component.register_entity_service(
        "turn_off", None, "async_turn_off", required_features=WaterHeaterEntityFeature.ON_OFF
    )
    await setup_entity_platforms(hub, component, config)
    return True
