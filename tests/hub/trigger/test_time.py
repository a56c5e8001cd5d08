"""Time triggers: fixed times, helpers and timestamp sensors, templates, offsets, and
daylight-saving days in Europe/Amsterdam."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import voluptuous as vol

from hub.clock import ManualClock
from hub.config.yaml_loader import load_yaml
from hub.core import Hub
from hub.trigger import TRIGGER_SCHEMA
from tests.hub.trigger.conftest import attach

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def fire_times(hub: Hub, clock: ManualClock, config: dict, until: datetime) -> list[datetime]:
    fired = await attach(hub, config)
    await clock.advance_to(until, settle=hub.block_till_done)
    fired.remove()
    return [trigger["now"].astimezone(UTC) for trigger in fired.triggers]


async def test_fixed_time_every_day(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    fired = await attach(hub, {"trigger": "time", "at": "13:30"})
    await clock.advance_to(utc(2026, 1, 17, 0, 0), settle=hub.block_till_done)
    assert [t["now"] for t in fired.triggers] == [
        datetime(2026, 1, 15, 13, 30, tzinfo=AMSTERDAM),
        datetime(2026, 1, 16, 13, 30, tzinfo=AMSTERDAM),
    ]
    trigger = fired.triggers[0]
    assert trigger["platform"] == "time"
    assert trigger["description"] == "time"
    assert trigger["entity_id"] is None
    assert trigger["now"].utcoffset() == timedelta(hours=1)


async def test_the_current_second_does_not_fire(hub: Hub, clock: ManualClock) -> None:
    # Attached at exactly 12:00:00 UTC: the next 12:00:00 is tomorrow's.
    times = await fire_times(hub, clock, {"trigger": "time", "at": "12:00"}, utc(2026, 1, 16, 13))
    assert times == [utc(2026, 1, 16, 12)]


async def test_several_times(hub: Hub, clock: ManualClock) -> None:
    times = await fire_times(
        hub, clock, {"trigger": "time", "at": ["17:30:00", "07:00:00"]}, utc(2026, 1, 16, 12)
    )
    assert times == [utc(2026, 1, 15, 17, 30), utc(2026, 1, 16, 7)]


async def test_spring_forward(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    await clock.advance_to(utc(2026, 3, 27, 12))
    morning = await fire_times(hub, clock, {"trigger": "time", "at": "07:00"}, utc(2026, 3, 31, 0))
    # 07:00 local: 06:00 UTC in winter time, 05:00 UTC from Sunday 29 March.
    assert morning == [
        utc(2026, 3, 28, 6),
        utc(2026, 3, 29, 5),
        utc(2026, 3, 30, 5),
    ]


async def test_a_time_that_does_not_exist_is_skipped_that_day(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    await clock.advance_to(utc(2026, 3, 27, 12))
    night = await fire_times(hub, clock, {"trigger": "time", "at": "02:30"}, utc(2026, 3, 31, 0))
    # 02:30 does not exist on 29 March (02:00 -> 03:00).
    assert night == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 30, 0, 30)]


async def test_a_time_that_happens_twice_fires_twice(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    await clock.advance_to(utc(2026, 10, 24, 12))
    night = await fire_times(hub, clock, {"trigger": "time", "at": "02:30"}, utc(2026, 10, 26, 12))
    # On 25 October 02:30 happens in summer time (00:30 UTC) and again in winter time.
    assert night == [
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 1, 30),
        utc(2026, 10, 26, 1, 30),
    ]


async def test_fall_back_daily_time_outside_the_repeated_hour(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    await clock.advance_to(utc(2026, 10, 24, 12))
    evening = await fire_times(hub, clock, {"trigger": "time", "at": "22:00"}, utc(2026, 10, 27))
    assert evening == [utc(2026, 10, 24, 20), utc(2026, 10, 25, 21), utc(2026, 10, 26, 21)]


def input_datetime(**values: int | bool) -> dict[str, int | bool]:
    return {"editable": True, **values}


async def test_input_datetime_time_only_follows_the_helper(hub: Hub, clock: ManualClock) -> None:
    hub.states.set(
        "input_datetime.wake",
        "06:30:00",
        input_datetime(has_date=False, has_time=True, hour=6, minute=30, second=0),
    )
    fired = await attach(hub, {"trigger": "time", "at": "input_datetime.wake"})
    await clock.advance_to(utc(2026, 1, 16, 6, 31), settle=hub.block_till_done)
    hub.states.set(
        "input_datetime.wake",
        "07:15:00",
        input_datetime(has_date=False, has_time=True, hour=7, minute=15, second=0),
    )
    await clock.advance_to(utc(2026, 1, 17, 8), settle=hub.block_till_done)
    assert [t["now"] for t in fired.triggers] == [
        utc(2026, 1, 16, 6, 30),
        utc(2026, 1, 16, 7, 15),
        utc(2026, 1, 17, 7, 15),
    ]
    assert fired.triggers[0]["description"] == "time set in input_datetime.wake"
    assert fired.triggers[0]["entity_id"] == "input_datetime.wake"


async def test_input_datetime_with_a_date_fires_once(hub: Hub, clock: ManualClock) -> None:
    hub.clock.time_zone = AMSTERDAM
    hub.states.set(
        "input_datetime.tariff",
        "2026-02-01 00:00:00",
        input_datetime(
            has_date=True, has_time=True, year=2026, month=2, day=1, hour=0, minute=0, second=0
        ),
    )
    hub.states.set(
        "input_datetime.past",
        "2026-01-01",
        input_datetime(has_date=True, has_time=False, year=2026, month=1, day=1),
    )
    hub.states.set(
        "input_datetime.day",
        "2026-01-20",
        input_datetime(has_date=True, has_time=False, year=2026, month=1, day=20),
    )
    fired = await attach(
        hub,
        {
            "trigger": "time",
            "at": ["input_datetime.tariff", "input_datetime.past", "input_datetime.day"],
        },
    )
    await clock.advance_to(utc(2026, 3, 1), settle=hub.block_till_done)
    assert [t["now"].astimezone(UTC) for t in fired.triggers] == [
        utc(2026, 1, 19, 23),  # 20 January, midnight local
        utc(2026, 1, 31, 23),
    ]


async def test_timestamp_sensor_with_offset(hub: Hub, clock: ManualClock) -> None:
    hub.states.set("sensor.alarm", "2026-01-16T06:00:00+00:00", {"device_class": "timestamp"})
    hub.states.set("sensor.not_a_timestamp", "2026-01-16T06:00:00+00:00")
    fired = await attach(
        hub,
        {
            "trigger": "time",
            "at": [
                "sensor.alarm",
                {"entity_id": "sensor.alarm", "offset": "-00:30:00"},
                "sensor.not_a_timestamp",
            ],
        },
    )
    await clock.advance_to(utc(2026, 1, 16, 5, 45), settle=hub.block_till_done)
    hub.states.set("sensor.alarm", "unavailable", {"device_class": "timestamp"})
    await clock.advance_to(utc(2026, 1, 16, 7), settle=hub.block_till_done)
    assert [t["now"] for t in fired.triggers] == [utc(2026, 1, 16, 5, 30)]
    hub.states.set("sensor.alarm", "2026-01-16T08:00:00+00:00", {"device_class": "timestamp"})
    await clock.advance_to(utc(2026, 1, 16, 9), settle=hub.block_till_done)
    assert [t["now"] for t in fired.triggers][1:] == [utc(2026, 1, 16, 7, 30), utc(2026, 1, 16, 8)]


async def test_limited_template_at(hub: Hub, clock: ManualClock) -> None:
    fired = await attach(
        hub, {"trigger": "time", "at": "{{ start }}"}, variables={"start": "13:00:00"}
    )
    await clock.advance_to(utc(2026, 1, 15, 14), settle=hub.block_till_done)
    assert [t["now"] for t in fired.triggers] == [utc(2026, 1, 15, 13)]


async def test_a_template_giving_nonsense_is_logged(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    fired = await attach(hub, {"trigger": "time", "at": "{{ 'soon' }}"})
    assert "Limited Template for 'at' rendered a unexpected value 'soon'" in caplog.text
    fired.remove()
    assert hub.clock.pending_timers == 0


async def test_unquoted_yaml_times(hub: Hub, clock: ManualClock, tmp_path: Path) -> None:
    """YAML 1.1 reads ``07:00:00`` as text (leading zero) but ``19:00:00`` as the number
    68400; Home Assistant accepts the first and refuses the second, and so do we."""
    path = tmp_path / "automation.yaml"
    path.write_text("at: 07:00:00\nlate: 19:00:00\n")
    loaded = load_yaml(path)
    fired = await attach(hub, {"trigger": "time", "at": loaded["at"]})
    await clock.advance_to(utc(2026, 1, 16, 8), settle=hub.block_till_done)
    assert [t["now"] for t in fired.triggers] == [utc(2026, 1, 16, 7)]
    with pytest.raises(vol.Invalid, match="put quotes around it"):
        TRIGGER_SCHEMA({"trigger": "time", "at": loaded["late"]})
