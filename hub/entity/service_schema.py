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
        self._fields = fields_validator(fields) if fields else None

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


class _FieldsValidator:
    """A flat ``{Required/Optional(key): validator}`` schema checked with a plain loop.

    Same answers as ``vol.Schema`` for such schemas (missing required keys, extra keys,
    defaults, each value's validator with the key in the error path) at a fraction of
    voluptuous's generic mapping walk, which every service call would otherwise pay.
    """

    __slots__ = ("_fields", "_names")

    def __init__(self, fields: list[tuple[str, bool, Any, Any]]) -> None:
        self._fields = fields  # (name, required, default factory or UNDEFINED, validator)
        self._names = frozenset(name for name, _, _, _ in fields)

    def __call__(self, data: dict[str, Any]) -> dict[str, Any]:
        for key in data:
            if key not in self._names:
                raise vol.Invalid("extra keys not allowed", path=[key])
        result: dict[str, Any] = {}
        errors: list[vol.Invalid] = []
        for name, required, default, validator in self._fields:
            if name in data:
                try:
                    result[name] = validator(data[name])
                except vol.Invalid as err:
                    errors.append(vol.Invalid(err.msg, path=[name, *err.path]))
            elif required:
                errors.append(vol.RequiredFieldInvalid("required key not provided", path=[name]))
            elif default is not vol.UNDEFINED:
                result[name] = default()
        if errors:
            raise vol.MultipleInvalid(errors)
        return result


def fields_validator(fields: Mapping[Any, Any]) -> Any:
    """A fast validator for a flat schema of string keys; ``vol.Schema`` for anything else."""
    compiled: list[tuple[str, bool, Any, Any]] = []
    for key, validator in fields.items():
        if type(key) not in (vol.Required, vol.Optional) or not isinstance(key.schema, str):
            return vol.Schema(dict(fields))
        check = (
            validator
            if callable(validator) and not isinstance(validator, dict | list)
            else vol.Schema(validator)
        )
        compiled.append((key.schema, isinstance(key, vol.Required), key.default, check))
    return _FieldsValidator(compiled)
