"""The ``number`` domain: a settable value within a range (a setpoint, a power cap)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.exceptions import ServiceValidationError
from hub.loader.platforms import setup_entity_platforms

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "number"
DEFAULT_MIN: Final = 0.0
DEFAULT_MAX: Final = 100.0
DEFAULT_STEP: Final = 1.0


class NumberMode(StrEnum):
    """How the UI shows a number."""

    AUTO = "auto"
    BOX = "box"
    SLIDER = "slider"


class NumberEntity(Entity):
    """Base class of numbers; implement ``async_set_native_value``."""

    domain = DOMAIN
    _attr_native_value: float | None = None
    _attr_native_min_value: float = DEFAULT_MIN
    _attr_native_max_value: float = DEFAULT_MAX
    _attr_native_step: float | None = None
    _attr_native_unit_of_measurement: str | None = None
    _attr_mode: NumberMode = NumberMode.AUTO

    @property
    def native_value(self) -> float | None:
        """The value in the device's unit."""
        return self._attr_native_value

    @property
    def native_min_value(self) -> float:
        """The smallest allowed value."""
        return self._attr_native_min_value

    @property
    def native_max_value(self) -> float:
        """The largest allowed value."""
        return self._attr_native_max_value

    @property
    def native_step(self) -> float:
        """The step; by default 1, or finer when the range is small (HA's rule)."""
        if self._attr_native_step is not None:
            return self._attr_native_step
        step = DEFAULT_STEP
        value_range = abs(self.native_max_value - self.native_min_value)
        if value_range != 0:
            while value_range <= step:
                step /= 10.0
        return step

    @property
    def mode(self) -> NumberMode:
        """How the UI shows it."""
        return self._attr_mode

    @property
    def unit_of_measurement(self) -> str | None:
        return self._attr_native_unit_of_measurement

    @property
    def capability_attributes(self) -> dict[str, Any]:
        return {
            "min": self.native_min_value,
            "max": self.native_max_value,
            "step": self.native_step,
            "mode": str(self.mode),
        }

    @property
    def state(self) -> float | None:
        return self.native_value

    async def async_set_native_value(self, value: float) -> None:
        """Set the value on the device."""
        raise NotImplementedError

    async def set_value(self, value: float) -> None:
        """``number.set_value``: refuse values outside the range, then set."""
        if not self.native_min_value <= value <= self.native_max_value:
            raise ServiceValidationError(
                f"Value {value} for {self.entity_id} is outside valid range "
                f"{self.native_min_value} - {self.native_max_value}",
                translation_key="out_of_range",
                translation_placeholders={
                    "value": value,
                    "entity_id": self.entity_id,
                    "min_value": self.native_min_value,
                    "max_value": self.native_max_value,
                },
            )
        await self.async_set_native_value(value)


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain and its ``set_value`` service."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "set_value", {vol.Required("value"): vol.Coerce(float)}, "set_value"
    )
    await setup_entity_platforms(hub, component, config)
    return True
