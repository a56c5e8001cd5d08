"""The ``select`` domain: one option out of a list (a boiler mode, a tariff band)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.exceptions import ServiceValidationError
from hub.loader.platforms import setup_entity_platforms

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "select"


class SelectEntity(Entity):
    """Base class of selects; implement ``async_select_option``."""

    domain = DOMAIN
    _attr_current_option: str | None = None
    _attr_options: list[str] = []

    @property
    def current_option(self) -> str | None:
        """The selected option."""
        return self._attr_current_option

    @property
    def options(self) -> list[str]:
        """Every option, in order."""
        return self._attr_options

    @property
    def capability_attributes(self) -> dict[str, Any]:
        return {"options": self.options}

    @property
    def state(self) -> str | None:
        current = self.current_option
        return current if current is None or current in self.options else None

    async def async_select_option(self, option: str) -> None:
        """Select ``option`` on the device."""
        raise NotImplementedError

    async def select_option(self, option: str) -> None:
        """``select.select_option``: refuse unknown options."""
        if option not in self.options:
            raise ServiceValidationError(
                f"Option {option} is not valid for {self.entity_id}; valid options are: "
                f"{', '.join(self.options)}",
                translation_key="not_valid_option",
                translation_placeholders={
                    "entity_id": self.entity_id,
                    "option": option,
                    "options": ", ".join(self.options),
                },
            )
        await self.async_select_option(option)

    async def select_offset(self, offset: int, cycle: bool) -> None:
        """Move ``offset`` options from the current one, wrapping when ``cycle``."""
        options = self.options
        if not options:
            raise ServiceValidationError(f"{self.entity_id} has no options")
        current = self.current_option
        if current not in options:
            index = 0 if offset > 0 else len(options) - 1
        elif cycle:
            index = (options.index(current) + offset) % len(options)
        else:
            index = min(max(options.index(current) + offset, 0), len(options) - 1)
        await self.async_select_option(options[index])


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """Create the domain and its services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "select_option", {vol.Required("option"): str}, "select_option"
    )

    async def first(entity: Any, _data: dict[str, Any]) -> None:
        if entity.options:
            await entity.select_option(entity.options[0])

    async def last(entity: Any, _data: dict[str, Any]) -> None:
        if entity.options:
            await entity.select_option(entity.options[-1])

    async def next_option(entity: Any, data: dict[str, Any]) -> None:
        await entity.select_offset(1, data["cycle"])

    async def previous_option(entity: Any, data: dict[str, Any]) -> None:
        await entity.select_offset(-1, data["cycle"])

    cycle = {vol.Optional("cycle", default=True): boolean}
    component.register_entity_service("select_first", None, first)
    component.register_entity_service("select_last", None, last)
    component.register_entity_service("select_next", cycle, next_option)
    component.register_entity_service("select_previous", cycle, previous_option)
    await setup_entity_platforms(hub, component, config)
    return True
