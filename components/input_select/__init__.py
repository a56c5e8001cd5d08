"""``input_select``: one option out of a list the homeowner picks (a house mode).

YAML as in Home Assistant::

    input_select:
      house_mode:
        name: House mode
        options: [Home, Away, Holiday]
        initial: Home       # without it, the option from before the restart is kept
        icon: mdi:home

State: the selected option. Attributes ``options`` and ``editable``. Services
``select_option``, ``select_next`` / ``select_previous`` (``cycle``, default true: past
the end wraps around; false: stays at the end), ``select_first``, ``select_last``,
``set_options`` and ``reload`` (admin).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean, ensure_list, icon, slug, string
from hub.entity.component import EntityComponent
from hub.entity.yaml_collection import (
    ATTR_EDITABLE,
    YamlCollection,
    YamlHelperEntity,
    none_as_empty,
)
from hub.exceptions import ServiceValidationError
from hub.loader.reload import register_reload_service

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "input_select"

OPTIONS_SCHEMA: Final = vol.All(ensure_list, vol.Length(min=1), [string])


def _unique(options: list[str]) -> list[str]:
    """Options in order without repeats (HA drops repeats in YAML with an error log)."""
    seen = list(dict.fromkeys(str(option) for option in options))
    if len(seen) != len(options):
        _LOGGER.error("input_select: options %s contain duplicates; using %s", options, seen)
    return seen


def _initial_is_an_option(config: dict[str, Any]) -> dict[str, Any]:
    initial = config.get("initial")
    if initial is not None and initial not in config["options"]:
        raise vol.Invalid(
            f"initial option {initial!r} is not one of the options: "
            f"{', '.join(map(str, config['options']))}",
            path=["initial"],
        )
    config["options"] = _unique(config["options"])
    return config


ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Required("options"): OPTIONS_SCHEMA,
            vol.Optional("initial"): string,
            vol.Optional("icon"): icon,
        }
    ),
    _initial_is_an_option,
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class InputSelect(YamlHelperEntity):
    """One input_select helper."""

    domain = DOMAIN

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        self._options: list[str] = list(config["options"])
        initial = config.get("initial")
        self._current: str | None = str(initial) if initial is not None else None

    def config_updated(self) -> None:
        self._options = list(self._config["options"])
        if self._current not in self._options:
            self._current = self._options[0]

    async def async_added_to_hub(self) -> None:
        """Without ``initial``, come back with the option from before the restart."""
        if self._current is not None:
            return
        last = await self.async_get_last_state()
        if last is not None and last.state in self._options:
            self._current = last.state
        else:
            self._current = self._options[0]

    @property
    def options(self) -> list[str]:
        """Every option, in order."""
        return self._options

    @property
    def current_option(self) -> str | None:
        """The selected option."""
        return self._current

    @property
    def state(self) -> str | None:
        return self._current

    @property
    def capability_attributes(self) -> dict[str, Any]:
        return {"options": self._options}

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        return {ATTR_EDITABLE: self.editable}

    async def select_option(self, option: str) -> None:
        """``input_select.select_option``."""
        if option not in self._options:
            raise ServiceValidationError(
                f"Invalid option: {option} (possible options: {', '.join(self._options)})",
                translation_key="not_valid_option",
                translation_placeholders={
                    "entity_id": self.entity_id,
                    "option": option,
                    "options": ", ".join(self._options),
                },
            )
        self._current = option
        self.write_state()

    async def select_offset(self, offset: int, cycle: bool) -> None:
        """Move ``offset`` options on; wrap when ``cycle``, else stop at either end."""
        index = self._options.index(self._current) if self._current in self._options else 0
        index += offset
        if cycle:
            index %= len(self._options)
        else:
            index = min(max(index, 0), len(self._options) - 1)
        await self.select_option(self._options[index])

    async def select_next(self, cycle: bool = True) -> None:
        """``input_select.select_next``."""
        await self.select_offset(1, cycle)

    async def select_previous(self, cycle: bool = True) -> None:
        """``input_select.select_previous``."""
        await self.select_offset(-1, cycle)

    async def select_first(self) -> None:
        """``input_select.select_first``."""
        await self.select_option(self._options[0])

    async def select_last(self) -> None:
        """``input_select.select_last``."""
        await self.select_option(self._options[-1])

    async def set_options(self, options: list[str]) -> None:
        """``input_select.set_options``: a new list (no repeats); a selection no longer in
        it moves to the first option."""
        if len(set(options)) != len(options):
            raise ServiceValidationError(
                f"Duplicated options: {options}", translation_key="duplicated_options"
            )
        self._options = list(options)
        if self._current not in self._options:
            self._current = self._options[0]
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    cycle = {vol.Optional("cycle", default=True): boolean}
    component.register_entity_service(
        "select_option", {vol.Required("option"): string}, "select_option"
    )
    component.register_entity_service("select_next", cycle, "select_next")
    component.register_entity_service("select_previous", cycle, "select_previous")
    component.register_entity_service("select_first", None, "select_first")
    component.register_entity_service("select_last", None, "select_last")
    component.register_entity_service(
        "set_options", {vol.Required("options"): OPTIONS_SCHEMA}, "set_options"
    )
    collection = YamlCollection(hub, DOMAIN, InputSelect)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
