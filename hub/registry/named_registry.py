"""What the floor and label registries share: named items with slug ids.

Each item has a name that is unique case- and space-insensitively (as area names are)
and an id made from the slug of the name it was created with (``Ground floor`` ->
``ground_floor``, then ``ground_floor_2``...); renaming keeps the id. Every change fires
the registry's update event with ``{"action": "create"|"update"|"remove", <id key>: id}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from hub.config.validators import slugify
from hub.exceptions import HubError
from hub.registry.area_registry import normalize_area_name
from hub.registry.registry_store import RegistryStore
from hub.storage import JsonData

if TYPE_CHECKING:
    from hub.core import Hub


@dataclass(slots=True, frozen=True, kw_only=True)
class NamedEntry:
    """An item known by a unique name."""

    name: str
    created_at: float = 0.0
    modified_at: float = 0.0
    normalized_name: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalized_name", normalize_area_name(self.name))

    @property
    def key(self) -> str:
        """The item's id."""
        raise NotImplementedError

    def as_api(self) -> dict[str, Any]:
        """The item in HA's ``config/<kind>_registry/list`` shape."""
        raise NotImplementedError

    def to_storage(self) -> dict[str, Any]:
        """The stored form."""
        raise NotImplementedError


EntryT = TypeVar("EntryT", bound=NamedEntry)


class NamedRegistry(RegistryStore, Generic[EntryT]):
    """Items by id, with unique names; create, update and delete fire the update event."""

    kind: str  # "floor": used in messages
    id_key: str  # "floor_id": the id's key in events and the API
    items_key: str  # "floors": the stored list
    fields: frozenset[str]  # what ``update`` may change

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self._items: dict[str, EntryT] = {}

    def entry_from_storage(self, item: Mapping[str, Any]) -> EntryT:
        """One item from its stored form."""
        raise NotImplementedError

    def restore(self, data: JsonData) -> None:
        entries = (self.entry_from_storage(item) for item in data.get(self.items_key, []))
        self._items = {entry.key: entry for entry in entries}

    def to_storage(self) -> JsonData:
        return {self.items_key: [entry.to_storage() for entry in self._items.values()]}

    def get(self, item_id: str) -> EntryT | None:
        """The item with this id."""
        return self._items.get(item_id)

    def get_by_name(self, name: str) -> EntryT | None:
        """The item with this name (case/space-insensitive)."""
        wanted = normalize_area_name(name)
        return next((item for item in self._items.values() if item.normalized_name == wanted), None)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._items

    def _entries(self) -> list[EntryT]:
        return list(self._items.values())

    def _checked_name(self, name: str, item_id: str | None = None) -> str:
        name = name.strip()
        if not name:
            raise HubError(f"A {self.kind} needs a name")
        other = self.get_by_name(name)
        if other is not None and other.key != item_id:
            raise HubError(f"The name {name} ({other.normalized_name}) is already in use")
        return name

    def _new_id(self, name: str) -> str:
        base = slugify(name) or self.kind
        candidate, suffix = base, 2
        while candidate in self._items:
            candidate = f"{base}_{suffix}"
            suffix += 1
        return candidate

    def _add(self, entry: EntryT) -> EntryT:
        self._items[entry.key] = entry
        self.announce({"action": "create", self.id_key: entry.key})
        return entry

    def _change(self, item_id: str, changes: dict[str, Any]) -> EntryT:
        """Apply ``changes``; nothing is fired (or saved) when nothing differs."""
        unknown = set(changes) - self.fields
        if unknown:
            raise TypeError(f"A {self.kind} has no changeable {sorted(unknown)}")
        old = self._items[item_id]
        if "name" in changes:
            changes["name"] = self._checked_name(changes["name"], item_id)
        if "aliases" in changes:
            changes["aliases"] = clean_aliases(changes["aliases"])
        if all(getattr(old, key) == value for key, value in changes.items()):
            return old
        new = dataclasses.replace(old, modified_at=self.hub.clock.time(), **changes)
        self._items[item_id] = new
        self.announce({"action": "update", self.id_key: item_id})
        return new

    def delete(self, item_id: str) -> None:
        """Delete an item (``KeyError`` when there is none)."""
        del self._items[item_id]
        self.announce({"action": "remove", self.id_key: item_id})


def clean_aliases(aliases: Iterable[str]) -> frozenset[str]:
    """Aliases without surrounding spaces; empty ones dropped."""
    return frozenset(stripped for alias in aliases if (stripped := alias.strip()))
