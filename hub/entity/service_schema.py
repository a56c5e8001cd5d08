"""Voluptuous schemas for entity services: the service's own fields plus a target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol

from hub.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
    ENTITY_MATCH_ALL,
    ENTITY_MATCH_NONE,
)
from hub.states import valid_entity_id

TARGET_FIELDS = (ATTR_ENTITY_ID, ATTR_DEVICE_ID, ATTR_AREA_ID, ATTR_FLOOR_ID, ATTR_LABEL_ID)


def target_entity_ids(value: Any) -> str | list[str]:
    """``"all"``, ``"none"``, one id, a comma-separated string or a list of ids."""
    if isinstance(value, str) and value.strip().lower() in (ENTITY_MATCH_ALL, ENTITY_MATCH_NONE):
        return value.strip().lower()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise vol.Invalid(f"expected an entity id or a list of entity ids, got {value!r}")
    ids = [str(item).strip().lower() for item in items]
    for entity_id in ids:
        if not valid_entity_id(entity_id):
            raise vol.Invalid(f"invalid entity id {entity_id!r}")
    return ids


def target_ids(value: Any) -> list[str]:
    """A device/area/floor/label id or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return list(value)
    raise vol.Invalid(f"expected an id or a list of ids, got {value!r}")


def _has_target(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not any(key in value for key in TARGET_FIELDS):
        raise vol.Invalid(
            "must contain at least one of entity_id, device_id, area_id, floor_id, label_id."
        )
    return value


def entity_service_schema(fields: Mapping[Any, Any] | None = None) -> vol.Schema:
    """Schema for an entity service: its fields, a target, nothing else."""
    schema: dict[Any, Any] = dict(fields or {})
    schema[vol.Optional(ATTR_ENTITY_ID)] = target_entity_ids
    for key in TARGET_FIELDS[1:]:
        schema[vol.Optional(key)] = target_ids
    # Wrapped in a Schema so voluptuous compiles the parts once, not on every call.
    return vol.Schema(vol.All(vol.Schema(schema), _has_target))
