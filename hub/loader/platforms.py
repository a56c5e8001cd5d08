"""Legacy ``platform:`` blocks under an entity domain (``sensor: - platform: template``).

Home Assistant configurations are full of them, so every entity domain accepts a list of
blocks, each naming the integration whose ``<domain>.py`` module provides
``async_setup_platform(hub, config, add_entities)``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from hub.entity.entity import Entity

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.entity.component import EntityComponent

_LOGGER = logging.getLogger(__name__)

# What ``async_setup_platform`` receives: ``await add_entities(entities, update_before_add)``.
AddEntities = Callable[[Iterable[Entity], bool], Awaitable[None]]


async def setup_entity_platforms(
    hub: Hub, component: EntityComponent, platform_configs: Iterable[Mapping[str, Any]]
) -> None:
    """Set up each validated platform block; one failing block is logged and skipped."""
    from hub.loader.setup import INTEGRATION_SETUP  # noqa: PLC0415 - cycle

    setup = hub.data[INTEGRATION_SETUP]
    for conf in platform_configs:
        name = conf["platform"]
        try:
            if not await setup.setup(name):
                _LOGGER.error(
                    "Platform %s.%s not set up: integration %s failed", component.domain, name, name
                )
                continue
            integration = setup.catalog.get(name)
            module = await hub.add_executor_job(integration.import_platform, component.domain)
            await module.async_setup_platform(hub, conf, component.platform(name).add_entities)
        except Exception:
            _LOGGER.exception("Error setting up platform %s.%s", component.domain, name)
