"""``time`` triggers: at a time of day, at an ``input_datetime``'s time (or date and
time), at a timestamp sensor's moment (optionally offset), or at what a limited template
gives (one of those).

Fixed times and time-only helpers fire every day on the hub's clock and time zone
(``time_match`` handles daylight-saving days as Home Assistant does). Helper and sensor
times follow their entity: a new value reschedules. ``trigger.now`` is the local time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.validators import time_of_day
from hub.config import validators as cv
from hub.config.time_periods import time_period
from hub.const import ATTR_DEVICE_CLASS, STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.exceptions import ConfigError
from hub.template import Template, is_template_string, render_complex
from hub.template.validators import template
from hub.timestamps import parse_datetime
from hub.tracking import track_point_in_time, track_state_change
from hub.trigger.base import TRIGGER_BASE_SCHEMA
from hub.trigger.time_match import track_time_pattern

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.states import State
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

_AT_HELP: Final = (
    'expected a time like "07:00" or "07:00:00", an input_datetime or sensor entity ID, '
    "a sensor with an offset ({entity_id: sensor.x, offset: '-00:10'}) or a template"
)
_ENTITY_WITH_OFFSET: Final = vol.Schema(
    {vol.Required("entity_id"): cv.entity_domain("sensor"), vol.Optional("offset"): time_period}
)


def _at_entity(value: str) -> str:
    return cv.entity_domain(("input_datetime", "sensor"))(value)


def at_value(value: Any) -> Any:
    """One ``at``: a time, an entity id, a sensor with an offset, or a template."""
    if isinstance(value, time | Template):
        return value
    if isinstance(value, dict):
        try:
            return _ENTITY_WITH_OFFSET(value)
        except vol.Invalid as err:
            raise vol.Invalid(f"{_AT_HELP} ({err.error_message})") from None
    if isinstance(value, str) and is_template_string(value):
        return template(value)
    if isinstance(value, str) and "." in value:
        try:
            return _at_entity(value)
        except vol.Invalid:
            raise vol.Invalid(_AT_HELP) from None
    try:
        return time_of_day(value)
    except vol.Invalid as err:
        if isinstance(value, int) and not isinstance(value, bool):
            raise
        raise vol.Invalid(_AT_HELP) from err


TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "time",
        vol.Required("at"): vol.All(cv.ensure_list, [at_value]),
    }
)


def _rendered_at(value: Template, info: TriggerInfo) -> Any:
    rendered = render_complex(value, info.variables, limited=True)
    try:
        if isinstance(rendered, str) and "." in rendered:
            return _at_entity(rendered)
        return time_of_day(rendered)
    except vol.Invalid as err:
        raise ConfigError(
            f"Limited Template for 'at' rendered a unexpected value '{rendered}', expected "
            "HH:MM, HH:MM:SS or Entity ID with domain 'input_datetime' or 'sensor'"
        ) from err


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Schedule every ``at``."""
    removes: list[Callable[[], None]] = []

    def fire(description: str, entity_id: str | None) -> Callable[[datetime], None]:
        def run(_now: datetime) -> None:
            payload = {
                "platform": "time",
                "now": hub.clock.now(),
                "description": description,
                "entity_id": entity_id,
            }
            runner(payload)

        return run

    for value in config["at"]:
        at = _rendered_at(value, info) if isinstance(value, Template) else value
        if isinstance(at, time):
            removes.append(
                track_time_pattern(hub, fire("time", None), [at.hour], [at.minute], [at.second])
            )
        elif isinstance(at, dict):
            removes.append(_EntityTime(hub, at["entity_id"], at.get("offset"), fire).cancel)
        else:
            removes.append(_EntityTime(hub, at, None, fire).cancel)

    def remove() -> None:
        for cancel in removes:
            cancel()
        removes.clear()

    return remove


class _EntityTime:
    """Fires at the time an input_datetime or timestamp sensor holds; follows it."""

    def __init__(
        self,
        hub: Hub,
        entity_id: str,
        offset: timedelta | None,
        fire: Callable[[str, str | None], Callable[[datetime], None]],
    ) -> None:
        self._hub = hub
        self._entity_id = entity_id
        self._offset = offset or timedelta(0)
        self._run = fire(f"time set in {entity_id}", entity_id)
        self._cancel_timer: Callable[[], None] | None = None
        self._update(hub.states.get(entity_id))
        self._unlisten = track_state_change(hub, entity_id, self._changed)

    def _changed(self, event: Event) -> None:
        self._update(event.data["new_state"])

    def _update(self, state: State | None) -> None:
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None
        if state is None:
            return
        if state.domain == "input_datetime":
            self._cancel_timer = self._helper_timer(state)
        elif (
            state.domain == "sensor"
            and state.attributes.get(ATTR_DEVICE_CLASS) == "timestamp"
            and state.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
        ):
            self._cancel_timer = self._sensor_timer(state)

    def _helper_timer(self, state: State) -> Callable[[], None] | None:
        attributes = state.attributes
        has_date = bool(attributes.get("has_date"))
        has_time = bool(attributes.get("has_time"))
        hour, minute, second = (
            (int(attributes["hour"]), int(attributes["minute"]), int(attributes["second"]))
            if has_time
            else (0, 0, 0)
        )
        clock = self._hub.clock
        if has_date:
            moment = datetime(
                int(attributes["year"]),
                int(attributes["month"]),
                int(attributes["day"]),
                hour,
                minute,
                second,
                tzinfo=clock.time_zone,
            )
            if moment.timestamp() < clock.time():
                return None
            return track_point_in_time(self._hub, self._run, moment)
        if has_time:
            return track_time_pattern(self._hub, self._run, [hour], [minute], [second])
        return None

    def _sensor_timer(self, state: State) -> Callable[[], None] | None:
        moment = parse_datetime(state.state)
        if moment is None:
            return None
        moment += self._offset
        if moment.timestamp() <= self._hub.clock.time():
            return None
        return track_point_in_time(self._hub, self._run, moment)

    def cancel(self) -> None:
        """Stop following the entity."""
        self._unlisten()
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None
