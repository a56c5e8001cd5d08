"""The ``homeassistant`` domain: core services that HA configurations and clients use.

``homeassistant.turn_on/turn_off/toggle`` work on any entity by calling its own domain's
service; ``update_entity`` refreshes entities now; ``stop``/``restart``; configuration
checks and reloads; ``set_location``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import latitude, longitude
from hub.const import EVENT_CORE_CONFIG_UPDATE, RESTART_EXIT_CODE
from hub.entity.component import ENTITY_COMPONENTS
from hub.entity.customize import CUSTOMIZE, Customize
from hub.entity.restore_state import async_dump_restore_states
from hub.entity.service_schema import entity_service_schema
from hub.entity.target import select_entities
from hub.exceptions import HubError
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY
from hub.services import ServiceCall

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "homeassistant"


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Register the core services."""
    for service in ("turn_on", "turn_off", "toggle"):
        hub.services.register(
            DOMAIN, service, _generic_toggle(hub, service), entity_service_schema()
        )
    hub.services.register(DOMAIN, "update_entity", _update_entity(hub), entity_service_schema())
    hub.services.register(DOMAIN, "stop", lambda call: hub.request_stop(0), admin_only=True)
    hub.services.register(DOMAIN, "restart", _restart(hub), admin_only=True)
    hub.services.register(DOMAIN, "check_config", _check_config(hub), admin_only=True)
    hub.services.register(DOMAIN, "reload_core_config", _reload_core_config(hub), admin_only=True)
    hub.services.register(
        DOMAIN,
        "set_location",
        _set_location(hub),
        vol.Schema(
            {
                vol.Required("latitude"): latitude,
                vol.Required("longitude"): longitude,
                vol.Optional("elevation"): vol.Coerce(int),
            }
        ),
        admin_only=True,
    )
    hub.services.register(DOMAIN, "save_persistent_states", _save(hub))
    return True


def _generic_toggle(hub: Hub, service: str) -> Any:
    async def handle(call: ServiceCall) -> None:
        selected = select_entities(hub, call.data)
        ids = set(hub.states.entity_ids()) if selected.match_all else selected.all_ids
        by_domain: dict[str, list[str]] = {}
        for entity_id in sorted(ids):
            by_domain.setdefault(entity_id.partition(".")[0], []).append(entity_id)
        calls = []
        for domain, entity_ids in by_domain.items():
            if domain == DOMAIN:
                continue
            if not hub.services.has_service(domain, service):
                _LOGGER.warning("homeassistant.%s: %s has no %s service", service, domain, service)
                continue
            data = {
                key: value
                for key, value in call.data.items()
                if key not in ("entity_id", "device_id", "area_id", "floor_id", "label_id")
            }
            calls.append(
                hub.services.call(
                    domain,
                    service,
                    {**data, "entity_id": entity_ids},
                    blocking=True,
                    context=call.context,
                )
            )
        await asyncio.gather(*calls)

    return handle


def _update_entity(hub: Hub) -> Any:
    async def handle(call: ServiceCall) -> None:
        selected = select_entities(hub, call.data)
        components = hub.data.get(ENTITY_COMPONENTS, {})
        entities = []
        for entity_id in sorted(selected.all_ids):
            component = components.get(entity_id.partition(".")[0])
            entity = component.get_entity(entity_id) if component else None
            if entity is None:
                _LOGGER.warning("update_entity: %s is not a live entity", entity_id)
                continue
            entities.append(entity)
        await asyncio.gather(*(entity.update_state(force_refresh=True) for entity in entities))

    return handle


async def _raise_if_config_invalid(hub: Hub, action: str) -> None:
    from hub.bootstrap import read_configuration  # noqa: PLC0415 - cycle

    configuration = await hub.add_executor_job(read_configuration, hub.config_dir)
    if configuration.errors:
        raise HubError(
            f"The configuration is invalid{action}:\n"
            + "\n".join(e.located() for e in configuration.errors)
        )


def _check_config(hub: Hub) -> Any:
    async def handle(call: ServiceCall) -> None:
        await _raise_if_config_invalid(hub, "")

    return handle


def _restart(hub: Hub) -> Any:
    """As in Home Assistant, a restart is refused while the configuration is invalid (the
    hub would come back without the integrations whose blocks are broken)."""

    async def handle(call: ServiceCall) -> None:
        await _raise_if_config_invalid(hub, "; not restarting")
        hub.request_stop(RESTART_EXIT_CODE)

    return handle


def _reload_core_config(hub: Hub) -> Any:
    async def handle(call: ServiceCall) -> None:
        from hub.bootstrap import read_core_config  # noqa: PLC0415 - cycle

        core = await hub.add_executor_job(read_core_config, hub.config_dir)
        hub.apply_core_config(core)
        hub.data[CUSTOMIZE] = Customize(core.customize, core.customize_domain, core.customize_glob)
        for component in hub.data.get(ENTITY_COMPONENTS, {}).values():
            for entity in component.entities.values():
                entity.refresh_cached_metadata()
                if entity.added:
                    entity.write_state()
        hub.bus.fire_internal(EVENT_CORE_CONFIG_UPDATE)

    return handle


def _set_location(hub: Hub) -> Any:
    def handle(call: ServiceCall) -> None:
        hub.config.latitude = call.data["latitude"]
        hub.config.longitude = call.data["longitude"]
        if "elevation" in call.data:
            hub.config.elevation = call.data["elevation"]
        hub.bus.fire_internal(EVENT_CORE_CONFIG_UPDATE)

    return handle


def _save(hub: Hub) -> Any:
    async def handle(call: ServiceCall) -> None:
        await asyncio.gather(
            hub.data[AREA_REGISTRY].flush(),
            hub.data[DEVICE_REGISTRY].flush(),
            hub.data[ENTITY_REGISTRY].flush(),
            async_dump_restore_states(hub),
        )

    return handle
