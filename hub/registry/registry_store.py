"""What the three registries share: a versioned store, debounced saves, update events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.storage import JsonData, Migration, Store

if TYPE_CHECKING:
    from hub.core import Hub

SAVE_DELAY: Final = 10.0


class RegistryStore:
    """Base of a registry: loads once, saves on change (debounced), fires its event."""

    storage_key: str
    storage_version: int = 1
    storage_minor_version: int = 1
    event_type: str

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._store = Store(
            hub,
            self.storage_key,
            self.storage_version,
            self.storage_minor_version,
            migrate=self.migration(),
        )

    def migration(self) -> Migration | None:
        """The function upgrading older stored formats; None when there is none yet."""
        return None

    async def load(self) -> None:
        """Read the stored registry (migrating an older format)."""
        data = await self._store.load()
        self.restore(data or {})

    def restore(self, data: JsonData) -> None:
        """Fill the registry from stored data in the current format."""
        raise NotImplementedError

    def to_storage(self) -> JsonData:
        """The registry in its stored form."""
        raise NotImplementedError

    def schedule_save(self) -> None:
        """Save soon; bursts of changes become one write."""
        self._store.delay_save(self.to_storage, SAVE_DELAY)

    async def flush(self) -> None:
        """Write pending changes now."""
        await self._store.flush()

    def announce(self, data: Mapping[str, Any]) -> None:
        """Fire the registry's update event and schedule a save."""
        self.schedule_save()
        self.hub.bus.fire_internal(self.event_type, data)
