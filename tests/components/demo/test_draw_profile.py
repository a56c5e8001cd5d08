"""Tests for components/demo/draw_profile.py (and the DailySchedule windows under it)."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from components.demo.draw_profile import (
    TAPPING_CYCLE_L,
    TAPPING_CYCLE_M,
    DrawProfile,
    TapEvent,
    TapKind,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2024, 6, 10)


def taps_in_windows(
    profile: DrawProfile, start: datetime, step: timedelta, count: int
) -> list[TapEvent]:
    taps = []
    for index in range(count):
        taps.extend(profile.taps_between(start + index * step, start + (index + 1) * step))
    return taps


def test_cycle_m_is_23_taps_and_5845_wh() -> None:
    assert len(TAPPING_CYCLE_M) == 23
    assert sum(tap.energy_wh for tap in TAPPING_CYCLE_M) == pytest.approx(5845.0)
    showers = [tap for tap in TAPPING_CYCLE_M if tap.kind is TapKind.SHOWER]
    assert [tap.clock for tap in showers] == [time(7, 5), time(21, 30)]


def test_cycle_l_is_24_taps_and_11655_wh() -> None:
    assert len(TAPPING_CYCLE_L) == 24
    assert sum(tap.energy_wh for tap in TAPPING_CYCLE_L) == pytest.approx(11655.0)
    baths = [tap for tap in TAPPING_CYCLE_L if tap.kind is TapKind.BATH]
    assert [(tap.clock, tap.flow_l_min) for tap in baths] == [
        (time(8, 5), 10.0),
        (time(21, 0), 10.0),
    ]


@pytest.mark.parametrize(("name", "total_wh", "count"), [("M", 5845.0, 23), ("L", 11655.0, 24)])
def test_tapping_cycle_profile_repeats_every_local_day(
    name: str, total_wh: float, count: int
) -> None:
    profile = DrawProfile.named(name, AMSTERDAM)
    start = datetime.combine(MONDAY, time(0), tzinfo=AMSTERDAM)
    for day in range(3):
        taps = profile.taps_between(start + timedelta(days=day), start + timedelta(days=day + 1))
        assert len(taps) == count
        assert sum(tap.energy_wh for tap in taps) == pytest.approx(total_wh)
        assert taps[0].at.astimezone(AMSTERDAM).time() == time(7, 0)


def test_tap_volume_and_duration_follow_from_energy_and_rise() -> None:
    shower = DrawProfile.named("M", UTC).taps_on(MONDAY)[1]
    assert shower.kind is TapKind.SHOWER
    assert shower.volume_l == pytest.approx(1400 / (1.161 * 30))  # ≈ 40 L at 40 °C
    assert shower.duration_s / 60 == pytest.approx(shower.volume_l / 6.0)
    dishes = [tap for tap in DrawProfile.named("M", UTC).taps_on(MONDAY) if tap.rise_k == 45.0]
    assert [tap.energy_wh for tap in dishes] == [315.0, 735.0]


@pytest.mark.parametrize("name", ["M", "family"])
def test_any_window_tiling_returns_each_tap_exactly_once(name: str) -> None:
    profile = DrawProfile.named(name, AMSTERDAM, seed=3)
    start = datetime(2024, 6, 9, 23, 0, tzinfo=AMSTERDAM)
    whole = profile.taps_between(start, start + timedelta(days=3))
    by_minute = taps_in_windows(profile, start, timedelta(minutes=1), 3 * 24 * 60)
    by_odd_step = taps_in_windows(profile, start, timedelta(seconds=397), 3 * 86400 // 397 + 1)
    assert whole == by_minute
    assert by_odd_step[: len(whole)] == whole
    assert len(whole) >= 3 * 23


def test_random_windows_tile_without_gaps_or_repeats() -> None:
    profile = DrawProfile.family(AMSTERDAM, seed=11)
    rng = random.Random(5)
    start = datetime(2024, 6, 10, tzinfo=UTC)
    end = start + timedelta(days=4)
    edges = sorted(
        {start, end, *(start + timedelta(seconds=rng.randint(1, 4 * 86400)) for _ in range(50))}
    )
    pieces = []
    for left, right in itertools.pairwise(edges):
        pieces.extend(profile.taps_between(left, right))
    assert pieces == profile.taps_between(start, end)


def test_window_is_half_open() -> None:
    profile = DrawProfile.named("M", UTC)
    seven = datetime.combine(MONDAY, time(7, 0), tzinfo=UTC)
    assert [tap.at for tap in profile.taps_between(seven, seven + timedelta(minutes=5))] == [seven]
    assert profile.taps_between(seven - timedelta(minutes=5), seven) == []
    assert profile.taps_between(seven, seven) == []


def test_family_is_reproducible_per_seed_and_varies_between_seeds() -> None:
    first = DrawProfile.family(AMSTERDAM, seed=1).taps_on(MONDAY)
    again = DrawProfile.family(AMSTERDAM, seed=1).taps_on(MONDAY)
    other = DrawProfile.family(AMSTERDAM, seed=2).taps_on(MONDAY)
    assert first == again
    assert first != other


def test_family_weekdays_build_on_m_and_weekends_on_l() -> None:
    profile = DrawProfile.family(AMSTERDAM, seed=4)
    week = [MONDAY + timedelta(days=offset) for offset in range(14)]
    for day in week:
        taps = profile.taps_on(day)
        total = sum(tap.energy_wh for tap in taps)
        kinds = {tap.kind for tap in taps}
        if day.weekday() >= 5:
            assert TapKind.BATH in kinds
            assert 11655 * 0.85 < total < 11655 * 1.15
            first_bath = min(tap.at for tap in taps if tap.kind is TapKind.BATH)
            assert first_bath.time() > time(9, 0)  # the weekend morning starts later
        else:
            assert TapKind.BATH not in kinds
            assert 5845 * 0.85 < total < (5845 + 1400) * 1.15
    weekday_showers = [
        sum(tap.kind is TapKind.SHOWER for tap in profile.taps_on(day)) for day in week[:5]
    ]
    assert max(weekday_showers) == 3  # mostly a second morning shower


def test_jitter_keeps_taps_near_their_cycle_time() -> None:
    taps = DrawProfile.family(AMSTERDAM, seed=9).taps_on(date(2024, 6, 12))
    assert all(time(6, 30) <= tap.at.time() <= time(21, 40) for tap in taps)
    assert all(tap.at.tzinfo is AMSTERDAM for tap in taps)


@pytest.mark.parametrize("day", [date(2024, 3, 31), date(2024, 10, 27)])
def test_dst_days_have_the_same_taps_at_the_same_local_times(day: date) -> None:
    profile = DrawProfile.named("M", AMSTERDAM)
    midnight = datetime.combine(day, time(0), tzinfo=AMSTERDAM)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=AMSTERDAM)
    length_h = (next_midnight.timestamp() - midnight.timestamp()) / 3600
    assert length_h in (23.0, 25.0)
    # Step in absolute time: aware + timedelta would be wall-clock arithmetic.
    windows = int(length_h * 60 / 7)
    taps = taps_in_windows(profile, midnight.astimezone(UTC), timedelta(minutes=7), windows + 1)
    assert all(tap.at < next_midnight for tap in taps)
    assert len(taps) == 23
    assert sum(tap.energy_wh for tap in taps) == pytest.approx(5845.0)
    assert [tap.at.time() for tap in taps] == [tap.clock for tap in TAPPING_CYCLE_M]


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown draw profile"):
        DrawProfile.named("XXL", UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        DrawProfile.named("M", UTC).taps_between(datetime(2024, 1, 1), datetime(2024, 1, 2))
