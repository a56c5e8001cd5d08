"""``input_boolean``: an on/off switch the homeowner flips (guest mode, holiday).

YAML as in Home Assistant::

    input_boolean:
      guest_mode:
        name: Guest mode
        initial: false      # without it, the value from before the restart is kept
        icon: mdi:account

State ``on``/``off``; attribute ``editable`` (false for YAML helpers). Services
``turn_on``, ``turn_off``, ``toggle`` and ``reload`` (admin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean, icon, slug, string
from hub.const import STATE_ON
from hub.entity.component import EntityComponent
from hub.entity.toggle import ToggleEntity
from hub.entity.yaml_collection import (
    ATTR_EDITABLE,
    YamlCollection,
    YamlHelperEntity,
    none_as_empty,
)
from hub.loader.reload import register_reload_service

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "input_boolean"

ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Optional("initial"): boolean,
            vol.Optional("icon"): icon,
        }
    ),
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class InputBoolean(YamlHelperEntity, ToggleEntity):
    """One input_boolean helper."""

    domain = DOMAIN

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        self._attr_is_on = bool(config.get("initial", False))

    async def async_added_to_hub(self) -> None:
        """Without ``initial``, come back as it was before the restart."""
        if "initial" in self._config:
            return
        last = await self.async_get_last_state()
        if last is not None:
            self._attr_is_on = last.state == STATE_ON

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        return {ATTR_EDITABLE: self.editable}

    async def async_turn_on(self, **kwargs: Any) -> None:
        """``input_boolean.turn_on``."""
        self._attr_is_on = True
        self.write_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """``input_boolean.turn_off``."""
        self._attr_is_on = False
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service("turn_on", None, "async_turn_on")
    component.register_entity_service("turn_off", None, "async_turn_off")
    component.register_entity_service("toggle", None, "async_toggle")
    collection = YamlCollection(hub, DOMAIN, InputBoolean)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
