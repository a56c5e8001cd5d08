"""Time pattern triggers, and the daylight-saving rules of the time matcher."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hub.clock import ManualClock
from hub.core import Hub
from hub.trigger.time_match import expand_pattern, next_match
from tests.hub.trigger.conftest import attach

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def times(hub: Hub, clock: ManualClock, config: dict, until: datetime) -> list[datetime]:
    fired = await attach(hub, config)
    await clock.advance_to(until, settle=hub.block_till_done)
    fired.remove()
    return [trigger["now"].astimezone(UTC) for trigger in fired.triggers]


async def test_every_thirty_minutes(hub: Hub, clock: ManualClock) -> None:
    result = await times(
        hub, clock, {"trigger": "time_pattern", "minutes": "/30"}, utc(2026, 1, 15, 13, 30)
    )
    assert result == [utc(2026, 1, 15, 12, 30), utc(2026, 1, 15, 13), utc(2026, 1, 15, 13, 30)]


async def test_fixed_minutes_and_every_hour(hub: Hub, clock: ManualClock) -> None:
    result = await times(
        hub, clock, {"trigger": "time_pattern", "minutes": 30}, utc(2026, 1, 15, 15)
    )
    assert result == [utc(2026, 1, 15, 12, 30), utc(2026, 1, 15, 13, 30), utc(2026, 1, 15, 14, 30)]
    result = await times(
        hub, clock, {"trigger": "time_pattern", "hours": "/1"}, utc(2026, 1, 15, 17)
    )
    assert result == [utc(2026, 1, 15, 16), utc(2026, 1, 15, 17)]


async def test_every_minute_and_seconds(hub: Hub, clock: ManualClock) -> None:
    result = await times(
        hub, clock, {"trigger": "time_pattern", "minutes": "*"}, utc(2026, 1, 15, 12, 3)
    )
    assert result == [utc(2026, 1, 15, 12, 1), utc(2026, 1, 15, 12, 2), utc(2026, 1, 15, 12, 3)]
    fired = await attach(hub, {"trigger": "time_pattern", "seconds": "/20"})
    await clock.advance(60, settle=hub.block_till_done)
    assert [t["now"].second for t in fired.triggers] == [20, 40, 0]
    assert fired.triggers[0]["description"] == "time pattern"
    assert fired.triggers[0]["platform"] == "time_pattern"


async def test_hours_on_daylight_saving_days(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    await clock.advance_to(utc(2026, 3, 28, 12))
    spring = await times(hub, clock, {"trigger": "time_pattern", "hours": 2}, utc(2026, 3, 30, 12))
    assert spring == [utc(2026, 3, 30, 0)]  # no 02:00 on 29 March; 02:00 CEST on the 30th
    await clock.advance_to(utc(2026, 10, 24, 12))
    autumn = await times(hub, clock, {"trigger": "time_pattern", "hours": 2}, utc(2026, 10, 25, 12))
    assert autumn == [utc(2026, 10, 25, 0), utc(2026, 10, 25, 1)]  # 02:00 twice


async def test_local_time_in_the_trigger(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    fired = await attach(hub, {"trigger": "time_pattern", "hours": 14})
    await clock.advance_to(utc(2026, 1, 15, 13, 0, 1), settle=hub.block_till_done)
    assert fired.triggers[0]["now"] == datetime(2026, 1, 15, 14, tzinfo=AMSTERDAM)
    assert fired.triggers[0]["now"].tzinfo is AMSTERDAM


def test_patterns() -> None:
    assert expand_pattern("/15", 59) == [0, 15, 30, 45]
    assert expand_pattern(None, 2) == [0, 1, 2]
    assert expand_pattern("*", 1) == [0, 1]
    assert expand_pattern(7, 23) == [7]


def test_next_match_across_midnight_and_transitions() -> None:
    start = datetime(2026, 3, 29, 1, 59, 30, tzinfo=AMSTERDAM)
    every_minute = list(range(60))
    assert next_match(start, list(range(24)), every_minute, [0]) == datetime(
        2026, 3, 29, 3, 0, tzinfo=AMSTERDAM
    )
    late = datetime(2026, 1, 15, 23, 59, 59, 500000, tzinfo=AMSTERDAM)
    assert next_match(late, [0], [0], [0]) == datetime(2026, 1, 16, 0, 0, tzinfo=AMSTERDAM)
    summer = datetime(2026, 10, 25, 2, 45, tzinfo=AMSTERDAM)  # first pass, fold 0
    repeat = next_match(summer, [2], [30], [0])
    assert repeat.astimezone(UTC) == utc(2026, 10, 25, 1, 30)
