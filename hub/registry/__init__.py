"""Registries of areas, devices and entities, persisted in ``.storage``.

They give entities stable ids across restarts (by integration + unique id), hold what
the homeowner changed (names, areas, disabled/hidden), and let a service target a device
or an area. The WebSocket API lists and edits them in Home Assistant's shapes.
"""

from __future__ import annotations

from hub.registry.area_registry import AREA_REGISTRY, AreaEntry, AreaRegistry
from hub.registry.device_registry import DEVICE_REGISTRY, DeviceEntry, DeviceInfo, DeviceRegistry
from hub.registry.entity_registry import (
    ENTITY_REGISTRY,
    EntityRegistry,
    RegistryEntry,
    RegistryEntryDisabler,
    RegistryEntryHider,
)

__all__ = [
    "AREA_REGISTRY",
    "DEVICE_REGISTRY",
    "ENTITY_REGISTRY",
    "AreaEntry",
    "AreaRegistry",
    "DeviceEntry",
    "DeviceInfo",
    "DeviceRegistry",
    "EntityRegistry",
    "RegistryEntry",
    "RegistryEntryDisabler",
    "RegistryEntryHider",
]
