"""Time functions on the hub's clock and time zone (a ManualClock at 2026-01-15 12:00
UTC, the hub in Europe/Amsterdam, UTC+1 in winter)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hub.clock import ManualClock
from hub.core import Hub
from tests.hub.template.conftest import Render

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# 2026-01-15 12:00:00 UTC
START_TS = 1768478400.0


@pytest.fixture(autouse=True)
def amsterdam(home: Hub) -> None:
    home.clock.time_zone = AMSTERDAM
    home.states.set("sensor.stamp", "2026-01-15T10:30:00+00:00")


CASES: list[tuple[str, Any]] = [
    ("{{ now().isoformat() }}", "2026-01-15T13:00:00+01:00"),
    ("{{ utcnow().isoformat() }}", "2026-01-15T12:00:00+00:00"),
    ("{{ now().hour }}", 13),
    ("{{ now().tzinfo.key }}", "Europe/Amsterdam"),
    ("{{ today_at().isoformat() }}", "2026-01-15T00:00:00+01:00"),
    ("{{ today_at('07:30').isoformat() }}", "2026-01-15T07:30:00+01:00"),
    ("{{ now() > today_at('07:30') }}", True),
    ("{{ '18:00' | today_at > now() }}", True),
    ("{{ as_timestamp('2026-01-15T12:00:00+00:00') }}", START_TS),
    ("{{ as_timestamp(now()) }}", START_TS),
    ("{{ 'x' | as_timestamp(0) }}", 0),
    ("{{ as_timestamp('2026-01-15 13:00:00') }}", START_TS),
    ("{{ as_datetime('2026-01-15T12:00:00+00:00').hour }}", 12),
    ("{{ as_datetime(1768478400).isoformat() }}", "2026-01-15T12:00:00+00:00"),
    ("{{ as_datetime('1768478400').year }}", 2026),
    ("{{ as_datetime('not a date') }}", None),
    ("{{ as_datetime('not a date', 'fallback') }}", "fallback"),
    ("{{ as_datetime('2026-1-5 7:05').day }}", 5),
    (
        "{{ as_local(as_datetime('2026-01-15T12:00:00+00:00')).isoformat() }}",
        "2026-01-15T13:00:00+01:00",
    ),
    ("{{ (as_datetime('2026-07-01T12:00:00Z') | as_local).hour }}", 14),
    ("{{ as_timedelta('PT10M').total_seconds() }}", 600.0),
    ("{{ as_timedelta('1 day, 02:00:00').total_seconds() }}", 93600.0),
    ("{{ as_timedelta('00:01:30') | string }}", "0:01:30"),
    ("{{ as_timedelta('nonsense') }}", None),
    ("{{ (now() - timedelta(hours=2)).hour }}", 11),
    ("{{ timedelta(minutes=90).total_seconds() }}", 5400.0),
    ("{{ 1768478400 | timestamp_custom('%H:%M') }}", "13:00"),
    ("{{ 1768478400 | timestamp_custom('%H:%M', false) }}", "12:00"),
    ("{{ 1768478400 | timestamp_local }}", "2026-01-15T13:00:00+01:00"),
    ("{{ 1768478400 | timestamp_utc }}", "2026-01-15T12:00:00+00:00"),
    ("{{ strptime('2026-01-15 07:30', '%Y-%m-%d %H:%M').minute }}", 30),
    ("{{ strptime('nope', '%Y', 'bad') }}", "bad"),
    ("{{ relative_time(states.sensor.stamp.last_changed) }}", "0 seconds"),
    ("{{ relative_time(as_datetime(states('sensor.stamp'))) }}", "2 hours"),
    ("{{ relative_time(now() - timedelta(days=3, hours=5)) }}", "3 days"),
    ("{{ time_since(now() - timedelta(days=3, hours=5), 2) }}", "3 days 5 hours"),
    ("{{ time_since(now() - timedelta(seconds=90)) }}", "2 minutes"),
    ("{{ time_until(now() + timedelta(hours=2, minutes=31), 2) }}", "2 hours 31 minutes"),
    ("{{ time_until(now() + timedelta(days=400)) }}", "1 year"),
    ("{{ time_until(now() - timedelta(hours=1)) == now() - timedelta(hours=1) }}", True),
    ("{{ relative_time('not a date') }}", "not a date"),
    ("{{ now() - as_datetime('2026-01-15T11:00:00+00:00') }}", "1:00:00"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_time_functions(render: Render, source: str, expected: Any) -> None:
    assert render(source) == expected


async def test_now_follows_the_manual_clock(render: Render, clock: ManualClock) -> None:
    await clock.advance(3600)
    assert render("{{ now().hour }}") == 14
    assert render("{{ utcnow() }}") == str(datetime(2026, 1, 15, 13, tzinfo=UTC))


async def test_today_at_rejects_bad_times(render: Render) -> None:
    from hub.exceptions import TemplateError

    with pytest.raises(TemplateError, match="could not convert str to datetime: '25:99'"):
        render("{{ today_at('25:99') }}")


def test_timedelta_results_render_as_text(render: Render) -> None:
    assert render("{{ timedelta(hours=1) }}", parse_result=False) == str(timedelta(hours=1))
