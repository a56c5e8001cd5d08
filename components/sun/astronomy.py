"""Sun times and position for the hub's location, with the ``astral`` package.

Plain functions of a location and a time; the ``sun`` entity, the sun trigger and the
sun condition use them. Times are aware UTC datetimes; an event that does not happen
on a day (no sunset in a polar summer) is ``None`` for that day, and the next one is
searched for up to a year ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Final

from astral import Observer
from astral import sun as astral_sun

# The events Home Assistant names, and astral's function for each.
EVENTS: Final[dict[str, Callable[..., datetime]]] = {
    "dawn": astral_sun.dawn,
    "sunrise": astral_sun.sunrise,
    "noon": astral_sun.noon,
    "sunset": astral_sun.sunset,
    "dusk": astral_sun.dusk,
    "midnight": astral_sun.midnight,
}
_SEARCH_DAYS: Final = 366


@dataclass(slots=True, frozen=True)
class Place:
    """Where the sun is looked at from, and the local time zone that defines "a day"."""

    latitude: float
    longitude: float
    elevation: float
    time_zone: tzinfo

    @property
    def observer(self) -> Observer:
        """astral's observer."""
        return Observer(self.latitude, self.longitude, self.elevation)


def event_on(place: Place, event: str, day: date) -> datetime | None:
    """``event`` on local date ``day`` (UTC), or None when it does not happen that day."""
    try:
        moment = EVENTS[event](place.observer, day, tzinfo=place.time_zone)
    except ValueError:  # the sun never reaches that elevation on that day
        return None
    return moment.astimezone(UTC)


def events_on(place: Place, day: date) -> dict[str, datetime | None]:
    """Every event of local date ``day``: dawn, sunrise, noon, sunset, dusk, midnight."""
    return {event: event_on(place, event, day) for event in EVENTS}


def next_event(place: Place, event: str, after: datetime) -> datetime:
    """The first ``event`` strictly after ``after``; raises ValueError if none in a year."""
    start = after.astimezone(place.time_zone).date()
    for offset in range(-1, _SEARCH_DAYS):
        moment = event_on(place, event, start + timedelta(days=offset))
        if moment is not None and moment > after:
            return moment
    raise ValueError(f"no {event} within a year after {after.isoformat()}")


def elevation(place: Place, moment: datetime) -> float:
    """The sun's elevation above the horizon in degrees (with refraction)."""
    return float(astral_sun.elevation(place.observer, moment))


def azimuth(place: Place, moment: datetime) -> float:
    """The sun's azimuth in degrees from north."""
    return float(astral_sun.azimuth(place.observer, moment))
