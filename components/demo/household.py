"""The whole simulated home: water heater, smart plugs, base load, PV and the meters.

``DemoHome.advance_to(now)`` moves the home along the time line in sub-steps of at most
60 s that also end exactly where anything changes: a tap or flush, a knot of the base
load or PV curve, an appliance edge, the water heater's thermostat switching. Inside a
sub-step every load is constant or linear, so energies are integrated exactly and the
import/export split is exact; the meters therefore agree whether the hub ticks every
second or jumps a week (up to float rounding). Every meter is a running sum of the same
per-sub-step energies, so ``import - export = Σ loads - PV`` holds to rounding.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from components.demo.appliances import Appliance, Fridge, MediaCenter, WashingMachine
from components.demo.base_load import BaseLoad
from components.demo.cold_water_profile import ColdWaterProfile, WaterUse
from components.demo.daily_schedule import require_aware
from components.demo.draw_profile import DrawProfile, TapEvent
from components.demo.meters import GridMeter, WaterMeter
from components.demo.pv_array import PvArray
from components.demo.smart_plug import PlugSnapshot, SmartPlug
from components.demo.water_tank import TankSnapshot, WaterTank

PLUG_WASHING_MACHINE = "washing_machine"
PLUG_FRIDGE = "fridge"
PLUG_MEDIA = "media"

MAX_SUBSTEP_S = 60.0

_EVENT_LOOKAHEAD = timedelta(hours=6)
"""Taps and flushes are fetched this far ahead, so a tick every second does not query."""

_DEFAULT_PLUGS_ON = {PLUG_WASHING_MACHINE: False, PLUG_FRIDGE: True, PLUG_MEDIA: True}


@dataclass(frozen=True, slots=True)
class HomeSnapshot:
    """Every reading of the home at one instant; units are in the field names."""

    time: datetime
    water_heater: TankSnapshot
    plugs: tuple[PlugSnapshot, ...]
    base_load_power_w: float
    base_load_energy_wh: float
    pv_power_w: float
    pv_energy_wh: float
    load_power_w: float
    """Everything the home consumes now: base load, plugs and the heating element."""
    grid_power_w: float
    """Net power at the main meter: positive importing, negative exporting."""
    grid_import_kwh: float
    grid_export_kwh: float
    water_m3: float

    def plug(self, name: str) -> PlugSnapshot:
        for plug in self.plugs:
            if plug.name == name:
                return plug
        raise KeyError(name)


class DemoHome:
    """A deterministic simulated home, advanced by the hub's clock."""

    def __init__(
        self,
        start: datetime,
        time_zone: tzinfo,
        *,
        seed: int = 1,
        tank: WaterTank | None = None,
        draw_profile: DrawProfile | str = "family",
        persons: int = 4,
        pv_peak_w: float = 3000.0,
        latitude: float = 52.0,
        longitude: float = 5.0,
        plugs_on: Mapping[str, bool] | None = None,
    ) -> None:
        require_aware(start, "start")
        self._time = start
        self._ts = start.timestamp()
        self._time_zone = time_zone
        self._tank = tank or WaterTank()
        self._draw_profile = (
            DrawProfile.named(draw_profile, time_zone, seed)
            if isinstance(draw_profile, str)
            else draw_profile
        )
        self._cold_water = ColdWaterProfile(time_zone, seed, persons)
        self._base_load = BaseLoad(time_zone, seed)
        self._pv = PvArray(
            peak_power_w=pv_peak_w, latitude=latitude, longitude=longitude, seed=seed
        )
        self._washer = WashingMachine()
        unknown = set(plugs_on or {}) - set(_DEFAULT_PLUGS_ON)
        if unknown:
            raise ValueError(
                f"no plug {sorted(unknown)}; the demo home has {tuple(_DEFAULT_PLUGS_ON)}"
            )
        states = {**_DEFAULT_PLUGS_ON, **(plugs_on or {})}
        appliances: dict[str, Appliance] = {
            PLUG_WASHING_MACHINE: self._washer,
            PLUG_FRIDGE: Fridge(seed=seed),
            PLUG_MEDIA: MediaCenter(time_zone, seed=seed),
        }
        self._plugs = {
            name: SmartPlug(name, appliance, on=states[name])
            for name, appliance in appliances.items()
        }
        self._grid = GridMeter()
        self._water = WaterMeter()
        self._base_wh = 0.0
        self._pv_wh = 0.0
        # Events fetched for [now, _events_until) and not yet applied, in time order. Kept
        # in UTC: aware datetimes sharing a tzinfo compare by wall clock, which repeats an
        # hour when DST ends.
        self._events: deque[tuple[float, TapEvent | WaterUse]] = deque()
        self._events_until = start.astimezone(UTC)
        # Base load and PV at the end of the last sub-step: the next one starts there.
        self._edge = (math.nan, 0.0, 0.0)

    # --- readings -------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self._time

    @property
    def time_zone(self) -> tzinfo:
        return self._time_zone

    @property
    def tank(self) -> WaterTank:
        """The water heater; its commands take effect at ``now``."""
        return self._tank

    @property
    def draw_profile(self) -> DrawProfile:
        return self._draw_profile

    @property
    def plug_names(self) -> tuple[str, ...]:
        return tuple(self._plugs)

    @property
    def grid_meter(self) -> GridMeter:
        return self._grid

    @property
    def water_meter(self) -> WaterMeter:
        return self._water

    @property
    def base_load_energy_wh(self) -> float:
        return self._base_wh

    @property
    def pv_energy_wh(self) -> float:
        return self._pv_wh

    def plug(self, name: str) -> SmartPlug:
        try:
            return self._plugs[name]
        except KeyError:
            raise ValueError(f"no plug {name!r}; the demo home has {self.plug_names}") from None

    def snapshot(self) -> HomeSnapshot:
        ts = self._ts
        plugs = tuple(plug.snapshot(ts) for plug in self._plugs.values())
        base_w = self._base_load.power_at(ts)
        pv_w = self._pv.power_at(ts)
        load_w = base_w + self._tank.element_power_w + sum(plug.power_w for plug in plugs)
        return HomeSnapshot(
            time=self._time,
            water_heater=self._tank.snapshot(),
            plugs=plugs,
            base_load_power_w=base_w,
            base_load_energy_wh=self._base_wh,
            pv_power_w=pv_w,
            pv_energy_wh=self._pv_wh,
            load_power_w=load_w,
            grid_power_w=load_w - pv_w,
            grid_import_kwh=self._grid.import_kwh,
            grid_export_kwh=self._grid.export_kwh,
            water_m3=self._water.cubic_metres,
        )

    # --- commands -------------------------------------------------------------------

    def set_plug(self, name: str, on: bool) -> None:
        """Switch a plug at ``now``; switching the washer on starts (and fills) a wash."""
        plug = self.plug(name)
        if name == PLUG_WASHING_MACHINE and on and not plug.on:
            self._water.add(self._washer.fill_litres)
        plug.switch(on, self._ts)

    # --- simulation -----------------------------------------------------------------

    def advance_to(self, now: datetime) -> None:
        """Simulate up to ``now``; a time at or before the current one changes nothing.

        Wall clocks can step back (NTP); the meters must never do so, so an earlier time
        is ignored rather than raised on. Events exactly at ``now`` happen on the next
        call, which keeps consecutive windows ``[previous, now)`` disjoint.
        """
        require_aware(now, "now")
        target = now.timestamp()
        if target <= self._ts:
            return
        self._fetch_events_until(now)
        events = self._events
        ts = self._ts
        while ts < target:
            while events and events[0][0] <= ts:
                self._apply(events.popleft()[1])
            event_ts = events[0][0] if events else math.inf
            end = self._next_stop(ts, min(target, event_ts))
            self._run(ts, end)
            ts = end
        self._ts = target
        self._time = now

    def _fetch_events_until(self, now: datetime) -> None:
        """Extend the queue with the next window; windows tile, so none repeats."""
        if now.timestamp() <= self._events_until.timestamp():
            return
        now = now.astimezone(UTC)
        start, end = self._events_until, max(now, self._events_until + _EVENT_LOOKAHEAD)
        taps = self._draw_profile.taps_between(start, end)
        uses = self._cold_water.uses_between(start, end)
        fetched: list[tuple[float, TapEvent | WaterUse]] = [(e.at.timestamp(), e) for e in taps]
        fetched.extend((use.at.timestamp(), use) for use in uses)
        fetched.sort(key=lambda pair: pair[0])
        self._events.extend(fetched)
        self._events_until = end

    def _apply(self, event: TapEvent | WaterUse) -> None:
        if isinstance(event, TapEvent):
            self._tank.draw_energy(event.energy_wh)
            self._water.add(event.volume_l)
        else:
            self._water.add(event.litres)

    def _next_stop(self, ts: float, limit: float) -> float:
        """End of the sub-step from ``ts``: nothing changes form before it."""
        end = min(
            limit,
            ts + MAX_SUBSTEP_S,
            self._base_load.next_change_after(ts),  # PV shares the same knot grid
            ts + self._tank.seconds_until_switch(),
        )
        for plug in self._plugs.values():
            end = min(end, plug.next_change_after(ts))
        # A threshold a rounding error ahead must still make progress.
        return end if end > ts else math.nextafter(ts, math.inf)

    def _run(self, start: float, end: float) -> None:
        seconds = end - start
        hours = seconds / 3600.0
        element_before = self._tank.element_energy_wh
        self._tank.step(seconds)
        element_w = (self._tank.element_energy_wh - element_before) / hours
        plugs_w = 0.0
        for plug in self._plugs.values():
            plugs_w += plug.run(start, seconds)
        edge_ts, base_start, pv_start = self._edge
        if edge_ts != start:
            base_start, pv_start = self._base_load.power_at(start), self._pv.power_at(start)
        base_end, pv_end = self._base_load.power_at(end), self._pv.power_at(end)
        self._edge = (end, base_end, pv_end)
        self._base_wh += (base_start + base_end) / 2.0 * hours
        self._pv_wh += (pv_start + pv_end) / 2.0 * hours
        steady_w = element_w + plugs_w
        self._grid.record(steady_w + base_start - pv_start, steady_w + base_end - pv_end, seconds)
