"""``timer``: a countdown automations start and wait for (boost for 30 minutes).

YAML as in Home Assistant::

    timer:
      boost:
        name: Boost
        duration: "00:30:00"   # default 0:00:00
        restore: true          # survive a restart (default false)
        icon: mdi:timer

State ``idle``, ``active`` or ``paused``. Attributes ``duration`` (``H:MM:SS``, the
running duration while it runs), ``editable``, ``finishes_at`` (ISO UTC, while active),
``remaining`` (``H:MM:SS``: while paused the time left, while active the time left when
it was (re)started), ``restore`` (when true).

Services ``start`` (optional ``duration`` for this run), ``pause``, ``cancel``,
``finish``, ``change`` (add ``duration`` to a running timer, negative to shorten; it
cannot go past its running duration nor below zero) and ``reload``. Events
``timer.started``, ``timer.restarted`` (start while active or paused), ``timer.paused``,
``timer.cancelled``, ``timer.changed`` (``{"entity_id"}``) and ``timer.finished``
(``{"entity_id", "finished_at"}``), each fired after the new state is written. Time
is the hub clock's, whole seconds as in Home Assistant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.time_periods import time_period
from hub.config.validators import boolean, icon, slug, string
from hub.const import EVENT_HUB_STARTED
from hub.core import CoreState
from hub.entity.component import EntityComponent
from hub.entity.yaml_collection import (
    ATTR_EDITABLE,
    YamlCollection,
    YamlHelperEntity,
    none_as_empty,
)
from hub.exceptions import ServiceValidationError
from hub.loader.reload import register_reload_service
from hub.timestamps import parse_datetime
from hub.tracking import track_point_in_time

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "timer"

STATUS_IDLE: Final = "idle"
STATUS_ACTIVE: Final = "active"
STATUS_PAUSED: Final = "paused"

EVENT_TIMER_STARTED: Final = "timer.started"
EVENT_TIMER_RESTARTED: Final = "timer.restarted"
EVENT_TIMER_PAUSED: Final = "timer.paused"
EVENT_TIMER_CANCELLED: Final = "timer.cancelled"
EVENT_TIMER_CHANGED: Final = "timer.changed"
EVENT_TIMER_FINISHED: Final = "timer.finished"


def format_timedelta(delta: timedelta) -> str:
    """``H:MM:SS`` (hours not padded, may exceed 24), as Home Assistant shows durations."""
    hours, remainder = divmod(int(delta.total_seconds()), 3600)
    minutes, seconds = divmod(remainder, 60)
    return f"{hours}:{minutes:02}:{seconds:02}"


def _not_negative(delta: timedelta) -> timedelta:
    if delta < timedelta(0):
        raise vol.Invalid("expected a duration of zero or more")
    return delta


ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Optional("icon"): icon,
            vol.Optional("duration", default=timedelta(0)): vol.All(time_period, _not_negative),
            vol.Optional("restore", default=False): boolean,
        }
    ),
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


class Timer(YamlHelperEntity):
    """One timer."""

    domain = DOMAIN
    _attr_force_update = True

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        self._status = STATUS_IDLE
        self._configured: timedelta = config["duration"]
        self._running: timedelta = self._configured
        self._remaining: timedelta | None = None
        self._end: datetime | None = None
        self._cancel: Callable[[], None] | None = None

    async def async_will_remove_from_hub(self) -> None:
        self._stop_listening()

    def config_updated(self) -> None:
        self._configured = self._config["duration"]
        if self._status == STATUS_IDLE:
            self._running = self._configured

    def _now(self) -> datetime:
        return self.hub.clock.utcnow().replace(microsecond=0)

    @property
    def state(self) -> str:
        return self._status

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "duration": format_timedelta(self._running),
            ATTR_EDITABLE: self.editable,
        }
        if self._end is not None:
            attributes["finishes_at"] = self._end.isoformat()
        if self._remaining is not None:
            attributes["remaining"] = format_timedelta(self._remaining)
        if self._config["restore"]:
            attributes["restore"] = True
        return attributes

    async def async_added_to_hub(self) -> None:
        """With ``restore``: idle stays idle, paused keeps its time left, active runs on
        to its old end (or finishes now if that has passed)."""
        if not self._config["restore"]:
            return
        last = await self.async_get_last_state()
        if last is None or last.state not in (STATUS_ACTIVE, STATUS_PAUSED, STATUS_IDLE):
            return
        try:
            self._running = time_period(last.attributes.get("duration", self._running))
            if last.state == STATUS_PAUSED:
                self._remaining = time_period(last.attributes["remaining"])
                self._status = STATUS_PAUSED
            elif last.state == STATUS_ACTIVE:
                end = parse_datetime(str(last.attributes["finishes_at"]))
                if end is not None:
                    self._resume_until(end)
        except (KeyError, vol.Invalid):
            return

    def _resume_until(self, end: datetime) -> None:
        remaining = end - self._now()
        if remaining > timedelta(0):
            self._status = STATUS_ACTIVE
            self._remaining = remaining
            self._end = end
            self._listen(end)
            return
        # It ended while the hub was down: finish (timer.finished) once the hub runs, so
        # automations waiting for it have been set up.
        self._status = STATUS_ACTIVE
        self._end = end
        if self.hub.state is CoreState.RUNNING:
            self.hub.loop.call_soon(self._finished_while_down)
        else:
            self.async_on_remove(
                self.hub.bus.listen_once(EVENT_HUB_STARTED, self._finished_while_down)
            )

    def _finished_while_down(self, _event: Any = None) -> None:
        if self.added and self._status == STATUS_ACTIVE:
            self._finish()

    # -- running ---------------------------------------------------------------------

    def _listen(self, end: datetime) -> None:
        self._stop_listening()
        self._cancel = track_point_in_time(self.hub, self._timer_fired, end, f"{self.entity_id}")

    def _stop_listening(self) -> None:
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    def _fire(self, event_type: str, **data: Any) -> None:
        self.hub.bus.fire_internal(
            event_type, {"entity_id": self.entity_id, **data}, context=self._context
        )

    async def start(self, duration: timedelta | None = None) -> None:
        """``timer.start``: start, resume a paused timer, or restart a running one."""
        event = EVENT_TIMER_RESTARTED if self._status != STATUS_IDLE else EVENT_TIMER_STARTED
        self._stop_listening()
        if duration:
            self._remaining = self._running = duration
        elif not self._remaining:
            self._remaining = self._running
        self._status = STATUS_ACTIVE
        self._end = self._now() + self._remaining
        self.write_state()
        self._fire(event)
        self._listen(self._end)

    async def pause(self) -> None:
        """``timer.pause``: keep the time left."""
        if self._cancel is None or self._end is None:
            return
        self._stop_listening()
        self._remaining = self._end - self._now()
        self._status = STATUS_PAUSED
        self._end = None
        self.write_state()
        self._fire(EVENT_TIMER_PAUSED)

    async def cancel(self) -> None:
        """``timer.cancel``: back to idle without finishing."""
        if self._status == STATUS_IDLE:
            return
        self._stop_listening()
        self._reset()
        self.write_state()
        self._fire(EVENT_TIMER_CANCELLED)

    async def finish(self) -> None:
        """``timer.finish``: end a running timer now."""
        if self._status != STATUS_ACTIVE:
            return
        self._finish()

    async def change(self, duration: timedelta) -> None:
        """``timer.change``: add ``duration`` (negative: take off) to a running timer."""
        if self._status != STATUS_ACTIVE or self._end is None:
            raise ServiceValidationError(
                f"Timer {self.entity_id} is not running; only an active timer can change",
                translation_key="timer_not_running",
                translation_placeholders={"entity_id": self.entity_id or ""},
            )
        left = self._end - self._now() + duration
        if left > self._running:
            raise ServiceValidationError(
                f"Not possible to change timer {self.entity_id} beyond its duration "
                f"({format_timedelta(self._running)})",
                translation_key="change_beyond_duration",
                translation_placeholders={"entity_id": self.entity_id or ""},
            )
        if left < timedelta(0):
            raise ServiceValidationError(
                f"Not possible to change timer {self.entity_id} to negative time remaining",
                translation_key="change_to_negative",
                translation_placeholders={"entity_id": self.entity_id or ""},
            )
        self._end += duration
        self._remaining = left
        self.write_state()
        self._fire(EVENT_TIMER_CHANGED)
        self._listen(self._end)

    def _timer_fired(self, _now: datetime) -> None:
        self._cancel = None
        if self._status == STATUS_ACTIVE:
            self._finish()

    def _finish(self) -> None:
        self._stop_listening()
        end = self._end or self._now()
        self._reset()
        self.write_state()
        self._fire(EVENT_TIMER_FINISHED, finished_at=end.astimezone(UTC).isoformat())

    def _reset(self) -> None:
        self._status = STATUS_IDLE
        self._end = None
        self._remaining = None
        self._running = self._configured


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the timers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "start", {vol.Optional("duration"): vol.All(time_period, _not_negative)}, "start"
    )
    component.register_entity_service("pause", None, "pause")
    component.register_entity_service("cancel", None, "cancel")
    component.register_entity_service("finish", None, "finish")
    component.register_entity_service("change", {vol.Required("duration"): time_period}, "change")
    collection = YamlCollection(hub, DOMAIN, Timer)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
