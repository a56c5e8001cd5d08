"""Registries of floors, areas, labels, devices and entities, persisted in ``.storage``.

They give entities stable ids across restarts (by integration + unique id), hold what
the homeowner changed (names, areas, labels, disabled/hidden), and let a service target
a device, an area, a floor or a label. The WebSocket API lists and edits them in Home
Assistant's shapes.
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
from hub.registry.floor_registry import FLOOR_REGISTRY, FloorEntry, FloorRegistry
from hub.registry.label_registry import LABEL_REGISTRY, LabelEntry, LabelRegistry

__all__ = [
    "AREA_REGISTRY",
    "DEVICE_REGISTRY",
    "ENTITY_REGISTRY",
    "FLOOR_REGISTRY",
    "LABEL_REGISTRY",
    "AreaEntry",
    "AreaRegistry",
    "DeviceEntry",
    "DeviceInfo",
    "DeviceRegistry",
    "EntityRegistry",
    "FloorEntry",
    "FloorRegistry",
    "LabelEntry",
    "LabelRegistry",
    "RegistryEntry",
    "RegistryEntryDisabler",
    "RegistryEntryHider",
]
