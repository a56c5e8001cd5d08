"""The ``demo`` integration: a realistic simulated home to try the hub without hardware.

It wires the plain simulation modules (``household``, ``water_tank``...) to entities: a
200 L water heater, an import/export electricity meter, a water meter, solar and three
metering smart plugs. Configuration:

    demo:
      speed: 1          # simulated seconds per real second (more than 0, at most 86400)
      seed: 1           # same seed, same household
      tick: 5           # seconds between updates (1 or more)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from components.demo.entities import build_entities
from components.demo.household import DemoHome
from components.demo.simulation import DemoSimulation, load_saved_home
from components.demo.water_tank import OperationMode, TankSpec, WaterTank
from hub.config.validators import integer, positive_float
from hub.const import EVENT_HUB_STOP
from hub.entity.platform import add_entities
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

DOMAIN: Final = "demo"

DEMO_SIMULATION: Final = HubKey[DemoSimulation]("demo_simulation")
"""The running simulation, for code (and tests) that need the home behind the entities."""

MAX_SPEED: Final = 86400.0
"""A simulated day per real second. Faster, one tick simulates weeks and stalls the event
loop, and the simulated clock soon runs past the year 9999 that datetime can hold."""

CONFIG_SCHEMA: Final = vol.Schema(
    {
        # 0 would freeze the home; the hub's positive_float/positive_int allow 0.
        vol.Optional("speed", default=1.0): vol.All(
            positive_float,
            vol.Range(
                min=0,
                max=MAX_SPEED,
                min_included=False,
                msg=f"expected a speed above 0 and at most {MAX_SPEED:g}",
            ),
        ),
        vol.Optional("seed", default=1): integer,
        vol.Optional("tick", default=5): vol.All(integer, vol.Range(min=1)),
        vol.Optional("draw_profile", default="family"): vol.In(["family", "M", "L"]),
        vol.Optional("persons", default=4): vol.All(integer, vol.Range(min=1, max=12)),
        vol.Optional("tank_volume", default=200): vol.All(
            vol.Coerce(float), vol.Range(min=30, max=1000)
        ),
        vol.Optional("element_power", default=3000): vol.All(
            vol.Coerce(float), vol.Range(min=500, max=12000)
        ),
        vol.Optional("pv_peak_power", default=3000): vol.All(
            vol.Coerce(float), vol.Range(min=0, max=50000)
        ),
    }
)


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Build the simulated home and its entities; tick until the hub stops."""
    saved = await load_saved_home(hub)
    tank = WaterTank(
        TankSpec(volume_l=config["tank_volume"], element_power_w=config["element_power"]),
        temperature_c=saved.tank_temperature_c,
        target_temperature_c=saved.tank_target_c,
        operation_mode=OperationMode(saved.tank_mode),
    )
    start = hub.clock.now()
    if saved.sim_time is not None and saved.sim_time > start.timestamp():
        start = datetime.fromtimestamp(saved.sim_time, hub.clock.time_zone)
    home = DemoHome(
        start,
        hub.clock.time_zone,
        seed=config["seed"],
        tank=tank,
        draw_profile=config["draw_profile"],
        persons=config["persons"],
        pv_peak_w=config["pv_peak_power"],
        latitude=hub.config.latitude,
        longitude=hub.config.longitude,
        plugs_on=saved.plugs_on or None,
    )
    sim = DemoSimulation(hub, home, saved, config["speed"], timedelta(seconds=config["tick"]))
    hub.data[DEMO_SIMULATION] = sim
    await add_entities(hub, DOMAIN, build_entities(sim, pv_peak_w=config["pv_peak_power"]))
    sim.start()

    def stop(_event: Event) -> None:
        sim.stop()

    hub.bus.listen_once(EVENT_HUB_STOP, stop)
    return True
