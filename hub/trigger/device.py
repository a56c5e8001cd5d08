"""``device`` triggers: refused with Home Assistant's "Unknown device '<id>'" when the
device registry does not hold the device; for a known device the toggle-entity types
(``turned_on``, ``turned_off``, ``changed_states`` of an ``entity_id``) are state
triggers, as in Home Assistant; other types are not supported yet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.device import check_device
from hub.config import validators as cv
from hub.exceptions import ConfigError
from hub.trigger import state as state_trigger
from hub.trigger.base import TRIGGER_BASE_SCHEMA

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "device",
        vol.Required("device_id"): cv.string,
        vol.Required("domain"): cv.string,
        vol.Remove("metadata"): dict,
    },
    extra=vol.ALLOW_EXTRA,
)

_TOGGLE: Final = {"turned_on": {"to": "on"}, "turned_off": {"to": "off"}, "changed_states": {}}


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Check the device; attach a toggle-entity trigger as a state trigger."""
    check_device(hub, config)
    kind = config.get("type")
    entity_id = config.get("entity_id")
    if kind not in _TOGGLE or not isinstance(entity_id, str):
        raise ConfigError(
            f"Device trigger type '{kind}' of domain '{config['domain']}' is not supported; "
            "use a state trigger on the device's entity instead"
        )
    state_config: dict[str, Any] = {
        "platform": "state",
        "entity_id": [entity_id],
        **_TOGGLE[kind],
    }
    if "for" in config:
        state_config["for"] = config["for"]
    return await state_trigger.async_attach_trigger(
        hub, state_trigger.TRIGGER_SCHEMA(state_config), runner, info
    )
