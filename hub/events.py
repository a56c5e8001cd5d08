"""The event bus: fire events, listen by type, listen once, listen to everything.

Design points (this is a hot path):
- Listeners are indexed by event type, so firing costs only the listeners of that type
  plus the match-all ones, however many listeners the hub has in total.
- Plain-function listeners run inline, in registration order; coroutine listeners are
  started as tasks owned by the hub. A listener that raises is logged and the others
  still run.
- Dispatch is re-entrancy safe: an event fired by a listener is queued and delivered after
  the current event reached every listener, so every listener sees events in fire order.
- Listener lists are copied on change, never during dispatch: (un)subscribing inside a
  listener is safe and dispatch iterates without a copy.
- An event nobody listens to is not even built.
"""

from __future__ import annotations

import inspect
import logging
from collections import deque
from collections.abc import Callable, Coroutine, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

import orjson

from hub.const import EVENT_HUB_CLOSE, EVENT_STATE_REPORTED, MATCH_ALL, MAX_LENGTH_EVENT_TYPE
from hub.context import Context
from hub.exceptions import MaxLengthExceeded

if TYPE_CHECKING:
    from hub.clock import Clock

_LOGGER = logging.getLogger(__name__)

# Events a match-all listener does not get (HA: too frequent or meaningless to forward).
EXCLUDED_FROM_MATCH_ALL: Final = frozenset({EVENT_HUB_CLOSE, EVENT_STATE_REPORTED})


class EventOrigin(StrEnum):
    """Where an event came from: this hub, or a client through the API (REST, webhook)."""

    LOCAL = "LOCAL"
    REMOTE = "REMOTE"


class Event:
    """One event. Treat as immutable; ``data`` is not copied, so never mutate it."""

    __slots__ = ("_as_dict", "_json", "context", "data", "event_type", "origin", "time_fired")

    def __init__(
        self,
        event_type: str,
        data: Mapping[str, Any] | None = None,
        origin: EventOrigin = EventOrigin.LOCAL,
        time_fired: float = 0.0,
        context: Context | None = None,
    ) -> None:
        self.event_type = event_type
        self.data: Mapping[str, Any] = data if data is not None else {}
        self.origin = origin
        self.time_fired = time_fired
        self.context = context if context is not None else Context()
        self._as_dict: dict[str, Any] | None = None
        self._json: bytes | None = None

    def __repr__(self) -> str:
        return f"<Event {self.event_type}[{self.origin.value[0]}]: {dict(self.data)}>"

    def as_dict(self) -> dict[str, Any]:
        """HA's wire form (key order as HA sends it); built once."""
        if self._as_dict is None:
            from hub.timestamps import iso_utc  # noqa: PLC0415 - import cycle

            self._as_dict = {
                "event_type": self.event_type,
                "data": self.data,
                "origin": self.origin.value,
                "time_fired": iso_utc(self.time_fired),
                "context": self.context.as_dict(),
            }
        return self._as_dict

    @property
    def json(self) -> bytes:
        """The wire form as JSON bytes; built once (states inside serialise from cache)."""
        if self._json is None:
            self._json = orjson.dumps(self.as_dict(), default=json_default)
        return self._json


def json_default(value: Any) -> Any:
    """orjson fallback for hub objects. Objects with a cached ``json`` (State, Context)
    are embedded as those bytes, so a state is serialised once however many events and
    answers carry it; anything else with ``as_dict()`` is serialised from that."""
    cached = getattr(value, "json", None)
    if type(cached) is bytes:
        return orjson.Fragment(cached)
    as_dict = getattr(value, "as_dict", None)
    if as_dict is not None:
        return as_dict()
    if isinstance(value, Mapping):  # read-only mappings (MappingProxyType) in event data
        return dict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


EventCallback = Callable[[Event], Any]
EventFilter = Callable[[Event], bool]
TaskStarter = Callable[[Coroutine[Any, Any, Any], str], Any]


class _Listener:
    __slots__ = ("callback", "event_filter", "event_type", "is_coroutine", "once", "spent")

    def __init__(
        self,
        event_type: str,
        callback: EventCallback,
        event_filter: EventFilter | None,
        once: bool,
    ) -> None:
        self.event_type = event_type
        self.callback = callback
        self.event_filter = event_filter
        self.is_coroutine = inspect.iscoroutinefunction(callback)
        self.once = once
        self.spent = False


class EventBus:
    """Publish/subscribe for hub events."""

    def __init__(self, clock: Clock, start_task: TaskStarter) -> None:
        self._clock = clock
        self._start_task = start_task
        self._listeners: dict[str, list[_Listener]] = {}
        self._match_all: list[_Listener] = []
        self._queue: deque[Event] = deque()
        self._dispatching = False

    # -- subscribing -------------------------------------------------------------------

    def listen(
        self,
        event_type: str,
        callback: EventCallback,
        event_filter: EventFilter | None = None,
    ) -> Callable[[], None]:
        """Call ``callback(event)`` for every event of ``event_type`` (``"*"``: all).

        Returns the function that removes the listener.
        """
        return self._add(_Listener(event_type, callback, event_filter, once=False))

    def listen_once(
        self,
        event_type: str,
        callback: EventCallback,
        event_filter: EventFilter | None = None,
    ) -> Callable[[], None]:
        """Like ``listen`` but the listener is removed after its first event."""
        return self._add(_Listener(event_type, callback, event_filter, once=True))

    def _add(self, listener: _Listener) -> Callable[[], None]:
        event_type = listener.event_type
        if event_type == MATCH_ALL:
            self._match_all = [*self._match_all, listener]
        else:
            self._listeners[event_type] = [*self._listeners.get(event_type, ()), listener]

        def remove() -> None:
            self._remove(listener)

        return remove

    def _remove(self, listener: _Listener) -> None:
        listener.spent = True
        event_type = listener.event_type
        if event_type == MATCH_ALL:
            self._match_all = [item for item in self._match_all if item is not listener]
            return
        current = self._listeners.get(event_type)
        if current is None:
            return
        remaining = [item for item in current if item is not listener]
        if remaining:
            self._listeners[event_type] = remaining
        else:
            del self._listeners[event_type]

    def listener_counts(self) -> dict[str, int]:
        """Number of listeners per event type (``"*"`` for match-all)."""
        counts = {event_type: len(items) for event_type, items in self._listeners.items()}
        if self._match_all:
            counts[MATCH_ALL] = len(self._match_all)
        return counts

    def has_listeners(self, event_type: str) -> bool:
        """Whether firing ``event_type`` would reach anyone (callers may skip building data)."""
        if event_type in self._listeners:
            return True
        return bool(self._match_all) and event_type not in EXCLUDED_FROM_MATCH_ALL

    # -- firing ------------------------------------------------------------------------

    def fire(
        self,
        event_type: str,
        data: Mapping[str, Any] | None = None,
        origin: EventOrigin = EventOrigin.LOCAL,
        context: Context | None = None,
        time_fired: float | None = None,
    ) -> None:
        """Fire an event (validated: event types are at most 64 characters)."""
        if len(event_type) > MAX_LENGTH_EVENT_TYPE:
            raise MaxLengthExceeded(event_type, "event_type", MAX_LENGTH_EVENT_TYPE)
        self.fire_internal(event_type, data, origin, context, time_fired)

    def fire_internal(
        self,
        event_type: str,
        data: Mapping[str, Any] | None = None,
        origin: EventOrigin = EventOrigin.LOCAL,
        context: Context | None = None,
        time_fired: float | None = None,
    ) -> None:
        """Fire without validation, for the hub's own known event types."""
        if event_type not in self._listeners and (
            not self._match_all or event_type in EXCLUDED_FROM_MATCH_ALL
        ):
            return
        event = Event(
            event_type,
            data,
            origin,
            self._clock.time() if time_fired is None else time_fired,
            context,
        )
        if self._dispatching:
            self._queue.append(event)
            return
        self._dispatching = True
        try:
            self._dispatch(event)
            queue = self._queue
            while queue:
                self._dispatch(queue.popleft())
        finally:
            self._dispatching = False

    def _dispatch(self, event: Event) -> None:
        listeners = self._listeners.get(event.event_type)
        if listeners is not None:
            self._deliver(event, listeners)
        if self._match_all and event.event_type not in EXCLUDED_FROM_MATCH_ALL:
            self._deliver(event, self._match_all)

    def _deliver(self, event: Event, listeners: list[_Listener]) -> None:
        for listener in listeners:
            if listener.spent:
                continue
            try:
                if listener.event_filter is not None and not listener.event_filter(event):
                    continue
                if listener.once:
                    self._remove(listener)
                if listener.is_coroutine:
                    self._start_task(
                        _logged(listener.callback(event), listener.callback, event),
                        f"listener {event.event_type}",
                    )
                else:
                    listener.callback(event)
            except Exception:
                _LOGGER.exception("Error in listener %r for %s", listener.callback, event)


async def _logged(work: Coroutine[Any, Any, Any], callback: EventCallback, event: Event) -> None:
    """Run a coroutine listener, logging its failure like a plain listener's."""
    try:
        await work
    except Exception:
        _LOGGER.exception("Error in listener %r for %s", callback, event)
