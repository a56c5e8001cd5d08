"""Reading a running demo hub in tests: its meters, its simulation, its clock."""

from __future__ import annotations

from components.demo import DEMO_SIMULATION
from components.demo.simulation import DemoSimulation
from hub.clock import ManualClock
from hub.core import Hub

AMSTERDAM = "homeassistant:\n  time_zone: Europe/Amsterdam\n"

METERS = (
    "sensor.water_heater_energy",
    "sensor.electricity_meter_energy_import",
    "sensor.electricity_meter_energy_export",
    "sensor.water_meter",
    "sensor.solar_energy",
    "sensor.washing_machine_energy",
    "sensor.fridge_energy",
    "sensor.media_energy",
)
"""Every total_increasing sensor of the demo home."""


def number(hub: Hub, entity_id: str) -> float:
    """The state of a numeric entity."""
    state = hub.states.get(entity_id)
    assert state is not None, f"{entity_id} has no state"
    return float(state.state)


def meter_readings(hub: Hub) -> dict[str, float]:
    """Every meter's reading."""
    return {entity_id: number(hub, entity_id) for entity_id in METERS}


def simulation(hub: Hub) -> DemoSimulation:
    """The simulation behind the demo entities."""
    return hub.data[DEMO_SIMULATION]


async def advance(clock: ManualClock, hub: Hub, seconds: float) -> None:
    """Move hub time on, letting each tick's work finish before the next."""
    await clock.advance(seconds, settle=hub.block_till_done)
