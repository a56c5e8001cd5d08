"""The ``binary_sensor`` domain: on/off readings (heating active, credit low, door open)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hub.entity.component import EntityComponent
from hub.entity.toggle import OnOffEntity
from hub.loader.platforms import setup_entity_platforms
from hub.units import BinarySensorDeviceClass

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "binary_sensor"

__all__ = ["DOMAIN", "BinarySensorDeviceClass", "BinarySensorEntity", "async_setup"]


class BinarySensorEntity(OnOffEntity):
    """Base class of binary sensors."""

    domain = DOMAIN
    _attr_device_class: BinarySensorDeviceClass | None = None


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain (binary sensors have no services)."""
    component = EntityComponent(hub, DOMAIN)
    await setup_entity_platforms(hub, component, config)
    return True
