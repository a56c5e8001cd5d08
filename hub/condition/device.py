"""``device`` conditions: only those Home Assistant's toggle entities offer
(``is_on``/``is_off`` of an entity of the device), and a clear refusal otherwise.

A device condition names a device of the device registry. A device the registry does
not hold is refused with Home Assistant's "Unknown device '<id>'" (a YAML copied from
another installation names devices that do not exist here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.condition.model import Check, Variables
from hub.condition.state import state_matches
from hub.exceptions import ConfigError
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.trace import trace_set_result

if TYPE_CHECKING:
    from hub.core import Hub

_TOGGLE_TYPES: Final = {"is_on": "on", "is_off": "off"}


def check_device(hub: Hub, config: Mapping[str, Any]) -> None:
    """Raise ``ConfigError`` when the device is unknown."""
    device_id = config["device_id"]
    registry = hub.data.get(DEVICE_REGISTRY)
    if registry is None or registry.get(device_id) is None:
        raise ConfigError(f"Unknown device '{device_id}'")


def device_check(hub: Hub, config: Mapping[str, Any]) -> Check:
    """The check of a validated ``device`` condition (the device exists)."""
    check_device(hub, config)
    kind = config.get("type")
    entity_id = config.get("entity_id")
    if kind not in _TOGGLE_TYPES or not isinstance(entity_id, str):
        raise ConfigError(
            f"Device condition type '{kind}' of domain '{config.get('domain')}' is not "
            "supported; use a state condition on the device's entity instead"
        )
    wanted = _TOGGLE_TYPES[kind]
    for_period = config.get("for")

    def check(variables: Variables) -> bool:
        if hub.states.get(entity_id) is None:
            trace_set_result(result=False, message=f"unknown entity {entity_id}")
            return False
        return state_matches(hub, entity_id, [wanted], for_period, None, variables)

    return check
