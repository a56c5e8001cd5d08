"""Validating every integration's configuration block, with file and line for each error.

Used both by a starting hub (in the executor: it imports integration modules) and by
``watthub check-config``, so both report exactly the same problems. An integration whose
block is invalid is not set up; one bad ``platform:`` block under an entity domain drops
only that block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import voluptuous as vol

from hub.config.core_config import CORE_DOMAIN
from hub.config.location import invalid_errors, locate
from hub.config.packages import domain_of_key, keys_for_domain
from hub.config.yaml_nodes import NodeList, location_of
from hub.exceptions import ConfigError, IntegrationNotFound
from hub.loader.builtin import ALWAYS_SET_UP, ENTITY_DOMAINS
from hub.loader.catalog import IntegrationCatalog

# What every platform block has; the platform's own PLATFORM_SCHEMA adds the rest.
BASE_PLATFORM_SCHEMA = vol.Schema({vol.Required("platform"): str}, extra=vol.ALLOW_EXTRA)


@dataclass(slots=True)
class ValidatedBlock:
    """What an integration's ``validate_config_block(value, config_dir)`` returns when it
    validates item by item: the usable value (bad items marked, not dropped) and one
    located error per problem."""

    value: Any
    errors: list[ConfigError] = field(default_factory=list)


@dataclass(slots=True)
class IntegrationConfigs:
    """Validated blocks by domain, and every problem found."""

    domains: dict[str, Any] = field(default_factory=dict)
    errors: list[ConfigError] = field(default_factory=list)


def validate_integration_configs(
    root: Mapping[Any, Any], catalog: IntegrationCatalog
) -> IntegrationConfigs:
    """Validate each top-level block of ``root`` except ``homeassistant``. Blocking."""
    result = IntegrationConfigs()
    keys_by_domain: dict[str, list[Any]] = {}
    for key in root:
        if key == CORE_DOMAIN:
            continue
        domain = domain_of_key(key)
        if domain is None:
            result.errors.append(_error(root, [key], f"{key!r} is not an integration name"))
            continue
        keys_by_domain.setdefault(domain, []).append(key)
    for domain in ALWAYS_SET_UP:
        keys_by_domain.setdefault(domain, [])
    for domain, keys in keys_by_domain.items():
        _validate_domain(root, catalog, domain, keys, result)
    return result


def validate_domain_config(
    root: Mapping[Any, Any], catalog: IntegrationCatalog, domain: str
) -> IntegrationConfigs:
    """Validate only the blocks of ``domain`` (``domain``, ``domain 2``...): a reload.

    Blocking (it may import the integration). ``domains`` holds the validated block
    when it is valid (an absent block validates as empty).
    """
    result = IntegrationConfigs()
    keys = keys_for_domain(dict(root), domain)
    _validate_domain(root, catalog, domain, keys, result)
    return result


def _validate_domain(
    root: Mapping[Any, Any],
    catalog: IntegrationCatalog,
    domain: str,
    keys: list[Any],
    result: IntegrationConfigs,
) -> None:
    if domain not in catalog:
        message = catalog.errors.get(domain) or str(IntegrationNotFound(domain))
        result.errors.append(_error(root, keys[:1], message))
        return
    if domain in ENTITY_DOMAINS:
        result.domains[domain] = _validate_platforms(root, catalog, domain, keys, result.errors)
        return
    if len(keys) > 1 and not all(isinstance(root[key], list) for key in keys):
        result.errors.append(
            _error(
                root,
                keys[1:2],
                f"{domain} is configured more than once ({', '.join(map(str, keys))})",
            )
        )
        return
    value: Any = (
        [item for key in keys for item in root[key]]
        if len(keys) > 1
        else (root[keys[0]] if keys else {})
    )
    try:
        module = catalog.get(domain).import_module()
    except Exception as err:  # an integration that cannot even import
        result.errors.append(
            _error(root, keys[:1], f"integration {domain} failed to import: {err}")
        )
        return
    validate_block = getattr(module, "validate_config_block", None)
    if validate_block is not None:
        # Item-wise validation (automation, script): a bad item is reported, the rest
        # of the block stays usable.
        checked: ValidatedBlock = validate_block(value, _config_dir(root))
        result.domains[domain] = checked.value
        for error in checked.errors:
            result.errors.append(
                error if error.file is not None else _error(root, keys[:1], error.message)
            )
        return
    schema = getattr(module, "CONFIG_SCHEMA", None)
    if schema is None:
        result.domains[domain] = value
        return
    try:
        result.domains[domain] = schema(value)
    except vol.Invalid as exc:
        if len(keys) > 1:
            result.errors.extend(_merged_list_errors(root, exc, keys))
        elif keys:
            result.errors.extend(invalid_errors(root, exc, keys[0]))
        else:
            result.errors.append(ConfigError(f"{domain}: default configuration is invalid: {exc}"))


def _merged_list_errors(
    root: Mapping[Any, Any], exc: vol.Invalid, keys: list[Any]
) -> list[ConfigError]:
    """Errors in a list merged from several keys (``x:``, ``x 2:``), each located in the
    key its item came from."""
    spans: list[tuple[int, int, Any]] = []
    start = 0
    for key in keys:
        spans.append((start, start + len(root[key]), key))
        start += len(root[key])
    errors: list[ConfigError] = []
    for error in _flatten(exc):
        index = error.path[0] if error.path else None
        span = next((s for s in spans if isinstance(index, int) and s[0] <= index < s[1]), None)
        if span is None or not isinstance(index, int):
            errors.extend(invalid_errors(root, error, keys[0]))
            continue
        local = type(error)(
            error.msg, [index - span[0], *error.path[1:]], error.error_message, error.error_type
        )
        errors.extend(invalid_errors(root, local, span[2]))
    return errors


def _flatten(exc: vol.Invalid) -> Iterable[vol.Invalid]:
    if isinstance(exc, vol.MultipleInvalid):
        for error in exc.errors:
            yield from _flatten(error)
    else:
        yield exc


def _validate_platforms(
    root: Mapping[Any, Any],
    catalog: IntegrationCatalog,
    domain: str,
    keys: list[Any],
    errors: list[ConfigError],
) -> list[Any]:
    valid: list[Any] = []
    for key in keys:
        blocks = root[key]
        items: Iterable[tuple[list[Any], Any]] = (
            [([key, index], block) for index, block in enumerate(blocks)]
            if isinstance(blocks, list | NodeList)
            else [([key], blocks)]
        )
        for path, block in items:
            validated = _validate_platform_block(root, catalog, domain, path, block, errors)
            if validated is not None:
                valid.append(validated)
    return valid


def _validate_platform_block(
    root: Mapping[Any, Any],
    catalog: IntegrationCatalog,
    domain: str,
    path: list[Any],
    block: Any,
    errors: list[ConfigError],
) -> Any:
    if not isinstance(block, Mapping) or not block:
        if block:  # `sensor:` with nothing under it is fine
            errors.append(
                _error(
                    root,
                    path,
                    f"{domain}: expected a list of platform blocks like `- platform: name`",
                )
            )
        return None
    try:
        block = BASE_PLATFORM_SCHEMA(block)
    except vol.Invalid as exc:
        errors.extend(invalid_errors(root, exc, path[0], prefix=path[1:]))
        return None
    platform = str(block["platform"])
    if platform not in catalog or not catalog.get(platform).has_platform(domain):
        errors.append(_error(root, [*path, "platform"], f"platform {domain}.{platform} not found"))
        return None
    try:
        module = catalog.get(platform).import_platform(domain)
    except Exception as err:
        errors.append(
            _error(
                root, [*path, "platform"], f"platform {domain}.{platform} failed to import: {err}"
            )
        )
        return None
    schema = getattr(module, "PLATFORM_SCHEMA", None)
    if schema is None:
        return block
    try:
        return schema(block)
    except vol.Invalid as exc:
        errors.extend(invalid_errors(root, exc, path[0], prefix=path[1:]))
        return None


def _config_dir(root: Mapping[Any, Any]) -> Path | None:
    """The configuration folder: where ``configuration.yaml`` (the root) was read."""
    where = location_of(root)
    return Path(where.file).parent if where is not None else None


def _error(root: Mapping[Any, Any], path: list[Any], message: str) -> ConfigError:
    where = locate(root, path)
    return ConfigError(message, where.file if where else None, where.line if where else None)
