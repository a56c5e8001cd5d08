"""States and the state machine.

A ``State`` is an immutable snapshot of one entity: the state string, read-only
attributes and three timestamps with Home Assistant's meaning:
- ``last_changed``: the state string changed;
- ``last_updated``: the state string or any attribute changed;
- ``last_reported``: the entity reported, even with nothing new.
Its wire form (dict, JSON bytes, compressed form for ``subscribe_entities``) is built once
on first use and shared by every subscriber.

``StateMachine.set`` fires ``state_changed`` only when something changed; an identical
report moves ``last_reported`` and fires the internal ``state_reported`` event instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Final, NoReturn

import orjson

from hub.clock import Clock
from hub.const import (
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
    MAX_LENGTH_STATE_ENTITY_ID,
    MAX_LENGTH_STATE_STATE,
)
from hub.context import Context
from hub.events import EventBus
from hub.exceptions import InvalidStateError, MaxLengthExceeded
from hub.timestamps import iso_utc, utc_datetime

# HA's rule: lowercase domain without leading/trailing/double underscores, object id of
# lowercase letters, digits and single-or-more underscores not leading/trailing.
_ENTITY_ID = re.compile(r"^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$")


def valid_entity_id(entity_id: str) -> bool:
    """Whether ``entity_id`` is ``domain.object_id`` by HA's rules (max 255 characters)."""
    return len(entity_id) <= MAX_LENGTH_STATE_ENTITY_ID and _ENTITY_ID.match(entity_id) is not None


def split_entity_id(entity_id: str) -> tuple[str, str]:
    """``"sensor.power"`` -> ``("sensor", "power")``."""
    domain, _, object_id = entity_id.partition(".")
    return domain, object_id


class ReadOnlyDict(dict[str, Any]):
    """A dict that refuses changes: state attributes are shared between snapshots."""

    def _readonly(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("State attributes are read-only; set a new state instead")

    __setitem__ = _readonly
    __delitem__ = _readonly
    pop = _readonly
    popitem = _readonly
    clear = _readonly
    update = _readonly
    setdefault = _readonly
    __ior__ = _readonly


EMPTY_ATTRIBUTES: Final = ReadOnlyDict()


class State:
    """An immutable snapshot of one entity's state."""

    __slots__ = (
        "_as_dict",
        "_compressed",
        "_json",
        "attributes",
        "context",
        "domain",
        "entity_id",
        "last_changed_timestamp",
        "last_reported_timestamp",
        "last_updated_timestamp",
        "object_id",
        "state",
    )

    def __init__(
        self,
        entity_id: str,
        state: str,
        attributes: Mapping[str, Any] | None = None,
        last_changed: float = 0.0,
        last_updated: float | None = None,
        context: Context | None = None,
        last_reported: float | None = None,
    ) -> None:
        if len(state) > MAX_LENGTH_STATE_STATE:
            raise MaxLengthExceeded(state, "state", MAX_LENGTH_STATE_STATE)
        # Final: mypy rejects any assignment outside __init__ (zero run-time cost, which a
        # __setattr__ guard would not be on this hot path).
        self.entity_id: Final = entity_id
        domain, _, object_id = entity_id.partition(".")
        self.domain: Final = domain
        self.object_id: Final = object_id
        self.state: Final = state
        self.attributes: Final[ReadOnlyDict] = (
            attributes
            if type(attributes) is ReadOnlyDict
            else ReadOnlyDict(attributes)
            if attributes
            else EMPTY_ATTRIBUTES
        )
        self.last_changed_timestamp: Final = last_changed
        updated = last_changed if last_updated is None else last_updated
        self.last_updated_timestamp: Final = updated
        self.last_reported_timestamp: Final = updated if last_reported is None else last_reported
        self.context: Final = context if context is not None else Context()
        self._as_dict: dict[str, Any] | None = None
        self._json: bytes | None = None
        self._compressed: dict[str, Any] | None = None

    @property
    def last_changed(self) -> datetime:
        """When the state string last changed (aware UTC)."""
        return utc_datetime(self.last_changed_timestamp)

    @property
    def last_updated(self) -> datetime:
        """When the state string or an attribute last changed (aware UTC)."""
        return utc_datetime(self.last_updated_timestamp)

    @property
    def last_reported(self) -> datetime:
        """When the entity last reported, changed or not (aware UTC)."""
        return utc_datetime(self.last_reported_timestamp)

    @property
    def name(self) -> str:
        """The friendly name, or the object id with underscores as spaces."""
        name = self.attributes.get("friendly_name")
        return str(name) if name is not None else self.object_id.replace("_", " ")

    def reported(self, timestamp: float) -> State:
        """The same state with ``last_reported`` moved to ``timestamp``."""
        return State(
            self.entity_id,
            self.state,
            self.attributes,
            self.last_changed_timestamp,
            self.last_updated_timestamp,
            self.context,
            timestamp,
        )

    def as_dict(self) -> dict[str, Any]:
        """HA's wire form, key order as HA sends it; built once."""
        if self._as_dict is None:
            last_changed = iso_utc(self.last_changed_timestamp)
            last_updated = (
                last_changed
                if self.last_updated_timestamp == self.last_changed_timestamp
                else iso_utc(self.last_updated_timestamp)
            )
            last_reported = (
                last_updated
                if self.last_reported_timestamp == self.last_updated_timestamp
                else iso_utc(self.last_reported_timestamp)
            )
            self._as_dict = {
                "entity_id": self.entity_id,
                "state": self.state,
                "attributes": self.attributes,
                "last_changed": last_changed,
                "last_reported": last_reported,
                "last_updated": last_updated,
                "context": self.context.as_dict(),
            }
        return self._as_dict

    @property
    def json(self) -> bytes:
        """The wire form as JSON bytes; built once."""
        if self._json is None:
            self._json = orjson.dumps(self.as_dict())
        return self._json

    def as_compressed(self) -> dict[str, Any]:
        """The ``subscribe_entities`` form: s, a, c (bare id when it can be), lc, lu."""
        if self._compressed is None:
            context: str | dict[str, str | None] = (
                self.context.id if self.context.is_bare else self.context.as_dict()
            )
            compressed: dict[str, Any] = {
                "s": self.state,
                "a": self.attributes,
                "c": context,
                "lc": self.last_changed_timestamp,
            }
            if self.last_updated_timestamp != self.last_changed_timestamp:
                compressed["lu"] = self.last_updated_timestamp
            self._compressed = compressed
        return self._compressed

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, State)
            and self.entity_id == other.entity_id
            and self.state == other.state
            and self.attributes == other.attributes
            and self.context == other.context
        )

    def __hash__(self) -> int:
        return hash((self.entity_id, self.state))

    def __repr__(self) -> str:
        attributes = f"; {dict(self.attributes)}" if self.attributes else ""
        changed = iso_utc(self.last_changed_timestamp)
        return f"<state {self.entity_id}={self.state}{attributes} @ {changed}>"


class StateMachine:
    """The current state of every entity, and the events that tell of changes."""

    def __init__(self, bus: EventBus, clock: Clock) -> None:
        self._bus = bus
        self._time = clock.time
        self._states: dict[str, State] = {}
        self._domains: dict[str, dict[str, State]] = {}
        self._reserved: set[str] = set()

    def get(self, entity_id: str) -> State | None:
        """The current state, or None. Entity ids are case-insensitive on lookup."""
        state = self._states.get(entity_id)
        if state is None and not entity_id.islower():
            state = self._states.get(entity_id.lower())
        return state

    def all(self, domains: str | Iterable[str] | None = None) -> list[State]:
        """Every current state, optionally of some domains only."""
        if domains is None:
            return list(self._states.values())
        if isinstance(domains, str):
            return list(self._domains.get(domains.lower(), {}).values())
        return [
            state for domain in domains for state in self._domains.get(domain.lower(), {}).values()
        ]

    def entity_ids(self, domain: str | None = None) -> list[str]:
        """Every entity id with a state, optionally of one domain."""
        if domain is None:
            return list(self._states)
        return list(self._domains.get(domain.lower(), ()))

    def count(self, domain: str | None = None) -> int:
        """How many entities have a state."""
        if domain is None:
            return len(self._states)
        return len(self._domains.get(domain, ()))

    def is_state(self, entity_id: str, state: str) -> bool:
        """Whether ``entity_id`` currently has the state string ``state``."""
        current = self._states.get(entity_id)
        return current is not None and current.state == state

    def reserve(self, entity_id: str) -> None:
        """Claim an entity id before its first state so no one else takes it meanwhile."""
        if entity_id in self._states or entity_id in self._reserved:
            raise InvalidStateError(f"Entity id {entity_id} is already in use")
        self._reserved.add(entity_id)

    def available(self, entity_id: str) -> bool:
        """Whether an entity id is neither in use nor reserved."""
        return entity_id not in self._states and entity_id not in self._reserved

    def release(self, entity_id: str) -> None:
        """Give up a reservation that never got a state."""
        self._reserved.discard(entity_id)

    def remove(self, entity_id: str, context: Context | None = None) -> bool:
        """Remove a state; fires ``state_changed`` with ``new_state`` None."""
        entity_id = entity_id.lower()
        self._reserved.discard(entity_id)
        old_state = self._states.pop(entity_id, None)
        if old_state is None:
            return False
        self._domains[old_state.domain].pop(entity_id, None)
        self._bus.fire_internal(
            EVENT_STATE_CHANGED,
            {"entity_id": entity_id, "old_state": old_state, "new_state": None},
            context=context,
        )
        return True

    def set(
        self,
        entity_id: str,
        new_state: str,
        attributes: Mapping[str, Any] | None = None,
        force_update: bool = False,
        context: Context | None = None,
        timestamp: float | None = None,
    ) -> State:
        """Set a state; returns the stored snapshot.

        Raises ``InvalidStateError`` for a bad new entity id and ``MaxLengthExceeded`` for a
        state longer than 255 characters.
        """
        entity_id = entity_id.lower()
        old_state = self._states.get(entity_id)
        now = self._time() if timestamp is None else timestamp
        if old_state is None:
            if not valid_entity_id(entity_id):
                raise InvalidStateError(
                    f"Invalid entity id {entity_id!r}: use lowercase domain.object_id "
                    "with letters, digits and underscores"
                )
            same_state = same_attributes = False
            last_changed = now
        else:
            same_state = old_state.state == new_state and not force_update
            old_attributes = old_state.attributes
            same_attributes = attributes is old_attributes or old_attributes == (
                attributes or EMPTY_ATTRIBUTES
            )
            if same_state and same_attributes:
                return self._report(old_state, now)
            last_changed = old_state.last_changed_timestamp if same_state else now

        state = State(entity_id, new_state, attributes, last_changed, now, context, now)
        if old_state is None:
            self._reserved.discard(entity_id)
            self._domains.setdefault(state.domain, {})[entity_id] = state
        else:
            self._domains[state.domain][entity_id] = state
        self._states[entity_id] = state
        self._bus.fire_internal(
            EVENT_STATE_CHANGED,
            {"entity_id": entity_id, "old_state": old_state, "new_state": state},
            context=state.context,
            time_fired=now,
        )
        return state

    def _report(self, old_state: State, now: float) -> State:
        state = old_state.reported(now)
        self._states[state.entity_id] = state
        self._domains[state.domain][state.entity_id] = state
        self._bus.fire_internal(
            EVENT_STATE_REPORTED,
            {
                "entity_id": state.entity_id,
                "old_last_reported": old_state.last_reported_timestamp,
                "new_state": state,
            },
            context=state.context,
            time_fired=now,
        )
        return state
