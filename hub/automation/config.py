"""The ``automation:`` block: a list of automations (usually ``!include automations.yaml``).

Keys (Home Assistant 2025.1): ``id``, ``alias``, ``description``, ``mode`` (``single``,
``restart``, ``queued``, ``parallel``) with ``max`` and ``max_exceeded``,
``initial_state``, ``trace: {stored_traces}``, ``variables``, ``trigger_variables``,
``triggers`` (required), ``conditions``, ``actions`` (required), or ``use_blueprint``.
The singular ``trigger``/``condition``/``action`` are the old names (both spellings in one
automation is an error). Several blocks (``automation:``, ``automation old:``, packages)
are concatenated.

Each automation is validated on its own (``validate_config_block``): a broken one is
reported with file and line and set up unavailable, as Home Assistant does, and the
others load. Two automations with the same ``id`` are an error; the second is skipped
(Home Assistant ignores it too, with a log line).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from hub.blueprint import BlueprintFolder
from hub.condition import CONDITIONS_SCHEMA
from hub.config import validators as cv
from hub.config.yaml_nodes import NodeDict, location_of
from hub.exceptions import ConfigError
from hub.loader.config_validation import ValidatedBlock
from hub.script.action_schema import SCRIPT_SCHEMA
from hub.script.config import TRACE_CONFIG_SCHEMA, VARIABLES_SCHEMA, mode_fields
from hub.script.const import SCRIPT_MODE_SINGLE
from hub.script.validation import ValidatedItem, known_device_ids, validate_item
from hub.trigger import TRIGGERS_SCHEMA

DOMAIN: Final = "automation"
CONF_ID: Final = "id"
CONF_ALIAS: Final = "alias"
CONF_DESCRIPTION: Final = "description"
CONF_INITIAL_STATE: Final = "initial_state"
CONF_HIDE_ENTITY: Final = "hide_entity"
CONF_TRACE: Final = "trace"
CONF_TRIGGERS: Final = "triggers"
CONF_CONDITIONS: Final = "conditions"
CONF_ACTIONS: Final = "actions"
CONF_VARIABLES: Final = "variables"
CONF_TRIGGER_VARIABLES: Final = "trigger_variables"

# Old key -> current key.
RENAMED_KEYS: Final = {
    "trigger": CONF_TRIGGERS,
    "condition": CONF_CONDITIONS,
    "action": CONF_ACTIONS,
}


def _text_id(value: Any) -> str:
    """Home Assistant wants the id as text (an unquoted number is refused)."""
    if not isinstance(value, str):
        raise vol.Invalid('the automation id must be text; quote it (id: "1234")')
    return value


AUTOMATION_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_ID): _text_id,
        vol.Optional(CONF_ALIAS): cv.string,
        vol.Optional(CONF_DESCRIPTION): vol.Any(None, cv.string),
        vol.Optional(CONF_TRACE, default=dict): TRACE_CONFIG_SCHEMA,
        vol.Optional(CONF_INITIAL_STATE): cv.boolean,
        vol.Optional(CONF_HIDE_ENTITY): cv.boolean,
        vol.Required(CONF_TRIGGERS): TRIGGERS_SCHEMA,
        vol.Optional(CONF_CONDITIONS): CONDITIONS_SCHEMA,
        vol.Optional(CONF_VARIABLES): VARIABLES_SCHEMA,
        vol.Optional(CONF_TRIGGER_VARIABLES): VARIABLES_SCHEMA,
        vol.Required(CONF_ACTIONS): SCRIPT_SCHEMA,
        **mode_fields(SCRIPT_MODE_SINGLE),
    }
)


def rename_old_keys(config: Any) -> Any:
    """``trigger``/``condition``/``action`` -> the plural names, keeping locations."""
    if not isinstance(config, Mapping) or not any(key in config for key in RENAMED_KEYS):
        return config
    renamed = NodeDict(location=location_of(config))
    for key, value in config.items():
        new = RENAMED_KEYS.get(key, key)
        if new != key and new in config:
            raise vol.Invalid(
                f"Cannot specify both '{key}' and '{new}'. Please use '{new}' only.",
                path=[key],
            )
        where = config.key_location(key) if isinstance(config, NodeDict) else None
        renamed.set_located(new, value, where)
    return renamed


def automation_label(item: Any, index: int) -> str:
    """How messages name an automation: its alias, else its id, else its position."""
    if isinstance(item, Mapping):
        if item.get(CONF_ALIAS):
            return f"automation '{item[CONF_ALIAS]}'"
        if item.get(CONF_ID):
            return f"automation with id '{item[CONF_ID]}'"
    return f"automation #{index + 1}"


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def validate_config_block(value: Any, config_dir: Path | None) -> ValidatedBlock:
    """Validate every automation on its own. Blocking (blueprint files, the stored
    device registry). The value is a list of ``ValidatedItem`` in configuration order;
    an item that is not even a mapping, or repeats an id, is left out."""
    folder = BlueprintFolder(config_dir, DOMAIN) if config_dir is not None else None
    devices = known_device_ids(config_dir)
    items: list[ValidatedItem] = []
    errors: list[ConfigError] = []
    seen_ids: dict[str, Any] = {}
    for index, item in enumerate(_items(value)):
        where = location_of(item)
        label = automation_label(item, index)
        if not isinstance(item, Mapping):
            errors.append(
                ConfigError(
                    f"{label}: expected a mapping (an automation with `triggers:` and `actions:`)",
                    where.file if where else None,
                    where.line if where else None,
                )
            )
            continue
        automation_id = item.get(CONF_ID)
        if isinstance(automation_id, str) and automation_id in seen_ids:
            first = seen_ids[automation_id]
            errors.append(
                ConfigError(
                    f"{label}: id '{automation_id}' is already used by the automation at "
                    f"{first}; ids must be unique (this one is skipped)",
                    where.file if where else None,
                    where.line if where else None,
                )
            )
            continue
        if isinstance(automation_id, str):
            seen_ids[automation_id] = where or "another entry"
        checked = validate_item(
            item,
            AUTOMATION_SCHEMA,
            label=label,
            folder=folder,
            action_keys=(CONF_ACTIONS,),
            devices=devices,
            prepare=rename_old_keys,
        )
        items.append(checked)
        errors.extend(checked.errors)
    return ValidatedBlock(items, errors)
