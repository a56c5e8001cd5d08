"""sun: sun.sun state and attributes on the hub clock; sun times for triggers/conditions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from components.sun import next_sun_event, sun_event_times
from hub.clock import ManualClock
from tests.conftest import HubFactory

CONFIG = """
homeassistant:
  latitude: 52.37
  longitude: 4.89
  time_zone: Europe/Amsterdam
sun:
"""
ATTRIBUTES = [
    "next_dawn",
    "next_dusk",
    "next_midnight",
    "next_noon",
    "next_rising",
    "next_setting",
    "elevation",
    "azimuth",
    "rising",
    "friendly_name",
]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_sun_entity(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)  # 2026-01-15 12:00 UTC: winter afternoon in Amsterdam
    sun = hub.states.get("sun.sun")
    assert sun is not None
    assert sun.state == "above_horizon"
    assert list(sun.attributes) == ATTRIBUTES
    attributes = sun.attributes
    assert attributes["friendly_name"] == "Sun"
    assert 14 < attributes["elevation"] < 18  # low winter sun
    assert 170 < attributes["azimuth"] < 190  # about south
    assert attributes["rising"] is False  # past solar noon
    now = clock.utcnow()
    setting = _at(attributes["next_setting"])
    rising = _at(attributes["next_rising"])
    assert now < setting < _at(attributes["next_dusk"]) < rising
    assert setting.date() == date(2026, 1, 15)
    assert 15 <= setting.hour < 17  # about 16:56 local
    assert rising.date() == date(2026, 1, 16)

    await clock.advance_to(setting + timedelta(seconds=1))
    sun = hub.states.get("sun.sun")
    assert sun is not None
    assert sun.state == "below_horizon"
    assert sun.attributes["elevation"] < 0
    assert _at(sun.attributes["next_setting"]).date() == date(2026, 1, 16)
    await clock.advance_to(rising + timedelta(seconds=1))
    assert hub.states.is_state("sun.sun", "above_horizon")
    sun = hub.states.get("sun.sun")
    assert sun is not None
    assert sun.attributes["rising"] is True


async def test_position_updates_between_events(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(CONFIG)
    sun = hub.states.get("sun.sun")
    assert sun is not None
    before = sun.attributes["azimuth"]
    await clock.advance(10 * 60)
    sun = hub.states.get("sun.sun")
    assert sun is not None
    assert sun.attributes["azimuth"] > before  # moving west


async def test_sun_event_times(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    times = sun_event_times(hub, date(2026, 6, 21))
    assert list(times) == ["dawn", "sunrise", "noon", "sunset", "dusk", "midnight"]
    sunrise, sunset = times["sunrise"], times["sunset"]
    assert sunrise is not None and sunset is not None
    assert sunrise.tzinfo == UTC
    assert (
        datetime(2026, 6, 21, 3, 10, tzinfo=UTC)
        < sunrise
        < datetime(2026, 6, 21, 3, 30, tzinfo=UTC)
    )
    assert (
        datetime(2026, 6, 21, 19, 55, tzinfo=UTC)
        < sunset
        < datetime(2026, 6, 21, 20, 15, tzinfo=UTC)
    )
    assert times["dawn"] is not None and times["dawn"] < sunrise
    after = next_sun_event(hub, "sunset", sunset)
    assert timedelta(hours=23, minutes=59) < after - sunset < timedelta(hours=24, minutes=1)


async def test_polar_night_has_no_sunrise(make_hub: HubFactory) -> None:
    hub = await make_hub(
        "homeassistant:\n  latitude: 78.22\n  longitude: 15.65\n  time_zone: Arctic/Longyearbyen\n"
        "sun:\n"
    )
    times = sun_event_times(hub, date(2026, 1, 1))
    assert times["sunrise"] is None
    assert times["noon"] is not None
    first = next_sun_event(hub, "sunrise", datetime(2026, 1, 1, tzinfo=UTC))
    assert first.month == 2  # the sun comes back in February
    assert hub.states.is_state("sun.sun", "below_horizon")
