"""Tests for components/demo/household.py: the simulated home and its meters."""

from __future__ import annotations

import random
import time as clock
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from components.demo.household import (
    PLUG_FRIDGE,
    PLUG_MEDIA,
    PLUG_WASHING_MACHINE,
    DemoHome,
    HomeSnapshot,
)
from components.demo.water_tank import OperationMode, TankSpec, WaterTank

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
JUNE_MONDAY = datetime(2024, 6, 10, tzinfo=AMSTERDAM)


def totals(home: DemoHome) -> dict[str, float]:
    """Every cumulative reading of the home, for comparing runs."""
    snap = home.snapshot()
    readings = {
        "import_kwh": snap.grid_import_kwh,
        "export_kwh": snap.grid_export_kwh,
        "pv_wh": snap.pv_energy_wh,
        "base_wh": snap.base_load_energy_wh,
        "element_wh": snap.water_heater.element_energy_wh,
        "tank_c": snap.water_heater.temperature_c,
        "water_m3": snap.water_m3,
    }
    readings.update({f"plug_{plug.name}_wh": plug.energy_wh for plug in snap.plugs})
    return readings


def consumed_wh(home: DemoHome) -> float:
    snap = home.snapshot()
    plugs = sum(plug.energy_wh for plug in snap.plugs)
    return snap.base_load_energy_wh + plugs + snap.water_heater.element_energy_wh


def run_with_steps(steps: list[float], start: datetime, washer_at: float) -> DemoHome:
    """Advance a fresh home through ``steps`` (seconds), starting a wash at ``washer_at``."""
    home = DemoHome(start, AMSTERDAM, seed=42)
    elapsed, washer_started = 0.0, False
    for step in steps:
        if not washer_started and elapsed + step > washer_at:
            home.advance_to(start + timedelta(seconds=washer_at))
            home.set_plug(PLUG_WASHING_MACHINE, True)
            washer_started = True
        elapsed += step
        home.advance_to(start + timedelta(seconds=elapsed))
    return home


def test_meters_balance_exactly_over_a_week() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=1)
    for minute in range(1, 7 * 24 * 60 + 1):
        if minute == 2 * 24 * 60 + 600:
            home.set_plug(PLUG_WASHING_MACHINE, True)
        home.advance_to(JUNE_MONDAY + timedelta(minutes=minute))
    snap = home.snapshot()
    net_wh = (snap.grid_import_kwh - snap.grid_export_kwh) * 1000.0
    expected_wh = consumed_wh(home) - snap.pv_energy_wh
    assert net_wh == pytest.approx(expected_wh, rel=1e-9, abs=1e-6)
    assert snap.grid_import_kwh > 50.0
    assert snap.grid_export_kwh > 5.0  # a June week with 3 kWp exports at midday
    program_wh = 2000 / 4 + 150 + 400 / 6
    idle_minutes = 7 * 24 * 60 - (2 * 24 * 60 + 599) - 85
    washer_wh = snap.plug(PLUG_WASHING_MACHINE).energy_wh
    assert washer_wh == pytest.approx(program_wh + 1.5 * idle_minutes / 60)


def test_same_seed_gives_same_meters_whatever_the_step_size() -> None:
    start = JUNE_MONDAY + timedelta(hours=6, minutes=30)  # taps, PV crossing zero, a wash
    span = 3 * 3600
    washer_at = 1800.5
    rng = random.Random(3)
    irregular: list[float] = []
    while sum(irregular) < span:
        irregular.append(min(rng.uniform(0.2, 400.0), span - sum(irregular)))
    runs = [
        run_with_steps([1.0] * span, start, washer_at),
        run_with_steps([60.0] * (span // 60), start, washer_at),
        run_with_steps(irregular, start, washer_at),
        run_with_steps([washer_at + 0.1, span - washer_at - 0.1], start, washer_at),
    ]
    reference = totals(runs[-1])
    assert reference["export_kwh"] > 0.0  # the window really has export
    assert reference["plug_washing_machine_wh"] > 0.0
    for home in runs[:-1]:
        for name, value in totals(home).items():
            assert value == pytest.approx(reference[name], rel=1e-9, abs=1e-9), name


def test_a_week_in_one_jump_matches_minute_ticks() -> None:
    ticked = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=8)
    for minute in range(1, 7 * 24 * 60 + 1):
        ticked.advance_to(JUNE_MONDAY + timedelta(minutes=minute))
    jumped = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=8)
    jumped.advance_to(JUNE_MONDAY + timedelta(days=7))
    expected = totals(ticked)
    for name, value in totals(jumped).items():
        assert value == pytest.approx(expected[name], rel=1e-9, abs=1e-9), name


def test_different_seeds_give_different_homes() -> None:
    end = JUNE_MONDAY + timedelta(days=1)
    homes = [DemoHome(JUNE_MONDAY, AMSTERDAM, seed=seed) for seed in (1, 2)]
    for home in homes:
        home.advance_to(end)
    assert totals(homes[0])["pv_wh"] != totals(homes[1])["pv_wh"]
    assert totals(homes[0])["water_m3"] != totals(homes[1])["water_m3"]


def test_plug_energy_is_the_integral_of_its_power() -> None:
    start = JUNE_MONDAY + timedelta(hours=18, minutes=30)  # viewing starts 18:30-19:30
    home = DemoHome(start, AMSTERDAM, seed=5)
    home.set_plug(PLUG_WASHING_MACHINE, True)
    integrals = dict.fromkeys(home.plug_names, 0.0)
    for second in range(1, 2 * 3600 + 1):
        for plug in home.snapshot().plugs:
            integrals[plug.name] += plug.power_w / 3600.0
        home.advance_to(start + timedelta(seconds=second))
    for plug in home.snapshot().plugs:
        assert plug.energy_wh == pytest.approx(integrals[plug.name], rel=1e-9), plug.name
    assert integrals[PLUG_MEDIA] > 40.0  # evening viewing happened


def test_washing_machine_runs_its_program_when_switched_on() -> None:
    home = DemoHome(JUNE_MONDAY + timedelta(hours=9), AMSTERDAM, seed=5)
    washer = home.snapshot().plug(PLUG_WASHING_MACHINE)
    assert (washer.on, washer.power_w, washer.activity) == (False, 0.0, "off")
    water_before = home.snapshot().water_m3
    home.set_plug(PLUG_WASHING_MACHINE, True)
    assert home.snapshot().water_m3 == pytest.approx(water_before + 0.045)
    seen = []
    for minute in (1, 20, 80, 95):
        home.advance_to(JUNE_MONDAY + timedelta(hours=9, minutes=minute))
        plug = home.snapshot().plug(PLUG_WASHING_MACHINE)
        seen.append((plug.activity, plug.power_w))
    assert seen == [("heating", 2000.0), ("washing", 150.0), ("spinning", 400.0), ("idle", 1.5)]
    energy = home.snapshot().plug(PLUG_WASHING_MACHINE).energy_wh
    assert energy == pytest.approx(2000 / 4 + 150 + 400 / 6 + 1.5 * 10 / 60)


def test_fridge_cycles_its_compressor() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=5)
    powers = set()
    for minute in range(1, 24 * 60 + 1):
        home.advance_to(JUNE_MONDAY + timedelta(minutes=minute))
        powers.add(home.snapshot().plug(PLUG_FRIDGE).power_w)
    assert powers == {90.0, 1.0}
    daily = home.snapshot().plug(PLUG_FRIDGE).energy_wh
    assert daily == pytest.approx(90 * 8 + 1 * 16, rel=0.05)  # one third duty
    home.set_plug(PLUG_FRIDGE, False)
    home.advance_to(JUNE_MONDAY + timedelta(days=1, hours=1))
    assert home.snapshot().plug(PLUG_FRIDGE).energy_wh == daily
    assert home.snapshot().plug(PLUG_FRIDGE).power_w == 0.0


def test_pv_exports_at_midday_and_sleeps_at_night() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=2)
    noon_powers, night_pv = [], []
    for hour in range(1, 7 * 24 + 1):
        home.advance_to(JUNE_MONDAY + timedelta(hours=hour))
        snap = home.snapshot()
        local_hour = snap.time.astimezone(AMSTERDAM).hour
        if local_hour == 14:  # solar noon at 5° E is ~13:40 CEST
            noon_powers.append(snap.grid_power_w)
        if local_hour in (0, 1, 2, 3):
            night_pv.append(snap.pv_power_w)
    assert night_pv == [0.0] * len(night_pv)
    assert min(noon_powers) < 0.0
    assert home.snapshot().pv_energy_wh / 7 > 6000  # ~8-15 kWh a June day for 3 kWp


def test_snapshot_is_consistent() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=3)
    home.advance_to(JUNE_MONDAY + timedelta(hours=13, minutes=7))
    snap = home.snapshot()
    assert isinstance(snap, HomeSnapshot)
    plugs_w = sum(plug.power_w for plug in snap.plugs)
    element_w = snap.water_heater.element_power_w
    assert snap.load_power_w == pytest.approx(snap.base_load_power_w + plugs_w + element_w)
    assert snap.grid_power_w == pytest.approx(snap.load_power_w - snap.pv_power_w)
    assert snap.time == JUNE_MONDAY + timedelta(hours=13, minutes=7)
    assert [plug.name for plug in snap.plugs] == [PLUG_WASHING_MACHINE, PLUG_FRIDGE, PLUG_MEDIA]
    with pytest.raises(KeyError):
        snap.plug("heat_pump")


def test_meters_never_go_backwards_and_time_cannot_rewind() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=6)
    previous = totals(home)
    monotonic = [name for name in previous if name != "tank_c"]
    for minute in range(5, 2 * 24 * 60, 5):
        home.advance_to(JUNE_MONDAY + timedelta(minutes=minute))
        current = totals(home)
        assert all(current[name] >= previous[name] for name in monotonic)
        previous = current
    home.advance_to(JUNE_MONDAY)  # a clock stepping back changes nothing
    assert totals(home) == previous
    assert home.now == JUNE_MONDAY + timedelta(minutes=2 * 24 * 60 - 5)


@pytest.mark.parametrize("day", [datetime(2024, 3, 31), datetime(2024, 10, 27)])
def test_dst_change_day_draws_each_tap_once(day: datetime) -> None:
    midnight = day.replace(tzinfo=AMSTERDAM)
    big_tank = WaterTank(TankSpec(volume_l=300.0))
    home = DemoHome(midnight, AMSTERDAM, seed=4, tank=big_tank, draw_profile="M")
    local_day_s = (midnight + timedelta(days=1)).timestamp() - midnight.timestamp()
    assert local_day_s in (23 * 3600, 25 * 3600)
    instant = datetime.fromtimestamp(midnight.timestamp(), UTC)
    for _ in range(int(local_day_s // 60)):
        instant += timedelta(minutes=1)  # absolute minutes straight through the change
        home.advance_to(instant)
    assert home.now.timestamp() == (midnight + timedelta(days=1)).timestamp()
    assert home.tank.drawn_energy_wh == pytest.approx(5845.0)
    pv_and_load = consumed_wh(home) - home.snapshot().pv_energy_wh
    net = home.grid_meter.import_wh - home.grid_meter.export_wh
    assert net == pytest.approx(pv_and_load, rel=1e-9)


def test_tank_commands_show_up_at_the_meter() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=3)
    home.advance_to(JUNE_MONDAY + timedelta(hours=3))
    assert not home.tank.element_on
    home.tank.set_force_heating(True)
    snap = home.snapshot()
    assert snap.water_heater.force_heating is True
    assert snap.water_heater.element_power_w == 3000.0
    assert snap.grid_power_w > 3000.0
    import_before = snap.grid_import_kwh
    home.advance_to(JUNE_MONDAY + timedelta(hours=4))
    assert home.snapshot().grid_import_kwh - import_before > 3.0
    home.tank.set_force_heating(None)
    home.tank.set_operation_mode(OperationMode.OFF)
    assert home.snapshot().water_heater.element_power_w == 0.0


def test_unknown_plug_and_naive_time_are_refused() -> None:
    home = DemoHome(JUNE_MONDAY, AMSTERDAM)
    with pytest.raises(ValueError, match="no plug"):
        home.set_plug("heat_pump", True)
    with pytest.raises(ValueError, match="timezone-aware"):
        home.advance_to(datetime(2024, 6, 11))
    with pytest.raises(ValueError, match="timezone-aware"):
        DemoHome(datetime(2024, 6, 10), AMSTERDAM)
    with pytest.raises(ValueError, match="no plug"):
        DemoHome(JUNE_MONDAY, AMSTERDAM, plugs_on={"dryer": True})
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, plugs_on={PLUG_FRIDGE: False})
    assert not home.snapshot().plug(PLUG_FRIDGE).on


def test_a_day_of_minute_ticks_is_fast() -> None:
    """Regression guard; measured ~20 ms per simulated day, the bound leaves CI headroom."""
    home = DemoHome(JUNE_MONDAY, AMSTERDAM, seed=9)
    home.advance_to(JUNE_MONDAY + timedelta(minutes=1))
    began = clock.perf_counter()
    for minute in range(2, 24 * 60 + 2):
        home.advance_to(JUNE_MONDAY + timedelta(minutes=minute))
    assert clock.perf_counter() - began < 0.25
