"""Validating one automation or script item, with located errors that never drop others.

``validate_item`` expands a ``use_blueprint:`` item, validates it with the integration's
schema and refuses device actions, and returns every problem as a ``ConfigError`` with
file and line. The automation and script integrations call it per item, so one broken
item is reported (and set up unavailable, as Home Assistant does) while the others load.

Errors inside a blueprint are reported at the use (the line the homeowner wrote in
``automations.yaml``), naming the blueprint and where in it the problem is.

Device actions: no integration offers device actions yet, so each is refused. A device
that the registry does not hold gets Home Assistant's message (``Unknown device '<id>'``);
configuration checks read the stored registry for that (``known_device_ids``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import voluptuous as vol

from hub.blueprint import BlueprintError, BlueprintFolder, ExpandedUse, is_blueprint_use
from hub.config.location import invalid_errors
from hub.config.yaml_nodes import Location, location_of
from hub.const import STORAGE_DIR
from hub.exceptions import ConfigError
from hub.script.action_schema import UnknownAction, determine_action
from hub.script.const import (
    ACTION_CHOOSE,
    ACTION_DEVICE,
    ACTION_IF,
    ACTION_PARALLEL,
    ACTION_REPEAT,
    ACTION_SEQUENCE,
    CONF_CHOOSE,
    CONF_DEFAULT,
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_ELSE,
    CONF_PARALLEL,
    CONF_REPEAT,
    CONF_SEQUENCE,
    CONF_THEN,
)
from hub.storage import read_document

DEVICE_REGISTRY_FILE = "core.device_registry"


@dataclass(slots=True)
class ValidatedItem:
    """One automation or script after validation."""

    config: dict[str, Any] | None  # the validated configuration; None when invalid
    raw_config: dict[str, Any] | None  # as written (a use: expanded), for traces and the API
    blueprint_inputs: dict[str, Any] | None = None  # the use as written
    errors: list[ConfigError] = field(default_factory=list)
    location: Location | None = None

    @property
    def valid(self) -> bool:
        """Whether it can run."""
        return self.config is not None and not self.errors

    @property
    def config_id(self) -> Any:
        """The configured ``id`` (automations), valid or not."""
        for source in (self.config, self.raw_config, self.blueprint_inputs):
            if source is not None and source.get("id") is not None:
                return source["id"]
        return None

    @property
    def error_text(self) -> str:
        """The problems in one line each (for logs and the unavailable entity)."""
        return "; ".join(error.message for error in self.errors)


def known_device_ids(config_dir: Path | None) -> frozenset[str] | None:
    """The device ids in the stored device registry (None when it cannot be read).

    Blocking. Used where no hub runs (``check-config``) and at start, before the
    registry is loaded; both see the same file.
    """
    if config_dir is None:
        return None
    try:
        document = read_document(config_dir / STORAGE_DIR / DEVICE_REGISTRY_FILE)
    except Exception:
        return frozenset()
    if not document:
        return frozenset()
    devices = (document.get("data") or {}).get("devices") or []
    return frozenset(str(item.get("id")) for item in devices if isinstance(item, Mapping))


def device_action_errors(
    actions: list[dict[str, Any]], devices: frozenset[str] | None
) -> list[vol.Invalid]:
    """One error per device action (paths relative to ``actions``)."""
    errors: list[vol.Invalid] = []
    for path, action in _walk_actions(actions, []):
        device_id = str(action[CONF_DEVICE_ID])
        if devices is not None and device_id not in devices:
            message = f"Unknown device '{device_id}'"
        else:
            message = (
                f"Integration '{action[CONF_DOMAIN]}' does not support device automation "
                f"actions (device '{device_id}')"
            )
        errors.append(
            vol.Invalid(message, path=[*path, CONF_DEVICE_ID], error_type="dictionary value")
        )
    return errors


def _walk_actions(
    actions: list[Any], path: list[Any]
) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Every device action inside ``actions``, with its path."""
    for index, action in enumerate(actions):
        if not isinstance(action, Mapping):
            continue
        here = [*path, index]
        try:
            kind = determine_action(action)
        except UnknownAction:
            continue
        if kind == ACTION_DEVICE:
            yield here, dict(action)
        for sub_path, sequence in _nested(kind, action):
            yield from _walk_actions(sequence, [*here, *sub_path])


def _nested(kind: str, action: Mapping[str, Any]) -> Iterator[tuple[list[Any], list[Any]]]:
    if kind == ACTION_CHOOSE:
        for index, option in enumerate(action[CONF_CHOOSE]):
            yield [CONF_CHOOSE, index, CONF_SEQUENCE], option[CONF_SEQUENCE]
        if CONF_DEFAULT in action:
            yield [CONF_DEFAULT], action[CONF_DEFAULT]
    elif kind == ACTION_IF:
        yield [CONF_THEN], action[CONF_THEN]
        if CONF_ELSE in action:
            yield [CONF_ELSE], action[CONF_ELSE]
    elif kind == ACTION_REPEAT:
        yield [CONF_REPEAT, CONF_SEQUENCE], action[CONF_REPEAT][CONF_SEQUENCE]
    elif kind == ACTION_PARALLEL:
        for index, branch in enumerate(action[CONF_PARALLEL]):
            yield [CONF_PARALLEL, index, CONF_SEQUENCE], branch[CONF_SEQUENCE]
    elif kind == ACTION_SEQUENCE:
        yield [CONF_SEQUENCE], action[CONF_SEQUENCE]


def validate_item(
    item: Any,
    schema: Callable[[Any], dict[str, Any]],
    *,
    label: str,
    folder: BlueprintFolder | None,
    action_keys: tuple[str, ...],
    devices: frozenset[str] | None,
    prepare: Callable[[Any], Any] | None = None,
) -> ValidatedItem:
    """Validate one item; ``label`` names it in messages (``automation 'Hall lights'``),
    ``action_keys`` are the keys holding its actions (checked for device actions) and
    ``prepare`` rewrites it before the schema (old key names; it keeps locations)."""
    where = location_of(item)
    expanded: ExpandedUse | None = None
    config: Any = item
    if is_blueprint_use(item):
        if folder is None:
            error = ConfigError(f"{label}: use_blueprint needs a configuration folder")
            return ValidatedItem(None, _raw(item), None, [error], where)
        try:
            expanded = folder.expand(item)
        except BlueprintError as err:
            error = ConfigError(f"{label}: {err.message}", err.file, err.line)
            return ValidatedItem(None, None, _raw(item), [error], where)
        config = expanded.config
    raw = _raw(config)
    inputs = expanded.use if expanded is not None else None
    try:
        if prepare is not None:
            config = prepare(config)
        validated = schema(config)
    except vol.Invalid as exc:
        errors = _located(config, exc, label, expanded, where)
        return ValidatedItem(None, raw, inputs, errors, where)
    problems = [
        vol.Invalid(problem.msg, path=[key, *problem.path], error_type=problem.error_type)
        for key in action_keys
        if isinstance(validated.get(key), list)
        for problem in device_action_errors(validated[key], devices)
    ]
    if problems:
        errors = _located(config, vol.MultipleInvalid(problems), label, expanded, where)
        return ValidatedItem(None, raw, inputs, errors, where)
    return ValidatedItem(validated, raw, inputs, [], where)


def _raw(config: Any) -> dict[str, Any] | None:
    return dict(config) if isinstance(config, Mapping) else None


def _located(
    config: Any,
    exc: vol.Invalid,
    label: str,
    expanded: ExpandedUse | None,
    where: Location | None,
) -> list[ConfigError]:
    errors = []
    for error in invalid_errors(config, exc):
        if expanded is None:
            errors.append(ConfigError(f"{label}: {error.message}", error.file, error.line))
            continue
        blueprint = expanded.blueprint
        inside = error.file is not None and Path(error.file) == blueprint.file
        detail = f"{blueprint.file}:{error.line}" if inside else str(blueprint.file)
        message = f"{label} (blueprint {blueprint.path}, {detail}): {error.message}"
        if inside or error.file is None:
            errors.append(
                ConfigError(message, where.file if where else None, where.line if where else None)
            )
        else:
            errors.append(ConfigError(message, error.file, error.line))
    return errors
