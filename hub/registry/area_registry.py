"""Areas (rooms): named places that devices and entities belong to."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from hub.config.validators import slugify
from hub.const import (
    EVENT_AREA_REGISTRY_UPDATED,
    EVENT_FLOOR_REGISTRY_UPDATED,
    EVENT_LABEL_REGISTRY_UPDATED,
)
from hub.exceptions import HubError
from hub.hub_data import HubKey
from hub.registry.registry_store import RegistryStore
from hub.storage import JsonData, Migration

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event


def normalize_area_name(name: str) -> str:
    """Names compare case- and space-insensitively: "Living room" == " living  Room"."""
    return " ".join(name.casefold().split())


@dataclass(slots=True, frozen=True)
class AreaEntry:
    """One area."""

    id: str
    name: str
    aliases: frozenset[str] = frozenset()
    floor_id: str | None = None
    icon: str | None = None
    labels: frozenset[str] = frozenset()
    picture: str | None = None
    created_at: float = 0.0
    modified_at: float = 0.0
    normalized_name: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalized_name", normalize_area_name(self.name))

    def as_api(self) -> dict[str, Any]:
        """HA's ``config/area_registry/list`` item."""
        return {
            "aliases": sorted(self.aliases),
            "area_id": self.id,
            "floor_id": self.floor_id,
            "icon": self.icon,
            "labels": sorted(self.labels),
            "name": self.name,
            "picture": self.picture,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
        }

    def to_storage(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.id,
            "name": self.name,
            "aliases": sorted(self.aliases),
            "floor_id": self.floor_id,
            "icon": self.icon,
            "labels": sorted(self.labels),
            "picture": self.picture,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
        }


class AreaRegistry(RegistryStore):
    """Every area, by id and by normalized name."""

    storage_key = "core.area_registry"
    storage_version = 1
    # 1.1: id, name, icon, picture. 1.2 adds aliases, floor_id, labels, created_at, modified_at.
    storage_minor_version = 2
    event_type = EVENT_AREA_REGISTRY_UPDATED

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self._areas: dict[str, AreaEntry] = {}
        hub.bus.listen(EVENT_FLOOR_REGISTRY_UPDATED, self._floor_changed)
        hub.bus.listen(EVENT_LABEL_REGISTRY_UPDATED, self._label_changed)

    def migration(self) -> Migration:
        return _migrate

    def restore(self, data: JsonData) -> None:
        self._areas = {
            item["id"]: AreaEntry(
                id=item["id"],
                name=item["name"],
                aliases=frozenset(item["aliases"]),
                floor_id=item["floor_id"],
                icon=item["icon"],
                labels=frozenset(item["labels"]),
                picture=item["picture"],
                created_at=item["created_at"],
                modified_at=item["modified_at"],
            )
            for item in data.get("areas", [])
        }

    def to_storage(self) -> JsonData:
        return {"areas": [area.to_storage() for area in self._areas.values()]}

    def get(self, area_id: str) -> AreaEntry | None:
        """The area with this id."""
        return self._areas.get(area_id)

    def get_by_name(self, name: str) -> AreaEntry | None:
        """The area with this name (case/space-insensitive)."""
        wanted = normalize_area_name(name)
        return next((area for area in self._areas.values() if area.normalized_name == wanted), None)

    def areas(self) -> list[AreaEntry]:
        """Every area."""
        return list(self._areas.values())

    def areas_for_floor(self, floor_id: str) -> list[AreaEntry]:
        """Areas on a floor."""
        return [area for area in self._areas.values() if area.floor_id == floor_id]

    def areas_for_label(self, label_id: str) -> list[AreaEntry]:
        """Areas carrying a label."""
        return [area for area in self._areas.values() if label_id in area.labels]

    def create(self, name: str, **fields: Any) -> AreaEntry:
        """Create an area; its id is the slug of its name, made unique."""
        name = name.strip()
        if not name:
            raise HubError("An area needs a name")
        if self.get_by_name(name) is not None:
            raise HubError(f"An area named {name!r} already exists")
        now = self.hub.clock.time()
        area = AreaEntry(
            id=self._unique_id(slugify(name)),
            name=name,
            created_at=now,
            modified_at=now,
            **_frozen(fields),
        )
        self._areas[area.id] = area
        self.announce({"action": "create", "area_id": area.id})
        return area

    def get_or_create(self, name: str) -> AreaEntry:
        """The area with this name, created if missing (devices' suggested areas)."""
        return self.get_by_name(name) or self.create(name)

    def update(self, area_id: str, **changes: Any) -> AreaEntry:
        """Change an area's name, icon, picture, aliases, floor or labels."""
        area = self._areas[area_id]
        if "name" in changes:
            changes["name"] = changes["name"].strip()
            if not changes["name"]:
                raise HubError("An area needs a name")
            other = self.get_by_name(changes["name"])
            if other is not None and other.id != area_id:
                raise HubError(f"An area named {changes['name']!r} already exists")
        updated = dataclasses.replace(area, modified_at=self.hub.clock.time(), **_frozen(changes))
        if updated == dataclasses.replace(area, modified_at=updated.modified_at):
            return area
        self._areas[area_id] = updated
        self.announce({"action": "update", "area_id": area_id})
        return updated

    def delete(self, area_id: str) -> None:
        """Delete an area; devices and entities in it lose their area (they listen)."""
        if self._areas.pop(area_id, None) is None:
            raise KeyError(area_id)
        self.announce({"action": "remove", "area_id": area_id})

    def _floor_changed(self, event: Event) -> None:
        if event.data["action"] != "remove":
            return
        for area in self.areas_for_floor(event.data["floor_id"]):
            self.update(area.id, floor_id=None)

    def _label_changed(self, event: Event) -> None:
        if event.data["action"] != "remove":
            return
        label_id = event.data["label_id"]
        for area in self.areas_for_label(label_id):
            self.update(area.id, labels=area.labels - {label_id})

    def _unique_id(self, base: str) -> str:
        candidate, suffix = base, 2
        while candidate in self._areas:
            candidate = f"{base}_{suffix}"
            suffix += 1
        return candidate


def _frozen(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        key: frozenset(value)
        if key in {"aliases", "labels"}
        and isinstance(value, Iterable)
        and not isinstance(value, str)
        else value
        for key, value in fields.items()
    }


def _migrate(major: int, minor: int, data: JsonData) -> JsonData:
    if major == 1 and minor < 2:
        for area in data.get("areas", []):
            area.setdefault("aliases", [])
            area.setdefault("floor_id", None)
            area.setdefault("labels", [])
            area.setdefault("created_at", 0.0)
            area.setdefault("modified_at", 0.0)
    return data


AREA_REGISTRY: Final = HubKey[AreaRegistry]("area_registry")
