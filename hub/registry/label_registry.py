"""Labels: the homeowner's own tags for areas, devices and entities ("heating", "night").

A service call can target a label (``label_id``): it means the entities, devices and
areas carrying it. Deleting a label takes it off everything (each registry listens).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from hub.const import EVENT_LABEL_REGISTRY_UPDATED
from hub.hub_data import HubKey
from hub.registry.named_registry import NamedEntry, NamedRegistry
from hub.storage import JsonData, Migration


@dataclass(slots=True, frozen=True, kw_only=True)
class LabelEntry(NamedEntry):
    """One label."""

    label_id: str
    color: str | None = None
    description: str | None = None
    icon: str | None = None

    @property
    def key(self) -> str:
        return self.label_id

    def as_api(self) -> dict[str, Any]:
        """HA's ``config/label_registry/list`` item."""
        return {
            "color": self.color,
            "created_at": self.created_at,
            "description": self.description,
            "icon": self.icon,
            "label_id": self.label_id,
            "name": self.name,
            "modified_at": self.modified_at,
        }

    def to_storage(self) -> dict[str, Any]:
        return {
            "color": self.color,
            "description": self.description,
            "icon": self.icon,
            "label_id": self.label_id,
            "name": self.name,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
        }


class LabelRegistry(NamedRegistry[LabelEntry]):
    """Every label, by id and by name."""

    storage_key = "core.label_registry"
    storage_version = 1
    # 1.1: color, description, icon, label_id, name. 1.2 adds created_at, modified_at.
    storage_minor_version = 2
    event_type = EVENT_LABEL_REGISTRY_UPDATED
    kind = "label"
    id_key = "label_id"
    items_key = "labels"
    fields = frozenset({"name", "color", "description", "icon"})

    def migration(self) -> Migration:
        return _migrate

    def entry_from_storage(self, item: Mapping[str, Any]) -> LabelEntry:
        return LabelEntry(
            label_id=item["label_id"],
            name=item["name"],
            color=item["color"],
            description=item["description"],
            icon=item["icon"],
            created_at=item["created_at"],
            modified_at=item["modified_at"],
        )

    def labels(self) -> list[LabelEntry]:
        """Every label, in creation order."""
        return self._entries()

    def create(
        self,
        name: str,
        *,
        color: str | None = None,
        description: str | None = None,
        icon: str | None = None,
    ) -> LabelEntry:
        """Create a label; its id is the slug of its name, made unique."""
        name = self._checked_name(name)
        now = self.hub.clock.time()
        label = LabelEntry(
            label_id=self._new_id(name),
            name=name,
            color=color,
            description=description,
            icon=icon,
            created_at=now,
            modified_at=now,
        )
        return self._add(label)

    def update(self, label_id: str, **changes: Any) -> LabelEntry:
        """Change a label's name, color, description or icon (``KeyError`` if unknown)."""
        return self._change(label_id, changes)


def _migrate(major: int, minor: int, data: JsonData) -> JsonData:
    if major == 1 and minor < 2:
        for label in data.get("labels", []):
            label.setdefault("created_at", 0.0)
            label.setdefault("modified_at", 0.0)
    return data


LABEL_REGISTRY: Final = HubKey[LabelRegistry]("label_registry")
