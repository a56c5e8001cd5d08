"""Packages: ``homeassistant: packages: {name: {domain: config}}`` merged into the config.

Home Assistant decides list-or-mapping per integration from its schema. The hub merges
before integrations are loaded, so the rule here is by the shape of the values:

- ``None`` on either side adds nothing (``default_config:`` in two places is fine);
- if either side is a list the result is a list: lists are concatenated and a mapping is
  taken as one item (``sensor: {platform: x}`` next to ``sensor: [...]``);
- at the top level of a domain, two mappings of which one looks like a list item (it has
  ``platform``, ``trigger`` or ``triggers``) become a two-item list: that is how two
  ``sensor: {platform: ...}`` blocks, or two single automations, combine;
- two other mappings merge key by key, with the same rules applied to each key present
  on both sides (so two packages may both add to ``mqtt: sensor: [...]``, as in HA);
- anything else defined on both sides (a text, a number, a mapping against a text) is a
  conflict: a package error that names the package and the key, points at the key's
  line in the package, and skips that domain of that package. The merge of one domain is
  all or nothing, so a conflict never leaves half a package merged.

``homeassistant:`` inside a package may hold only ``customize``, ``customize_domain`` and
``customize_glob`` (as in Home Assistant); they are merged into the main ``homeassistant:``
block with the rules above. Anything else there is a package error.

Domain keys may carry a label (``sensor 2:``), which Home Assistant uses to keep several
blocks of one domain. Packages merge such keys as they are written (``sensor 2`` of a
package joins ``sensor 2`` of the main config); ``keys_for_domain`` lists every block of a
domain for the integration that reads them.
"""

from __future__ import annotations

from typing import Any

from hub.config.core_config import CORE_DOMAIN
from hub.config.location import dotted_path
from hub.config.slugs import slugify
from hub.config.yaml_nodes import Location, NodeDict, NodeList, location_of
from hub.exceptions import ConfigError

_CUSTOMIZE_KEYS = frozenset({"customize", "customize_domain", "customize_glob"})


def domain_of_key(key: Any) -> str | None:
    """The integration a top-level key configures: ``"sensor 2"`` -> ``"sensor"``.

    ``None`` when the key cannot name one (not text, empty, or a stray space such as
    ``"sensor "``), following Home Assistant's ``domain_key``.
    """
    if not isinstance(key, str):
        return None
    domain, _, label = key.partition(" ")
    if not label.strip(" "):
        domain = key
    if not domain or domain.strip(" ") != domain:
        return None
    return domain


def keys_for_domain(config: dict[Any, Any], domain: str) -> list[Any]:
    """Every top-level key of ``domain``, in file order: ``sensor``, ``sensor 2``, ..."""
    return [key for key in config if domain_of_key(key) == domain]


class _Conflict(Exception):
    """A value a package defines that the configuration already has."""

    def __init__(self, path: list[Any], where: Location | None, first: Location | None) -> None:
        super().__init__(path)
        self.path = path
        self.where = where
        self.first = first


def _as_list(value: Any, where: Location | None) -> NodeList:
    if isinstance(value, NodeList):
        return value
    result = NodeList(location=where)
    if isinstance(value, list):
        result.extend_located(value)
    else:
        result.append_located(value, location_of(value) or where)
    return result


_LIST_ITEM_KEYS = frozenset({"platform", "trigger", "triggers"})


def _is_list_item(value: Any) -> bool:
    """A mapping that is one entry of a list-type domain (a platform, an automation)."""
    return isinstance(value, dict) and not _LIST_ITEM_KEYS.isdisjoint(value)


def _merged(
    existing: Any, incoming: Any, path: list[Any], where: Location | None, first: Location | None
) -> Any:
    """``incoming`` merged into ``existing`` without changing either; raises ``_Conflict``."""
    if incoming is None:
        return existing
    if existing is None:
        return incoming
    lists = isinstance(existing, list) or isinstance(incoming, list)
    items = len(path) == 1 and (_is_list_item(existing) or _is_list_item(incoming))
    if lists or (items and isinstance(existing, dict) and isinstance(incoming, dict)):
        combined = NodeList(location=location_of(existing) or first)
        combined.extend_located(_as_list(existing, first))
        combined.extend_located(_as_list(incoming, where))
        return combined
    if isinstance(existing, dict) and isinstance(incoming, dict):
        return _merged_mappings(existing, incoming, path)
    raise _Conflict(path, where, first)


def _merged_mappings(existing: dict[Any, Any], incoming: dict[Any, Any], path: list[Any]) -> Any:
    result = existing.copy() if isinstance(existing, NodeDict) else NodeDict(existing)
    for key, value in incoming.items():
        where = _key_location(incoming, key)
        if key not in result:
            result.set_located(key, value, where)
            continue
        first = _key_location(existing, key)
        result.set_located(key, _merged(result[key], value, [*path, key], where, first), first)
    return result


def _key_location(mapping: dict[Any, Any], key: Any) -> Location | None:
    if isinstance(mapping, NodeDict):
        return mapping.key_location(key)
    return location_of(key)


def _error(message: str, where: Location | None) -> ConfigError:
    return ConfigError(message, where.file if where else None, where.line if where else None)


def _merge_domain(
    config: NodeDict, package_name: Any, package: dict[Any, Any], key: Any
) -> ConfigError | None:
    """Merge one domain of a package into ``config``; a conflict skips the whole domain."""
    where = _key_location(package, key)
    first = config.key_location(key) if key in config else None
    try:
        merged = _merged(config.get(key), package[key], [key], where, first)
    except _Conflict as conflict:
        already = f" (already set at {conflict.first})" if conflict.first else ""
        return _error(
            f"package '{package_name}': '{dotted_path(conflict.path)}' is defined twice"
            f"{already}; the package's '{key}' configuration was not merged",
            conflict.where or where,
        )
    config.set_located(key, merged, first or where)
    return None


def _merge_core(config: NodeDict, package_name: Any, package: dict[Any, Any]) -> ConfigError | None:
    """Merge a package's ``homeassistant: customize...`` into the main core block."""
    block = package[CORE_DOMAIN]
    where = _key_location(package, CORE_DOMAIN)
    if block is None:
        return None
    if not isinstance(block, dict) or not set(block) <= _CUSTOMIZE_KEYS:
        return _error(
            f"package '{package_name}': under '{CORE_DOMAIN}' a package may only set "
            "customize, customize_domain and customize_glob",
            where,
        )
    core = config.get(CORE_DOMAIN)
    if not isinstance(core, dict):
        core = NodeDict(location=where)
    trial = NodeDict({CORE_DOMAIN: core})
    error = _merge_domain(trial, package_name, package, CORE_DOMAIN)
    if error is None:
        config.set_located(CORE_DOMAIN, trial[CORE_DOMAIN], config.key_location(CORE_DOMAIN))
    return error


def _merge_package(
    config: NodeDict, name: Any, package: Any, where: Location | None
) -> list[ConfigError]:
    if package is None:
        return []
    if not isinstance(name, str) or slugify(name) != name:
        return [
            _error(
                f"package name '{name}' must be lowercase letters, digits and underscores "
                f"(try '{slugify(str(name))}'); the package was not loaded",
                where,
            )
        ]
    if not isinstance(package, dict):
        return [
            _error(
                f"package '{name}' must be a mapping of integration names to their "
                "configuration; the package was not loaded",
                where,
            )
        ]
    errors: list[ConfigError] = []
    for key in package:
        if key == CORE_DOMAIN:
            error = _merge_core(config, name, package)
        elif domain_of_key(key) is None:
            error = _error(
                f"package '{name}': '{key}' is not a valid integration name",
                _key_location(package, key),
            )
        else:
            error = _merge_domain(config, name, package, key)
        if error is not None:
            errors.append(error)
    return errors


def merge_packages(config: NodeDict) -> list[ConfigError]:
    """Merge ``homeassistant: packages:`` into ``config`` in place; return package errors.

    A package with errors is merged as far as it can be (each conflicting domain is
    skipped); the caller logs the errors, ``check-config`` prints them.
    """
    core = config.get(CORE_DOMAIN)
    if not isinstance(core, dict):
        return []
    packages = core.get("packages")
    if packages is None:
        return []
    if not isinstance(packages, dict):
        return [
            _error(
                "packages must be a mapping of package names to their configuration "
                "(often `packages: !include_dir_named packages`)",
                _key_location(core, "packages"),
            )
        ]
    errors: list[ConfigError] = []
    for name, package in list(packages.items()):
        errors.extend(_merge_package(config, name, package, _key_location(packages, name)))
    return errors
