"""``CONDITION_SCHEMA``: every condition Home Assistant 2025.1 accepts in YAML.

Forms accepted besides ``condition: <kind>`` mappings:

- a template string: ``"{{ is_state('sun.sun', 'below_horizon') }}"``;
- ``condition: "{{ ... }}"`` (a template condition);
- ``and:``/``or:``/``not:`` with a list (``{or: [...], alias: ...}``);
- ``condition: [ ... ]`` (a list under ``condition:`` means *and*).

Each is normalised to ``{"condition": <kind>, ...}`` so the engine sees one form. Every
condition may carry ``alias`` and ``enabled`` (a boolean or a limited template).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import voluptuous as vol

from hub.condition.validators import (
    dynamic_template_value,
    enabled_flag,
    entity_ids_or_uuids,
    has_at_least_one_key,
    item_id,
    key_dependency,
    numeric_threshold,
    positive_time_period_template,
    state_texts,
    sun_event,
    template_value,
    time_of_day,
    weekdays,
)
from hub.config import validators as cv
from hub.config.time_periods import time_period
from hub.template import is_template_string

BASE_SCHEMA: Final[dict[Any, Any]] = {
    vol.Optional("alias"): cv.string,
    vol.Optional("enabled"): enabled_flag,
}
_BASE_KEYS: Final = frozenset({"alias", "enabled"})
_LOGIC: Final = ("and", "or", "not")


def _conditions(value: Any) -> list[dict[str, Any]]:
    return CONDITIONS_SCHEMA(value)  # type: ignore[no-any-return]


def _logic_schema(kind: str) -> vol.Schema:
    return vol.Schema(
        {**BASE_SCHEMA, vol.Required("condition"): kind, vol.Required("conditions"): _conditions}
    )


_STATE_BASE: Final[dict[Any, Any]] = {
    **BASE_SCHEMA,
    vol.Required("condition"): "state",
    vol.Required("entity_id"): entity_ids_or_uuids,
    vol.Optional("match", default="all"): vol.All(vol.Lower, vol.Any("all", "any")),
    vol.Optional("attribute"): cv.string,
    vol.Optional("for"): positive_time_period_template,
    vol.Optional("from"): cv.string,  # HA keeps it for very old configurations
}
_STATE_OF_STATE: Final = vol.Schema({**_STATE_BASE, vol.Required("state"): state_texts})
_STATE_OF_ATTRIBUTE: Final = vol.Schema({**_STATE_BASE, vol.Required("state"): cv.match_all})


def _state_schema(value: Any) -> Any:
    """A state condition compares text, or any value when it looks at an attribute."""
    schema = _STATE_OF_ATTRIBUTE if "attribute" in value else _STATE_OF_STATE
    return key_dependency("for", "state")(schema(value))


_NUMERIC_STATE_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **BASE_SCHEMA,
            vol.Required("condition"): "numeric_state",
            vol.Required("entity_id"): entity_ids_or_uuids,
            vol.Optional("attribute"): cv.string,
            vol.Optional("below"): numeric_threshold,
            vol.Optional("above"): numeric_threshold,
            vol.Optional("value_template"): template_value,
        }
    ),
    has_at_least_one_key("below", "above"),
)

_TEMPLATE_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required("condition"): "template",
        vol.Required("value_template"): template_value,
    }
)


def _time_bound(value: Any) -> Any:
    """A time of day, or an input_datetime, time or timestamp sensor entity."""
    if isinstance(value, str) and "." in value:
        try:
            return cv.entity_domain(("input_datetime", "time", "sensor"))(value)
        except vol.Invalid:
            raise vol.Invalid(
                'expected a time like "07:00:00" or an input_datetime, time or sensor entity'
            ) from None
    return time_of_day(value)


_TIME_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **BASE_SCHEMA,
            vol.Required("condition"): "time",
            vol.Optional("before"): _time_bound,
            vol.Optional("after"): _time_bound,
            vol.Optional("weekday"): weekdays,
        }
    ),
    has_at_least_one_key("before", "after", "weekday"),
)

_SUN_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **BASE_SCHEMA,
            vol.Required("condition"): "sun",
            vol.Optional("before"): sun_event,
            vol.Optional("before_offset"): time_period,
            vol.Optional("after"): sun_event,
            vol.Optional("after_offset"): time_period,
        }
    ),
    has_at_least_one_key("before", "after"),
)

_TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required("condition"): "trigger",
        vol.Required("id"): vol.All(cv.ensure_list, [item_id]),
    }
)

_ZONE_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required("condition"): "zone",
        vol.Required("entity_id"): cv.entity_ids,
        vol.Required("zone"): cv.entity_ids,
        vol.Optional("event"): vol.Any("enter", "leave"),  # HA keeps it for old configurations
    }
)

_DEVICE_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required("condition"): "device",
        vol.Required("device_id"): cv.string,
        vol.Required("domain"): cv.string,
        vol.Remove("metadata"): dict,
    },
    extra=vol.ALLOW_EXTRA,
)

KIND_SCHEMAS: Final[dict[str, Callable[[Any], Any]]] = {
    "and": _logic_schema("and"),
    "or": _logic_schema("or"),
    "not": _logic_schema("not"),
    "state": _state_schema,
    "numeric_state": _NUMERIC_STATE_SCHEMA,
    "template": _TEMPLATE_SCHEMA,
    "time": _TIME_SCHEMA,
    "sun": _SUN_SCHEMA,
    "trigger": _TRIGGER_SCHEMA,
    "zone": _ZONE_SCHEMA,
    "device": _DEVICE_SCHEMA,
}

_KIND_HELP: Final = (
    "a condition needs 'condition:' with one of " + ", ".join(sorted(KIND_SCHEMAS)) + ", "
    "or 'and:'/'or:'/'not:' with a list, or is a template"
)


def _expand_shorthand(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """``{or: [...]}`` -> ``{condition: or, conditions: [...]}``; ``condition: [...]``
    -> an ``and``."""
    if "conditions" in value:
        return value
    for kind in _LOGIC:
        if kind in value and set(value) - {kind} <= _BASE_KEYS:
            rest = {key: item for key, item in value.items() if key != kind}
            return {"condition": kind, "conditions": value[kind], **rest}
    if isinstance(value.get("condition"), list) and set(value) - {"condition"} <= _BASE_KEYS:
        rest = {key: item for key, item in value.items() if key != "condition"}
        return {"condition": "and", "conditions": value["condition"], **rest}
    return value


def condition_schema(value: Any) -> dict[str, Any]:
    """One condition, validated and normalised."""
    if isinstance(value, str):
        if not is_template_string(value):
            raise vol.Invalid(
                "a condition written as text must be a template like \"{{ is_state('x', 'on') }}\""
            )
        return {"condition": "template", "value_template": dynamic_template_value(value)}
    if not isinstance(value, Mapping):
        raise vol.Invalid(_KIND_HELP)
    config = _expand_shorthand(value)
    kind = config.get("condition")
    if isinstance(kind, str) and kind in KIND_SCHEMAS:
        validated: dict[str, Any] = KIND_SCHEMAS[kind](config)
        return validated
    if isinstance(kind, str) and is_template_string(kind):
        checked = vol.Schema({**BASE_SCHEMA, vol.Required("condition"): dynamic_template_value})(
            config
        )
        return {**checked, "condition": "template", "value_template": checked["condition"]}
    if kind is None:
        raise vol.Invalid(_KIND_HELP)
    raise vol.Invalid(f"unknown condition '{kind}'; {_KIND_HELP}", path=["condition"])


CONDITION_SCHEMA: Final = condition_schema
CONDITIONS_SCHEMA: Final = vol.All(cv.ensure_list, [condition_schema])
