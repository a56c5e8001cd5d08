"""A loaded blueprint, and turning a use of it into a plain automation or script.

``Blueprint`` checks the file once when it is loaded: the ``blueprint:`` block, the
domain, the minimum Home Assistant version, input names unique across sections, and that
every ``!input name`` it writes is a declared input. ``expand_use`` then fills a use's
inputs (given values over defaults; a missing one without default is an error naming the
input and the file) into a copy of the blueprint and lays the use's own keys (``id``,
``alias``, ``description``...) over it, as Home Assistant does.

Substitution keeps file and line: keys and values written in the blueprint point into
the blueprint file, input values into the file of the use, and the expanded
configuration as a whole is located at the use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import voluptuous as vol

from hub.blueprint.errors import InvalidBlueprint, MissingInput, UndefinedInput
from hub.blueprint.schema import (
    BLUEPRINT_SCHEMA,
    CONF_BLUEPRINT,
    CONF_DEFAULT,
    CONF_INPUT,
    CONF_MIN_VERSION,
    CONF_PATH,
    CONF_USE_BLUEPRINT,
    version_tuple,
)
from hub.config.location import invalid_errors
from hub.config.yaml_nodes import Input, Location, NodeDict, NodeList, location_of
from hub.const import HA_VERSION


@dataclass(frozen=True, slots=True)
class BlueprintInput:
    """One declared input."""

    name: str
    label: str | None = None
    description: str | None = None
    has_default: bool = False
    default: Any = None
    selector: Mapping[str, Any] | None = None
    section: str | None = None


@dataclass(slots=True)
class Blueprint:
    """A validated blueprint file."""

    path: str  # relative to blueprints/<domain>/, as a use writes it
    file: Path  # where it was read from
    data: NodeDict  # the whole file, ``!input`` placeholders included
    name: str = ""
    domain: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, BlueprintInput] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, path: str, file: Path, domain: str | None) -> Blueprint:
        """Validate loaded YAML as a blueprint of ``domain``; raises ``InvalidBlueprint``."""
        where = location_of(data) or Location(str(file), 1)
        if not isinstance(data, NodeDict):
            raise InvalidBlueprint(
                f"blueprint {path} must be a mapping starting with `blueprint:`", where
            )
        try:
            checked = BLUEPRINT_SCHEMA(data)
        except vol.Invalid as exc:
            first = invalid_errors(data, exc)[0]
            raise InvalidBlueprint(
                f"blueprint {path} is invalid: {first.message}",
                Location(first.file, first.line or 1) if first.file else where,
            ) from None
        metadata: dict[str, Any] = checked[CONF_BLUEPRINT]
        blueprint = cls(path, file, data, str(metadata["name"]), str(metadata["domain"]))
        blueprint.metadata = metadata
        blueprint._check_domain(domain, where)
        blueprint._check_version(where)
        blueprint.inputs = _flatten_inputs(metadata.get(CONF_INPUT) or {}, path, data)
        blueprint._check_placeholders()
        return blueprint

    def _check_domain(self, expected: str | None, where: Location) -> None:
        if expected is not None and self.domain != expected:
            raise InvalidBlueprint(
                f"blueprint {self.path} is a {self.domain} blueprint, but it is used as a "
                f"{expected}; move it to blueprints/{self.domain}/ or use it from "
                f"`{self.domain}:`",
                where,
            )

    def _check_version(self, where: Location) -> None:
        required = (self.metadata.get("homeassistant") or {}).get(CONF_MIN_VERSION)
        if required and version_tuple(required) > version_tuple(HA_VERSION):
            raise InvalidBlueprint(
                f"blueprint {self.path} requires Home Assistant {required} or newer; this "
                f"hub is compatible with {HA_VERSION}",
                where,
            )

    def _check_placeholders(self) -> None:
        for placeholder in _placeholders(self.data):
            if placeholder.name not in self.inputs:
                declared = ", ".join(sorted(self.inputs)) or "none"
                raise UndefinedInput(
                    f"blueprint {self.path} uses `!input {placeholder.name}`, which its "
                    f"`blueprint: input:` does not declare (declared: {declared})",
                    placeholder.location,
                )

    def input_values(self, given: Mapping[str, Any], where: Location | None) -> dict[str, Any]:
        """The defaults overlaid with ``given``; raises ``MissingInput`` naming each one."""
        values = {name: spec.default for name, spec in self.inputs.items() if spec.has_default}
        values.update(given)
        missing = sorted(name for name in self.inputs if name not in values)
        if missing:
            names = ", ".join(f"'{name}'" for name in missing)
            raise MissingInput(
                f"use_blueprint {self.path} ({self.file}): missing input {names}; give "
                f"{'it' if len(missing) == 1 else 'them'} under `use_blueprint: input:`",
                where,
            )
        return values

    def substitute(self, values: Mapping[str, Any]) -> NodeDict:
        """The blueprint's configuration (without ``blueprint:``) with inputs filled in."""
        body = NodeDict(location=self.data.location)
        for key, value in self.data.items():
            if key != CONF_BLUEPRINT:
                body.set_located(key, substitute(value, values), self.data.key_location(key))
        return body


def _flatten_inputs(
    inputs: Mapping[str, Any], path: str, data: NodeDict
) -> dict[str, BlueprintInput]:
    """Inputs by name, sections flattened; a name used twice is an error."""
    flat: dict[str, BlueprintInput] = {}

    def add(name: str, spec: Mapping[str, Any] | None, section: str | None) -> None:
        if name in flat:
            raise InvalidBlueprint(
                f"blueprint {path} declares input '{name}' twice; input names must be "
                "unique across sections",
                location_of(data),
            )
        spec = spec or {}
        flat[name] = BlueprintInput(
            name,
            spec.get("name"),
            spec.get("description"),
            CONF_DEFAULT in spec,
            spec.get(CONF_DEFAULT),
            spec.get("selector"),
            section,
        )

    for name, spec in inputs.items():
        if isinstance(spec, Mapping) and CONF_INPUT in spec:
            for inner, inner_spec in (spec[CONF_INPUT] or {}).items():
                add(str(inner), inner_spec, str(name))
        else:
            add(str(name), spec, None)
    return flat


def _placeholders(value: Any) -> Iterator[Input]:
    if isinstance(value, Input):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _placeholders(key)
            yield from _placeholders(item)
    elif isinstance(value, list):
        for item in value:
            yield from _placeholders(item)


def substitute(value: Any, values: Mapping[str, Any]) -> Any:
    """``value`` with every ``!input`` (keys included) replaced; locations kept."""
    if isinstance(value, Input):
        if value.name not in values:
            raise UndefinedInput(f"no value for `!input {value.name}`", value.location)
        return values[value.name]
    if isinstance(value, NodeDict):
        result = NodeDict(location=value.location)
        for key, item in value.items():
            result.set_located(
                substitute(key, values), substitute(item, values), value.key_location(key)
            )
        return result
    if isinstance(value, NodeList):
        items = NodeList(location=value.location)
        for index, item in enumerate(value):
            items.append_located(substitute(item, values), value.item_location(index))
        return items
    if isinstance(value, dict):
        return {substitute(k, values): substitute(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(item, values) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class ExpandedUse:
    """A use of a blueprint turned into a plain configuration."""

    config: NodeDict  # what the automation or script is validated as
    blueprint: Blueprint
    use: dict[str, Any]  # the use as written: ``{"use_blueprint": {"path", "input"}}`` + keys


def expand_use(use: NodeDict, blueprint: Blueprint) -> ExpandedUse:
    """Fill ``use``'s inputs into ``blueprint`` and lay the use's own keys over it."""
    spec = use[CONF_USE_BLUEPRINT]
    given = spec.get(CONF_INPUT) or {}
    where = location_of(spec) or location_of(use)
    values = blueprint.input_values(given, where)
    config = blueprint.substitute(values)
    config.location = use.location
    for key, value in use.items():
        if key != CONF_USE_BLUEPRINT:
            config.set_located(key, value, use.key_location(key))
    raw_use = {
        **{key: value for key, value in use.items() if key != CONF_USE_BLUEPRINT},
        CONF_USE_BLUEPRINT: {CONF_PATH: blueprint.path, CONF_INPUT: dict(given)},
    }
    return ExpandedUse(config, blueprint, raw_use)
