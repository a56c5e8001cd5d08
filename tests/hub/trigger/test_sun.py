"""Sun triggers at sunrise and sunset (Amsterdam, the default location), with offsets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hub.clock import ManualClock
from hub.core import Hub
from hub.trigger import TriggerInfo, attach_triggers
from tests.conftest import HubFactory
from tests.hub.trigger.conftest import attach


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def test_trigger_variables(hub: Hub, clock: ManualClock) -> None:
    fired = await attach(
        hub,
        [
            {"trigger": "sun", "event": "sunset"},
            {"trigger": "sun", "event": "sunset", "offset": "-01:00:00"},
            {"trigger": "sun", "event": "sunrise", "offset": "+00:30:00"},
        ],
    )
    await clock.advance_to(utc(2026, 1, 16, 12), settle=hub.block_till_done)
    assert [t["idx"] for t in fired.triggers] == ["1", "0", "2"]
    sunset = fired.triggers[1]
    assert (sunset["platform"], sunset["event"]) == ("sun", "sunset")
    assert sunset["offset"] == timedelta(0)
    assert sunset["description"] == "sunset"
    assert fired.triggers[0]["description"] == "sunset with offset"
    assert fired.triggers[0]["offset"] == timedelta(hours=-1)
    assert fired.triggers[2]["event"] == "sunrise"


async def fire_moments(
    hub: Hub, clock: ManualClock, configs: list[Any], until: datetime
) -> list[Any]:
    moments: list[tuple[str, datetime]] = []
    remove = await attach_triggers(
        hub,
        configs,
        lambda variables, _context: moments.append(
            (variables["trigger"]["idx"], hub.clock.utcnow())
        ),
        TriggerInfo("automation", "Sun"),
    )
    await clock.advance_to(until, settle=hub.block_till_done)
    remove()
    return moments


async def test_sun_fires_at_the_event_time_every_day(hub: Hub, clock: ManualClock) -> None:
    moments = await fire_moments(
        hub,
        clock,
        [
            {"trigger": "sun", "event": "sunset"},
            {"trigger": "sun", "event": "sunset", "offset": "-00:15:00"},
        ],
        utc(2026, 1, 17),
    )
    assert [idx for idx, _ in moments] == ["1", "0", "1", "0"]
    early, on_time, early_next, next_day = (moment for _, moment in moments)
    # Amsterdam in mid January: sunset about 15:57 UTC, a minute later each day.
    assert utc(2026, 1, 15, 15, 50) < on_time < utc(2026, 1, 15, 16, 5)
    assert on_time - early == timedelta(minutes=15)
    assert timedelta(days=1) < next_day - on_time < timedelta(days=1, minutes=3)
    assert next_day - early_next == timedelta(minutes=15)


async def test_sun_follows_the_configured_location(
    make_hub: HubFactory, clock: ManualClock
) -> None:
    hub = await make_hub(
        "homeassistant:\n  latitude: 64.14\n  longitude: -21.94\n  time_zone: Atlantic/Reykjavik\n"
    )
    moments = await fire_moments(
        hub, clock, [{"trigger": "sun", "event": "sunrise"}], utc(2026, 1, 16, 14)
    )
    # Reykjavik in January: the sun rises late, around 11:00 UTC.
    [(_, sunrise)] = moments
    assert utc(2026, 1, 16, 10, 30) < sunrise < utc(2026, 1, 16, 11, 30)
