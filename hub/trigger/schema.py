"""``TRIGGER_SCHEMA``: one trigger of any platform, in either spelling.

``trigger: state`` (2024.10+) and ``platform: state`` are both accepted and normalised
to ``platform``; giving both is an error, as in Home Assistant. ``TRIGGERS_SCHEMA``
takes a list (or one trigger) and flattens items that are only ``{triggers: [...]}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Final

import voluptuous as vol

from hub.config import validators as cv
from hub.trigger import (
    device,
    event,
    homeassistant,
    numeric_state,
    state,
    sun,
    template,
    time,
    time_pattern,
    webhook,
    zone,
)

PLATFORMS: Final[dict[str, ModuleType]] = {
    "state": state,
    "numeric_state": numeric_state,
    "time": time,
    "time_pattern": time_pattern,
    "sun": sun,
    "template": template,
    "event": event,
    "homeassistant": homeassistant,
    "webhook": webhook,
    "zone": zone,
    "device": device,
}


def register_trigger_platform(name: str, module: ModuleType) -> None:
    """Add a platform (an integration's: ``mqtt``...): a module with ``TRIGGER_SCHEMA``
    and ``async_attach_trigger(hub, config, runner, info)``."""
    PLATFORMS[name] = module


def _platform_help() -> str:
    return ", ".join(sorted(PLATFORMS))


def _normalise(value: Mapping[str, Any]) -> dict[str, Any]:
    config = dict(value)
    if "trigger" in config:
        if "platform" in config:
            raise vol.Invalid(
                "Cannot specify both 'platform' and 'trigger'. Please use 'trigger' only."
            )
        config["platform"] = config.pop("trigger")
    if "platform" not in config:
        raise vol.Invalid(
            f"a trigger needs 'trigger:' (or the older 'platform:') with one of: {_platform_help()}"
        )
    return config


def trigger_schema(value: Any) -> dict[str, Any]:
    """One trigger, validated; the platform is under ``platform``."""
    if not isinstance(value, Mapping):
        raise vol.Invalid("expected a trigger: a mapping with 'trigger: <platform>'")
    config = _normalise(value)
    name = config["platform"]
    module = PLATFORMS.get(name) if isinstance(name, str) else None
    if module is None:
        raise vol.Invalid(
            f"Invalid trigger '{name}' specified; use one of: {_platform_help()}",
            path=["trigger" if "trigger" in value else "platform"],
        )
    schema: Callable[[Any], dict[str, Any]] = module.TRIGGER_SCHEMA
    return schema(config)


def _flatten(value: list[Any]) -> list[Any]:
    """Items that are only ``{triggers: [...]}`` stand for their triggers."""
    flat: list[Any] = []
    for item in value:
        if isinstance(item, Mapping) and set(item) == {"triggers"}:
            flat.extend(cv.ensure_list(item["triggers"]))
        else:
            flat.append(item)
    return flat


TRIGGER_SCHEMA: Final = trigger_schema
TRIGGERS_SCHEMA: Final = vol.All(cv.ensure_list, _flatten, [trigger_schema])
