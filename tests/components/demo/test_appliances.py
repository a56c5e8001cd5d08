"""Tests for components/demo/appliances.py and smart_plug.py."""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from components.demo.appliances import Fridge, MediaCenter, WashingMachine
from components.demo.smart_plug import SmartPlug

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2024, 6, 10, tzinfo=AMSTERDAM).timestamp()


def test_fridge_edges_are_strictly_ahead_and_alternate() -> None:
    fridge = Fridge(seed=3)
    now, durations, powers = T0, [], []
    for _ in range(20):
        edge = fridge.next_change_after(now)
        assert edge > now
        powers.append(fridge.power_at(now))
        durations.append(edge - now)
        now = edge
    assert set(durations[1:]) == {900.0, 1800.0}
    assert all(a != b for a, b in itertools.pairwise(powers))
    assert fridge.next_change_after(now - 1e-3) == now  # a hair before an edge


def test_washer_is_idle_until_powered_and_then_runs_its_phases() -> None:
    washer = WashingMachine()
    assert (washer.power_at(T0), washer.activity_at(T0)) == (1.5, "idle")
    assert washer.next_change_after(T0) == math.inf
    washer.powered(T0)
    assert washer.next_change_after(T0) == T0 + 900
    assert washer.next_change_after(T0 + 900) == T0 + 900 + 3600
    assert washer.activity_at(T0 + 5000) == "spinning"
    assert washer.activity_at(T0 + 5100) == "idle"


def test_media_center_watches_in_the_evening_and_longer_at_weekends() -> None:
    media = MediaCenter(AMSTERDAM, seed=1)
    weekday_start, weekday_end = media.viewing_window(date(2024, 6, 12))
    weekend_start, weekend_end = media.viewing_window(date(2024, 6, 15))
    assert weekend_end - weekend_start > weekday_end - weekday_start
    start_local = datetime.fromtimestamp(weekday_start, AMSTERDAM).time()
    assert time(18, 30) <= start_local <= time(19, 30)
    assert media.power_at(weekday_start) == 80.0
    assert media.power_at(weekday_start - 1) == 0.5
    assert media.next_change_after(weekday_start - 1) == weekday_start
    assert media.next_change_after(weekday_start) == weekday_end


def test_media_center_survives_dst_change_days() -> None:
    media = MediaCenter(AMSTERDAM, seed=2)
    now = datetime(2024, 3, 30, 12, 0, tzinfo=AMSTERDAM).timestamp()
    watching_s = 0.0
    for _ in range(12):
        edge = media.next_change_after(now)
        assert edge > now
        if media.power_at(now) == 80.0:
            watching_s += edge - now
        now = edge
    assert watching_s / 3600 > 10  # several evenings found across the change


def test_plug_meters_energy_and_only_powers_on_a_real_switch_on() -> None:
    washer = WashingMachine()
    plug = SmartPlug("washer", washer, on=False)
    assert plug.power_at(T0) == 0.0
    assert plug.next_change_after(T0) == math.inf
    plug.switch(True, T0)
    assert plug.run(T0, 900.0) == 2000.0
    plug.switch(True, T0 + 900)  # already on: the program is not restarted
    assert plug.power_at(T0 + 900) == 150.0
    assert plug.energy_wh == pytest.approx(500.0)
    plug.switch(False, T0 + 900)
    snap = plug.snapshot(T0 + 900)
    assert (snap.on, snap.power_w, snap.activity, snap.energy_wh) == (False, 0.0, "off", 500.0)
