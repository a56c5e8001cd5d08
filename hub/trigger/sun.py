"""``sun`` triggers: at sunrise or sunset, with an offset (``"-00:30:00"`` = half an hour
before), for the hub's location, on its clock. The next event is recomputed after each
firing and when the core configuration (location) changes."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.sun_events import next_sun_event
from hub.condition.validators import sun_event
from hub.config.time_periods import time_period
from hub.const import EVENT_CORE_CONFIG_UPDATE
from hub.trigger.base import TRIGGER_BASE_SCHEMA

if TYPE_CHECKING:
    from hub.clock import Timer
    from hub.core import Hub
    from hub.events import Event
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "sun",
        vol.Required("event"): sun_event,
        vol.Required("offset", default=timedelta(0)): time_period,
    }
)


class _SunTimer:
    def __init__(self, hub: Hub, event: str, offset: timedelta, runner: TriggerRunner) -> None:
        self._hub = hub
        self._event = event
        self._offset = offset
        self._runner = runner
        self._description = f"{event} with offset" if offset else event
        self._timer: Timer | None = None
        self._unlisten = hub.bus.listen(EVENT_CORE_CONFIG_UPDATE, self._config_changed)
        self._schedule()

    def _schedule(self) -> None:
        clock = self._hub.clock
        when = next_sun_event(self._hub, self._event, clock.utcnow(), self._offset)
        self._timer = clock.call_at(when.timestamp(), self._fire)

    def _fire(self) -> None:
        self._schedule()
        self._runner(
            {
                "platform": "sun",
                "event": self._event,
                "offset": self._offset,
                "description": self._description,
            }
        )

    def _config_changed(self, _event: Event) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._schedule()

    def cancel(self) -> None:
        self._unlisten()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Schedule the next sunrise or sunset."""
    return _SunTimer(hub, config["event"], config["offset"], runner).cancel
