"""A hub with a few states, and a one-call renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hub.core import Hub
from hub.template import Template

Render = Callable[..., Any]


@pytest.fixture
def home(hub: Hub) -> Hub:
    """The bare hub with a handful of states (sorted ids differ from insertion order)."""
    hub.states.set(
        "sensor.power",
        "1234.5678",
        {"unit_of_measurement": "W", "friendly_name": "Grid power", "phases": 3},
    )
    hub.states.set("sensor.energy", "12.5", {"unit_of_measurement": "kWh"})
    hub.states.set("sensor.broken", "unavailable")
    hub.states.set("binary_sensor.door", "on", {"device_class": "door"})
    hub.states.set("switch.boiler", "off")
    hub.states.set(
        "device_tracker.phone",
        "home",
        {"latitude": 52.3731, "longitude": 4.8922, "friendly_name": "Phone"},
    )
    hub.states.set(
        "zone.school", "0", {"latitude": 52.36, "longitude": 4.90, "persons": ["person.kid"]}
    )
    hub.states.set("person.kid", "school", {"latitude": 52.3601, "longitude": 4.9001})
    hub.states.set(
        "group.sensors", "on", {"entity_id": ["sensor.power", "sensor.energy", "group.inner"]}
    )
    hub.states.set("group.inner", "on", {"entity_id": ["switch.boiler", "sensor.power"]})
    return hub


@pytest.fixture
def render(home: Hub) -> Render:
    """``render("{{ 1 }}", variables)``: the parsed result."""

    def run(source: str, variables: dict[str, Any] | None = None, **options: Any) -> Any:
        return Template(source, home).render(variables, **options)

    return run
