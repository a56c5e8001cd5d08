"""``time_pattern`` triggers: every matching hour/minute/second (``"/5"`` = every
fifth, ``"*"`` = every). When a larger unit is given, smaller ones left out mean 0
(``hours: "/2"`` fires at :00:00 of every other hour), as in Home Assistant."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.validators import has_at_least_one_key
from hub.trigger.base import TRIGGER_BASE_SCHEMA
from hub.trigger.time_match import expand_pattern, track_time_pattern

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner


class TimePattern:
    """One unit of a pattern: ``"*"``, ``"/n"`` or a value from 0 to ``maximum``."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum

    def __call__(self, value: Any) -> int | str:
        if value == "*":
            return "*"
        help_text = f'expected "*", "/n" or a number from 0 to {self.maximum}'
        if isinstance(value, bool):
            raise vol.Invalid(help_text)
        try:
            if isinstance(value, str) and value.strip().startswith("/"):
                step = int(value.strip()[1:])
                if not 1 <= step <= self.maximum:
                    raise vol.Invalid(f"the step of {value!r} must be from 1 to {self.maximum}")
                return f"/{step}"
            number = int(value)
        except (TypeError, ValueError):
            raise vol.Invalid(help_text) from None
        if not 0 <= number <= self.maximum:
            raise vol.Invalid(f"must be a value between 0 and {self.maximum}")
        return number


TRIGGER_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **TRIGGER_BASE_SCHEMA,
            vol.Required("platform"): "time_pattern",
            vol.Optional("hours"): TimePattern(23),
            vol.Optional("minutes"): TimePattern(59),
            vol.Optional("seconds"): TimePattern(59),
        }
    ),
    has_at_least_one_key("hours", "minutes", "seconds"),
)


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Fire at every matching second."""
    hours = config.get("hours")
    minutes = config.get("minutes")
    seconds = config.get("seconds")
    if minutes is None and hours is not None:
        minutes = 0
    if seconds is None and minutes is not None:
        seconds = 0

    def fire(now: datetime) -> None:
        runner({"platform": "time_pattern", "now": now, "description": "time pattern"})

    return track_time_pattern(
        hub,
        fire,
        expand_pattern(hours, 23),
        expand_pattern(minutes, 59),
        expand_pattern(seconds, 59),
    )
