"""Voluptuous schemas for script actions: every action of Home Assistant 2025.1.

An action's type is decided by the first key present, in Home Assistant's order
(``const.ACTION_KEYS``); each type has its own schema. Old spellings are accepted and
normalised so the engine sees one form: ``service:``/``service_template:`` become
``action:`` (writing both ``service`` and ``action`` is an error, as in Home Assistant),
``data_template`` is kept beside ``data`` and merged at run time, ``event_data_template``
beside ``event_data``, and a top-level ``entity_id`` on a service call is kept (it joins
the target at run time). ``metadata`` (written by the UI) is dropped.

Validation is static: it needs no hub. Device actions are checked against the device
registry separately (``validation.check_device_actions``), because that needs the stored
registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, Final

import voluptuous as vol

from hub.condition import CONDITION_SCHEMA, CONDITIONS_SCHEMA
from hub.config import validators as cv
from hub.config.time_periods import positive_time_period
from hub.const import ENTITY_MATCH_ALL, ENTITY_MATCH_NONE
from hub.script.const import (
    ACTION_CALL_SERVICE,
    ACTION_CHOOSE,
    ACTION_CONDITION,
    ACTION_DELAY,
    ACTION_DEVICE,
    ACTION_EVENT,
    ACTION_IF,
    ACTION_KEYS,
    ACTION_PARALLEL,
    ACTION_REPEAT,
    ACTION_SCENE,
    ACTION_SEQUENCE,
    ACTION_SET_CONVERSATION_RESPONSE,
    ACTION_STOP,
    ACTION_VARIABLES,
    ACTION_WAIT_FOR_TRIGGER,
    ACTION_WAIT_TEMPLATE,
    CONF_ACTION,
    CONF_ALIAS,
    CONF_CHOOSE,
    CONF_CONDITIONS,
    CONF_CONTINUE_ON_ERROR,
    CONF_CONTINUE_ON_TIMEOUT,
    CONF_COUNT,
    CONF_DATA,
    CONF_DATA_TEMPLATE,
    CONF_DEFAULT,
    CONF_DELAY,
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_ELSE,
    CONF_ENABLED,
    CONF_ENTITY_ID,
    CONF_ERROR,
    CONF_EVENT,
    CONF_EVENT_DATA,
    CONF_EVENT_DATA_TEMPLATE,
    CONF_FOR_EACH,
    CONF_IF,
    CONF_METADATA,
    CONF_PARALLEL,
    CONF_REPEAT,
    CONF_RESPONSE_VARIABLE,
    CONF_SCENE,
    CONF_SEQUENCE,
    CONF_SERVICE,
    CONF_SERVICE_TEMPLATE,
    CONF_SET_CONVERSATION_RESPONSE,
    CONF_STOP,
    CONF_TARGET,
    CONF_THEN,
    CONF_TIMEOUT,
    CONF_UNTIL,
    CONF_VARIABLES,
    CONF_WAIT_FOR_TRIGGER,
    CONF_WAIT_TEMPLATE,
    CONF_WHILE,
)
from hub.states import valid_entity_id
from hub.template.validators import dynamic_template, template, template_complex
from hub.trigger import TRIGGERS_SCHEMA

_UUID_HEX: Final = re.compile(r"^[0-9a-f]{32}$")


class UnknownAction(ValueError):
    """No key of the mapping names an action type."""


def determine_action(action: Mapping[str, Any]) -> str:
    """The action type of ``action``: the first known key in Home Assistant's order."""
    for key, kind in ACTION_KEYS.items():
        if key in action:
            return kind
    raise UnknownAction(
        "unknown action; an action starts with one of: action (a service call), delay, "
        "wait_template, wait_for_trigger, condition, event, choose, if, repeat, "
        "parallel, sequence, variables, stop, scene, device_id"
    )


# -- shared pieces -----------------------------------------------------------------------


def service_name(value: Any) -> str:
    """``domain.service`` in lowercase."""
    text = cv.string(value).strip().lower()
    if not valid_entity_id(text):
        raise vol.Invalid(f"action {value} does not match the format <domain>.<name>")
    return text


def time_period_template(value: Any) -> Any:
    """A duration, a template giving one, or a mapping of units with templates."""
    if isinstance(value, str) and _has_template(value):
        return dynamic_template(value)
    if isinstance(value, Mapping) and any(
        isinstance(item, str) and _has_template(item) for item in value.values()
    ):
        return template_complex(value)
    return positive_time_period(value)


def _has_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def enabled_flag(value: Any) -> Any:
    """``enabled: false`` or a (limited) template deciding it at run time."""
    if isinstance(value, str) and _has_template(value):
        return template(value)
    return cv.boolean(value)


BASE_SCHEMA: Final[dict[Any, Any]] = {
    vol.Optional(CONF_ALIAS): cv.string,
    vol.Optional(CONF_CONTINUE_ON_ERROR): cv.boolean,
    vol.Optional(CONF_ENABLED): enabled_flag,
}


def target_entity_ids(value: Any) -> Any:
    """``all``, ``none``, or entity ids / registry ids / templates (a list or one)."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in (ENTITY_MATCH_ALL, ENTITY_MATCH_NONE):
            return lowered
        if _has_template(value):
            return [dynamic_template(value)]
        value = [part.strip() for part in value.split(",")]
    items = cv.ensure_list(value)
    checked: list[Any] = []
    for index, item in enumerate(items):
        try:
            checked.append(_entity_id_item(item))
        except vol.Invalid as exc:
            raise vol.Invalid(exc.error_message, path=[index]) from None
    return checked


def _entity_id_item(item: Any) -> Any:
    if isinstance(item, str) and _has_template(item):
        return dynamic_template(item)
    text = cv.string(item).strip()
    if _UUID_HEX.match(text):
        return text
    return cv.entity_id(text)


def target_ids(value: Any) -> Any:
    """``none`` or device/area/floor/label ids (templates allowed), one or a list."""
    if isinstance(value, str) and value.strip().lower() == ENTITY_MATCH_NONE:
        return ENTITY_MATCH_NONE
    return [
        dynamic_template(item) if isinstance(item, str) and _has_template(item) else cv.string(item)
        for item in cv.ensure_list(value)
    ]


TARGET_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_ENTITY_ID): target_entity_ids,
        vol.Optional("device_id"): target_ids,
        vol.Optional("area_id"): target_ids,
        vol.Optional("floor_id"): target_ids,
        vol.Optional("label_id"): target_ids,
    }
)


def _target(value: Any) -> Any:
    if isinstance(value, str):
        return dynamic_template(value)
    return TARGET_SCHEMA(value)


def _service_data(value: Any) -> Any:
    """A mapping (templates anywhere inside) or one template rendering a mapping."""
    if isinstance(value, str):
        return template(value)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise vol.Invalid("expected a mapping of service data")
    try:
        return template_complex(value)
    except vol.Invalid as exc:
        # An error about a value (a broken template), not about the key naming it.
        raise vol.Invalid(exc.msg, exc.path, error_type="dictionary value") from None


def _top_entity_id(value: Any) -> Any:
    ids = target_entity_ids(value)
    if isinstance(ids, list) and any(not isinstance(item, str) for item in ids):
        raise vol.Invalid("templates are not allowed in a top-level entity_id; use target:")
    return ids


# -- one schema per action type -----------------------------------------------------------

_SERVICE_FIELDS: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_ACTION): vol.Any(service_name, dynamic_template),
        vol.Optional(CONF_DATA): _service_data,
        vol.Optional(CONF_DATA_TEMPLATE): _service_data,
        vol.Optional(CONF_ENTITY_ID): _top_entity_id,
        vol.Optional(CONF_TARGET): _target,
        vol.Optional(CONF_RESPONSE_VARIABLE): cv.string,
        vol.Remove(CONF_METADATA): dict,
    }
)


def service_action(value: Any) -> dict[str, Any]:
    """A service call; ``service:`` and ``service_template:`` are old names of ``action:``."""
    config = dict(value)
    old = [key for key in (CONF_SERVICE, CONF_SERVICE_TEMPLATE) if key in config]
    if len(old) > 1 or (old and CONF_ACTION in config):
        written = [key for key in (CONF_ACTION, *old) if key in config]
        raise vol.Invalid(
            f"Cannot specify both {' and '.join(repr(key) for key in written)}; use 'action' only",
            path=[old[-1]],
        )
    if old:
        config[CONF_ACTION] = config.pop(old[0])
    validated: dict[str, Any] = _SERVICE_FIELDS(config)
    return validated


def _conditions(value: Any) -> Any:
    return CONDITIONS_SCHEMA(value)


DELAY_SCHEMA: Final = vol.Schema({**BASE_SCHEMA, vol.Required(CONF_DELAY): time_period_template})

WAIT_TEMPLATE_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_WAIT_TEMPLATE): template,
        vol.Optional(CONF_TIMEOUT): time_period_template,
        vol.Optional(CONF_CONTINUE_ON_TIMEOUT): cv.boolean,
    }
)

WAIT_FOR_TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_WAIT_FOR_TRIGGER): TRIGGERS_SCHEMA,
        vol.Optional(CONF_TIMEOUT): time_period_template,
        vol.Optional(CONF_CONTINUE_ON_TIMEOUT): cv.boolean,
    }
)

EVENT_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_EVENT): cv.string,
        vol.Optional(CONF_EVENT_DATA): vol.All(vol.Any(None, dict), template_complex),
        vol.Optional(CONF_EVENT_DATA_TEMPLATE): vol.All(vol.Any(None, dict), template_complex),
        vol.Optional("event_context"): dict,
    }
)


def condition_action(value: Any) -> dict[str, Any]:
    """A condition as an action: the condition schema plus ``continue_on_error``."""
    config = dict(value)
    continue_on_error = config.pop(CONF_CONTINUE_ON_ERROR, None)
    validated = dict(CONDITION_SCHEMA(config))
    if continue_on_error is not None:
        validated[CONF_CONTINUE_ON_ERROR] = cv.boolean(continue_on_error)
    return validated


def _repeat_count(value: Any) -> Any:
    if isinstance(value, str) and _has_template(value):
        return template(value)
    return cv.integer(value)


def _for_each(value: Any) -> Any:
    if isinstance(value, str):
        return dynamic_template(value)
    if not isinstance(value, list):
        raise vol.Invalid("for_each needs a list of items or a template giving one")
    return template_complex(value)


def _one_loop_kind(value: dict[str, Any]) -> dict[str, Any]:
    kinds = [key for key in (CONF_COUNT, CONF_FOR_EACH, CONF_WHILE, CONF_UNTIL) if key in value]
    if len(kinds) != 1:
        raise vol.Invalid(
            "repeat needs exactly one of count, for_each, while or until"
            + (f" (got {', '.join(kinds)})" if kinds else "")
        )
    return value


def _script_schema(value: Any) -> Any:
    return SCRIPT_SCHEMA(value)


REPEAT_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_REPEAT): vol.All(
            vol.Schema(
                {
                    vol.Optional(CONF_COUNT): _repeat_count,
                    vol.Optional(CONF_FOR_EACH): _for_each,
                    vol.Optional(CONF_WHILE): _conditions,
                    vol.Optional(CONF_UNTIL): _conditions,
                    vol.Required(CONF_SEQUENCE): _script_schema,
                }
            ),
            _one_loop_kind,
        ),
    }
)

CHOOSE_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_CHOOSE): vol.All(
            cv.ensure_list,
            [
                vol.Schema(
                    {
                        vol.Optional(CONF_ALIAS): cv.string,
                        vol.Required(CONF_CONDITIONS): _conditions,
                        vol.Required(CONF_SEQUENCE): _script_schema,
                    }
                )
            ],
        ),
        vol.Optional(CONF_DEFAULT): _script_schema,
    }
)

IF_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_IF): _conditions,
        vol.Required(CONF_THEN): _script_schema,
        vol.Optional(CONF_ELSE): _script_schema,
    }
)


def _variables(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise vol.Invalid("variables must be a mapping of names to values")
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise vol.Invalid(f"variable names must be text, got {key!r}")
        result[key] = template_complex(item)
    return result


VARIABLES_SCHEMA: Final = vol.Schema({**BASE_SCHEMA, vol.Required(CONF_VARIABLES): _variables})


def _error_or_response(value: dict[str, Any]) -> dict[str, Any]:
    if CONF_ERROR in value and CONF_RESPONSE_VARIABLE in value:
        raise vol.Invalid(
            "stop takes error or response_variable, not both", path=[CONF_RESPONSE_VARIABLE]
        )
    return value


STOP_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **BASE_SCHEMA,
            vol.Required(CONF_STOP): vol.Any(None, cv.string),
            vol.Optional(CONF_ERROR): cv.boolean,
            vol.Optional(CONF_RESPONSE_VARIABLE): cv.string,
        }
    ),
    _error_or_response,
)

_PARALLEL_SEQUENCE: Final = vol.Schema({**BASE_SCHEMA, vol.Required(CONF_SEQUENCE): _script_schema})


def _parallel_branch(value: Any) -> dict[str, Any]:
    """``{sequence: [...]}``, or one action (or a list of them) run as a branch."""
    if (
        isinstance(value, Mapping)
        and set(value) <= {CONF_SEQUENCE, *map(str, BASE_SCHEMA)}
        and (CONF_SEQUENCE in value)
    ):
        branch: dict[str, Any] = _PARALLEL_SEQUENCE(value)
        return branch
    return {CONF_SEQUENCE: SCRIPT_SCHEMA(value)}


PARALLEL_SCHEMA: Final = vol.Schema(
    {**BASE_SCHEMA, vol.Required(CONF_PARALLEL): vol.All(cv.ensure_list, [_parallel_branch])}
)

SEQUENCE_SCHEMA: Final = vol.Schema({**BASE_SCHEMA, vol.Required(CONF_SEQUENCE): _script_schema})

DEVICE_SCHEMA: Final = vol.Schema(
    {
        **BASE_SCHEMA,
        vol.Required(CONF_DEVICE_ID): cv.string,
        vol.Required(CONF_DOMAIN): cv.string,
        vol.Remove(CONF_METADATA): dict,
    },
    extra=vol.ALLOW_EXTRA,
)

SCENE_SCHEMA: Final = vol.Schema(
    {**BASE_SCHEMA, vol.Required(CONF_SCENE): cv.entity_domain("scene")}
)

CONVERSATION_RESPONSE_SCHEMA: Final = vol.Schema(
    {**BASE_SCHEMA, vol.Required(CONF_SET_CONVERSATION_RESPONSE): vol.Any(None, template)}
)

ACTION_TYPE_SCHEMAS: Final[dict[str, Callable[[Any], Any]]] = {
    ACTION_CALL_SERVICE: service_action,
    ACTION_DELAY: DELAY_SCHEMA,
    ACTION_WAIT_TEMPLATE: WAIT_TEMPLATE_SCHEMA,
    ACTION_CONDITION: condition_action,
    ACTION_EVENT: EVENT_SCHEMA,
    ACTION_DEVICE: DEVICE_SCHEMA,
    ACTION_SCENE: SCENE_SCHEMA,
    ACTION_REPEAT: REPEAT_SCHEMA,
    ACTION_CHOOSE: CHOOSE_SCHEMA,
    ACTION_WAIT_FOR_TRIGGER: WAIT_FOR_TRIGGER_SCHEMA,
    ACTION_VARIABLES: VARIABLES_SCHEMA,
    ACTION_IF: IF_SCHEMA,
    ACTION_STOP: STOP_SCHEMA,
    ACTION_PARALLEL: PARALLEL_SCHEMA,
    ACTION_SEQUENCE: SEQUENCE_SCHEMA,
    ACTION_SET_CONVERSATION_RESPONSE: CONVERSATION_RESPONSE_SCHEMA,
}


def action(value: Any) -> dict[str, Any]:
    """One action of any type."""
    if not isinstance(value, Mapping):
        raise vol.Invalid("an action must be a mapping (like `- action: light.turn_on`)")
    try:
        kind = determine_action(value)
    except UnknownAction as err:
        raise vol.Invalid(str(err)) from None
    validated: dict[str, Any] = ACTION_TYPE_SCHEMAS[kind](value)
    return validated


def _prefixed(exc: vol.Invalid, prefix: list[Any]) -> list[vol.Invalid]:
    """``exc`` (flattened) with ``prefix`` in front of each path."""
    if isinstance(exc, vol.MultipleInvalid):
        return [item for error in exc.errors for item in _prefixed(error, prefix)]
    return [type(exc)(exc.msg, [*prefix, *exc.path], exc.error_message, exc.error_type)]


def _action_list(value: Any) -> list[dict[str, Any]]:
    items = cv.ensure_list(value)
    errors: list[vol.Invalid] = []
    result: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            result.append(action(item))
        except vol.Invalid as exc:
            errors.extend(_prefixed(exc, [index]))
    if errors:
        raise vol.MultipleInvalid(errors)
    return result


ACTION_SCHEMA: Final = action
# A sequence of actions (one action alone is accepted as a one-item list).
SCRIPT_SCHEMA: Final = _action_list


def delay_seconds(value: timedelta) -> float:
    """A validated duration in seconds."""
    return value.total_seconds()
