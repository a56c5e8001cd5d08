"""``sun``: the ``sun.sun`` entity, and sun times for triggers and conditions.

``sun:`` in YAML (nothing under it). State ``above_horizon`` / ``below_horizon``;
attributes ``next_dawn``, ``next_dusk``, ``next_midnight``, ``next_noon``,
``next_rising``, ``next_setting`` (ISO UTC), ``elevation`` and ``azimuth`` (degrees, two
decimals) and ``rising``, as in Home Assistant. The next times are recomputed when the
first of them passes; the position every 2 to 20 minutes depending on how fast the light
changes (often in twilight, rarely at night). Location and elevation come from the core
configuration and follow its changes; time from the hub clock.

``sun_event_times(hub, day)`` gives the local day's ``dawn``, ``sunrise``, ``noon``,
``sunset``, ``dusk`` and ``midnight`` (UTC datetimes, None when it does not happen);
``next_sun_event(hub, event, after)`` the next one after a moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from components.sun.astronomy import Place, azimuth, elevation, events_on, next_event
from hub.const import EVENT_CORE_CONFIG_UPDATE
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.entity.platform import add_entities
from hub.tracking import track_point_in_time

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

DOMAIN: Final = "sun"
ENTITY_ID: Final = "sun.sun"
STATE_ABOVE_HORIZON: Final = "above_horizon"
STATE_BELOW_HORIZON: Final = "below_horizon"

# Attribute -> event, in Home Assistant's attribute order.
NEXT_ATTRIBUTES: Final = {
    "next_dawn": "dawn",
    "next_dusk": "dusk",
    "next_midnight": "midnight",
    "next_noon": "noon",
    "next_rising": "sunrise",
    "next_setting": "sunset",
}

# How often the position is refreshed, by the sun's elevation (degrees).
_POSITION_INTERVALS: Final = (
    (-18.0, timedelta(minutes=20)),  # night
    (-6.0, timedelta(minutes=8)),  # astronomical and nautical twilight
    (0.0, timedelta(minutes=4)),  # civil twilight
    (10.0, timedelta(minutes=2)),  # low sun
    (90.1, timedelta(minutes=4)),  # day
)


def place_of(hub: Hub) -> Place:
    """The hub's location and time zone."""
    core = hub.config
    return Place(core.latitude, core.longitude, float(core.elevation), hub.clock.time_zone)


def sun_event_times(hub: Hub, day: date) -> dict[str, datetime | None]:
    """The sun's events on local date ``day`` (UTC datetimes; None: not that day)."""
    return events_on(place_of(hub), day)


def next_sun_event(hub: Hub, event: str, after: datetime | None = None) -> datetime:
    """The first ``event`` (``sunrise``, ``sunset``, ``dawn``...) after ``after`` (now)."""
    return next_event(place_of(hub), event, after or hub.clock.utcnow())


def _position_interval(sun_elevation: float) -> timedelta:
    for upper, interval in _POSITION_INTERVALS:
        if sun_elevation < upper:
            return interval
    return _POSITION_INTERVALS[-1][1]


class Sun(Entity):
    """``sun.sun``."""

    domain = DOMAIN
    entity_id = ENTITY_ID
    _attr_name = "Sun"
    _attr_should_poll = False

    def __init__(self) -> None:
        self._next: dict[str, datetime] = {}
        self._elevation = 0.0
        self._azimuth = 0.0
        self._cancel_events: Callable[[], None] | None = None
        self._cancel_position: Callable[[], None] | None = None

    async def async_added_to_hub(self) -> None:
        self._update_events(self.hub.clock.utcnow(), write=False)

    async def async_will_remove_from_hub(self) -> None:
        for cancel in (self._cancel_events, self._cancel_position):
            if cancel is not None:
                cancel()
        self._cancel_events = self._cancel_position = None

    def location_changed(self) -> None:
        """The core configuration moved the hub: start over."""
        self._update_events(self.hub.clock.utcnow())

    @property
    def state(self) -> str:
        if self._next["sunrise"] > self._next["sunset"]:
            return STATE_ABOVE_HORIZON
        return STATE_BELOW_HORIZON

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            name: self._next[event].isoformat() for name, event in NEXT_ATTRIBUTES.items()
        }
        attributes["elevation"] = self._elevation
        attributes["azimuth"] = self._azimuth
        attributes["rising"] = self._next["noon"] < self._next["midnight"]
        return attributes

    def _update_events(self, now: datetime, write: bool = True) -> None:
        place = place_of(self.hub)
        self._next = {event: next_event(place, event, now) for event in NEXT_ATTRIBUTES.values()}
        if self._cancel_events is not None:
            self._cancel_events()
        self._cancel_events = track_point_in_time(
            self.hub, self._update_events, min(self._next.values()), "sun events"
        )
        self._update_position(now, write)

    def _update_position(self, now: datetime, write: bool = True) -> None:
        place = place_of(self.hub)
        sun_elevation = elevation(place, now)
        self._elevation = round(sun_elevation, 2)
        self._azimuth = round(azimuth(place, now), 2)
        if self._cancel_position is not None:
            self._cancel_position()
        due = min(now + _position_interval(sun_elevation), *self._next.values())
        if due > now:
            self._cancel_position = track_point_in_time(
                self.hub, self._update_position, due, "sun position"
            )
        if write:
            self.write_state()


async def async_setup(hub: Hub, config: Any) -> bool:
    """Create ``sun.sun``."""
    EntityComponent(hub, DOMAIN)
    sun = Sun()
    await add_entities(hub, DOMAIN, [sun])

    def core_config_changed(_event: Event) -> None:
        if sun.added:
            sun.location_changed()

    hub.bus.listen(EVENT_CORE_CONFIG_UPDATE, core_config_changed)
    return True
