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

Services ``set_value``, ``increment``, ``decrement`` (``reload`` comes with the reload
machinery of the automations issue). Values are restored across restarts once state
restoration exists; until then a helper starts at ``initial`` (or ``min``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import icon, slug, string
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.entity.platform import add_entities
from hub.exceptions import ServiceValidationError

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

CONFIG_SCHEMA: Final = vol.Schema({slug: vol.Any(ITEM_SCHEMA, None)})


class InputNumber(Entity):
    """One input_number helper."""

    domain = DOMAIN
    _attr_should_poll = False

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        self._config = config
        self._attr_unique_id = object_id
        self._attr_name = config.get("name") or object_id.replace("_", " ")
        self._attr_icon = config.get("icon")
        self._attr_unit_of_measurement = config.get("unit_of_measurement")
        self.entity_id = f"{DOMAIN}.{object_id}"
        self._minimum: float = config["min"]
        self._maximum: float = config["max"]
        self._step: float = config["step"]
        initial = config.get("initial")
        self._value: float = self._minimum if initial is None else initial
        self._capabilities = {
            "initial": initial,
            "editable": False,
            "min": self._minimum,
            "max": self._maximum,
            "step": self._step,
            "mode": config["mode"],
        }

    @property
    def state(self) -> float:
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
        self._value = min(self._value + self._step, self._maximum)
        self.write_state()

    async def decrement(self) -> None:
        """``input_number.decrement``: one step down, capped at min."""
        self._value = max(self._value - self._step, self._minimum)
        self.write_state()


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "set_value", {vol.Required("value"): vol.Coerce(float)}, "set_value"
    )
    component.register_entity_service("increment", None, "increment")
    component.register_entity_service("decrement", None, "decrement")
    helpers = [InputNumber(object_id, item or {}) for object_id, item in config.items() if item]
    await add_entities(hub, DOMAIN, helpers)
    return True
