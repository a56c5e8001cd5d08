"""Sunrise and sunset for the hub's location, on the hub's clock and time zone.

The ``sun`` integration's calculations are used when it is installed (so the sun
entity, the sun trigger and the sun condition agree to the second); otherwise astral is
asked directly, the way Home Assistant does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from astral import LocationInfo
from astral.location import Location

if TYPE_CHECKING:
    from hub.core import Hub

_SEARCH_DAYS: Final = 367


def _sun_component() -> Any | None:
    try:
        return importlib.import_module("components.sun")
    except ImportError:
        return None


def sun_event_on(hub: Hub, event: str, day: date) -> datetime | None:
    """``event`` (``sunrise``/``sunset``) on local date ``day`` as aware UTC, or None
    when the sun does not rise or set that day."""
    component = _sun_component()
    times: Callable[[Hub, date], dict[str, datetime | None]] | None = getattr(
        component, "sun_event_times", None
    )
    if times is not None:
        return times(hub, day).get(event)
    return _astral_event_on(hub, event, day)


def next_sun_event(hub: Hub, event: str, after: datetime, offset: timedelta) -> datetime:
    """The first ``event`` + ``offset`` strictly after ``after`` (UTC); ValueError when
    there is none within a year."""
    local_day = after.astimezone(hub.clock.time_zone).date()
    for days in range(-1, _SEARCH_DAYS):
        moment = sun_event_on(hub, event, local_day + timedelta(days=days))
        if moment is not None and moment + offset > after:
            return moment + offset
    raise ValueError(f"no {event} within a year after {after.isoformat()}")


def _astral_event_on(hub: Hub, event: str, day: date) -> datetime | None:
    core = hub.config
    location = Location(LocationInfo("", "", "UTC", core.latitude, core.longitude))
    calculate = getattr(location, event)
    try:
        moment: datetime = calculate(day, local=False, observer_elevation=core.elevation)
    except ValueError:
        return None
    return moment.astimezone(UTC)
