"""Which entities a service call's target means.

A target names entities directly (``entity_id``) or indirectly through devices and areas
(``device_id``, ``area_id``): an area means the entities assigned to it plus the entities
of the devices in it that have no area of their own. Indirect targets skip hidden and
config/diagnostic entities, as in Home Assistant, so "turn off the kitchen" never flips
a device's configuration switch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hub.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ENTITY_MATCH_ALL,
    ENTITY_MATCH_NONE,
)
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY, RegistryEntry

if TYPE_CHECKING:
    from hub.core import Hub


@dataclass(slots=True)
class SelectedEntities:
    """The outcome of resolving a target."""

    referenced: set[str] = field(default_factory=set)
    indirectly_referenced: set[str] = field(default_factory=set)
    match_all: bool = False
    missing_devices: set[str] = field(default_factory=set)
    missing_areas: set[str] = field(default_factory=set)

    @property
    def all_ids(self) -> set[str]:
        """Every entity id named directly or indirectly."""
        return self.referenced | self.indirectly_referenced


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {item.strip() for item in value.split(",") if item.strip()}
    return {str(item) for item in value}


def select_entities(hub: Hub, data: Mapping[str, Any]) -> SelectedEntities:
    """Resolve ``entity_id`` / ``device_id`` / ``area_id`` in ``data``."""
    selected = SelectedEntities()
    entity_ids = data.get(ATTR_ENTITY_ID)
    if entity_ids == ENTITY_MATCH_ALL:
        selected.match_all = True
        return selected
    if entity_ids != ENTITY_MATCH_NONE:
        selected.referenced = {item.lower() for item in _as_set(entity_ids)}
    device_ids = _as_set(data.get(ATTR_DEVICE_ID)) - {ENTITY_MATCH_NONE}
    area_ids = _as_set(data.get(ATTR_AREA_ID)) - {ENTITY_MATCH_NONE}
    if not device_ids and not area_ids:
        return selected

    entities = hub.data[ENTITY_REGISTRY]
    devices = hub.data[DEVICE_REGISTRY]
    areas = hub.data[AREA_REGISTRY]
    for area_id in area_ids:
        if areas.get(area_id) is None:
            selected.missing_areas.add(area_id)
            continue
        _add_indirect(selected, entities.entries_for_area(area_id))
        for device in devices.devices_in_area(area_id):
            _add_indirect(
                selected,
                (
                    entry
                    for entry in entities.entries_for_device(device.id)
                    if entry.area_id is None
                ),
            )
    for device_id in device_ids:
        if devices.get(device_id) is None:
            selected.missing_devices.add(device_id)
            continue
        _add_indirect(selected, entities.entries_for_device(device_id))
    return selected


def _add_indirect(selected: SelectedEntities, entries: Iterable[RegistryEntry]) -> None:
    for entry in entries:
        if entry.entity_category is None and not entry.hidden and not entry.disabled:
            selected.indirectly_referenced.add(entry.entity_id)
