"""``DemoSimulation`` on a real hub: simulated time, energy balance, meters, restarts, DST.

Most tests run the demo at ``speed: 60`` (an hour a minute, a tick every 5 s = 5 simulated
minutes): the home is exact whatever the step, so this checks the same physics as speed 1
in a fraction of the ticks.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest

from components.demo.cold_water_profile import ColdWaterProfile
from components.demo.household import DemoHome
from components.demo.simulation import STORAGE_KEY, STORAGE_VERSION
from components.demo.water_tank import WATER_HEAT_CAPACITY_WH_PER_L_K
from hub.clock import ManualClock
from hub.const import EVENT_STATE_CHANGED
from hub.core import Hub
from hub.events import Event
from hub.registry.device_registry import DEVICE_REGISTRY
from tests.components.demo.conftest import DemoFactory
from tests.components.demo.hub_readings import (
    METERS,
    advance,
    meter_readings,
    number,
    simulation,
)
from tests.conftest import START

pytestmark = pytest.mark.usefixtures("quiet_log")

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FAST = "  speed: 60\n"


class MeterWatch:
    """Every meter state the hub writes, checked against the one before it."""

    def __init__(self, hub: Hub) -> None:
        self.writes = 0
        self.decreases: list[str] = []
        hub.bus.listen(EVENT_STATE_CHANGED, self._check)

    def _check(self, event: Event) -> None:
        entity_id = event.data["entity_id"]
        old, new = event.data["old_state"], event.data["new_state"]
        if entity_id not in METERS or old is None:
            return
        self.writes += 1
        if float(new.state) < float(old.state):
            self.decreases.append(f"{entity_id}: {old.state} -> {new.state}")


async def call(hub: Hub, domain: str, service: str, **data: Any) -> None:
    await hub.services.call(domain, service, data, blocking=True)


# --- simulated time ------------------------------------------------------------------


@pytest.mark.parametrize("speed", [1, 60])
async def test_simulated_time_runs_at_speed(
    start_demo: DemoFactory, clock: ManualClock, speed: int
) -> None:
    hub = await start_demo(f"  speed: {speed}\n")
    sim = simulation(hub)
    await advance(clock, hub, 90)
    assert sim.sim_time() == START + timedelta(seconds=90 * speed)
    assert sim.sim_time().tzinfo == AMSTERDAM
    assert sim.snapshot.time == START + timedelta(seconds=90 * speed)  # 90 s is a tick
    await advance(clock, hub, 2)  # between ticks the entities keep the last tick's time
    assert sim.snapshot.time == START + timedelta(seconds=90 * speed)


async def test_speed_60_meters_match_an_hour_of_the_home(
    start_demo: DemoFactory, clock: ManualClock
) -> None:
    hub = await start_demo(FAST)
    await advance(clock, hub, 60)
    # The same home stepped once over the same simulated hour.
    home = DemoHome(START.astimezone(AMSTERDAM), AMSTERDAM, latitude=52.37, longitude=4.89)
    home.advance_to(START + timedelta(hours=1))
    expected = home.snapshot()
    assert number(hub, "sensor.solar_energy") == round(expected.pv_energy_wh / 1000, 3)
    assert number(hub, "sensor.electricity_meter_energy_import") == round(
        expected.grid_import_kwh, 3
    )
    assert number(hub, "sensor.electricity_meter_energy_export") == round(
        expected.grid_export_kwh, 3
    )
    assert number(hub, "sensor.water_meter") == round(expected.water_m3, 3)
    assert number(hub, "sensor.fridge_energy") == round(expected.plug("fridge").energy_wh / 1000, 3)
    assert number(hub, "sensor.water_heater_tank_temperature") == round(
        expected.water_heater.temperature_c, 1
    )


# --- energy balance and meters --------------------------------------------------------


async def test_two_days_balance_and_meters_only_count_up(
    start_demo: DemoFactory, clock: ManualClock
) -> None:
    hub = await start_demo(FAST)
    watch = MeterWatch(hub)
    tank = simulation(hub).home.tank
    start_c = number(hub, "sensor.water_heater_tank_temperature")
    await advance(clock, hub, 2 * 24 * 60)  # two simulated days, 576 ticks
    assert watch.writes > 576  # the import meter alone moves on most ticks
    assert watch.decreases == []

    # Heat: element - standing loss - drawn = change of stored heat (devices.md §7.5).
    element_wh = number(hub, "sensor.water_heater_energy") * 1000
    stored_change_wh = (
        200
        * WATER_HEAT_CAPACITY_WH_PER_L_K
        * (number(hub, "sensor.water_heater_tank_temperature") - start_c)
    )
    balance_wh = element_wh - tank.standing_loss_wh - tank.drawn_energy_wh
    assert balance_wh == pytest.approx(stored_change_wh, abs=0.01 * element_wh)
    assert 10_000 < element_wh < 25_000  # two days of a family of four (~18 kWh)
    assert 2_500 < tank.standing_loss_wh < 4_000  # 1.9 kWh/24 h at ΔT 45 K, ~40 K here

    # Electricity: import - export = every load - solar.
    meters = meter_readings(hub)
    loads_kwh = (
        meters["sensor.water_heater_energy"]
        + meters["sensor.washing_machine_energy"]
        + meters["sensor.fridge_energy"]
        + meters["sensor.media_energy"]
        + simulation(hub).snapshot.base_load_energy_wh / 1000
    )
    net_kwh = (
        meters["sensor.electricity_meter_energy_import"]
        - meters["sensor.electricity_meter_energy_export"]
    )
    assert net_kwh == pytest.approx(loads_kwh - meters["sensor.solar_energy"], abs=0.01)
    assert meters["sensor.electricity_meter_energy_export"] > 0  # sunny middays


# --- restarts ------------------------------------------------------------------------


def stored_home(config_dir: Path) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads((config_dir / ".storage" / STORAGE_KEY).read_bytes())
    return document


async def test_meters_continue_from_the_saved_totals_after_a_restart(
    start_demo: DemoFactory, clock: ManualClock, config_dir: Path
) -> None:
    first = await start_demo(FAST)
    await call(first, "switch", "turn_on", entity_id="switch.washing_machine")
    await advance(clock, first, 600)
    before = meter_readings(first)
    await first.stop()  # the final write flushes .storage/demo.home

    document = stored_home(config_dir)
    assert (document["version"], document["key"]) == (STORAGE_VERSION, STORAGE_KEY)
    saved = document["data"]
    assert round(saved["grid_import_kwh"], 3) == before["sensor.electricity_meter_energy_import"]
    assert round(saved["plug_kwh"]["fridge"], 3) == before["sensor.fridge_energy"]
    assert saved["plugs_on"] == {"washing_machine": True, "fridge": True, "media": True}

    second = await start_demo(FAST)
    assert meter_readings(second) == before
    watch = MeterWatch(second)
    await advance(clock, second, 600)
    after = meter_readings(second)
    assert watch.writes > 120
    assert watch.decreases == []
    assert all(after[meter] >= before[meter] for meter in METERS)
    assert (
        after["sensor.electricity_meter_energy_import"]
        > before["sensor.electricity_meter_energy_import"]
    )
    assert after["sensor.fridge_energy"] > before["sensor.fridge_energy"]


async def test_restart_restores_plugs_and_water_heater_settings(
    start_demo: DemoFactory, clock: ManualClock
) -> None:
    first = await start_demo()
    await call(first, "switch", "turn_off", entity_id="switch.media")
    await call(
        first,
        "water_heater",
        "set_temperature",
        entity_id="water_heater.water_heater",
        temperature=45,
    )
    await call(
        first,
        "water_heater",
        "set_operation_mode",
        entity_id="water_heater.water_heater",
        operation_mode="eco",
    )
    await advance(clock, first, 5)
    temperature = simulation(first).home.tank.temperature_c
    await first.stop()

    second = await start_demo()
    state = second.states.get("water_heater.water_heater")
    assert state is not None
    assert state.state == "eco"
    assert state.attributes["temperature"] == 45.0
    assert simulation(second).home.tank.temperature_c == temperature
    switch = second.states.get("switch.media")
    assert switch is not None
    assert switch.state == "off"
    # turn_on on a heater that is on keeps the restored mode (it used to switch to electric).
    await call(second, "water_heater", "turn_on", entity_id="water_heater.water_heater")
    state = second.states.get("water_heater.water_heater")
    assert state is not None
    assert state.state == "eco"


async def test_a_restart_does_not_start_a_new_wash(
    start_demo: DemoFactory, clock: ManualClock
) -> None:
    first = await start_demo(FAST)
    await call(first, "switch", "turn_on", entity_id="switch.washing_machine")
    await advance(clock, first, 120)  # two simulated hours: the wash is over
    assert number(first, "sensor.washing_machine_power") == 1.5
    await first.stop()

    second = await start_demo(FAST)
    assert number(second, "sensor.washing_machine_power") == 1.5


async def test_restart_with_another_tank_keeps_its_temperature(
    start_demo: DemoFactory, clock: ManualClock
) -> None:
    first = await start_demo(FAST)
    await advance(clock, first, 120)
    temperature = simulation(first).home.tank.temperature_c
    before = meter_readings(first)
    await first.stop()

    second = await start_demo(f"{FAST}  tank_volume: 80\n  pv_peak_power: 4500\n  tick: 60\n")
    tank = simulation(second).home.tank
    assert tank.spec.volume_l == 80
    assert tank.temperature_c == temperature  # a new tank filled at the old temperature
    assert meter_readings(second) == before
    devices = second.data[DEVICE_REGISTRY]
    heater = devices.find([("demo", "water_heater")])
    solar = devices.find([("demo", "solar")])
    assert heater is not None
    assert solar is not None
    assert heater.model == "80 L electric storage water heater"
    assert solar.model == "4.5 kWp PV inverter"

    start_c = number(second, "sensor.water_heater_tank_temperature")
    await advance(clock, second, 24 * 60)
    element_wh = (
        number(second, "sensor.water_heater_energy") - before["sensor.water_heater_energy"]
    ) * 1000
    stored_change_wh = (
        80
        * WATER_HEAT_CAPACITY_WH_PER_L_K
        * (number(second, "sensor.water_heater_tank_temperature") - start_c)
    )
    balance_wh = element_wh - tank.standing_loss_wh - tank.drawn_energy_wh
    assert balance_wh == pytest.approx(stored_change_wh, abs=0.01 * element_wh)


# --- DST days in Europe/Amsterdam ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "hours", "offset_after"),
    [(date(2026, 3, 29), 23, timedelta(hours=2)), (date(2026, 10, 25), 25, timedelta(hours=1))],
)
async def test_a_dst_day_draws_each_tap_and_flush_once(
    start_demo: DemoFactory,
    clock: ManualClock,
    day: date,
    hours: int,
    offset_after: timedelta,
) -> None:
    start = datetime.combine(day, time(0, 30), AMSTERDAM)
    end = datetime.combine(day + timedelta(days=1), time(0, 30), AMSTERDAM)
    assert end.timestamp() - start.timestamp() == hours * 3600
    await clock.advance_to(start)
    hub = await start_demo(FAST)
    watch = MeterWatch(hub)
    sim = simulation(hub)
    await advance(clock, hub, hours * 60)

    assert sim.snapshot.time.timestamp() == end.timestamp()
    assert sim.snapshot.time.utcoffset() == offset_after
    assert watch.writes > hours * 12
    assert watch.decreases == []
    taps = sim.home.draw_profile.taps_on(day)
    assert sim.home.tank.drawn_energy_wh == pytest.approx(sum(tap.energy_wh for tap in taps))
    cold = ColdWaterProfile(AMSTERDAM, seed=1, persons=4).uses_on(day)
    litres = sum(tap.volume_l for tap in taps) + sum(use.litres for use in cold)
    assert number(hub, "sensor.water_meter") == round(litres / 1000, 3)


async def test_a_fast_demo_resumes_its_simulated_time_after_a_restart(
    start_demo: DemoFactory, clock: ManualClock
) -> None:
    first = await start_demo(FAST)
    await advance(clock, first, 120)  # two simulated hours ahead of the hub's clock
    reached = simulation(first).home.now
    await first.stop()

    second = await start_demo(FAST)
    resumed = simulation(second).home.now
    # Not back at the hub's clock: the hours already counted are not simulated again.
    assert resumed >= reached
    assert resumed.timestamp() > clock.time() + 3600
