"""Floors: the levels of the home that areas are on.

A service call can target a floor (``floor_id``): it means the areas on that floor.
Deleting a floor leaves its areas without one (the area registry listens).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from hub.const import EVENT_FLOOR_REGISTRY_UPDATED
from hub.hub_data import HubKey
from hub.registry.named_registry import NamedEntry, NamedRegistry, clean_aliases
from hub.storage import JsonData, Migration


@dataclass(slots=True, frozen=True, kw_only=True)
class FloorEntry(NamedEntry):
    """One floor."""

    floor_id: str
    aliases: frozenset[str] = frozenset()
    icon: str | None = None
    level: int | None = None

    @property
    def key(self) -> str:
        return self.floor_id

    def as_api(self) -> dict[str, Any]:
        """HA's ``config/floor_registry/list`` item."""
        return {
            "aliases": sorted(self.aliases),
            "created_at": self.created_at,
            "floor_id": self.floor_id,
            "icon": self.icon,
            "level": self.level,
            "name": self.name,
            "modified_at": self.modified_at,
        }

    def to_storage(self) -> dict[str, Any]:
        return {
            "aliases": sorted(self.aliases),
            "floor_id": self.floor_id,
            "icon": self.icon,
            "level": self.level,
            "name": self.name,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
        }


class FloorRegistry(NamedRegistry[FloorEntry]):
    """Every floor, by id and by name."""

    storage_key = "core.floor_registry"
    storage_version = 1
    # 1.1: aliases, floor_id, icon, level, name. 1.2 adds created_at, modified_at.
    storage_minor_version = 2
    event_type = EVENT_FLOOR_REGISTRY_UPDATED
    kind = "floor"
    id_key = "floor_id"
    items_key = "floors"
    fields = frozenset({"name", "aliases", "icon", "level"})

    def migration(self) -> Migration:
        return _migrate

    def entry_from_storage(self, item: Mapping[str, Any]) -> FloorEntry:
        return FloorEntry(
            floor_id=item["floor_id"],
            name=item["name"],
            aliases=frozenset(item["aliases"]),
            icon=item["icon"],
            level=item["level"],
            created_at=item["created_at"],
            modified_at=item["modified_at"],
        )

    def floors(self) -> list[FloorEntry]:
        """Every floor, in creation order."""
        return self._entries()

    def create(
        self,
        name: str,
        *,
        aliases: Iterable[str] = (),
        icon: str | None = None,
        level: int | None = None,
    ) -> FloorEntry:
        """Create a floor; its id is the slug of its name, made unique."""
        name = self._checked_name(name)
        now = self.hub.clock.time()
        floor = FloorEntry(
            floor_id=self._new_id(name),
            name=name,
            aliases=clean_aliases(aliases),
            icon=icon,
            level=level,
            created_at=now,
            modified_at=now,
        )
        return self._add(floor)

    def update(self, floor_id: str, **changes: Any) -> FloorEntry:
        """Change a floor's name, aliases, icon or level (``KeyError`` if unknown)."""
        return self._change(floor_id, changes)


def _migrate(major: int, minor: int, data: JsonData) -> JsonData:
    if major == 1 and minor < 2:
        for floor in data.get("floors", []):
            floor.setdefault("created_at", 0.0)
            floor.setdefault("modified_at", 0.0)
    return data


FLOOR_REGISTRY: Final = HubKey[FloorRegistry]("floor_registry")
