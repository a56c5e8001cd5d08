"""Legacy ``platform:`` blocks under an entity domain (``sensor: - platform: template``).

Home Assistant configurations are full of them, so every entity domain accepts a list of
blocks, each naming the integration whose ``<domain>.py`` module provides
``async_setup_platform(hub, config, add_entities)``.
"""

from __future__ import annotations

import asyncio
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
    """Start setting up each validated platform block; one failing block is logged and
    skipped.

    As in Home Assistant, the blocks are set up in their own tasks, not inside the entity
    domain's setup: a block's integration may itself be adding entities of this domain
    (``template:`` next to ``sensor: - platform: template``), and would otherwise wait
    for the domain while the domain waits for it. Start-up waits for them.
    """
    from hub.loader.setup import INTEGRATION_SETUP  # noqa: PLC0415 - cycle

    setup = hub.data[INTEGRATION_SETUP]
    for conf in platform_configs:
        name = conf["platform"]
        setup.track_platform_setup(
            hub.create_task(
                _setup_platform(hub, component, conf), f"setup platform {component.domain}.{name}"
            )
        )


async def _setup_platform(hub: Hub, component: EntityComponent, conf: Mapping[str, Any]) -> None:
    from hub.loader.setup import INTEGRATION_SETUP, SETUP_TIMEOUT  # noqa: PLC0415 - cycle

    setup = hub.data[INTEGRATION_SETUP]
    name = conf["platform"]
    try:
        if not await setup.setup(name):
            _LOGGER.error(
                "Platform %s.%s not set up: integration %s is not loaded (%s)",
                component.domain,
                name,
                name,
                setup.records[name].error if name in setup.records else "unknown",
            )
            return
        integration = setup.catalog.get(name)
        module = await hub.add_executor_job(integration.import_platform, component.domain)
        await asyncio.wait_for(
            module.async_setup_platform(hub, conf, component.platform(name).add_entities),
            SETUP_TIMEOUT,
        )
    except TimeoutError:
        _LOGGER.error(
            "Platform %s.%s took longer than %.0f s to set up; skipped",
            component.domain,
            name,
            SETUP_TIMEOUT,
        )
    except Exception:
        _LOGGER.exception("Error setting up platform %s.%s", component.domain, name)
