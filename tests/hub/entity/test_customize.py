"""Customize: the homeowner's attribute overrides from ``homeassistant:``."""

from __future__ import annotations

from hub.entity.customize import Customize
from tests.conftest import HubFactory
from tests.hub.entity.conftest import MockEntity, MockSwitch, add


def test_precedence_domain_then_glob_then_entity() -> None:
    customize = Customize(
        by_entity={"Sensor.Grid_Power": {"icon": "mdi:entity"}},
        by_domain={"sensor": {"icon": "mdi:domain", "from_domain": True}},
        by_glob={"sensor.grid_*": {"icon": "mdi:glob", "from_glob": True}, "*.x": {"x": 1}},
    )
    assert customize.for_entity("sensor.grid_power") == {
        "icon": "mdi:entity",
        "from_domain": True,
        "from_glob": True,
    }
    assert customize.for_entity("sensor.grid_voltage") == {
        "icon": "mdi:glob",
        "from_domain": True,
        "from_glob": True,
    }
    assert customize.for_entity("sensor.x") == {"icon": "mdi:domain", "from_domain": True, "x": 1}
    assert customize.for_entity("switch.plug") == {}


def test_results_are_copies() -> None:
    customize = Customize(by_domain={"sensor": {"icon": "mdi:a"}})
    customize.for_entity("sensor.a")["icon"] = "mdi:changed"
    assert customize.for_entity("sensor.a") == {"icon": "mdi:a"}


async def test_customize_from_configuration_overrides_attributes(
    make_hub: HubFactory,
) -> None:
    hub = await make_hub(
        """
        homeassistant:
          customize:
            sensor.grid_power:
              friendly_name: Grid
              icon: mdi:transmission-tower
          customize_domain:
            sensor:
              icon: mdi:gauge
              assumed_state: true
          customize_glob:
            "sensor.*_energy":
              unit_hint: kWh
        """
    )
    await add(
        hub,
        MockEntity(unique_id="p", name="Grid power", icon="mdi:flash", state=400),
        MockEntity(unique_id="e", name="Grid energy", state=1),
        MockSwitch(unique_id="s", name="Plug"),
    )
    power = hub.states.get("sensor.grid_power")
    energy = hub.states.get("sensor.grid_energy")
    plug = hub.states.get("switch.plug")
    assert power is not None
    assert energy is not None
    assert plug is not None
    assert power.attributes["friendly_name"] == "Grid"
    assert power.attributes["icon"] == "mdi:transmission-tower"
    assert power.attributes["assumed_state"] is True
    assert "unit_hint" not in power.attributes
    assert energy.attributes["icon"] == "mdi:gauge"
    assert energy.attributes["unit_hint"] == "kWh"
    assert energy.attributes["friendly_name"] == "Grid energy"
    assert dict(plug.attributes) == {"friendly_name": "Plug"}
