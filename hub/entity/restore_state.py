"""``RestoreEntity``: helpers and meters keep their state across restarts.

The last state of every live restore entity is written to ``.storage/core.restore_state``
every 15 minutes (hub clock) and at the hub's final write; an entity removed meanwhile
(a reload, a registry change) leaves its last state behind so that it comes back with it.
When a restore entity is added, ``await self.async_get_last_state()`` gives the ``State``
saved by the previous run (or by its own removal), and ``async_get_last_extra_data()``
what the entity chose to keep beside it (``extra_restore_state_data``: a timer's end, a
meter's last reading). States of entities that have not come back for 7 days are dropped.

Building the document is cheap (each state's wire form is cached); the JSON encoding
and the file write run in the executor, so a save never blocks the loop.

Stored format (version 1)::

    {"states": [{"state": {<State.as_dict()>}, "extra_data": {...} | null,
                 "last_seen": "<ISO UTC>"}, ...]}

Home Assistant keeps the same items as a bare list; ours sit under ``states`` because
every ``Store`` document holds a mapping.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol

from hub.const import EVENT_HUB_FINAL_WRITE, STATE_UNAVAILABLE
from hub.context import Context
from hub.entity.entity import Entity
from hub.exceptions import StorageError
from hub.hub_data import HubKey
from hub.states import State
from hub.storage import Store
from hub.timestamps import iso_utc, parse_datetime
from hub.tracking import track_time_interval

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

STORAGE_KEY: Final = "core.restore_state"
STORAGE_VERSION: Final = 1
DUMP_INTERVAL: Final = timedelta(minutes=15)
EXPIRATION: Final = timedelta(days=7)


class ExtraStoredData(Protocol):
    """What an entity keeps beside its state: anything that turns into JSON."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready form."""


@dataclass(slots=True, frozen=True)
class RestoredExtraData:
    """Extra data as read back from storage."""

    json_dict: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The stored mapping."""
        return self.json_dict


@dataclass(slots=True, frozen=True)
class StoredState:
    """One entity's saved state, its extra data and when it was last seen live."""

    state: State
    extra_data: ExtraStoredData | None
    last_seen: float

    def as_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "state": self.state.as_dict(),
            "extra_data": self.extra_data.as_dict() if self.extra_data is not None else None,
            "last_seen": iso_utc(self.last_seen),
        }

    @classmethod
    def from_dict(cls, item: Mapping[str, Any]) -> StoredState:
        """Read one stored item; raises ``ValueError`` (or ``KeyError``/``TypeError``)."""
        raw = item["state"]
        extra = item.get("extra_data")
        return cls(
            state_from_dict(raw),
            RestoredExtraData(dict(extra)) if isinstance(extra, Mapping) else None,
            _timestamp(item["last_seen"]),
        )


def _timestamp(text: Any) -> float:
    parsed = parse_datetime(str(text))
    if parsed is None:
        raise ValueError(f"not a timestamp: {text!r}")
    return parsed.timestamp()


def state_from_dict(raw: Mapping[str, Any]) -> State:
    """A ``State`` from its wire form (``State.as_dict()``)."""
    context = raw.get("context") or {}
    last_changed = _timestamp(raw["last_changed"])
    last_updated = _timestamp(raw.get("last_updated", raw["last_changed"]))
    last_reported = _timestamp(raw.get("last_reported", raw.get("last_updated", last_updated)))
    return State(
        str(raw["entity_id"]),
        str(raw["state"]),
        dict(raw.get("attributes") or {}),
        last_changed,
        last_updated,
        Context(
            user_id=context.get("user_id"),
            parent_id=context.get("parent_id"),
            id=context.get("id"),
        ),
        last_reported,
    )


class RestoreStateData:
    """The saved states of one hub and the restore entities currently live."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.last_states: dict[str, StoredState] = {}
        self.entities: dict[str, RestoreEntity] = {}
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION)
        self._lock = asyncio.Lock()
        self._loaded = False
        self._cancel_interval: Any = None

    async def ensure_loaded(self) -> None:
        """Read the stored states once and start the periodic and final saves."""
        if self._loaded:
            return
        async with self._lock:
            if not self.loaded:  # another caller may have loaded meanwhile
                await self._load()
                self._start_dumps()
                self._loaded = True

    @property
    def loaded(self) -> bool:
        """Whether the stored states have been read."""
        return self._loaded

    async def _load(self) -> None:
        try:
            stored = await self._store.load()
        except StorageError as err:
            _LOGGER.error("Not restoring states: %s", err)
            return
        items = (stored or {}).get("states") or []
        for item in items:
            try:
                restored = StoredState.from_dict(item)
            except (KeyError, TypeError, ValueError) as err:
                _LOGGER.warning("Skipping a stored state that does not read (%s): %.80r", err, item)
                continue
            self.last_states[restored.state.entity_id] = restored
        _LOGGER.debug("Loaded %d stored states", len(self.last_states))

    def _start_dumps(self) -> None:
        async def dump_periodically(_now: datetime) -> None:
            await self.async_dump_states()

        async def dump_at_final_write(_event: Event) -> None:
            if self._cancel_interval is not None:
                self._cancel_interval()
                self._cancel_interval = None
            await self.async_dump_states()

        self._cancel_interval = track_time_interval(
            self.hub, dump_periodically, DUMP_INTERVAL, "restore state dump"
        )
        self.hub.bus.listen_once(EVENT_HUB_FINAL_WRITE, dump_at_final_write)

    def stored_states(self) -> list[StoredState]:
        """What a save writes: the live entities' states, then the remembered ones."""
        now = self.hub.clock.time()
        current: dict[str, StoredState] = {}
        for entity_id, entity in self.entities.items():
            state = self.hub.states.get(entity_id)
            if state is None:
                continue
            current[entity_id] = StoredState(state, entity.extra_restore_state_data, now)
        expiry = now - EXPIRATION.total_seconds()
        remembered = [
            stored
            for entity_id, stored in self.last_states.items()
            if entity_id not in current and stored.last_seen > expiry
        ]
        return [*current.values(), *remembered]

    async def async_dump_states(self) -> None:
        """Write every restorable state now."""
        items = [stored.as_dict() for stored in self.stored_states()]
        try:
            await self._store.save({"states": items})
        except (OSError, StorageError, TypeError) as err:
            _LOGGER.error("Could not save the states to restore: %s", err)
            return
        _LOGGER.debug("Saved %d states to restore", len(items))

    def entity_added(self, entity: RestoreEntity) -> None:
        """A restore entity went live."""
        if entity.entity_id is not None:
            self.entities[entity.entity_id] = entity

    def entity_removed(self, entity: RestoreEntity) -> None:
        """Remember a leaving entity's state so it comes back with it (a reload)."""
        entity_id = entity.entity_id
        if entity_id is None:
            return
        self.entities.pop(entity_id, None)
        state = self.hub.states.get(entity_id)
        if state is not None and state.state != STATE_UNAVAILABLE:
            self.last_states[entity_id] = StoredState(
                state, entity.extra_restore_state_data, self.hub.clock.time()
            )


RESTORE_STATE: Final = HubKey[RestoreStateData]("restore_state")


async def restore_state_data(hub: Hub) -> RestoreStateData:
    """The hub's restore data, loaded."""
    data = hub.data.get(RESTORE_STATE)
    if data is None:
        data = hub.data.setdefault(RESTORE_STATE, RestoreStateData(hub))
    await data.ensure_loaded()
    return data


async def async_dump_restore_states(hub: Hub) -> None:
    """Save the states to restore now (``homeassistant.save_persistent_states``)."""
    data = hub.data.get(RESTORE_STATE)
    if data is not None and data.loaded:
        await data.async_dump_states()


class RestoreEntity(Entity):
    """An entity that can read the state it had before the restart."""

    _restore_data: RestoreStateData | None = None

    @property
    def extra_restore_state_data(self) -> ExtraStoredData | None:
        """What to keep beside the state (override)."""
        return None

    async def add_to_hub(self) -> None:
        data = self._restore_data = await restore_state_data(self.hub)
        data.entity_added(self)
        await super().add_to_hub()

    async def remove_from_hub(self, remove_state: bool = True) -> None:
        if self._restore_data is not None and self.added:
            self._restore_data.entity_removed(self)
        await super().remove_from_hub(remove_state)

    async def _stored(self) -> StoredState | None:
        data = self._restore_data or await restore_state_data(self.hub)
        if self.entity_id is None:
            return None
        return data.last_states.get(self.entity_id)

    async def async_get_last_state(self) -> State | None:
        """The state saved before the restart (or at this entity's last removal)."""
        stored = await self._stored()
        return stored.state if stored is not None else None

    async def async_get_last_extra_data(self) -> ExtraStoredData | None:
        """The extra data saved with that state."""
        stored = await self._stored()
        return stored.extra_data if stored is not None else None
