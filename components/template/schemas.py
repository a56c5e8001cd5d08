"""Configuration of the ``template`` integration, as Home Assistant 2025.1 reads it.

Modern ``template:`` is a list of blocks; each block may carry a ``unique_id`` prefix,
``variables`` and (trigger-based blocks) ``trigger``/``condition``/``action``, and lists
of ``sensor``, ``binary_sensor``, ``switch``, ``number`` and ``select`` entities. The
legacy forms are ``sensor: - platform: template`` / ``binary_sensor: - platform:
template`` with ``sensors:`` keyed by object id and ``value_template``, also accepted
inside a modern block as ``sensors:`` / ``binary_sensors:``. Every template is
compile-checked here, so ``watthub check-config`` reports a broken one with its
file:line.
"""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol

from components.template.actions import script_schema
from components.template.template_entity import (
    CONF_ATTRIBUTES,
    CONF_AVAILABILITY,
    CONF_ICON,
    CONF_NAME,
    CONF_PICTURE,
    CONF_UNIQUE_ID,
    CONF_VARIABLES,
)
from hub.config.time_periods import positive_time_period
from hub.config.validators import boolean, ensure_list, entity_ids, match_all, slug, string
from hub.template.validators import template, template_complex
from hub.units import BinarySensorDeviceClass, SensorDeviceClass, SensorStateClass

CONF_STATE: Final = "state"
CONF_TRIGGER: Final = "trigger"
CONF_TRIGGERS: Final = "triggers"
CONF_CONDITION: Final = "condition"
CONF_CONDITIONS: Final = "conditions"
CONF_ACTION: Final = "action"
CONF_ACTIONS: Final = "actions"
CONF_DEVICE_CLASS: Final = "device_class"
CONF_STATE_CLASS: Final = "state_class"
CONF_UNIT: Final = "unit_of_measurement"
CONF_LAST_RESET: Final = "last_reset"
CONF_DELAY_ON: Final = "delay_on"
CONF_DELAY_OFF: Final = "delay_off"
CONF_AUTO_OFF: Final = "auto_off"
CONF_TURN_ON: Final = "turn_on"
CONF_TURN_OFF: Final = "turn_off"
CONF_SET_VALUE: Final = "set_value"
CONF_SELECT_OPTION: Final = "select_option"
CONF_OPTIONS: Final = "options"
CONF_OPTIMISTIC: Final = "optimistic"
CONF_MIN: Final = "min"
CONF_MAX: Final = "max"
CONF_STEP: Final = "step"
CONF_SENSORS: Final = "sensors"
CONF_BINARY_SENSORS: Final = "binary_sensors"
CONF_SWITCHES: Final = "switches"
CONF_VALUE_TEMPLATE: Final = "value_template"
CONF_ICON_TEMPLATE: Final = "icon_template"
CONF_PICTURE_TEMPLATE: Final = "entity_picture_template"
CONF_AVAILABILITY_TEMPLATE: Final = "availability_template"
CONF_FRIENDLY_NAME: Final = "friendly_name"
CONF_FRIENDLY_NAME_TEMPLATE: Final = "friendly_name_template"
CONF_ATTRIBUTE_TEMPLATES: Final = "attribute_templates"
CONF_ENTITY_ID: Final = "entity_id"

DOMAINS: Final = ("sensor", "binary_sensor", "switch", "number", "select")
DEFAULT_NAMES: Final = {
    "sensor": "Template Sensor",
    "binary_sensor": "Template Binary Sensor",
    "switch": "Template Switch",
    "number": "Template Number",
    "select": "Template Select",
}


def _variables(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise vol.Invalid("expected a mapping of variable names to values")
    result: dict[str, Any] = template_complex(value)
    return result


def _time_or_template(value: Any) -> Any:
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        return template(value)
    return positive_time_period(value)


def _common(domain: str) -> dict[Any, Any]:
    """Keys every modern template entity accepts."""
    return {
        vol.Optional(CONF_NAME, default=DEFAULT_NAMES[domain]): template,
        vol.Optional(CONF_UNIQUE_ID): string,
        vol.Optional(CONF_ICON): template,
        vol.Optional(CONF_PICTURE): template,
        vol.Optional(CONF_AVAILABILITY): template,
        vol.Optional(CONF_ATTRIBUTES): vol.Schema({string: template}),
        vol.Optional(CONF_VARIABLES): _variables,
    }


def _sensor_last_reset(config: dict[str, Any]) -> dict[str, Any]:
    if CONF_LAST_RESET in config and config.get(CONF_STATE_CLASS) != SensorStateClass.TOTAL:
        raise vol.Invalid("last_reset is only valid for template sensors with state_class 'total'")
    return config


SENSOR_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **_common("sensor"),
            vol.Required(CONF_STATE): template,
            vol.Optional(CONF_UNIT): string,
            vol.Optional(CONF_DEVICE_CLASS): vol.Coerce(SensorDeviceClass),
            vol.Optional(CONF_STATE_CLASS): vol.Coerce(SensorStateClass),
            vol.Optional(CONF_LAST_RESET): template,
        }
    ),
    _sensor_last_reset,
)

BINARY_SENSOR_SCHEMA: Final = vol.Schema(
    {
        **_common("binary_sensor"),
        vol.Required(CONF_STATE): template,
        vol.Optional(CONF_DEVICE_CLASS): vol.Coerce(BinarySensorDeviceClass),
        vol.Optional(CONF_DELAY_ON): _time_or_template,
        vol.Optional(CONF_DELAY_OFF): _time_or_template,
        vol.Optional(CONF_AUTO_OFF): _time_or_template,
    }
)

SWITCH_SCHEMA: Final = vol.Schema(
    {
        **_common("switch"),
        vol.Optional(CONF_STATE): template,
        vol.Optional(CONF_TURN_ON): script_schema,
        vol.Optional(CONF_TURN_OFF): script_schema,
        vol.Optional(CONF_OPTIMISTIC): boolean,
    }
)

NUMBER_SCHEMA: Final = vol.Schema(
    {
        **_common("number"),
        vol.Required(CONF_STATE): template,
        vol.Required(CONF_SET_VALUE): script_schema,
        vol.Optional(CONF_STEP, default=1): template,
        vol.Optional(CONF_MIN, default=0.0): template,
        vol.Optional(CONF_MAX, default=100.0): template,
        vol.Optional(CONF_UNIT): string,
        vol.Optional(CONF_OPTIMISTIC, default=False): boolean,
    }
)

SELECT_SCHEMA: Final = vol.Schema(
    {
        **_common("select"),
        vol.Required(CONF_STATE): template,
        vol.Required(CONF_OPTIONS): template,
        vol.Required(CONF_SELECT_OPTION): script_schema,
        vol.Optional(CONF_OPTIMISTIC, default=False): boolean,
    }
)

LEGACY_SENSOR_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_VALUE_TEMPLATE): template,
        vol.Optional(CONF_ICON_TEMPLATE): template,
        vol.Optional(CONF_PICTURE_TEMPLATE): template,
        vol.Optional(CONF_FRIENDLY_NAME_TEMPLATE): template,
        vol.Optional(CONF_AVAILABILITY_TEMPLATE): template,
        vol.Optional(CONF_ATTRIBUTE_TEMPLATES, default={}): vol.Schema({string: template}),
        vol.Optional(CONF_FRIENDLY_NAME): string,
        vol.Optional(CONF_UNIT): string,
        vol.Optional(CONF_DEVICE_CLASS): vol.Coerce(SensorDeviceClass),
        vol.Optional(CONF_ENTITY_ID): entity_ids,
        vol.Optional(CONF_UNIQUE_ID): string,
    }
)

LEGACY_BINARY_SENSOR_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_VALUE_TEMPLATE): template,
        vol.Optional(CONF_ICON_TEMPLATE): template,
        vol.Optional(CONF_PICTURE_TEMPLATE): template,
        vol.Optional(CONF_AVAILABILITY_TEMPLATE): template,
        vol.Optional(CONF_ATTRIBUTE_TEMPLATES): vol.Schema({string: template}),
        vol.Optional(CONF_FRIENDLY_NAME): string,
        vol.Optional(CONF_ENTITY_ID): entity_ids,
        vol.Optional(CONF_DEVICE_CLASS): vol.Coerce(BinarySensorDeviceClass),
        vol.Optional(CONF_DELAY_ON): _time_or_template,
        vol.Optional(CONF_DELAY_OFF): _time_or_template,
        vol.Optional(CONF_UNIQUE_ID): string,
    }
)


_LEGACY_RENAMES: Final = {
    CONF_VALUE_TEMPLATE: CONF_STATE,
    CONF_ICON_TEMPLATE: CONF_ICON,
    CONF_PICTURE_TEMPLATE: CONF_PICTURE,
    CONF_AVAILABILITY_TEMPLATE: CONF_AVAILABILITY,
    CONF_ATTRIBUTE_TEMPLATES: CONF_ATTRIBUTES,
    CONF_FRIENDLY_NAME_TEMPLATE: CONF_NAME,
}


def legacy_to_modern(object_id: str, config: dict[str, Any]) -> dict[str, Any]:
    """A legacy entity (``value_template``...) in the modern keys, with its object id
    (HA rewrites them the same way). ``entity_id`` is dropped: templates track what
    they read."""
    modern: dict[str, Any] = {"object_id": object_id}
    for key, value in config.items():
        if key not in (CONF_ENTITY_ID, CONF_FRIENDLY_NAME):
            modern[_LEGACY_RENAMES.get(key, key)] = value
    if CONF_NAME not in modern and CONF_FRIENDLY_NAME in config:
        modern[CONF_NAME] = config[CONF_FRIENDLY_NAME]
    return modern


def legacy_entities(schema: vol.Schema) -> Any:
    """``{object_id: {...}}`` validated with the legacy schema."""
    return vol.Schema({slug: schema})


SENSOR_PLATFORM_SCHEMA: Final = vol.Schema(
    {
        vol.Required("platform"): "template",
        vol.Optional(CONF_TRIGGER): match_all,
        vol.Required(CONF_SENSORS): legacy_entities(LEGACY_SENSOR_SCHEMA),
    }
)

LEGACY_SWITCH_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_VALUE_TEMPLATE): template,
        vol.Optional(CONF_ICON_TEMPLATE): template,
        vol.Optional(CONF_PICTURE_TEMPLATE): template,
        vol.Optional(CONF_AVAILABILITY_TEMPLATE): template,
        vol.Required(CONF_TURN_ON): script_schema,
        vol.Required(CONF_TURN_OFF): script_schema,
        vol.Optional(CONF_FRIENDLY_NAME): string,
        vol.Optional(CONF_ENTITY_ID): entity_ids,
        vol.Optional(CONF_UNIQUE_ID): string,
    }
)

SWITCH_PLATFORM_SCHEMA: Final = vol.Schema(
    {
        vol.Required("platform"): "template",
        vol.Required(CONF_SWITCHES): legacy_entities(LEGACY_SWITCH_SCHEMA),
    }
)

BINARY_SENSOR_PLATFORM_SCHEMA: Final = vol.Schema(
    {
        vol.Required("platform"): "template",
        vol.Required(CONF_SENSORS): legacy_entities(LEGACY_BINARY_SENSOR_SCHEMA),
    }
)


def _singular(config: dict[str, Any]) -> dict[str, Any]:
    """Accept the plural ``triggers``/``conditions``/``actions`` spellings too."""
    config = config.copy()
    for plural, singular in (
        (CONF_TRIGGERS, CONF_TRIGGER),
        (CONF_CONDITIONS, CONF_CONDITION),
        (CONF_ACTIONS, CONF_ACTION),
    ):
        if plural in config:
            if singular in config:
                raise vol.Invalid(f"use either {singular} or {plural}, not both")
            config[singular] = config.pop(plural)
    return config


def _trigger_only(config: dict[str, Any]) -> dict[str, Any]:
    if CONF_TRIGGER not in config and (CONF_CONDITION in config or CONF_ACTION in config):
        key = CONF_CONDITION if CONF_CONDITION in config else CONF_ACTION
        raise vol.Invalid(f"'{key}' is only valid in a trigger-based block (with 'trigger')")
    return config


def _triggers(value: Any) -> Any:
    from hub.trigger import TRIGGERS_SCHEMA  # noqa: PLC0415 - optional engine

    return TRIGGERS_SCHEMA(value)


def _conditions(value: Any) -> Any:
    from hub.condition import CONDITIONS_SCHEMA  # noqa: PLC0415 - optional engine

    return CONDITIONS_SCHEMA(value)


BLOCK_SCHEMA: Final = vol.All(
    dict,
    _singular,
    vol.Schema(
        {
            vol.Optional(CONF_UNIQUE_ID): string,
            vol.Optional(CONF_TRIGGER): _triggers,
            vol.Optional(CONF_CONDITION): _conditions,
            vol.Optional(CONF_ACTION): script_schema,
            vol.Optional(CONF_VARIABLES): _variables,
            vol.Optional("sensor"): vol.All(ensure_list, [SENSOR_SCHEMA]),
            vol.Optional("binary_sensor"): vol.All(ensure_list, [BINARY_SENSOR_SCHEMA]),
            vol.Optional("switch"): vol.All(ensure_list, [SWITCH_SCHEMA]),
            vol.Optional("number"): vol.All(ensure_list, [NUMBER_SCHEMA]),
            vol.Optional("select"): vol.All(ensure_list, [SELECT_SCHEMA]),
            vol.Optional(CONF_SENSORS): legacy_entities(LEGACY_SENSOR_SCHEMA),
            vol.Optional(CONF_BINARY_SENSORS): legacy_entities(LEGACY_BINARY_SENSOR_SCHEMA),
        }
    ),
    _trigger_only,
)

CONFIG_SCHEMA: Final = vol.All(ensure_list, [BLOCK_SCHEMA])
