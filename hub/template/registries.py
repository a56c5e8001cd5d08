"""Registry functions: areas, floors, labels, devices and integrations of entities.

Each looks a value up by id or by name the way Home Assistant does (``area_entities``
accepts an area id or an area name; ``area_id`` accepts an area name, a device id or an
entity id) and answers empty (``[]`` or None) when nothing matches. A hub without
registries (a bare test hub) answers empty too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hub.exceptions import TemplateError
from hub.registry.area_registry import AREA_REGISTRY
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY
from hub.registry.floor_registry import FLOOR_REGISTRY
from hub.registry.label_registry import LABEL_REGISTRY
from hub.states import valid_entity_id

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.registry import (
        AreaRegistry,
        DeviceEntry,
        DeviceRegistry,
        EntityRegistry,
        FloorRegistry,
        LabelRegistry,
        RegistryEntry,
    )

_CONFIG_ENTRY_ATTRIBUTES: Final = frozenset({"domain", "title", "state", "source", "disabled_by"})


class RegistryFunctions:
    """The registry functions of one hub."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    # -- registries (looked up each time: they are created during start-up) -----------

    @property
    def _areas(self) -> AreaRegistry | None:
        return self._hub.data.get(AREA_REGISTRY)

    @property
    def _devices(self) -> DeviceRegistry | None:
        return self._hub.data.get(DEVICE_REGISTRY)

    @property
    def _entities(self) -> EntityRegistry | None:
        return self._hub.data.get(ENTITY_REGISTRY)

    @property
    def _floors(self) -> FloorRegistry | None:
        return self._hub.data.get(FLOOR_REGISTRY)

    @property
    def _labels(self) -> LabelRegistry | None:
        return self._hub.data.get(LABEL_REGISTRY)

    def _entity(self, value: Any) -> RegistryEntry | None:
        registry = self._entities
        if registry is None or not isinstance(value, str) or not valid_entity_id(value):
            return None
        return registry.get(value)

    def _device(self, value: Any) -> DeviceEntry | None:
        registry = self._devices
        if registry is None or not isinstance(value, str):
            return None
        return registry.get(value)

    # -- devices -----------------------------------------------------------------------

    def device_entities(self, device_id: str) -> list[str]:
        """Entity ids of a device."""
        registry = self._entities
        if registry is None:
            return []
        return [entry.entity_id for entry in registry.entries_for_device(str(device_id))]

    def device_id(self, entity_id_or_device_name: Any) -> str | None:
        """The device of an entity, or the device with this name."""
        entry = self._entity(entity_id_or_device_name)
        if entry is not None:
            return entry.device_id
        devices = self._devices
        if devices is None:
            return None
        wanted = str(entity_id_or_device_name)
        return next(
            (
                device.id
                for device in devices.devices()
                if (name := device.name_by_user or device.name) and name == wanted
            ),
            None,
        )

    def device_attr(self, device_or_entity_id: Any, attr_name: str) -> Any:
        """An attribute of a device (``manufacturer``, ``model``...) by device or entity id."""
        if not isinstance(device_or_entity_id, str):
            raise TemplateError("Must provide a device or entity ID")
        device = None
        if "." in device_or_entity_id:
            found = self.device_id(device_or_entity_id)
            device = self._device(found) if found is not None else None
        else:
            device = self._device(device_or_entity_id)
        if device is None or attr_name.startswith("_") or not hasattr(device, attr_name):
            return None
        return getattr(device, attr_name)

    def is_device_attr(self, device_or_entity_id: Any, attr_name: str, attr_value: Any) -> bool:
        """Whether a device attribute has this value."""
        return bool(self.device_attr(device_or_entity_id, attr_name) == attr_value)

    def config_entry_id(self, entity_id: Any) -> str | None:
        """The config entry of an entity (YAML integrations have none)."""
        entry = self._entity(entity_id)
        return entry.config_entry_id if entry is not None else None

    def config_entry_attr(self, config_entry_id: Any, attr_name: str) -> Any:
        """An attribute of a config entry (there are none in Watthub yet: None)."""
        if not isinstance(config_entry_id, str):
            raise TemplateError("Must provide a config entry ID")
        if attr_name not in _CONFIG_ENTRY_ATTRIBUTES:
            raise TemplateError("Invalid config entry attribute")
        return None

    def integration_entities(self, integration: Any) -> list[str]:
        """Entity ids that an integration created (live entities)."""
        if not integration:
            return []
        from hub.entity.component import ENTITY_COMPONENTS  # noqa: PLC0415 - cycle

        return [
            entity_id
            for component in self._hub.data.get(ENTITY_COMPONENTS, {}).values()
            for entity_id, entity in component.entities.items()
            if entity.platform is not None and entity.platform.integration == integration
        ]

    def is_hidden_entity(self, entity_id: Any) -> bool:
        """Whether the homeowner or the integration hid an entity."""
        entry = self._entity(entity_id)
        return entry is not None and entry.hidden

    # -- areas -------------------------------------------------------------------------

    def areas(self) -> list[str]:
        """Every area id."""
        registry = self._areas
        return [area.id for area in registry.areas()] if registry is not None else []

    def area_id(self, lookup: Any) -> str | None:
        """The area id of an area name, an entity (or its device) or a device."""
        registry = self._areas
        if registry is None:
            return None
        if (area := registry.get_by_name(str(lookup))) is not None:
            return area.id
        entry = self._entity(lookup)
        if entry is not None:
            if entry.area_id:
                return str(entry.area_id)
            if entry.device_id and (device := self._device(entry.device_id)) is not None:
                return device.area_id
        device = self._device(lookup)
        return device.area_id if device is not None else None

    def area_name(self, lookup: Any) -> str | None:
        """The area name of an area id, an entity (or its device) or a device."""
        registry = self._areas
        if registry is None:
            return None
        if isinstance(lookup, str) and (area := registry.get(lookup)) is not None:
            return area.name
        area_id: str | None = None
        entry = self._entity(lookup)
        if entry is not None:
            if entry.area_id:
                area_id = entry.area_id
            elif entry.device_id and (device := self._device(entry.device_id)) is not None:
                area_id = device.area_id
        if area_id is None and (device := self._device(lookup)) is not None:
            area_id = device.area_id
        found = registry.get(area_id) if area_id else None
        return found.name if found is not None else None

    def _area(self, id_or_name: Any) -> str | None:
        """An area id from an id or a name."""
        if self.area_name(id_or_name) is not None and isinstance(id_or_name, str):
            return id_or_name
        return self.area_id(id_or_name)

    def area_entities(self, area_id_or_name: Any) -> list[str]:
        """Entities in an area, including those of its devices without an area of their own."""
        area_id = self._area(area_id_or_name)
        entities = self._entities
        if area_id is None or entities is None:
            return []
        found = [entry.entity_id for entry in entities.entries_for_area(area_id)]
        devices = self._devices
        if devices is not None:
            found.extend(
                entry.entity_id
                for device in devices.devices_in_area(area_id)
                for entry in entities.entries_for_device(device.id)
                if entry.area_id is None
            )
        return found

    def area_devices(self, area_id_or_name: Any) -> list[str]:
        """Device ids in an area."""
        area_id = self._area(area_id_or_name)
        devices = self._devices
        if area_id is None or devices is None:
            return []
        return [device.id for device in devices.devices_in_area(area_id)]

    # -- floors ------------------------------------------------------------------------

    def floors(self) -> list[str]:
        """Every floor id."""
        registry = self._floors
        return [floor.floor_id for floor in registry.floors()] if registry is not None else []

    def floor_id(self, lookup: Any) -> str | None:
        """The floor id of a floor name, or of the area of an area/device/entity."""
        registry = self._floors
        if registry is None:
            return None
        if (floor := registry.get_by_name(str(lookup))) is not None:
            return floor.floor_id
        area_id = self.area_id(lookup)
        areas = self._areas
        area = areas.get(area_id) if area_id and areas is not None else None
        return area.floor_id if area is not None else None

    def floor_name(self, lookup: Any) -> str | None:
        """The floor name of a floor id, or of the area of an area/device/entity."""
        registry = self._floors
        if registry is None:
            return None
        if isinstance(lookup, str) and (floor := registry.get(lookup)) is not None:
            return floor.name
        area_id = self.area_id(lookup)
        areas = self._areas
        area = areas.get(area_id) if area_id and areas is not None else None
        if area is not None and area.floor_id and (floor := registry.get(area.floor_id)):
            return floor.name
        return None

    def floor_areas(self, floor_id_or_name: Any) -> list[str]:
        """Area ids on a floor (by floor id or name)."""
        if self.floor_name(floor_id_or_name) is not None and isinstance(floor_id_or_name, str):
            floor_id: str | None = floor_id_or_name
        else:
            floor_id = self.floor_id(floor_id_or_name)
        areas = self._areas
        if floor_id is None or areas is None:
            return []
        return [area.id for area in areas.areas_for_floor(floor_id)]

    # -- labels ------------------------------------------------------------------------

    def labels(self, lookup: Any = None) -> list[str]:
        """Every label id, or the labels of an entity, a device or an area."""
        registry = self._labels
        if lookup is None:
            return [label.label_id for label in registry.labels()] if registry else []
        text = str(lookup)
        if (entry := self._entity(text)) is not None:
            return sorted(entry.labels)
        if (device := self._device(text)) is not None:
            return sorted(device.labels)
        areas = self._areas
        if areas is not None and (area := areas.get(text)) is not None:
            return sorted(area.labels)
        return []

    def label_id(self, lookup: Any) -> str | None:
        """The label id of a label name."""
        registry = self._labels
        label = registry.get_by_name(str(lookup)) if registry is not None else None
        return label.label_id if label is not None else None

    def label_name(self, lookup: Any) -> str | None:
        """The label name of a label id."""
        registry = self._labels
        label = registry.get(lookup) if registry is not None and isinstance(lookup, str) else None
        return label.name if label is not None else None

    def _label(self, id_or_name: Any) -> str | None:
        if self.label_name(id_or_name) is not None:
            return str(id_or_name)
        return self.label_id(id_or_name)

    def label_areas(self, label_id_or_name: Any) -> list[str]:
        """Areas carrying a label."""
        label_id, areas = self._label(label_id_or_name), self._areas
        if label_id is None or areas is None:
            return []
        return [area.id for area in areas.areas_for_label(label_id)]

    def label_devices(self, label_id_or_name: Any) -> list[str]:
        """Devices carrying a label."""
        label_id, devices = self._label(label_id_or_name), self._devices
        if label_id is None or devices is None:
            return []
        return [device.id for device in devices.devices_for_label(label_id)]

    def label_entities(self, label_id_or_name: Any) -> list[str]:
        """Entities carrying a label."""
        label_id, entities = self._label(label_id_or_name), self._entities
        if label_id is None or entities is None:
            return []
        return [entry.entity_id for entry in entities.entries_for_label(label_id)]
