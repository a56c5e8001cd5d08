"""``input_button``: a button on the dashboard that automations react to.

YAML as in Home Assistant::

    input_button:
      boost_now:
        name: Boost now
        icon: mdi:fire

State: the time of the last press (ISO, UTC) or ``unknown``; it survives restarts.
Attribute ``editable``. Services ``press`` and ``reload`` (admin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import icon, slug, string
from hub.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.entity.component import EntityComponent
from hub.entity.yaml_collection import (
    ATTR_EDITABLE,
    YamlCollection,
    YamlHelperEntity,
    none_as_empty,
)
from hub.loader.reload import register_reload_service
from hub.timestamps import iso_utc

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "input_button"

ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema({vol.Optional("name"): string, vol.Optional("icon"): icon}),
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class InputButton(YamlHelperEntity):
    """One input_button helper."""

    domain = DOMAIN
    _last_pressed: str | None = None

    async def async_added_to_hub(self) -> None:
        """Keep the time of the last press across restarts (as every HA button does)."""
        last = await self.async_get_last_state()
        if last is not None and last.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            self._last_pressed = last.state

    @property
    def state(self) -> str | None:
        return self._last_pressed

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        return {ATTR_EDITABLE: self.editable}

    async def press(self) -> None:
        """``input_button.press``: the state becomes now."""
        self._last_pressed = iso_utc(self.hub.clock.time())
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service("press", None, "press")
    collection = YamlCollection(hub, DOMAIN, InputButton)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
