"""Tests for components/demo/cold_water_profile.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from components.demo.cold_water_profile import ColdWaterProfile, WaterUseKind

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_a_family_day_uses_a_plausible_amount_of_cold_water() -> None:
    profile = ColdWaterProfile(AMSTERDAM, seed=1, persons=4)
    for offset in range(7):
        uses = profile.uses_on(date(2024, 6, 10) + timedelta(days=offset))
        flushes = [use for use in uses if use.kind is WaterUseKind.TOILET_FLUSH]
        assert 16 <= len(flushes) <= 25
        assert {use.litres for use in flushes} <= {3.0, 6.0}
        assert 50.0 < sum(use.litres for use in uses) < 180.0


def test_windows_return_each_use_once() -> None:
    profile = ColdWaterProfile(AMSTERDAM, seed=2)
    # Absolute minutes across the autumn change (aware + timedelta is wall-clock maths).
    start = datetime(2024, 10, 26, 12, 0, tzinfo=AMSTERDAM).astimezone(UTC)
    minutes = 49 * 60  # two local days, one of them 25 h long
    whole = profile.uses_between(start, start + timedelta(minutes=minutes))
    pieces = []
    for minute in range(minutes):
        left = start + timedelta(minutes=minute)
        pieces.extend(profile.uses_between(left, left + timedelta(minutes=1)))
    assert pieces == whole
    assert len(whole) > 30
    assert whole[-1].at.date() == date(2024, 10, 28)


def test_more_people_use_more_water() -> None:
    day = date(2024, 6, 12)
    single = sum(use.litres for use in ColdWaterProfile(AMSTERDAM, seed=3, persons=1).uses_on(day))
    family = sum(use.litres for use in ColdWaterProfile(AMSTERDAM, seed=3, persons=5).uses_on(day))
    assert family > 2 * single
    with pytest.raises(ValueError, match="persons"):
        ColdWaterProfile(AMSTERDAM, seed=3, persons=0)
