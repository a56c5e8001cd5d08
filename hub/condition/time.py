"""``time`` conditions: the local time is after/before a time of day, on some weekdays.

A bound is a time of day, an ``input_datetime`` (its time), a ``time`` entity or a
timestamp sensor (its local time). When ``after`` is later than ``before`` the period
crosses midnight (``after: "22:00"``, ``before: "06:00"`` holds at night). Missing
bounds mean the start and the end of the day. The trace records ``after``,
``now_time``, ``before`` and, with ``weekday``, ``now_weekday``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from hub.condition.errors import ConditionErrorMessage
from hub.condition.model import Check, Variables
from hub.condition.validators import WEEKDAYS
from hub.const import ATTR_DEVICE_CLASS, STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.timestamps import parse_datetime
from hub.trace import trace_update_result

if TYPE_CHECKING:
    from hub.core import Hub

_START_OF_DAY = time(0)
_END_OF_DAY = time(23, 59, 59, 999999)


def time_passes(
    hub: Hub,
    before: time | str | None = None,
    after: time | str | None = None,
    weekday: str | list[str] | None = None,
) -> bool:
    """Whether now (local) is in the period; records what it compared."""
    now = hub.clock.now()
    now_time = now.time()
    after_time = _START_OF_DAY if after is None else _bound(hub, "after", after)
    before_time = _END_OF_DAY if before is None else _bound(hub, "before", before)
    if after_time is None or before_time is None:
        return False
    trace_update_result(after=after_time, now_time=now_time, before=before_time)
    if after_time < before_time:
        if not after_time <= now_time < before_time:
            return False
    elif before_time <= now_time < after_time:
        return False
    if weekday is not None:
        now_weekday = WEEKDAYS[now.weekday()]
        trace_update_result(weekday=weekday, now_weekday=now_weekday)
        wanted = [weekday] if isinstance(weekday, str) else weekday
        if now_weekday not in wanted:
            return False
    return True


def _bound(hub: Hub, name: str, value: time | str) -> time | None:
    """A bound as a time of day; None when its entity has no usable value."""
    if isinstance(value, time):
        return value
    entity = hub.states.get(value)
    if entity is None:
        raise ConditionErrorMessage("time", f"unknown '{name}' entity {value}")
    if entity.domain == "input_datetime":
        return time(
            int(entity.attributes.get("hour", 23)),
            int(entity.attributes.get("minute", 59)),
            int(entity.attributes.get("second", 59)),
        )
    if entity.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return None
    if entity.domain == "time":
        try:
            return datetime.strptime(entity.state, "%H:%M:%S").time()
        except ValueError:
            return None
    if entity.attributes.get(ATTR_DEVICE_CLASS) == "timestamp":
        moment = parse_datetime(entity.state)
        if moment is None:
            return None
        return moment.astimezone(hub.clock.time_zone).time()
    return None


def time_check(hub: Hub, config: Mapping[str, Any]) -> Check:
    """The check of a validated ``time`` condition."""
    before = config.get("before")
    after = config.get("after")
    weekday = config.get("weekday")

    def check(variables: Variables) -> bool:
        return time_passes(hub, before, after, weekday)

    return check


def trigger_check(config: Mapping[str, Any]) -> Check:
    """The check of a validated ``trigger`` condition: the run's trigger has one of the
    ids."""
    wanted = set(config["id"])

    def check(variables: Variables) -> bool:
        trigger = (variables or {}).get("trigger")
        if not isinstance(trigger, Mapping):
            return False
        return trigger.get("id") in wanted

    return check
