"""Validators shared by the condition and trigger schemas (Home Assistant's
``config_validation`` pieces for automations), each with a message a homeowner can act
on. Where a YAML 1.1 surprise is the likely cause (an unquoted ``on`` read as true, an
unquoted ``19:00:00`` read as the number 68400) the message says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import time, timedelta
from typing import Any, Final

import voluptuous as vol

from hub.config import validators as cv
from hub.config.time_periods import positive_time_period
from hub.template import Template, is_template_string
from hub.template.validators import dynamic_template, template, template_complex

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SUN_EVENTS: Final = ("sunrise", "sunset")
THRESHOLD_DOMAINS: Final = ("input_number", "number", "sensor", "zone")
_UUID_HEX: Final = re.compile(r"^[0-9a-f]{32}$")
_TIME_HELP: Final = 'expected a time like "07:00" or "07:00:00"'


def time_of_day(value: Any) -> time:
    """``"HH:MM"`` or ``"HH:MM:SS"`` (HA's ``cv.time``)."""
    if isinstance(value, time):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        if isinstance(value, int):
            raise vol.Invalid(
                f"{_TIME_HELP}; an unquoted time like 19:00:00 is read by YAML as the number "
                f"{value} (seconds), so put quotes around it"
            )
        raise vol.Invalid(_TIME_HELP)
    parsed = parse_time(value)
    if parsed is None:
        raise vol.Invalid(_TIME_HELP)
    return parsed


def parse_time(text: str) -> time | None:
    """``"HH:MM[:SS]"`` as a ``time``, or None."""
    parts = text.strip().split(":")
    if len(parts) not in (2, 3):
        return None
    try:
        numbers = [int(part) for part in parts]
        return time(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 0)
    except ValueError:
        return None


def entity_id_or_uuid(value: Any) -> str:
    """An entity id, or an entity registry id (32 hex digits) that is resolved later."""
    text = cv.string(value).strip()
    if _UUID_HEX.match(text):
        return text
    try:
        return cv.entity_id(text)
    except vol.Invalid:
        raise vol.Invalid(
            f"entity {text} is neither a valid entity ID nor an entity registry ID"
        ) from None


entity_ids_or_uuids: Final = cv.list_of(entity_id_or_uuid)
"""One or more entity ids or registry ids (a list, or text separated by commas)."""


def state_text(value: Any) -> str:
    """A state to compare with: text (numbers are taken as their text).

    Home Assistant accepts only text; a YAML boolean is refused with the likely cause.
    """
    if isinstance(value, bool):
        raise vol.Invalid(
            "expected a state as text; YAML reads unquoted on/off/yes/no as true/false, so "
            'write it in quotes ("on")'
        )
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    raise vol.Invalid("expected a state as text")


def state_texts(value: Any) -> str | list[str]:
    """A state, or a list of states."""
    if isinstance(value, list):
        result: list[str] = []
        for index, item in enumerate(value):
            try:
                result.append(state_text(item))
            except vol.Invalid as err:
                raise vol.Invalid(err.error_message, path=[index]) from None
        return result
    return state_text(value)


def optional_state_texts(value: Any) -> str | list[str] | None:
    """A state, a list of states, or null (any state)."""
    return None if value is None else state_texts(value)


def template_value(value: Any) -> Template:
    """A template (any text), compile-checked; an already built one is kept."""
    return value if isinstance(value, Template) else template(value)


def dynamic_template_value(value: Any) -> Template:
    """A template with template syntax; an already built one is kept."""
    return value if isinstance(value, Template) else dynamic_template(value)


def positive_time_period_template(value: Any) -> Any:
    """A duration (``"00:05:00"``, seconds, ``{minutes: 5}``), a template giving one, or
    a mapping of units holding templates."""
    if isinstance(value, Template):
        return value
    if isinstance(value, Mapping) and any(isinstance(item, Template) for item in value.values()):
        return value
    if isinstance(value, str) and is_template_string(value):
        return dynamic_template(value)
    if isinstance(value, Mapping) and any(
        isinstance(item, str) and is_template_string(item) for item in value.values()
    ):
        return template_complex(dict(value))
    return positive_time_period(value)


def numeric_threshold(value: Any) -> float | str | Template:
    """A number, the entity id of an input_number/number/sensor/zone whose state is the
    number, or a template giving either."""
    if isinstance(value, Template):
        return value
    if isinstance(value, str) and is_template_string(value):
        return dynamic_template(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
        try:
            return cv.entity_domain(THRESHOLD_DOMAINS)(value)
        except vol.Invalid:
            raise vol.Invalid(
                "expected a number, or the entity ID of an input_number, number, sensor or zone"
            ) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise vol.Invalid("expected a number or an entity ID")
    return float(value)


def sun_event(value: Any) -> str:
    """``sunrise`` or ``sunset``."""
    text = cv.string(value).strip().lower()
    if text not in SUN_EVENTS:
        raise vol.Invalid("expected sunrise or sunset")
    return text


def weekdays(value: Any) -> list[str]:
    """``mon``...``sun``, one or a list."""
    days = cv.ensure_list(value)
    for index, day in enumerate(days):
        if day not in WEEKDAYS:
            raise vol.Invalid(
                "expected a weekday: mon, tue, wed, thu, fri, sat or sun", path=[index]
            )
    return [str(day) for day in days]


def enabled_flag(value: Any) -> bool | Template:
    """``enabled: false``, or a (limited) template deciding it."""
    if isinstance(value, Template):
        return value
    if isinstance(value, str) and is_template_string(value):
        return template(value)
    return cv.boolean(value)


def item_id(value: Any) -> str:
    """An ``id``: text (a number is taken as its text)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise vol.Invalid("expected an id as text")
    return str(value)


def has_at_least_one_key(*keys: str) -> Callable[[Any], Any]:
    """At least one of ``keys`` is present."""

    def validate(config: Any) -> Any:
        if not isinstance(config, Mapping) or not any(key in config for key in keys):
            raise vol.Invalid(f"must contain at least one of {', '.join(keys)}")
        return config

    return validate


def key_dependency(key: str, dependency: str) -> Callable[[Any], Any]:
    """``key`` may only be given together with ``dependency``."""

    def validate(config: Any) -> Any:
        if key in config and dependency not in config:
            raise vol.Invalid(f'"{key}" needs "{dependency}" too', path=[key])
        return config

    return validate


def to_timedelta(value: Any) -> timedelta:
    """A rendered ``for:`` value as a duration (raises ``vol.Invalid``)."""
    result: timedelta = positive_time_period(value)
    return result
