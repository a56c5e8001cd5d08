"""``input_number``: a number the homeowner sets (a threshold, a target), kept in a state.

YAML as in Home Assistant::

    input_number:
      boost_minutes:
        name: Boost minutes
        min: 0
        max: 120
        step: 5
        initial: 30
        mode: slider        # or box
        unit_of_measurement: min

Services ``set_value``, ``increment``, ``decrement`` and ``reload`` (admin). A helper
with ``initial`` starts there on every start; one without comes back with the value it
had before the restart (or ``min`` the first time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import icon, slug, string
from hub.entity.component import EntityComponent
from hub.entity.yaml_collection import YamlCollection, YamlHelperEntity
from hub.exceptions import ServiceValidationError
from hub.loader.reload import register_reload_service

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "input_number"
MODE_SLIDER: Final = "slider"
MODE_BOX: Final = "box"


def _range_is_sane(config: dict[str, Any]) -> dict[str, Any]:
    minimum, maximum = config["min"], config["max"]
    if minimum >= maximum:
        raise vol.Invalid(f"max ({maximum}) must be greater than min ({minimum})")
    initial = config.get("initial")
    if initial is not None and not minimum <= initial <= maximum:
        raise vol.Invalid(f"initial value {initial} is not in the range {minimum} - {maximum}")
    return config


ITEM_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Required("min"): vol.Coerce(float),
            vol.Required("max"): vol.Coerce(float),
            vol.Optional("initial"): vol.Coerce(float),
            vol.Optional("step", default=1): vol.All(vol.Coerce(float), vol.Range(min=1e-9)),
            vol.Optional("icon"): icon,
            vol.Optional("unit_of_measurement"): string,
            vol.Optional("mode", default=MODE_SLIDER): vol.In([MODE_BOX, MODE_SLIDER]),
        }
    ),
    _range_is_sane,
)

CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class InputNumber(YamlHelperEntity):
    """One input_number helper."""

    domain = DOMAIN

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        self._value: float | None = config.get("initial")
        self.config_updated()

    def config_updated(self) -> None:
        config = self._config
        self._attr_unit_of_measurement = config.get("unit_of_measurement")
        self._minimum: float = config["min"]
        self._maximum: float = config["max"]
        self._step: float = config["step"]
        self._capabilities = {
            "initial": config.get("initial"),
            "editable": self.editable,
            "min": self._minimum,
            "max": self._maximum,
            "step": self._step,
            "mode": config["mode"],
        }
        if self._value is not None:  # a reload may have narrowed the range
            self._value = min(max(self._value, self._minimum), self._maximum)

    async def async_added_to_hub(self) -> None:
        """Without ``initial``, come back with the value from before the restart."""
        if self._value is not None:
            return
        self._value = self._minimum
        last = await self.async_get_last_state()
        if last is None:
            return
        try:
            value = float(last.state)
        except ValueError:
            return
        if self._minimum <= value <= self._maximum:
            self._value = value

    @property
    def state(self) -> float | None:
        return self._value

    @property
    def capability_attributes(self) -> dict[str, Any]:
        return self._capabilities

    async def set_value(self, value: float) -> None:
        """``input_number.set_value``."""
        if not self._minimum <= value <= self._maximum:
            raise ServiceValidationError(
                f"Invalid value for {self.entity_id}: {value} "
                f"(range {self._minimum} - {self._maximum})",
                translation_key="out_of_range",
                translation_placeholders={
                    "value": value,
                    "entity_id": self.entity_id,
                    "min_value": self._minimum,
                    "max_value": self._maximum,
                },
            )
        self._value = value
        self.write_state()

    async def increment(self) -> None:
        """``input_number.increment``: one step up, capped at max."""
        self._value = min((self._value or 0.0) + self._step, self._maximum)
        self.write_state()

    async def decrement(self) -> None:
        """``input_number.decrement``: one step down, capped at min."""
        self._value = max((self._value or 0.0) - self._step, self._minimum)
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "set_value", {vol.Required("value"): vol.Coerce(float)}, "set_value"
    )
    component.register_entity_service("increment", None, "increment")
    component.register_entity_service("decrement", None, "decrement")
    collection = YamlCollection(hub, DOMAIN, InputNumber)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
