"""``input_text``: a short text the homeowner sets (a message, a code).

YAML as in Home Assistant::

    input_text:
      boiler_note:
        name: Boiler note
        min: 0              # shortest allowed length (default 0)
        max: 100            # longest (default 100, at most 255: a state's limit)
        initial: ""         # without it, the text from before the restart is kept
        pattern: "[a-z ]*"  # optional regular expression the whole text must match
        mode: text          # or password

State: the text. Attributes ``editable``, ``min``, ``max``, ``pattern`` (null when
unset), ``mode``. Services ``set_value`` (refused with a validation error when the text is
too short, too long or does not match the pattern) and ``reload`` (admin).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import icon, slug, string
from hub.const import MAX_LENGTH_STATE_STATE
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

DOMAIN: Final = "input_text"
MODE_TEXT: Final = "text"
MODE_PASSWORD: Final = "password"
DEFAULT_MAX: Final = 100


def _pattern(value: Any) -> str:
    text = string(value)
    try:
        re.compile(text)
    except re.error as err:
        raise vol.Invalid(f"invalid regular expression ({err})") from None
    return text


def _lengths_are_sane(config: dict[str, Any]) -> dict[str, Any]:
    minimum, maximum = config["min"], config["max"]
    if minimum > maximum:
        raise vol.Invalid(f"max length ({maximum}) must not be less than min length ({minimum})")
    initial = config.get("initial")
    if initial is not None and not minimum <= len(initial) <= maximum:
        raise vol.Invalid(
            f"initial value {initial!r} is {len(initial)} characters long; the length must be "
            f"between {minimum} and {maximum}",
            path=["initial"],
        )
    return config


ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Optional("min", default=0): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=MAX_LENGTH_STATE_STATE)
            ),
            vol.Optional("max", default=DEFAULT_MAX): vol.All(
                vol.Coerce(int), vol.Range(min=0, max=MAX_LENGTH_STATE_STATE)
            ),
            vol.Optional("initial"): string,
            vol.Optional("icon"): icon,
            vol.Optional("unit_of_measurement"): string,
            vol.Optional("pattern"): _pattern,
            vol.Optional("mode", default=MODE_TEXT): vol.In([MODE_TEXT, MODE_PASSWORD]),
        }
    ),
    _lengths_are_sane,
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class InputText(YamlHelperEntity):
    """One input_text helper."""

    domain = DOMAIN

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        initial = config.get("initial")
        self._value: str | None = str(initial) if initial is not None else None
        self.config_updated()

    def config_updated(self) -> None:
        config = self._config
        self._minimum: int = config["min"]
        self._maximum: int = config["max"]
        pattern = config.get("pattern")
        self._pattern = str(pattern) if pattern is not None else None
        self._compiled = re.compile(self._pattern) if self._pattern is not None else None
        self._attr_unit_of_measurement = config.get("unit_of_measurement")

    async def async_added_to_hub(self) -> None:
        """Without ``initial``, come back with the text from before the restart."""
        if self._value is not None:
            return
        last = await self.async_get_last_state()
        if last is not None and self._minimum <= len(last.state) <= self._maximum:
            self._value = last.state

    @property
    def state(self) -> str | None:
        return self._value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        return {
            ATTR_EDITABLE: self.editable,
            "min": self._minimum,
            "max": self._maximum,
            "pattern": self._pattern,
            "mode": self._config["mode"],
        }

    async def set_value(self, value: str) -> None:
        """``input_text.set_value``."""
        if not self._minimum <= len(value) <= self._maximum:
            raise ServiceValidationError(
                f"Invalid value for {self.entity_id}: {value!r} "
                f"(length range {self._minimum} - {self._maximum})",
                translation_key="invalid_length",
                translation_placeholders={"entity_id": self.entity_id, "value": value},
            )
        if self._compiled is not None and self._compiled.fullmatch(value) is None:
            raise ServiceValidationError(
                f"Invalid value for {self.entity_id}: {value!r} (pattern {self._pattern})",
                translation_key="invalid_pattern",
                translation_placeholders={"entity_id": self.entity_id, "value": value},
            )
        self._value = value
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service("set_value", {vol.Required("value"): string}, "set_value")
    collection = YamlCollection(hub, DOMAIN, InputText)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
