"""Reloading one YAML integration without a restart (``input_boolean.reload``...).

``register_reload_service(hub, domain, reload)`` adds ``<domain>.reload`` (admin only).
A call re-reads ``configuration.yaml`` (includes, secrets, packages) in the executor and
validates that domain's blocks with the integration's ``CONFIG_SCHEMA``, exactly as a
start would. Only a valid block is handed to ``await reload(new_config)``; an invalid one
changes nothing (the running entities stay) and the call fails with a ``ConfigError``
naming the file and line of the first problem (the others follow in the message).

``homeassistant.reload_all`` validates every reloadable domain first and reloads them
all only when all are valid, then reloads the core configuration.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.packages import merge_packages
from hub.config.yaml_loader import load_config
from hub.exceptions import ConfigError
from hub.hub_data import HubKey
from hub.loader.catalog import IntegrationCatalog
from hub.loader.config_validation import validate_domain_config
from hub.loader.setup import INTEGRATION_SETUP
from hub.services import ServiceCall

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

SERVICE_RELOAD: Final = "reload"
SERVICE_RELOAD_ALL: Final = "reload_all"
CORE_DOMAIN: Final = "homeassistant"

ReloadCallback = Callable[[Any], Awaitable[None]]

# Reload services take no data.
RELOAD_SCHEMA: Final = vol.Schema({})

_RELOADERS: Final = HubKey[dict[str, ReloadCallback]]("reload_callbacks")


def read_domain_configs(
    config_dir: Path, catalog: IntegrationCatalog | None, domains: list[str]
) -> dict[str, Any]:
    """Load ``configuration.yaml`` and validate the blocks of ``domains``. Blocking.

    Returns the validated block per domain; raises ``ConfigError`` (located at the first
    problem) when the file cannot be read or any of those blocks is invalid.
    """
    try:
        root = load_config(config_dir)
    except ConfigError as err:
        raise _combined_error(domains, [err]) from err
    errors = [
        error
        for error in merge_packages(root)
        if any(f"'{domain}" in error.message for domain in domains)
    ]
    if catalog is None:
        catalog = IntegrationCatalog.discover(config_dir)
    validated: dict[str, Any] = {}
    for domain in domains:
        result = validate_domain_config(root, catalog, domain)
        errors.extend(result.errors)
        if domain in result.domains:
            validated[domain] = result.domains[domain]
    if errors:
        raise _combined_error(domains, errors)
    return validated


def _combined_error(domains: list[str], errors: list[ConfigError]) -> ConfigError:
    first = errors[0]
    names = ", ".join(domains)
    message = f"Invalid configuration; {names} not reloaded: {first.message}"
    if len(errors) > 1:
        message += "\n" + "\n".join(error.located() for error in errors[1:])
    return ConfigError(message, first.file, first.line)


async def async_read_domain_configs(hub: Hub, domains: list[str]) -> dict[str, Any]:
    """``read_domain_configs`` in the executor, with the catalog the hub started with."""
    setup = hub.data.get(INTEGRATION_SETUP)
    catalog = setup.catalog if setup is not None else None
    return await hub.add_executor_job(read_domain_configs, hub.config_dir, catalog, domains)


async def async_reload_domain(hub: Hub, domain: str) -> None:
    """Re-read and validate ``domain``'s configuration and hand it to its reload callback."""
    reload = (hub.data.get(_RELOADERS) or {}).get(domain)
    if reload is None:
        raise ConfigError(f"{domain} cannot be reloaded")
    configs = await async_read_domain_configs(hub, [domain])
    _LOGGER.info("Reloading %s", domain)
    await reload(configs.get(domain, {}))


def register_reload_service(hub: Hub, domain: str, reload: ReloadCallback) -> None:
    """Add ``<domain>.reload`` (admin only) calling ``await reload(new_domain_config)``."""
    reloaders = hub.data.setdefault(_RELOADERS, {})
    reloaders[domain] = reload

    async def handle(call: ServiceCall) -> None:
        await async_reload_domain(hub, domain)

    hub.services.register(domain, SERVICE_RELOAD, handle, RELOAD_SCHEMA, admin_only=True)
    if not hub.services.has_service(CORE_DOMAIN, SERVICE_RELOAD_ALL):
        hub.services.register(
            CORE_DOMAIN, SERVICE_RELOAD_ALL, _reload_all(hub), RELOAD_SCHEMA, admin_only=True
        )


def _reload_all(hub: Hub) -> Callable[[ServiceCall], Awaitable[None]]:
    async def handle(call: ServiceCall) -> None:
        registered = hub.data.get(_RELOADERS)
        reloaders = dict(registered) if registered is not None else {}
        configs = await async_read_domain_configs(hub, sorted(reloaders))
        for domain, reload in reloaders.items():
            _LOGGER.info("Reloading %s", domain)
            await reload(configs.get(domain, {}))
        if hub.services.has_service(CORE_DOMAIN, "reload_core_config"):
            await hub.services.call(
                CORE_DOMAIN, "reload_core_config", blocking=True, context=call.context
            )

    return handle
