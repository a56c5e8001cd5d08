"""``DemoSimulation``: runs the simulated home on the hub's clock.

Simulated time is ``start + (hub time - start) * speed``, so the demo follows the real
clock by default and a test (with a manual clock) or a demo at ``speed: 60`` runs faster.
Every tick advances the home and hands the new snapshot to the entities. Meter totals,
plug states and the tank are saved so that meters keep counting up across restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from components.demo.household import DemoHome, HomeSnapshot
from components.demo.water_tank import OperationMode
from hub.storage import Store
from hub.tracking import track_time_interval

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

STORAGE_KEY: Final = "demo.home"
STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 60.0

SnapshotListener = Callable[[HomeSnapshot], None]


@dataclass(slots=True)
class SavedHome:
    """What survives a restart: counters already counted, and the controllable state."""

    grid_import_kwh: float = 0.0
    grid_export_kwh: float = 0.0
    water_m3: float = 0.0
    pv_kwh: float = 0.0
    element_kwh: float = 0.0
    plug_kwh: dict[str, float] = field(default_factory=dict)
    plugs_on: dict[str, bool] = field(default_factory=dict)
    tank_temperature_c: float | None = None
    tank_target_c: float = 60.0
    tank_mode: str = OperationMode.ELECTRIC.value
    # Simulated time reached (epoch s): a faster-than-real demo resumes from here rather
    # than replaying simulated hours it already counted.
    sim_time: float | None = None

    @classmethod
    def from_storage(cls, data: dict[str, Any]) -> SavedHome:
        """Read the stored form, ignoring keys a newer release might add."""
        known = {key: data[key] for key in cls.__slots__ if key in data}
        return cls(**known)


class DemoSimulation:
    """The simulated home, ticking with the hub."""

    def __init__(
        self,
        hub: Hub,
        home: DemoHome,
        saved: SavedHome,
        speed: float = 1.0,
        tick: timedelta = timedelta(seconds=5),
    ) -> None:
        self.hub = hub
        self.home = home
        self.saved = saved
        self.speed = speed
        self.tick = tick
        self._start_hub = hub.clock.time()
        self._start_sim = home.now.timestamp()
        self._listeners: list[SnapshotListener] = []
        self._cancel_tick: Callable[[], None] | None = None
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION)
        self.snapshot = home.snapshot()

    def sim_time(self) -> datetime:
        """The simulated now, in the hub's time zone."""
        elapsed = (self.hub.clock.time() - self._start_hub) * self.speed
        return datetime.fromtimestamp(self._start_sim + elapsed, self.hub.clock.time_zone)

    def start(self) -> None:
        """Tick until ``stop``."""
        self._cancel_tick = track_time_interval(self.hub, self._on_tick, self.tick, "demo tick")

    def stop(self) -> None:
        """Stop ticking (the last state is saved at the hub's final write)."""
        if self._cancel_tick is not None:
            self._cancel_tick()
            self._cancel_tick = None

    def add_listener(self, listener: SnapshotListener) -> Callable[[], None]:
        """Call ``listener(snapshot)`` after every tick and command."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _on_tick(self, _now: datetime) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Advance to the current simulated time and notify the entities."""
        self.home.advance_to(self.sim_time())
        self.snapshot = self.home.snapshot()
        for listener in list(self._listeners):
            listener(self.snapshot)
        self._store.delay_save(self._to_storage, SAVE_DELAY)

    def command(self, action: Callable[[DemoHome], None]) -> None:
        """Apply a command at the current simulated time (plug, tank), then refresh."""
        self.home.advance_to(self.sim_time())
        action(self.home)
        self.refresh()

    def _to_storage(self) -> dict[str, Any]:
        snap, saved, tank = self.snapshot, self.saved, self.home.tank
        return {
            "grid_import_kwh": saved.grid_import_kwh + snap.grid_import_kwh,
            "grid_export_kwh": saved.grid_export_kwh + snap.grid_export_kwh,
            "water_m3": saved.water_m3 + snap.water_m3,
            "pv_kwh": saved.pv_kwh + snap.pv_energy_wh / 1000,
            "element_kwh": saved.element_kwh + snap.water_heater.element_meter_wh / 1000,
            "plug_kwh": {
                plug.name: saved.plug_kwh.get(plug.name, 0.0) + plug.energy_wh / 1000
                for plug in snap.plugs
            },
            "plugs_on": {plug.name: plug.on for plug in snap.plugs},
            "tank_temperature_c": tank.temperature_c,
            "tank_target_c": tank.target_temperature_c,
            "tank_mode": tank.operation_mode.value,
            "sim_time": snap.time.timestamp(),
        }


async def load_saved_home(hub: Hub) -> SavedHome:
    """What the last run saved, or a fresh home."""
    data = await Store(hub, STORAGE_KEY, STORAGE_VERSION).load()
    return SavedHome.from_storage(data) if data else SavedHome()
