"""Tests for components/demo/meters.py: register split and monotonic water volume."""

from __future__ import annotations

import pytest

from components.demo.meters import GridMeter, WaterMeter


def test_steady_import_and_export_go_to_their_registers() -> None:
    meter = GridMeter()
    meter.record(1000.0, 1000.0, 3600.0)
    meter.record(-500.0, -500.0, 3600.0)
    assert (meter.import_kwh, meter.export_kwh) == (1.0, 0.5)


def test_a_zero_crossing_is_split_where_it_happens() -> None:
    meter = GridMeter()
    meter.record(300.0, -100.0, 3600.0)  # crosses zero three quarters in
    assert meter.import_wh == pytest.approx(300.0 / 2 * 0.75)
    assert meter.export_wh == pytest.approx(100.0 / 2 * 0.25)
    assert meter.import_wh - meter.export_wh == pytest.approx((300.0 - 100.0) / 2)
    meter.record(-100.0, 300.0, 3600.0)
    assert meter.import_wh == pytest.approx(2 * 112.5)
    assert meter.export_wh == pytest.approx(2 * 12.5)


def test_water_meter_counts_litres_as_cubic_metres_and_never_back() -> None:
    meter = WaterMeter()
    meter.add(1500.0)
    meter.add(0.5)
    assert meter.cubic_metres == pytest.approx(1.5005)
    with pytest.raises(ValueError, match="backwards"):
        meter.add(-1.0)
    assert meter.litres == 1500.5
