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


class EntityServiceSchema:
    """Validates an entity service call: a target (required) plus the service's fields.

    The target keys are checked by hand and only the service's own fields go through
    voluptuous: every call of every entity service passes here, and a generic
    voluptuous mapping of ten optional keys costs several times more than this.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[Any, Any] | None) -> None:
        self._fields = vol.Schema(dict(fields)) if fields else None

    def __call__(self, data: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise vol.Invalid(f"expected a mapping, got {data!r}")
        targets: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for key, value in data.items():
            if key == ATTR_ENTITY_ID:
                targets[key] = _at(key, target_entity_ids, value)
            elif key in TARGET_FIELDS:
                targets[key] = _at(key, target_ids, value)
            else:
                rest[key] = value
        if not targets:
            raise vol.Invalid(
                "must contain at least one of entity_id, device_id, area_id, floor_id, label_id."
            )
        if self._fields is not None:
            rest = self._fields(rest)
        elif rest:
            raise vol.Invalid("extra keys not allowed", path=[next(iter(rest))])
        rest.update(targets)
        return rest


def _at(key: str, validator: Any, value: Any) -> Any:
    try:
        return validator(value)
    except vol.Invalid as err:
        raise vol.Invalid(err.msg, path=[key]) from err


def entity_service_schema(fields: Mapping[Any, Any] | None = None) -> EntityServiceSchema:
    """Schema for an entity service: its fields, a target, nothing else."""
    return EntityServiceSchema(fields)
