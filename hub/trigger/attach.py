"""``attach_triggers``: attach an automation's (or a ``wait_for_trigger``'s) triggers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import voluptuous as vol

from hub.condition.device import check_device
from hub.condition.model import resolve_entity_ids
from hub.exceptions import HubError, TemplateError
from hub.template import Template, attach
from hub.trigger.runner import TriggerRunner
from hub.trigger.schema import PLATFORMS, trigger_schema

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.trigger.models import TriggerAction, TriggerInfo

_LOGGER = logging.getLogger(__name__)


def _enabled(config: Mapping[str, Any], info: TriggerInfo) -> bool:
    enabled = config.get("enabled", True)
    if isinstance(enabled, Template):
        try:
            enabled = enabled.render(info.variables, limited=True)
        except TemplateError as err:
            _LOGGER.error("Error rendering enabled template of %s: %s", info.name, err)
            return False
    return bool(enabled)


async def attach_triggers(
    hub: Hub,
    configs: Sequence[Mapping[str, Any]],
    action: TriggerAction,
    info: TriggerInfo,
) -> Callable[[], None]:
    """Attach every enabled trigger; returns the function that removes them all.

    Each trigger gets ``id`` (default: its index as text), ``idx`` and ``alias`` in its
    ``trigger`` variables. A trigger that cannot be attached is logged (naming the
    automation) and the others still work, as in Home Assistant.
    """
    removes: list[Callable[[], None]] = []
    for index, raw in enumerate(configs):
        try:
            config = trigger_schema(raw)
        except vol.Invalid as err:
            _LOGGER.error("Invalid trigger %d of %s: %s", index, info.name, err)
            continue
        attach(hub, config)
        if not _enabled(config, info):
            continue
        trigger_data = {
            "id": config.get("id", str(index)),
            "idx": str(index),
            "alias": config.get("alias"),
        }
        trigger_info = replace(info, trigger_data=trigger_data)
        runner = TriggerRunner(hub, action, trigger_info, config.get("variables"))
        platform = PLATFORMS[config["platform"]]
        try:
            removes.append(await platform.async_attach_trigger(hub, config, runner, trigger_info))
        except (HubError, vol.Invalid) as err:
            _LOGGER.error("Got error '%s' when setting up triggers for %s", err, info.name)
        except Exception:
            _LOGGER.exception("Error setting up trigger for %s", info.name)
    if removes:
        _LOGGER.info("Initialized trigger %s", info.name)

    def remove_all() -> None:
        for remove in removes:
            remove()
        removes.clear()

    return remove_all


async def validate_triggers(hub: Hub, configs: Sequence[Any]) -> list[dict[str, Any]]:
    """Validate triggers against the running hub too: devices must exist and entity
    registry ids must resolve. Raises ``vol.Invalid`` or ``ConfigError``."""
    validated = []
    for raw in configs:
        config = trigger_schema(raw)
        if config["platform"] == "device":
            check_device(hub, config)
        if isinstance(config.get("entity_id"), list):
            config["entity_id"] = resolve_entity_ids(hub, config["entity_id"])
        validated.append(config)
    return validated
