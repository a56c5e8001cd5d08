"""Tests for components/demo/pv_array.py and the knot curve it rides on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from components.demo.knot_series import KNOT_INTERVAL_S, KnotSeries
from components.demo.pv_array import PvArray


def peak_clear_sky_w(array: PvArray, day: datetime) -> float:
    return max(
        array.clear_sky_power_w((day + timedelta(minutes=m)).timestamp()) for m in range(1440)
    )


def test_clear_sky_peak_is_realistic_for_3_kwp_in_the_netherlands() -> None:
    array = PvArray()
    june = peak_clear_sky_w(array, datetime(2024, 6, 21, tzinfo=UTC))
    december = peak_clear_sky_w(array, datetime(2024, 12, 21, tzinfo=UTC))
    assert 2300 < june < 2700
    assert 900 < december < 1400


def test_solar_noon_follows_longitude_not_the_clock() -> None:
    array = PvArray(longitude=15.0)  # solar noon at 11:00 UTC
    day = datetime(2024, 6, 21, tzinfo=UTC)
    best = max(
        range(1440), key=lambda m: array.clear_sky_power_w((day + timedelta(minutes=m)).timestamp())
    )
    assert abs(best - 11 * 60) <= 2
    assert array.clear_sky_power_w(day.timestamp()) == 0.0  # midnight


def test_clouds_only_take_away_and_are_seeded() -> None:
    day = datetime(2024, 6, 21, tzinfo=UTC)
    stamps = [(day + timedelta(minutes=m)).timestamp() for m in range(0, 1440, 5)]
    first, again, other = PvArray(seed=1), PvArray(seed=1), PvArray(seed=2)
    assert [first.power_at(t) for t in stamps] == [again.power_at(t) for t in stamps]
    assert [first.power_at(t) for t in stamps] != [other.power_at(t) for t in stamps]
    for stamp in stamps:
        clear = first.clear_sky_power_w(stamp)
        assert clear * 0.25 - 0.1 <= first.power_at(stamp) <= clear + 0.1


def test_knot_series_is_linear_between_knots() -> None:
    series = KnotSeries(lambda day: [float(day * 1000 + i) for i in range(288)])
    assert series.value_at(0.0) == 0.0
    assert series.value_at(KNOT_INTERVAL_S * 1.5) == pytest.approx(1.5)
    assert series.value_at(86400.0 - 150.0) == pytest.approx((287.0 + 1000.0) / 2)
    assert KnotSeries.next_knot_after(300.0) == 600.0
    assert KnotSeries.next_knot_after(299.9) == 300.0
    broken = KnotSeries(lambda day: [1.0])
    with pytest.raises(ValueError, match="expected 288 knots"):
        broken.value_at(0.0)
