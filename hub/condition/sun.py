"""``sun`` conditions: before/after today's sunrise or sunset, with offsets.

Home Assistant's rules: the events are those of the local date (``before: sunset``
in the evening compares with today's sunset, already past); ``after: sunset`` with
``before: sunrise`` means the night, either side of midnight. The trace records
``wanted_time_before`` / ``wanted_time_after``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from hub.condition.model import Check, Variables
from hub.condition.sun_events import sun_event_on
from hub.trace import trace_set_result, trace_update_result

if TYPE_CHECKING:
    from hub.core import Hub

SUNRISE = "sunrise"
SUNSET = "sunset"


def sun_passes(
    hub: Hub,
    before: str | None = None,
    after: str | None = None,
    before_offset: timedelta | None = None,
    after_offset: timedelta | None = None,
) -> bool:
    """Whether now is in the period; records the times it compared with."""
    utcnow = hub.clock.utcnow()
    today = hub.clock.now().date()
    before_offset = before_offset or timedelta(0)
    after_offset = after_offset or timedelta(0)
    events = {SUNRISE: _event(hub, SUNRISE, today), SUNSET: _event(hub, SUNSET, today)}
    if before == SUNRISE and after == SUNSET:
        sunrise, sunset = events[SUNRISE], events[SUNSET]
        if sunrise is None or sunset is None:
            trace_set_result(result=False, message="no sunrise or sunset today")
            return False
        wanted_before = sunrise + before_offset
        wanted_after = sunset + after_offset
        trace_update_result(wanted_time_before=wanted_before, wanted_time_after=wanted_after)
        return utcnow < wanted_before or utcnow > wanted_after
    for event in {before, after} - {None}:
        if events[str(event)] is None:
            trace_set_result(result=False, message=f"no {event} today")
            return False
    if before is not None:
        wanted_before = _moment(events, before) + before_offset
        trace_update_result(wanted_time_before=wanted_before)
        if utcnow > wanted_before:
            return False
    if after is not None:
        wanted_after = _moment(events, after) + after_offset
        trace_update_result(wanted_time_after=wanted_after)
        if utcnow < wanted_after:
            return False
    return True


def _event(hub: Hub, event: str, today: Any) -> datetime | None:
    """Today's event; tomorrow's when today's fell on an earlier local date."""
    moment = sun_event_on(hub, event, today)
    if moment is not None and moment.astimezone(hub.clock.time_zone).date() < today:
        moment = sun_event_on(hub, event, today + timedelta(days=1))
    return moment


def _moment(events: Mapping[str, datetime | None], event: str) -> datetime:
    moment = events[event]
    assert moment is not None  # checked by the caller
    return moment


def sun_check(hub: Hub, config: Mapping[str, Any]) -> Check:
    """The check of a validated ``sun`` condition."""
    before = config.get("before")
    after = config.get("after")
    before_offset = config.get("before_offset")
    after_offset = config.get("after_offset")

    def check(variables: Variables) -> bool:
        return sun_passes(hub, before, after, before_offset, after_offset)

    return check
