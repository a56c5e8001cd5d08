"""Which entities a service call's target means.

A target names entities directly (``entity_id``) or indirectly through devices, areas,
floors and labels (``device_id``, ``area_id``, ``floor_id``, ``label_id``), resolved as
Home Assistant does:

* a floor means the areas on it;
* a label means the entities carrying it, plus the devices and areas carrying it;
* a device means its entities;
* an area means the entities assigned to it, plus the entities of the devices in it that
  have no area of their own.

Indirect targets skip hidden and config/diagnostic entities (and disabled ones, which
are not live), so "turn off the kitchen" never flips a device's configuration switch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hub.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
    ENTITY_MATCH_ALL,
    ENTITY_MATCH_NONE,
)
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY, RegistryEntry
from hub.registry.floor_registry import FLOOR_REGISTRY
from hub.registry.label_registry import LABEL_REGISTRY

if TYPE_CHECKING:
    from hub.core import Hub


@dataclass(slots=True)
class SelectedEntities:
    """The outcome of resolving a target."""

    referenced: set[str] = field(default_factory=set)
    indirectly_referenced: set[str] = field(default_factory=set)
    match_all: bool = False
    # Devices and areas the target reached (named, or through floors and labels).
    referenced_devices: set[str] = field(default_factory=set)
    referenced_areas: set[str] = field(default_factory=set)
    missing_devices: set[str] = field(default_factory=set)
    missing_areas: set[str] = field(default_factory=set)
    missing_floors: set[str] = field(default_factory=set)
    missing_labels: set[str] = field(default_factory=set)

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


def _ids(data: Mapping[str, Any], key: str) -> set[str]:
    return _as_set(data.get(key)) - {ENTITY_MATCH_NONE}


_INDIRECT_KEYS = (ATTR_DEVICE_ID, ATTR_AREA_ID, ATTR_FLOOR_ID, ATTR_LABEL_ID)


def select_entities(hub: Hub, data: Mapping[str, Any]) -> SelectedEntities:
    """Resolve ``entity_id`` / ``device_id`` / ``area_id`` / ``floor_id`` / ``label_id``."""
    selected = SelectedEntities()
    entity_ids = data.get(ATTR_ENTITY_ID)
    if entity_ids == ENTITY_MATCH_ALL:
        selected.match_all = True
        return selected
    if entity_ids != ENTITY_MATCH_NONE:
        selected.referenced = {item.lower() for item in _as_set(entity_ids)}
    if not any(key in data for key in _INDIRECT_KEYS):  # the common case: ids only
        return selected
    device_ids = _ids(data, ATTR_DEVICE_ID)
    area_ids = _ids(data, ATTR_AREA_ID)
    floor_ids = _ids(data, ATTR_FLOOR_ID)
    label_ids = _ids(data, ATTR_LABEL_ID)
    if not (device_ids or area_ids or floor_ids or label_ids):
        return selected
    _note_missing(hub, selected, device_ids, area_ids, floor_ids, label_ids)
    _add_labelled(hub, selected, label_ids)
    areas = hub.data[AREA_REGISTRY]
    for floor_id in floor_ids:
        selected.referenced_areas.update(area.id for area in areas.areas_for_floor(floor_id))
    selected.referenced_areas.update(area_ids - selected.missing_areas)
    selected.referenced_devices.update(device_ids - selected.missing_devices)
    _add_devices_and_areas(hub, selected)
    return selected


def _note_missing(
    hub: Hub,
    selected: SelectedEntities,
    device_ids: set[str],
    area_ids: set[str],
    floor_ids: set[str],
    label_ids: set[str],
) -> None:
    devices, areas = hub.data[DEVICE_REGISTRY], hub.data[AREA_REGISTRY]
    floors, labels = hub.data[FLOOR_REGISTRY], hub.data[LABEL_REGISTRY]
    selected.missing_devices = {item for item in device_ids if devices.get(item) is None}
    selected.missing_areas = {item for item in area_ids if areas.get(item) is None}
    selected.missing_floors = {item for item in floor_ids if item not in floors}
    selected.missing_labels = {item for item in label_ids if item not in labels}


def _add_labelled(hub: Hub, selected: SelectedEntities, label_ids: set[str]) -> None:
    """Entities, devices and areas carrying one of the labels."""
    entities, devices = hub.data[ENTITY_REGISTRY], hub.data[DEVICE_REGISTRY]
    areas = hub.data[AREA_REGISTRY]
    for label_id in label_ids:
        _add_indirect(selected, entities.entries_for_label(label_id))
        selected.referenced_devices.update(d.id for d in devices.devices_for_label(label_id))
        selected.referenced_areas.update(a.id for a in areas.areas_for_label(label_id))


def _add_devices_and_areas(hub: Hub, selected: SelectedEntities) -> None:
    """Entities of the referenced devices and areas (devices in an area count too)."""
    entities, devices = hub.data[ENTITY_REGISTRY], hub.data[DEVICE_REGISTRY]
    for device_id in selected.referenced_devices:
        _add_indirect(selected, entities.entries_for_device(device_id))
    devices_by_area: set[str] = set()
    for area_id in selected.referenced_areas:
        _add_indirect(selected, entities.entries_for_area(area_id))
        devices_by_area.update(device.id for device in devices.devices_in_area(area_id))
    for device_id in devices_by_area:
        # A device's entity follows its device into the area unless it has its own area.
        _add_indirect(
            selected,
            (entry for entry in entities.entries_for_device(device_id) if entry.area_id is None),
        )
    selected.referenced_devices |= devices_by_area


def _add_indirect(selected: SelectedEntities, entries: Iterable[RegistryEntry]) -> None:
    for entry in entries:
        if entry.entity_category is None and not entry.hidden and not entry.disabled:
            selected.indirectly_referenced.add(entry.entity_id)
