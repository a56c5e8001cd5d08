"""Answers shared by the REST and WebSocket APIs (``get_config``, ``get_services``,
``/api/core/state``...), built in one place so both send exactly the same shapes.

Import from here in both APIs; this module imports only the hub's core parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hub.config.core_config import CoreConfig
from hub.const import HA_VERSION
from hub.entity.component import ENTITY_COMPONENTS
from hub.loader.service_descriptions import Descriptions, ServiceDescriptions
from hub.loader.setup import INTEGRATION_SETUP

if TYPE_CHECKING:
    from hub.core import Hub

# Core keys whose presence in YAML makes Home Assistant report ``config_source: yaml``.
_YAML_SOURCED: Final = (
    "name",
    "latitude",
    "longitude",
    "elevation",
    "time_zone",
    "unit_system",
    "external_url",
    "internal_url",
    "currency",
    "country",
    "language",
    "radius",
)
_DEFAULT_CORE: Final = CoreConfig()


def loaded_components(hub: Hub) -> list[str]:
    """Loaded integrations plus ``<domain>.<integration>`` for each entity platform
    (``sensor.demo``), sorted: HA's ``components``."""
    setup = hub.data.get(INTEGRATION_SETUP)
    components = set(setup.loaded) if setup is not None else set()
    for domain, component in hub.data.get(ENTITY_COMPONENTS, {}).items():
        components.update(f"{domain}.{integration}" for integration in component.platforms)
    return sorted(components)


def config_source(config: CoreConfig) -> str:
    """``yaml`` when ``homeassistant:`` sets the home's settings, else ``default``.

    Watthub keeps core settings in YAML only (no onboarding store yet), so a value
    that differs from the defaults came from YAML."""
    changed = any(getattr(config, key) != getattr(_DEFAULT_CORE, key) for key in _YAML_SOURCED)
    return "yaml" if changed else "default"


def allowlist_external_dirs(hub: Hub) -> list[str]:
    """``<config>/www``, the media folders (default ``<config>/media``) and the
    configured ones, without repeats."""
    media = hub.config.media_dirs or {"local": str(hub.path("media"))}
    folders = [str(hub.path("www")), *media.values(), *hub.config.allowlist_external_dirs]
    return list(dict.fromkeys(folders))


def config_payload(hub: Hub) -> dict[str, Any]:
    """``get_config`` / ``GET /api/config`` (keys in HA's order)."""
    core = hub.config
    allowlist = allowlist_external_dirs(hub)
    return {
        "allowlist_external_dirs": allowlist,
        "allowlist_external_urls": list(core.allowlist_external_urls),
        "components": loaded_components(hub),
        "config_dir": str(hub.config_dir),
        "config_source": config_source(core),
        "country": core.country,
        "currency": core.currency,
        "debug": core.debug,
        "elevation": core.elevation,
        "external_url": core.external_url,
        "internal_url": core.internal_url,
        "language": core.language,
        "latitude": core.latitude,
        "location_name": core.name,
        "longitude": core.longitude,
        "radius": core.radius,
        "recovery_mode": False,
        "safe_mode": False,
        "state": hub.state.value,
        "time_zone": core.time_zone,
        "unit_system": hub.units.as_dict(),
        "version": HA_VERSION,
        # HA's legacy name, still read by older clients.
        "whitelist_external_dirs": allowlist,
    }


def core_state_payload(hub: Hub) -> dict[str, Any]:
    """``GET /api/core/state``. The recorder (issue 6) will report real migrations."""
    return {
        "state": hub.state.value,
        "recorder_state": {"migration_in_progress": False, "migration_is_live": False},
    }


def services_payload(hub: Hub) -> Descriptions:
    """``get_services``: ``{domain: {service: description}}`` (shared: do not modify).

    Uses the ``services.yaml`` files read so far, which after start-up is all of them;
    ``await load_service_descriptions(hub)`` first to be sure."""
    return ServiceDescriptions.of(hub).current()


async def load_service_descriptions(hub: Hub) -> None:
    """Read every ``services.yaml`` not read yet (in the executor)."""
    await ServiceDescriptions.of(hub).all()


async def services_list_payload(hub: Hub) -> list[dict[str, Any]]:
    """``GET /api/services``: ``[{"domain": ..., "services": {...}}]``."""
    await load_service_descriptions(hub)
    descriptions = services_payload(hub)
    return [{"domain": domain, "services": services} for domain, services in descriptions.items()]


def events_payload(hub: Hub) -> list[dict[str, Any]]:
    """``GET /api/events``: listener counts per event type (``*``: every event)."""
    return [
        {"event": event_type, "listener_count": count}
        for event_type, count in hub.bus.listener_counts().items()
    ]
