"""Helpers that call back later: at a point in time, every interval, on a state change.

Each returns a function that cancels it; cancelling twice, or after the last firing, is
harmless. Callbacks may be plain functions (run inline) or coroutine functions (run as
hub tasks). Time comes from the hub's clock, so tests drive these with ``ManualClock``.
State tracking shares one bus listener per hub, indexed by entity id, so a thousand
tracked entities cost one dictionary lookup per state change, not a thousand calls.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from hub.const import EVENT_STATE_CHANGED
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.clock import Timer
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

Cancel = Callable[[], None]


def _runner(hub: Hub, callback: Callable[..., Any], name: str) -> Callable[..., None]:
    """Wrap a sync or async callback so timers and listeners can call it uniformly."""
    if inspect.iscoroutinefunction(callback):

        def run_async(*args: Any) -> None:
            hub.create_task(callback(*args), name)

        return run_async
    return callback


def track_point_in_time(
    hub: Hub, callback: Callable[[datetime], Any], when: datetime | float, name: str = "timer"
) -> Cancel:
    """Call ``callback(now)`` at ``when`` (aware datetime or epoch seconds)."""
    run = _runner(hub, callback, name)
    timestamp = when.timestamp() if isinstance(when, datetime) else when
    timer = hub.clock.call_at(timestamp, lambda: run(hub.clock.utcnow()))
    return timer.cancel


def call_later(
    hub: Hub, delay: float | timedelta, callback: Callable[[datetime], Any], name: str = "timer"
) -> Cancel:
    """Call ``callback(now)`` after ``delay``."""
    seconds = delay.total_seconds() if isinstance(delay, timedelta) else delay
    return track_point_in_time(hub, callback, hub.clock.time() + seconds, name)


def track_time_interval(
    hub: Hub, callback: Callable[[datetime], Any], interval: timedelta, name: str = "interval"
) -> Cancel:
    """Call ``callback(now)`` every ``interval`` until cancelled.

    Firings are scheduled on a fixed grid from the start, so they do not drift; when the
    hub falls behind, missed firings are skipped rather than bunched.
    """
    seconds = interval.total_seconds()
    if seconds <= 0:
        raise ValueError("interval must be positive")
    run = _runner(hub, callback, name)
    clock = hub.clock
    state: dict[str, Any] = {"next": clock.time() + seconds, "timer": None, "cancelled": False}

    def fire() -> None:
        if state["cancelled"]:
            return
        now = clock.time()
        next_at = state["next"] + seconds
        if next_at <= now:  # fell behind: skip to the next future slot
            next_at += ((now - next_at) // seconds + 1) * seconds
        state["next"] = next_at
        state["timer"] = clock.call_at(next_at, fire)
        run(clock.utcnow())

    state["timer"] = clock.call_at(state["next"], fire)

    def cancel() -> None:
        state["cancelled"] = True
        timer: Timer | None = state["timer"]
        if timer is not None:
            timer.cancel()

    return cancel


class _StateChangeIndex:
    """One ``state_changed`` listener per hub, fanning out by entity id."""

    def __init__(self, hub: Hub) -> None:
        self._by_entity: dict[str, list[Callable[[Event], None]]] = {}
        self._unlisten: Cancel | None = None
        self._hub = hub

    def add(self, entity_ids: Iterable[str], callback: Callable[[Event], None]) -> Cancel:
        ids = [entity_id.lower() for entity_id in entity_ids]
        for entity_id in ids:
            self._by_entity[entity_id] = [*self._by_entity.get(entity_id, ()), callback]
        if self._unlisten is None:
            self._unlisten = self._hub.bus.listen(EVENT_STATE_CHANGED, self._dispatch)

        def cancel() -> None:
            for entity_id in ids:
                remaining = [cb for cb in self._by_entity.get(entity_id, ()) if cb is not callback]
                if remaining:
                    self._by_entity[entity_id] = remaining
                else:
                    self._by_entity.pop(entity_id, None)
            if not self._by_entity and self._unlisten is not None:
                self._unlisten()
                self._unlisten = None

        return cancel

    def _dispatch(self, event: Event) -> None:
        callbacks = self._by_entity.get(event.data["entity_id"])
        if callbacks is None:
            return
        for callback in callbacks:
            try:
                callback(event)
            except Exception:
                _LOGGER.exception("Error in state change callback %r", callback)


_STATE_CHANGE_INDEX: Final = HubKey[_StateChangeIndex]("state_change_index")


def track_state_change(
    hub: Hub, entity_ids: str | Iterable[str], callback: Callable[[Event], Any]
) -> Cancel:
    """Call ``callback(event)`` on every ``state_changed`` of these entities."""
    index = hub.data.get(_STATE_CHANGE_INDEX)
    if index is None:
        index = hub.data.setdefault(_STATE_CHANGE_INDEX, _StateChangeIndex(hub))
    ids = [entity_ids] if isinstance(entity_ids, str) else list(entity_ids)
    cancelled = False
    run = _runner(hub, callback, "state change")

    def guarded(event: Event) -> None:
        if not cancelled:
            run(event)

    remove = index.add(ids, guarded)

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True
        remove()

    return cancel
