"""Turn voluptuous errors into ``file:line: key.path: message`` for the homeowner.

Voluptuous reports where in the data an error is as a path of keys and list indexes.
``locate`` walks the loaded YAML tree along that path to the deepest key it can find, so
an unknown key points at its own line and a missing required key at the line of the
mapping that lacks it. ``invalid_errors`` builds ``ConfigError`` objects (callers that
want the file and line separately keep them), ``format_invalid`` the printable lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import voluptuous as vol

from hub.config.yaml_nodes import Location, NodeDict, NodeList, location_of
from hub.exceptions import ConfigError

_EXTRA_KEYS = "extra keys not allowed"
_REQUIRED = "required key not provided"
_VALUE_ERROR = "dictionary value"
_MAX_REPR = 60
_NOT_FOUND = object()
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def locate(root: Any, path: Sequence[Any]) -> Location | None:
    """The deepest known location along ``path`` (keys and list indexes) in ``root``."""
    found = location_of(root)
    node = root
    for step in path:
        step_location, child = _step(node, step)
        if child is _NOT_FOUND:
            break
        found = step_location or found
        node = child
    return found


def _step(node: Any, step: Any) -> tuple[Location | None, Any]:
    """The location of ``step`` in ``node`` and the value it leads to."""
    if isinstance(node, dict):
        try:
            if step not in node:
                return None, _NOT_FOUND
        except TypeError:  # an unhashable path element cannot be a key
            return None, _NOT_FOUND
        where = node.key_location(step) if isinstance(node, NodeDict) else location_of(step)
        return where, node[step]
    if isinstance(node, list) and isinstance(step, int) and -len(node) <= step < len(node):
        where = node.item_location(step) if isinstance(node, NodeList) else None
        return where or location_of(node[step]), node[step]
    return None, _NOT_FOUND


def _value_at(root: Any, path: Sequence[Any]) -> Any:
    node = root
    for step in path:
        _, node = _step(node, step)
        if node is _NOT_FOUND:
            break
    return node


def dotted_path(path: Sequence[Any]) -> str:
    """``["automation", 0, "triggers"]`` -> ``automation[0].triggers``.

    Keys that are not plain names (``sensor.power``, ``sensor 2``) are shown quoted in
    brackets so the dots between keys stay unambiguous.
    """
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif isinstance(step, str | vol.Marker) and _PLAIN_KEY.match(str(step)):
            text += f".{step}" if text else str(step)
        else:
            text += f"[{str(step)!r}]"
    return text


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_REPR else text[: _MAX_REPR - 3] + "..."


def _flatten(exc: vol.Invalid) -> Iterator[vol.Invalid]:
    if isinstance(exc, vol.MultipleInvalid):
        for error in exc.errors:
            yield from _flatten(error)
    else:
        yield exc


def _humanize(root: Any, path: Sequence[Any], error: vol.Invalid) -> str:
    """The message with the offending key or value spelled out."""
    message = error.error_message
    name = str(path[-1]) if path else "configuration"
    if message == _EXTRA_KEYS:
        return f"unknown option '{name}'; check the spelling or remove it"
    if isinstance(error, vol.RequiredFieldInvalid):
        if message == _REQUIRED:
            return f"required option '{name}' is missing"
        return f"{message} (required option '{name}')"
    parent = _value_at(root, path[:-1])
    if _is_key_error(error, path, parent):
        return f"{message}, got key {_short_repr(path[-1])}"
    value = _value_at(root, path)
    if value is _NOT_FOUND:
        return message
    return f"{message}, got {_short_repr(value)}"


def _is_key_error(error: vol.Invalid, path: Sequence[Any], parent: Any) -> bool:
    """Whether voluptuous rejected the key itself rather than its value.

    Voluptuous marks errors about a mapping's values with ``error_type`` "dictionary
    value"; an error at a key's path without that mark came from the key's validator.
    """
    return (
        bool(path)
        and not isinstance(path[-1], int)
        and isinstance(parent, dict)
        and error.error_type != _VALUE_ERROR
    )


def invalid_errors(
    config_root: Any,
    exc: vol.Invalid,
    domain: str | None = None,
    *,
    prefix: Sequence[Any] = (),
) -> list[ConfigError]:
    """One located ``ConfigError`` per voluptuous error.

    ``domain`` says that the schema validated ``config_root[domain]`` (an integration's
    block) rather than the whole tree, so the error paths start below it; ``prefix`` goes
    further down (``prefix=[3]`` when the schema validated the fourth automation).
    """
    start: list[Any] = [domain] if domain is not None else []
    start.extend(prefix)
    errors: list[ConfigError] = []
    for error in _flatten(exc):
        path = [*start, *error.path]
        where = locate(config_root, path)
        shown = dotted_path(path) or "configuration"
        message = f"{shown}: {_humanize(config_root, path, error)}"
        errors.append(
            ConfigError(message, where.file if where else None, where.line if where else None)
        )
    return errors


def format_invalid(
    config_root: Any,
    exc: vol.Invalid,
    domain: str | None = None,
    *,
    prefix: Sequence[Any] = (),
) -> list[str]:
    """One ``file:line: key.path: message, got value`` line per voluptuous error."""
    return [error.located() for error in invalid_errors(config_root, exc, domain, prefix=prefix)]


def validate_located(schema: vol.Schema, config_root: Any, domain: str | None = None) -> Any:
    """Validate ``config_root[domain]`` (or the whole tree); raise a located ``ConfigError``.

    The first error is raised; ``invalid_errors`` gives all of them.
    """
    data = config_root if domain is None else config_root.get(domain)
    try:
        return schema(data)
    except vol.Invalid as exc:
        raise invalid_errors(config_root, exc, domain)[0] from exc
