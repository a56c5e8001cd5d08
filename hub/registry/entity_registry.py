"""Entities the hub has seen, keyed by entity id and by (domain, integration, unique id).

An entity with a unique id gets a registry entry the first time it appears; from then on
its entity id, the homeowner's name/icon/area, and disabled/hidden flags survive
restarts and renames. Entities without a unique id are not registered (as in HA) and
cannot be customised from the UI.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from hub.config.validators import slugify
from hub.const import (
    EVENT_AREA_REGISTRY_UPDATED,
    EVENT_DEVICE_REGISTRY_UPDATED,
    EVENT_ENTITY_REGISTRY_UPDATED,
    EVENT_LABEL_REGISTRY_UPDATED,
    MAX_LENGTH_STATE_ENTITY_ID,
)
from hub.exceptions import HubError
from hub.hub_data import HubKey
from hub.registry.registry_store import RegistryStore
from hub.states import valid_entity_id
from hub.storage import JsonData, Migration

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event


class RegistryEntryDisabler(StrEnum):
    """Who disabled an entity."""

    CONFIG_ENTRY = "config_entry"
    DEVICE = "device"
    HASS = "hass"
    INTEGRATION = "integration"
    USER = "user"


class RegistryEntryHider(StrEnum):
    """Who hid an entity."""

    INTEGRATION = "integration"
    USER = "user"


_EMPTY: Final[Mapping[str, Any]] = MappingProxyType({})


@dataclass(slots=True, frozen=True)
class RegistryEntry:
    """One registered entity."""

    entity_id: str
    unique_id: str
    platform: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    config_entry_id: str | None = None
    device_id: str | None = None
    area_id: str | None = None
    disabled_by: RegistryEntryDisabler | None = None
    hidden_by: RegistryEntryHider | None = None
    entity_category: str | None = None
    has_entity_name: bool = False
    # Homeowner's overrides:
    name: str | None = None
    icon: str | None = None
    device_class: str | None = None
    aliases: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    categories: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    # What the integration said:
    original_name: str | None = None
    original_icon: str | None = None
    original_device_class: str | None = None
    capabilities: Mapping[str, Any] | None = None
    supported_features: int = 0
    unit_of_measurement: str | None = None
    translation_key: str | None = None
    created_at: float = 0.0
    modified_at: float = 0.0

    @property
    def domain(self) -> str:
        """The entity domain (``sensor``)."""
        return self.entity_id.partition(".")[0]

    @property
    def disabled(self) -> bool:
        """Whether the entity is disabled (it is then not added to the hub)."""
        return self.disabled_by is not None

    @property
    def hidden(self) -> bool:
        """Whether the entity is hidden from default views."""
        return self.hidden_by is not None

    def as_api(self) -> dict[str, Any]:
        """HA's ``config/entity_registry/list`` item."""
        return {
            "area_id": self.area_id,
            "categories": dict(self.categories),
            "config_entry_id": self.config_entry_id,
            "created_at": self.created_at,
            "device_id": self.device_id,
            "disabled_by": self.disabled_by,
            "entity_category": self.entity_category,
            "entity_id": self.entity_id,
            "has_entity_name": self.has_entity_name,
            "hidden_by": self.hidden_by,
            "icon": self.icon,
            "id": self.id,
            "labels": sorted(self.labels),
            "modified_at": self.modified_at,
            "name": self.name,
            "options": {domain: dict(opts) for domain, opts in self.options.items()},
            "original_name": self.original_name,
            "platform": self.platform,
            "translation_key": self.translation_key,
            "unique_id": self.unique_id,
        }

    def as_extended_api(self) -> dict[str, Any]:
        """HA's ``config/entity_registry/get`` form: the list item plus details."""
        extended = self.as_api()
        extended.update(
            aliases=sorted(self.aliases),
            capabilities=dict(self.capabilities) if self.capabilities is not None else None,
            device_class=self.device_class,
            original_device_class=self.original_device_class,
            original_icon=self.original_icon,
        )
        return extended

    def to_storage(self) -> dict[str, Any]:
        """The stored form."""
        stored = self.as_extended_api()
        stored.update(
            supported_features=self.supported_features,
            unit_of_measurement=self.unit_of_measurement,
        )
        return stored


# Fields the integration owns and refreshes each time the entity is added.
_INTEGRATION_FIELDS: Final = (
    "config_entry_id",
    "device_id",
    "entity_category",
    "has_entity_name",
    "original_name",
    "original_icon",
    "original_device_class",
    "capabilities",
    "supported_features",
    "unit_of_measurement",
    "translation_key",
)


class EntityRegistry(RegistryStore):
    """Every registered entity."""

    storage_key = "core.entity_registry"
    storage_version = 1
    # 1.1: no aliases, labels, categories, created_at, modified_at. 1.2 adds them.
    storage_minor_version = 2
    event_type = EVENT_ENTITY_REGISTRY_UPDATED

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self._entries: dict[str, RegistryEntry] = {}
        self._by_unique_id: dict[tuple[str, str, str], str] = {}
        hub.bus.listen(EVENT_AREA_REGISTRY_UPDATED, self._area_changed)
        hub.bus.listen(EVENT_DEVICE_REGISTRY_UPDATED, self._device_changed)
        hub.bus.listen(EVENT_LABEL_REGISTRY_UPDATED, self._label_changed)

    def migration(self) -> Migration:
        return _migrate

    def restore(self, data: JsonData) -> None:
        for item in data.get("entities", []):
            entry = RegistryEntry(
                entity_id=item["entity_id"],
                unique_id=item["unique_id"],
                platform=item["platform"],
                id=item["id"],
                config_entry_id=item["config_entry_id"],
                device_id=item["device_id"],
                area_id=item["area_id"],
                disabled_by=RegistryEntryDisabler(item["disabled_by"])
                if item["disabled_by"]
                else None,
                hidden_by=RegistryEntryHider(item["hidden_by"]) if item["hidden_by"] else None,
                entity_category=item["entity_category"],
                has_entity_name=item["has_entity_name"],
                name=item["name"],
                icon=item["icon"],
                device_class=item["device_class"],
                aliases=frozenset(item["aliases"]),
                labels=frozenset(item["labels"]),
                categories=MappingProxyType(dict(item["categories"])),
                options=_freeze_options(item["options"]),
                original_name=item["original_name"],
                original_icon=item["original_icon"],
                original_device_class=item["original_device_class"],
                capabilities=item["capabilities"],
                supported_features=item["supported_features"],
                unit_of_measurement=item["unit_of_measurement"],
                translation_key=item["translation_key"],
                created_at=item["created_at"],
                modified_at=item["modified_at"],
            )
            self._index(entry)

    def to_storage(self) -> JsonData:
        return {"entities": [entry.to_storage() for entry in self._entries.values()]}

    # -- reading -----------------------------------------------------------------------

    def get(self, entity_id: str) -> RegistryEntry | None:
        """The entry for an entity id."""
        return self._entries.get(entity_id)

    def get_entity_id(self, domain: str, platform: str, unique_id: str) -> str | None:
        """The entity id registered for an integration's unique id."""
        return self._by_unique_id.get((domain, platform, unique_id))

    def entries(self) -> list[RegistryEntry]:
        """Every entry."""
        return list(self._entries.values())

    def entries_for_device(
        self, device_id: str, include_disabled: bool = False
    ) -> list[RegistryEntry]:
        """Entities of a device."""
        return [
            entry
            for entry in self._entries.values()
            if entry.device_id == device_id and (include_disabled or not entry.disabled)
        ]

    def entries_for_area(self, area_id: str) -> list[RegistryEntry]:
        """Entities assigned to an area directly (not through their device)."""
        return [entry for entry in self._entries.values() if entry.area_id == area_id]

    def entries_for_label(self, label_id: str) -> list[RegistryEntry]:
        """Entities carrying a label."""
        return [entry for entry in self._entries.values() if label_id in entry.labels]

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self._entries

    # -- writing -----------------------------------------------------------------------

    def generate_entity_id(
        self, domain: str, suggested_object_id: str, taken: set[str] | None = None
    ) -> str:
        """A free entity id ``domain.<slug>``, ``_2``, ``_3``... appended when taken."""
        # A cut must not leave a trailing (or, with the suffix, a double) underscore.
        base = f"{domain}.{slugify(suggested_object_id)}"[:MAX_LENGTH_STATE_ENTITY_ID]
        candidate, suffix = base.rstrip("_"), 2
        while (
            candidate in self._entries
            or (taken is not None and candidate in taken)
            or (not self.hub.states.available(candidate))
        ):
            tail = f"_{suffix}"
            candidate = base[: MAX_LENGTH_STATE_ENTITY_ID - len(tail)].rstrip("_") + tail
            suffix += 1
        return candidate

    def get_or_create(
        self,
        domain: str,
        platform: str,
        unique_id: str,
        *,
        suggested_object_id: str | None = None,
        disabled_by: RegistryEntryDisabler | None = None,
        hidden_by: RegistryEntryHider | None = None,
        **integration_fields: Any,
    ) -> RegistryEntry:
        """The entry for an integration's entity, created on first sight.

        ``integration_fields`` (original name, device, capabilities...) are refreshed on
        every call; the homeowner's overrides are never touched here.
        """
        unknown = set(integration_fields) - set(_INTEGRATION_FIELDS)
        if unknown:
            raise TypeError(f"Not integration-owned registry fields: {sorted(unknown)}")
        if (entity_id := self.get_entity_id(domain, platform, unique_id)) is not None:
            entry = self._entries[entity_id]
            return self._apply(entry, integration_fields)
        entity_id = self.generate_entity_id(
            domain, suggested_object_id or f"{platform} {unique_id}"
        )
        now = self.hub.clock.time()
        entry = RegistryEntry(
            entity_id=entity_id,
            unique_id=unique_id,
            platform=platform,
            disabled_by=disabled_by,
            hidden_by=hidden_by,
            created_at=now,
            modified_at=now,
            **integration_fields,
        )
        self._index(entry)
        self.announce({"action": "create", "entity_id": entity_id})
        return entry

    def update(self, entity_id: str, **changes: Any) -> RegistryEntry:
        """Apply the homeowner's (or the API's) changes; ``new_entity_id`` renames."""
        entry = self._entries[entity_id]
        new_entity_id = changes.pop("new_entity_id", None)
        for key, kind in (
            ("disabled_by", RegistryEntryDisabler),
            ("hidden_by", RegistryEntryHider),
        ):
            if changes.get(key) is not None:
                changes[key] = kind(changes[key])
        for key in ("aliases", "labels"):
            if key in changes:
                changes[key] = frozenset(changes[key])
        if "options" in changes:
            changes["options"] = _freeze_options(changes["options"])
        if "categories" in changes:
            changes["categories"] = MappingProxyType(dict(changes["categories"]))
        if new_entity_id is not None and new_entity_id != entity_id:
            self._check_new_entity_id(entry, new_entity_id)
            changes["entity_id"] = new_entity_id
        return self._apply(entry, changes)

    def update_options(
        self, entity_id: str, domain: str, options: Mapping[str, Any]
    ) -> RegistryEntry:
        """Set one domain's options (``sensor`` display precision, unit...)."""
        entry = self._entries[entity_id]
        merged = {**entry.options, domain: dict(options)}
        return self._apply(entry, {"options": _freeze_options(merged)})

    def remove(self, entity_id: str) -> None:
        """Forget an entity."""
        entry = self._entries.pop(entity_id)
        self._by_unique_id.pop((entry.domain, entry.platform, entry.unique_id), None)
        self.announce({"action": "remove", "entity_id": entity_id})

    def _check_new_entity_id(self, entry: RegistryEntry, new_entity_id: str) -> None:
        if not valid_entity_id(new_entity_id):
            raise HubError(f"Invalid entity id: {new_entity_id}")
        if new_entity_id.partition(".")[0] != entry.domain:
            raise HubError("An entity cannot change its domain")
        if new_entity_id in self._entries or not self.hub.states.available(new_entity_id):
            raise HubError(f"Entity id already in use: {new_entity_id}")

    def _apply(self, entry: RegistryEntry, values: Mapping[str, Any]) -> RegistryEntry:
        # Old values, as plain data: the event goes out as JSON (options are read-only maps).
        changes = {
            key: _thaw(getattr(entry, key))
            for key, value in values.items()
            if getattr(entry, key) != value
        }
        if not changes:
            return entry
        updated = dataclasses.replace(entry, modified_at=self.hub.clock.time(), **values)
        old_entity_id = entry.entity_id
        if updated.entity_id != old_entity_id:
            del self._entries[old_entity_id]
        self._index(updated)
        data: dict[str, Any] = {
            "action": "update",
            "entity_id": updated.entity_id,
            "changes": changes,
        }
        if updated.entity_id != old_entity_id:
            data["old_entity_id"] = old_entity_id
        self.announce(data)
        return updated

    def _index(self, entry: RegistryEntry) -> None:
        self._entries[entry.entity_id] = entry
        self._by_unique_id[(entry.domain, entry.platform, entry.unique_id)] = entry.entity_id

    def _area_changed(self, event: Event) -> None:
        if event.data["action"] != "remove":
            return
        for entry in self.entries_for_area(event.data["area_id"]):
            self.update(entry.entity_id, area_id=None)

    def _label_changed(self, event: Event) -> None:
        if event.data["action"] != "remove":
            return
        label_id = event.data["label_id"]
        for entry in self.entries_for_label(label_id):
            self.update(entry.entity_id, labels=entry.labels - {label_id})

    def _device_changed(self, event: Event) -> None:
        action = event.data["action"]
        device_id = event.data["device_id"]
        if action == "remove":
            for entry in self.entries_for_device(device_id, include_disabled=True):
                self.remove(entry.entity_id)
            return
        if action != "update" or "disabled_by" not in event.data.get("changes", {}):
            return
        from hub.registry.device_registry import DEVICE_REGISTRY  # noqa: PLC0415 - cycle

        device = self.hub.data[DEVICE_REGISTRY].get(device_id)
        if device is None:
            return
        for entry in self.entries_for_device(device_id, include_disabled=True):
            if device.disabled and entry.disabled_by is None:
                self.update(entry.entity_id, disabled_by=RegistryEntryDisabler.DEVICE)
            elif not device.disabled and entry.disabled_by is RegistryEntryDisabler.DEVICE:
                self.update(entry.entity_id, disabled_by=None)


def _freeze_options(options: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Mapping[str, Any]]:
    return MappingProxyType(
        {domain: MappingProxyType(dict(opts)) for domain, opts in options.items()}
    )


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    return value


def _migrate(major: int, minor: int, data: JsonData) -> JsonData:
    if major == 1 and minor < 2:
        for entity in data.get("entities", []):
            entity.setdefault("aliases", [])
            entity.setdefault("labels", [])
            entity.setdefault("categories", {})
            entity.setdefault("created_at", 0.0)
            entity.setdefault("modified_at", 0.0)
    return data


ENTITY_REGISTRY: Final = HubKey[EntityRegistry]("entity_registry")
