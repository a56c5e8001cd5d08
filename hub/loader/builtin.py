"""Integrations built into the hub: the platform every install has.

Entity domains (``sensor``, ``switch``...) and core service domains live in
``hub/domains/``; the HTTP server in ``hub/http/``. Each has a ``manifest.json`` beside
its ``__init__.py`` like any other integration.
"""

from __future__ import annotations

from typing import Final

BUILTIN_INTEGRATIONS: Final[dict[str, str]] = {
    "api": "hub.http.api",
    "auth": "hub.auth",
    "automation": "hub.automation",
    "binary_sensor": "hub.domains.binary_sensor",
    "button": "hub.domains.button",
    "homeassistant": "hub.domains.homeassistant",
    "http": "hub.http",
    "logger": "hub.domains.logger",
    "number": "hub.domains.number",
    "script": "hub.script",
    "select": "hub.domains.select",
    "sensor": "hub.domains.sensor",
    "switch": "hub.domains.switch",
    "update": "hub.domains.update",
    "water_heater": "hub.domains.water_heater",
    "websocket_api": "hub.websocket",
}

# Set up on every start, configured or not (``persistent_notification`` as in Home
# Assistant: the frontend subscribes to it on every page load).
ALWAYS_SET_UP: Final = (
    "homeassistant",
    "logger",
    "http",
    "api",
    "auth",
    "websocket_api",
    "persistent_notification",
)

# Entity domains: their configuration is a list of ``platform:`` blocks.
ENTITY_DOMAINS: Final = frozenset(
    {"binary_sensor", "button", "number", "select", "sensor", "switch", "update", "water_heater"}
)
