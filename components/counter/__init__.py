"""``counter``: a whole number that automations count up and down (boiler starts today).

YAML as in Home Assistant::

    counter:
      boiler_starts:
        name: Boiler starts
        initial: 0          # start and reset value (default 0)
        step: 1             # default 1
        minimum: 0          # optional bounds
        maximum: 100
        restore: true       # keep the count across restarts (default true)

State: the count. Attributes ``initial``, ``step``, ``minimum`` and ``maximum`` (when set),
``editable``. Services ``increment`` and ``decrement`` (one step, held inside the bounds),
``reset`` (to ``initial``), ``set_value`` (refused outside the bounds) and ``reload``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean, icon, integer, slug, string
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

DOMAIN: Final = "counter"

_NOT_NEGATIVE: Final = vol.All(integer, vol.Range(min=0))
_POSITIVE: Final = vol.All(integer, vol.Range(min=1))


def _bounds_are_sane(config: dict[str, Any]) -> dict[str, Any]:
    minimum, maximum = config["minimum"], config["maximum"]
    if minimum is not None and maximum is not None and minimum > maximum:
        raise vol.Invalid(f"maximum ({maximum}) must not be less than minimum ({minimum})")
    return config


ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Optional("icon"): icon,
            vol.Optional("initial", default=0): _NOT_NEGATIVE,
            vol.Optional("step", default=1): _POSITIVE,
            vol.Optional("minimum", default=None): vol.Any(None, integer),
            vol.Optional("maximum", default=None): vol.Any(None, integer),
            vol.Optional("restore", default=True): boolean,
        }
    ),
    _bounds_are_sane,
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class Counter(YamlHelperEntity):
    """One counter."""

    domain = DOMAIN

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        self._value: int = config["initial"]

    def _bounded(self, value: int) -> int:
        minimum, maximum = self._config["minimum"], self._config["maximum"]
        if minimum is not None:
            value = max(minimum, value)
        if maximum is not None:
            value = min(maximum, value)
        return value

    def config_updated(self) -> None:
        self._value = self._bounded(self._value)

    async def async_added_to_hub(self) -> None:
        """With ``restore`` (the default), come back with the count from before."""
        if not self._config["restore"]:
            return
        last = await self.async_get_last_state()
        if last is None:
            return
        try:
            self._value = self._bounded(int(last.state))
        except ValueError:
            return

    @property
    def state(self) -> int:
        return self._value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        config = self._config
        attributes: dict[str, Any] = {"initial": config["initial"], "step": config["step"]}
        if config["minimum"] is not None:
            attributes["minimum"] = config["minimum"]
        if config["maximum"] is not None:
            attributes["maximum"] = config["maximum"]
        attributes[ATTR_EDITABLE] = self.editable
        return attributes

    async def increment(self) -> None:
        """``counter.increment``."""
        self._value = self._bounded(self._value + self._config["step"])
        self.write_state()

    async def decrement(self) -> None:
        """``counter.decrement``."""
        self._value = self._bounded(self._value - self._config["step"])
        self.write_state()

    async def reset(self) -> None:
        """``counter.reset``: back to ``initial``."""
        self._value = self._bounded(self._config["initial"])
        self.write_state()

    async def set_value(self, value: int) -> None:
        """``counter.set_value``: refused outside the bounds."""
        minimum, maximum = self._config["minimum"], self._config["maximum"]
        if minimum is not None and value < minimum:
            raise ServiceValidationError(
                f"Value {value} for {self.entity_id} exceeding the minimum value of {minimum}",
                translation_key="below_minimum",
                translation_placeholders={"value": value, "entity_id": self.entity_id},
            )
        if maximum is not None and value > maximum:
            raise ServiceValidationError(
                f"Value {value} for {self.entity_id} exceeding the maximum value of {maximum}",
                translation_key="above_maximum",
                translation_placeholders={"value": value, "entity_id": self.entity_id},
            )
        self._value = value
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the counters from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service("increment", None, "increment")
    component.register_entity_service("decrement", None, "decrement")
    component.register_entity_service("reset", None, "reset")
    component.register_entity_service(
        "set_value", {vol.Required("value"): _NOT_NEGATIVE}, "set_value"
    )
    collection = YamlCollection(hub, DOMAIN, Counter)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
