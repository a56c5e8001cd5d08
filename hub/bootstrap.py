"""Turning a configuration directory into a running hub.

``read_configuration`` (blocking) loads ``configuration.yaml`` with its includes, secrets
and packages, validates the core block and every integration block, and collects every
problem with its file and line. ``watthub check-config`` prints those problems;
``build_hub`` logs them and starts with whatever is valid, so one bad block never keeps
the rest of the home from running.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.auth import AUTH, Auth
from hub.clock import Clock
from hub.config.core_config import CoreConfig, check_core_config, validate_core_config
from hub.config.packages import merge_packages
from hub.config.yaml_loader import load_config
from hub.config.yaml_nodes import NodeDict
from hub.core import Hub
from hub.entity.customize import CUSTOMIZE, Customize
from hub.exceptions import ConfigError
from hub.loader.builtin import ALWAYS_SET_UP
from hub.loader.catalog import IntegrationCatalog
from hub.loader.config_validation import validate_integration_configs
from hub.loader.setup import INTEGRATION_SETUP, IntegrationSetup
from hub.registry.area_registry import AREA_REGISTRY, AreaRegistry
from hub.registry.device_registry import DEVICE_REGISTRY, DeviceRegistry
from hub.registry.entity_registry import ENTITY_REGISTRY, EntityRegistry
from hub.registry.floor_registry import FLOOR_REGISTRY, FloorRegistry
from hub.registry.label_registry import LABEL_REGISTRY, LabelRegistry

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class Configuration:
    """A configuration directory, loaded and validated."""

    root: NodeDict
    core: CoreConfig
    domains: dict[str, Any]
    catalog: IntegrationCatalog
    errors: list[ConfigError] = field(default_factory=list)


def read_configuration(
    config_dir: Path, overrides: dict[str, dict[str, Any]] | None = None
) -> Configuration:
    """Load and validate everything under ``config_dir``. Blocking.

    ``overrides`` replaces keys inside integration blocks after validation (the CLI's
    ``--host``/``--port`` for ``http``).
    """
    catalog = IntegrationCatalog.discover(config_dir)
    errors: list[ConfigError] = []
    try:
        root = load_config(config_dir)
    except ConfigError as err:
        # Unreadable configuration: run the always-present integrations on defaults.
        errors.append(err)
        root = NodeDict()
    errors.extend(merge_packages(root))
    core, core_errors = check_core_config(root)
    errors.extend(core_errors)
    validated = validate_integration_configs(root, catalog)
    errors.extend(validated.errors)
    for domain, values in (overrides or {}).items():
        current = validated.domains.get(domain)
        if current is None and domain in ALWAYS_SET_UP:
            # Its block is invalid, yet it starts (on defaults): still as the caller says.
            current = {}
        if isinstance(current, dict):
            validated.domains[domain] = {**current, **values}
    return Configuration(root, core, validated.domains, catalog, errors)


def read_core_config(config_dir: Path) -> CoreConfig:
    """Only the ``homeassistant:`` block (with packages' customize). Blocking; raises
    ``ConfigError`` at the first problem."""
    root = load_config(config_dir)
    merge_packages(root)
    return validate_core_config(root)


async def build_hub(
    config_dir: Path,
    clock: Clock | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> Hub:
    """Create a hub from ``config_dir`` and set up its integrations (not yet started)."""
    started = time.monotonic()
    hub = Hub(config_dir, clock=clock)
    configuration = await hub.add_executor_job(read_configuration, config_dir, overrides)
    for error in configuration.errors:
        _LOGGER.error("Invalid configuration: %s", error.located())
    hub.apply_core_config(configuration.core)
    core = configuration.core
    hub.data[CUSTOMIZE] = Customize(core.customize, core.customize_domain, core.customize_glob)
    await load_registries(hub)
    await load_auth(hub)
    setup = IntegrationSetup(hub, configuration.catalog, configuration.domains)
    hub.data[INTEGRATION_SETUP] = setup
    await setup.setup_all()
    _LOGGER.info(
        "Hub %r ready in %.2f s: %d integrations, %d entities",
        core.name,
        time.monotonic() - started,
        len(setup.loaded),
        hub.states.count(),
    )
    return hub


async def load_auth(hub: Hub) -> None:
    """Create and load users, tokens and password hashes."""
    auth = Auth(hub)
    hub.data[AUTH] = auth
    await auth.load()


async def load_registries(hub: Hub) -> None:
    """Create and load the floor, label, area, device and entity registries."""
    floors = FloorRegistry(hub)
    labels = LabelRegistry(hub)
    areas = AreaRegistry(hub)
    devices = DeviceRegistry(hub, areas)
    entities = EntityRegistry(hub)
    hub.data[FLOOR_REGISTRY] = floors
    hub.data[LABEL_REGISTRY] = labels
    hub.data[AREA_REGISTRY] = areas
    hub.data[DEVICE_REGISTRY] = devices
    hub.data[ENTITY_REGISTRY] = entities
    await asyncio.gather(
        floors.load(), labels.load(), areas.load(), devices.load(), entities.load()
    )
