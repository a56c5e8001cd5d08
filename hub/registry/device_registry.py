"""Devices: the physical things (a plug, a meter, a boiler) that entities belong to.

A device is found again across restarts by its identifiers (``(integration, serial)``) or
connections (``("mac", "aa:bb:...")``), so entities of one plug stay grouped and keep the
area the homeowner gave it.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from string import hexdigits
from typing import TYPE_CHECKING, Any, Final, TypedDict

from hub.const import (
    EVENT_AREA_REGISTRY_UPDATED,
    EVENT_DEVICE_REGISTRY_UPDATED,
    EVENT_LABEL_REGISTRY_UPDATED,
)
from hub.hub_data import HubKey
from hub.registry.registry_store import RegistryStore
from hub.storage import JsonData, Migration

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.registry.area_registry import AreaRegistry


class DeviceEntryDisabler(StrEnum):
    """Who disabled a device."""

    INTEGRATION = "integration"
    USER = "user"
    CONFIG_ENTRY = "config_entry"


class DeviceInfo(TypedDict, total=False):
    """What an entity tells about its device (HA's ``DeviceInfo`` keys)."""

    identifiers: set[tuple[str, str]]
    connections: set[tuple[str, str]]
    name: str | None
    manufacturer: str | None
    model: str | None
    model_id: str | None
    sw_version: str | None
    hw_version: str | None
    serial_number: str | None
    configuration_url: str | None
    suggested_area: str | None
    via_device: tuple[str, str]
    entry_type: str | None


_INFO_FIELDS: Final = (
    "name",
    "manufacturer",
    "model",
    "model_id",
    "sw_version",
    "hw_version",
    "serial_number",
    "configuration_url",
    "entry_type",
)


@dataclass(slots=True, frozen=True)
class DeviceEntry:
    """One device."""

    id: str
    identifiers: frozenset[tuple[str, str]] = frozenset()
    connections: frozenset[tuple[str, str]] = frozenset()
    integrations: frozenset[str] = frozenset()
    config_entries: frozenset[str] = frozenset()
    primary_config_entry: str | None = None
    name: str | None = None
    name_by_user: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    model_id: str | None = None
    sw_version: str | None = None
    hw_version: str | None = None
    serial_number: str | None = None
    configuration_url: str | None = None
    entry_type: str | None = None
    via_device_id: str | None = None
    area_id: str | None = None
    disabled_by: DeviceEntryDisabler | None = None
    labels: frozenset[str] = frozenset()
    created_at: float = 0.0
    modified_at: float = 0.0

    @property
    def display_name(self) -> str | None:
        """The homeowner's name for the device, else the integration's."""
        return self.name_by_user or self.name

    @property
    def disabled(self) -> bool:
        """Whether the device is disabled."""
        return self.disabled_by is not None

    def as_api(self) -> dict[str, Any]:
        """HA's ``config/device_registry/list`` item."""
        return {
            "area_id": self.area_id,
            "configuration_url": self.configuration_url,
            "config_entries": sorted(self.config_entries),
            "connections": sorted([list(item) for item in self.connections]),
            "created_at": self.created_at,
            "disabled_by": self.disabled_by,
            "entry_type": self.entry_type,
            "hw_version": self.hw_version,
            "id": self.id,
            "identifiers": sorted([list(item) for item in self.identifiers]),
            "labels": sorted(self.labels),
            "manufacturer": self.manufacturer,
            "model": self.model,
            "model_id": self.model_id,
            "modified_at": self.modified_at,
            "name_by_user": self.name_by_user,
            "name": self.name,
            "primary_config_entry": self.primary_config_entry,
            "serial_number": self.serial_number,
            "sw_version": self.sw_version,
            "via_device_id": self.via_device_id,
        }

    def to_storage(self) -> dict[str, Any]:
        """The stored form."""
        stored = self.as_api()
        stored["integrations"] = sorted(self.integrations)
        return stored


class DeviceRegistry(RegistryStore):
    """Every device, found by id, identifier or connection."""

    storage_key = "core.device_registry"
    storage_version = 1
    # 1.1: no model_id, serial_number, labels, created_at, modified_at. 1.2 adds them.
    storage_minor_version = 2
    event_type = EVENT_DEVICE_REGISTRY_UPDATED

    def __init__(self, hub: Hub, areas: AreaRegistry) -> None:
        super().__init__(hub)
        self._areas = areas
        self._devices: dict[str, DeviceEntry] = {}
        self._by_identifier: dict[tuple[str, str], str] = {}
        self._by_connection: dict[tuple[str, str], str] = {}
        hub.bus.listen(EVENT_AREA_REGISTRY_UPDATED, self._area_changed)
        hub.bus.listen(EVENT_LABEL_REGISTRY_UPDATED, self._label_changed)

    def migration(self) -> Migration:
        return _migrate

    def restore(self, data: JsonData) -> None:
        for item in data.get("devices", []):
            device = DeviceEntry(
                id=item["id"],
                identifiers=frozenset(tuple(pair) for pair in item["identifiers"]),
                connections=frozenset(
                    _normalize_connection((kind, value)) for kind, value in item["connections"]
                ),
                integrations=frozenset(item.get("integrations", [])),
                config_entries=frozenset(item["config_entries"]),
                primary_config_entry=item["primary_config_entry"],
                name=item["name"],
                name_by_user=item["name_by_user"],
                manufacturer=item["manufacturer"],
                model=item["model"],
                model_id=item["model_id"],
                sw_version=item["sw_version"],
                hw_version=item["hw_version"],
                serial_number=item["serial_number"],
                configuration_url=item["configuration_url"],
                entry_type=item["entry_type"],
                via_device_id=item["via_device_id"],
                area_id=item["area_id"],
                disabled_by=DeviceEntryDisabler(item["disabled_by"])
                if item["disabled_by"]
                else None,
                labels=frozenset(item["labels"]),
                created_at=item["created_at"],
                modified_at=item["modified_at"],
            )
            self._index(device)

    def to_storage(self) -> JsonData:
        return {"devices": [device.to_storage() for device in self._devices.values()]}

    def get(self, device_id: str) -> DeviceEntry | None:
        """The device with this id."""
        return self._devices.get(device_id)

    def devices(self) -> list[DeviceEntry]:
        """Every device."""
        return list(self._devices.values())

    def find(
        self,
        identifiers: Iterable[tuple[str, str]] = (),
        connections: Iterable[tuple[str, str]] = (),
    ) -> DeviceEntry | None:
        """The device known by any of these identifiers or connections."""
        for identifier in identifiers:
            if (device_id := self._by_identifier.get(identifier)) is not None:
                return self._devices[device_id]
        for connection in connections:
            if (
                device_id := self._by_connection.get(_normalize_connection(connection))
            ) is not None:
                return self._devices[device_id]
        return None

    def devices_in_area(self, area_id: str) -> list[DeviceEntry]:
        """Devices placed in an area."""
        return [device for device in self._devices.values() if device.area_id == area_id]

    def devices_for_label(self, label_id: str) -> list[DeviceEntry]:
        """Devices carrying a label."""
        return [device for device in self._devices.values() if label_id in device.labels]

    def get_or_create(self, integration: str, info: DeviceInfo) -> DeviceEntry:
        """The device described by ``info``, created or brought up to date."""
        identifiers = frozenset(info.get("identifiers", ()))
        connections = frozenset(_normalize_connection(c) for c in info.get("connections", ()))
        if not identifiers and not connections:
            raise ValueError("A device needs identifiers or connections")
        via = info.get("via_device")
        via_device = self.find([via]) if via else None
        existing = self.find(identifiers, connections)
        now = self.hub.clock.time()
        values: dict[str, Any] = {key: info[key] for key in _INFO_FIELDS if key in info}
        if via_device is not None:
            values["via_device_id"] = via_device.id
        if existing is None:
            area_id = None
            if suggested := info.get("suggested_area"):
                area_id = self._areas.get_or_create(suggested).id
            device = DeviceEntry(
                id=uuid.uuid4().hex,
                identifiers=identifiers,
                connections=connections,
                integrations=frozenset({integration}),
                area_id=area_id,
                created_at=now,
                modified_at=now,
                **values,
            )
            self._index(device)
            self.announce({"action": "create", "device_id": device.id})
            return device
        values["identifiers"] = existing.identifiers | identifiers
        values["connections"] = existing.connections | connections
        values["integrations"] = existing.integrations | {integration}
        return self._apply(existing, values)

    def update(self, device_id: str, **changes: Any) -> DeviceEntry:
        """Change a device (homeowner edits: name_by_user, area_id, disabled_by, labels)."""
        if "labels" in changes:
            changes["labels"] = frozenset(changes["labels"])
        if changes.get("disabled_by") is not None:
            changes["disabled_by"] = DeviceEntryDisabler(changes["disabled_by"])
        return self._apply(self._devices[device_id], changes)

    def remove(self, device_id: str) -> None:
        """Forget a device."""
        device = self._devices.pop(device_id)
        # Only this device's index entries: a merged device may share them.
        for identifier in device.identifiers:
            if self._by_identifier.get(identifier) == device_id:
                del self._by_identifier[identifier]
        for connection in device.connections:
            if self._by_connection.get(connection) == device_id:
                del self._by_connection[connection]
        for child in [d for d in self._devices.values() if d.via_device_id == device_id]:
            self._apply(child, {"via_device_id": None})
        self.announce({"action": "remove", "device_id": device_id})

    def _apply(self, device: DeviceEntry, values: dict[str, Any]) -> DeviceEntry:
        changes = {
            key: getattr(device, key)
            for key, value in values.items()
            if getattr(device, key) != value
        }
        if not changes:
            return device
        updated = dataclasses.replace(device, modified_at=self.hub.clock.time(), **values)
        self._index(updated)
        self.announce({"action": "update", "device_id": device.id, "changes": changes})
        return updated

    def _index(self, device: DeviceEntry) -> None:
        self._devices[device.id] = device
        for identifier in device.identifiers:
            self._by_identifier[identifier] = device.id
        for connection in device.connections:
            self._by_connection[connection] = device.id

    def _area_changed(self, event: Event) -> None:
        if event.data["action"] != "remove":
            return
        for device in self.devices_in_area(event.data["area_id"]):
            self.update(device.id, area_id=None)

    def _label_changed(self, event: Event) -> None:
        if event.data["action"] != "remove":
            return
        label_id = event.data["label_id"]
        for device in self.devices_for_label(label_id):
            self.update(device.id, labels=device.labels - {label_id})


def _normalize_connection(connection: tuple[str, str]) -> tuple[str, str]:
    kind, value = connection
    if kind == "mac":
        value = _format_mac(value)
    return kind, value


def _format_mac(mac: str) -> str:
    """``aa:bb:cc:dd:ee:ff`` from the colon, dash, dot (``aabb.ccdd.eeff``) or bare forms
    of a MAC address (Home Assistant's ``format_mac``); other text lowercased, ``-`` as
    ``:``."""
    value = mac.lower()
    compact = value.replace(":", "").replace("-", "").replace(".", "")
    if len(compact) == 12 and len(value) in (12, 14, 17) and all(c in hexdigits for c in compact):
        return ":".join(compact[index : index + 2] for index in range(0, 12, 2))
    return value.replace("-", ":")


def _migrate(major: int, minor: int, data: JsonData) -> JsonData:
    if major == 1 and minor < 2:
        for device in data.get("devices", []):
            for key in ("model_id", "serial_number", "primary_config_entry"):
                device.setdefault(key, None)
            device.setdefault("labels", [])
            device.setdefault("created_at", 0.0)
            device.setdefault("modified_at", 0.0)
    return data


DEVICE_REGISTRY: Final = HubKey[DeviceRegistry]("device_registry")
