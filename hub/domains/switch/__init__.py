"""The ``switch`` domain: things that are on or off (smart plugs, relays)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from hub.entity.component import EntityComponent
from hub.entity.toggle import ToggleEntity
from hub.loader.platforms import setup_entity_platforms

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "switch"


class SwitchDeviceClass(StrEnum):
    """What a switch switches."""

    OUTLET = "outlet"
    SWITCH = "switch"


class SwitchEntity(ToggleEntity):
    """Base class of switch entities."""

    domain = DOMAIN
    _attr_device_class: SwitchDeviceClass | None = None


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain and its turn_on / turn_off / toggle services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service("turn_on", None, "async_turn_on")
    component.register_entity_service("turn_off", None, "async_turn_off")
    component.register_entity_service("toggle", None, "async_toggle")
    await setup_entity_platforms(hub, component, config)
    return True
