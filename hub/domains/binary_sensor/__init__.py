"""The ``binary_sensor`` domain: on/off readings (heating active, credit low, door open)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from hub.const import STATE_OFF, STATE_ON
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.loader.platforms import setup_entity_platforms

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "binary_sensor"


class BinarySensorDeviceClass(StrEnum):
    """Home Assistant 2025.1's binary sensor device classes."""

    BATTERY = "battery"
    BATTERY_CHARGING = "battery_charging"
    CARBON_MONOXIDE = "carbon_monoxide"
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


class BinarySensorEntity(Entity):
    """Base class of binary sensors."""

    domain = DOMAIN
    _attr_is_on: bool | None = None
    _attr_device_class: BinarySensorDeviceClass | None = None

    @property
    def is_on(self) -> bool | None:
        """True when on; None when unknown."""
        return self._attr_is_on

    @property
    def state(self) -> str | None:
        is_on = self.is_on
        if is_on is None:
            return None
        return STATE_ON if is_on else STATE_OFF


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain (binary sensors have no services)."""
    component = EntityComponent(hub, DOMAIN)
    await setup_entity_platforms(hub, component, config)
    return True
