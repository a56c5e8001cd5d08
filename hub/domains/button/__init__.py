"""The ``button`` domain: one-shot actions (boost the boiler, identify a plug).

The state is the time of the last press, so automations can trigger on presses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.loader.platforms import setup_entity_platforms
from hub.timestamps import iso_utc

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "button"


class ButtonEntity(Entity):
    """Base class of buttons; implement ``async_press``."""

    domain = DOMAIN
    _last_pressed: str | None = None

    @property
    def state(self) -> str | None:
        return self._last_pressed

    async def async_press(self) -> None:
        """Do the button's action."""
        raise NotImplementedError

    async def press(self) -> None:
        """Record the press (the state) and run the action."""
        self._last_pressed = iso_utc(self.hub.clock.time())
        self.write_state()
        await self.async_press()


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain and its ``press`` service."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service("press", None, "press")
    await setup_entity_platforms(hub, component, config)
    return True
