"""``for:``: fire only when a state has been kept for a while.

``HeldState`` waits ``period`` and then runs the action, unless a state change of the
entity in the meantime fails ``still_same`` (the state left what was wanted): then it
stops and reports the interruption.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from hub.tracking import track_state_change

if TYPE_CHECKING:
    from hub.clock import Timer
    from hub.core import Hub
    from hub.events import Event
    from hub.states import State

StillSame = Callable[[str, "State | None", "State | None"], bool]


class HeldState:
    """One pending ``for:`` of one entity."""

    __slots__ = (
        "_action",
        "_hub",
        "_interrupted",
        "_started",
        "_still_same",
        "_timer",
        "_unlisten",
    )

    def __init__(
        self,
        hub: Hub,
        entity_id: str,
        period: timedelta,
        action: Callable[[], None],
        still_same: StillSame,
        interrupted: Callable[[State | None, float], None] | None = None,
    ) -> None:
        self._hub = hub
        self._action = action
        self._still_same = still_same
        self._interrupted = interrupted
        self._started = hub.clock.time()
        self._timer: Timer | None = hub.clock.call_later(period.total_seconds(), self._elapsed)
        self._unlisten: Callable[[], None] | None = track_state_change(
            hub, entity_id, self._changed
        )

    @property
    def active(self) -> bool:
        """Still waiting."""
        return self._timer is not None

    def _changed(self, event: Event) -> None:
        data: Any = event.data
        if self._timer is None or self._still_same(
            data["entity_id"], data["old_state"], data["new_state"]
        ):
            return
        self.cancel()
        if self._interrupted is not None:
            self._interrupted(data["new_state"], self._hub.clock.time() - self._started)

    def interrupt(self, current: State | None) -> None:
        """Stop waiting and report the interruption (when the state it waits on
        changed)."""
        if self._timer is None:
            return
        self.cancel()
        if self._interrupted is not None and not self._still_same("", None, current):
            self._interrupted(current, self._hub.clock.time() - self._started)

    def _elapsed(self) -> None:
        self._timer = None
        self._stop_listening()
        self._action()

    def cancel(self) -> None:
        """Stop waiting (nothing is reported)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._stop_listening()

    def _stop_listening(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None
