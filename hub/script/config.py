"""The ``script:`` configuration block: one entry per script, keyed by its object id.

::

    script:
      boost_boiler:
        alias: Boost the boiler
        icon: mdi:water-boiler
        description: Heat the tank now
        mode: single              # restart | queued | parallel (+ max, max_exceeded)
        fields:
          minutes: {name: Minutes, default: 30, selector: {number: {min: 5, max: 120}}}
        variables: {...}
        sequence: [...]           # required
      morning: {use_blueprint: {path: ..., input: {...}}}

Each script is validated on its own (``validate_config_block``): a broken one is reported
with file and line and set up unavailable; the others load.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from hub.blueprint import BlueprintFolder
from hub.blueprint.selectors import validate_selector
from hub.config import validators as cv
from hub.config.yaml_nodes import location_of
from hub.exceptions import ConfigError
from hub.loader.config_validation import ValidatedBlock
from hub.script.action_schema import SCRIPT_SCHEMA, _variables
from hub.script.const import (
    CONF_ALIAS,
    CONF_MAX,
    CONF_MAX_EXCEEDED,
    CONF_MODE,
    CONF_SEQUENCE,
    CONF_VARIABLES,
    DEFAULT_MAX,
    DEFAULT_MAX_EXCEEDED,
    MAX_EXCEEDED_CHOICES,
    SCRIPT_MODE_SINGLE,
    SCRIPT_MODES,
)
from hub.script.validation import ValidatedItem, known_device_ids, validate_item

DOMAIN: Final = "script"
CONF_FIELDS: Final = "fields"
CONF_ICON: Final = "icon"
CONF_DESCRIPTION: Final = "description"
CONF_TRACE: Final = "trace"
RESERVED_OBJECT_IDS: Final = frozenset({"reload", "turn_on", "turn_off", "toggle"})

TRACE_CONFIG_SCHEMA: Final = vol.Schema({vol.Optional("stored_traces", default=5): cv.positive_int})


def _max_exceeded(value: Any) -> str:
    text = cv.string(value).strip().upper()
    if text not in MAX_EXCEEDED_CHOICES:
        raise vol.Invalid(
            "max_exceeded must be silent or a log level (critical, error, warning, info, debug)"
        )
    return text


def _max_runs(value: Any) -> int:
    number = cv.integer(value)
    if number < 2:
        raise vol.Invalid("max must be at least 2")
    return number


def mode_fields(default_mode: str) -> dict[Any, Any]:
    """``mode``, ``max`` and ``max_exceeded``, shared by scripts and automations."""
    return {
        vol.Optional(CONF_MODE, default=default_mode): vol.In(
            SCRIPT_MODES, msg=f"mode must be one of {', '.join(SCRIPT_MODES)}"
        ),
        vol.Optional(CONF_MAX, default=DEFAULT_MAX): _max_runs,
        vol.Optional(CONF_MAX_EXCEEDED, default=DEFAULT_MAX_EXCEEDED): _max_exceeded,
    }


VARIABLES_SCHEMA: Final = _variables

FIELD_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("advanced", default=False): cv.boolean,
        vol.Optional("default"): cv.match_all,
        vol.Optional("description"): cv.string,
        vol.Optional("example"): cv.match_all,
        vol.Optional("name"): cv.string,
        vol.Optional("required", default=False): cv.boolean,
        vol.Optional("selector"): validate_selector,
    }
)

SCRIPT_ITEM_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_ALIAS): cv.string,
        vol.Optional(CONF_TRACE, default=dict): TRACE_CONFIG_SCHEMA,
        vol.Optional(CONF_ICON): cv.icon,
        vol.Optional(CONF_DESCRIPTION, default=""): vol.Any(None, cv.string),
        vol.Optional(CONF_VARIABLES): VARIABLES_SCHEMA,
        vol.Optional(CONF_FIELDS, default=dict): vol.Any(
            None, {cv.string: vol.Any(None, FIELD_SCHEMA)}
        ),
        vol.Required(CONF_SEQUENCE): SCRIPT_SCHEMA,
        **mode_fields(SCRIPT_MODE_SINGLE),
    }
)


def object_id_error(object_id: Any) -> str | None:
    """Why ``object_id`` cannot name a script (None when it can)."""
    try:
        cv.slug(object_id)
    except vol.Invalid as err:
        return f"script id {object_id!r}: {err.error_message}"
    if object_id in RESERVED_OBJECT_IDS:
        return (
            f"script id '{object_id}' is reserved for the script.{object_id} service; "
            "choose another name"
        )
    return None


def validate_config_block(value: Any, config_dir: Path | None) -> ValidatedBlock:
    """Validate every script of a ``script:`` block on its own. Blocking (blueprints,
    the stored device registry)."""
    if value is None:
        return ValidatedBlock({})
    if not isinstance(value, Mapping):
        where = location_of(value)
        error = ConfigError(
            "script: expected a mapping of script ids to scripts (like `my_script:`)",
            where.file if where else None,
            where.line if where else None,
        )
        return ValidatedBlock({}, [error])
    folder = BlueprintFolder(config_dir, DOMAIN) if config_dir is not None else None
    devices = known_device_ids(config_dir)
    scripts: dict[str, ValidatedItem] = {}
    errors: list[ConfigError] = []
    for object_id, item in value.items():
        where = value.key_location(object_id) if hasattr(value, "key_location") else None
        problem = object_id_error(object_id)
        if problem is not None:
            errors.append(
                ConfigError(problem, where.file if where else None, where.line if where else None)
            )
            continue
        label = f"script '{object_id}'"
        if not isinstance(item, Mapping):
            error = ConfigError(
                f"{label}: expected a mapping with at least `sequence:`",
                where.file if where else None,
                where.line if where else None,
            )
            scripts[str(object_id)] = ValidatedItem(None, None, None, [error], where)
            errors.append(error)
            continue
        checked = validate_item(
            item,
            SCRIPT_ITEM_SCHEMA,
            label=label,
            folder=folder,
            action_keys=(CONF_SEQUENCE,),
            devices=devices,
        )
        scripts[str(object_id)] = checked
        errors.extend(checked.errors)
    return ValidatedBlock(scripts, errors)
