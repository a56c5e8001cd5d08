"""Area, floor, label, device and integration functions against real registries: a
floor "Ground" with the area "Kitchen" (labelled "Energy"), a heat pump device in the
kitchen with two entities (one moved to the hall), and a labelled entity."""

from __future__ import annotations

from typing import Any

import pytest

from hub.core import Hub
from hub.registry import (
    AREA_REGISTRY,
    DEVICE_REGISTRY,
    ENTITY_REGISTRY,
    FLOOR_REGISTRY,
    LABEL_REGISTRY,
)
from hub.template import Template
from tests.conftest import HubFactory


@pytest.fixture
async def registry_hub(make_hub: HubFactory) -> tuple[Hub, str]:
    """The hub and the heat pump's device id."""
    hub = await make_hub("")
    floors, areas, labels = (
        hub.data[FLOOR_REGISTRY],
        hub.data[AREA_REGISTRY],
        hub.data[LABEL_REGISTRY],
    )
    devices, entities = hub.data[DEVICE_REGISTRY], hub.data[ENTITY_REGISTRY]
    ground = floors.create("Ground")
    energy = labels.create("Energy")
    kitchen = areas.create("Kitchen")
    areas.update(kitchen.id, floor_id=ground.floor_id, labels={energy.label_id})
    hall = areas.create("Hall")
    pump = devices.get_or_create(
        "demo", {"identifiers": {("demo", "pump")}, "name": "Heat pump", "manufacturer": "Acme"}
    )
    devices.update(pump.id, area_id=kitchen.id, labels={energy.label_id})
    entities.get_or_create(
        "sensor", "demo", "pump_power", suggested_object_id="pump power", device_id=pump.id
    )
    entities.get_or_create(
        "sensor", "demo", "pump_temp", suggested_object_id="pump temp", device_id=pump.id
    )
    entities.update("sensor.pump_temp", area_id=hall.id)
    entities.get_or_create("sensor", "other", "meter", suggested_object_id="meter")
    entities.update("sensor.meter", labels={energy.label_id})
    return hub, pump.id


def _cases(pump: str) -> list[tuple[str, Any]]:
    return [
        ("{{ areas() }}", ["kitchen", "hall"]),
        ("{{ area_id('Kitchen') }}", "kitchen"),
        ("{{ area_id('sensor.pump_power') }}", "kitchen"),
        ("{{ area_id('sensor.pump_temp') }}", "hall"),
        (f"{{{{ area_id('{pump}') }}}}", "kitchen"),
        ("{{ area_id('Nowhere') }}", None),
        ("{{ area_name('kitchen') }}", "Kitchen"),
        ("{{ area_name('sensor.pump_power') }}", "Kitchen"),
        ("{{ 'sensor.pump_temp' | area_name }}", "Hall"),
        ("{{ area_entities('Kitchen') }}", ["sensor.pump_power"]),
        ("{{ area_entities('hall') }}", ["sensor.pump_temp"]),
        ("{{ area_devices('kitchen') }}", [pump]),
        ("{{ area_entities('nowhere') }}", []),
        ("{{ floors() }}", ["ground"]),
        ("{{ floor_id('Ground') }}", "ground"),
        ("{{ floor_id('sensor.pump_power') }}", "ground"),
        ("{{ floor_name('ground') }}", "Ground"),
        ("{{ floor_name('kitchen') }}", "Ground"),
        ("{{ floor_areas('Ground') }}", ["kitchen"]),
        ("{{ labels() }}", ["energy"]),
        ("{{ labels('sensor.meter') }}", ["energy"]),
        (f"{{{{ labels('{pump}') }}}}", ["energy"]),
        ("{{ labels('kitchen') }}", ["energy"]),
        ("{{ label_id('Energy') }}", "energy"),
        ("{{ label_name('energy') }}", "Energy"),
        ("{{ label_areas('Energy') }}", ["kitchen"]),
        ("{{ label_devices('energy') }}", [pump]),
        ("{{ label_entities('energy') }}", ["sensor.meter"]),
        ("{{ device_id('sensor.pump_power') }}", pump),
        ("{{ device_id('Heat pump') }}", pump),
        ("{{ device_attr('sensor.pump_power', 'manufacturer') }}", "Acme"),
        (f"{{{{ device_attr('{pump}', 'name') }}}}", "Heat pump"),
        ("{{ device_attr('sensor.pump_power', '__class__') }}", None),
        ("{{ is_device_attr('sensor.pump_power', 'manufacturer', 'Acme') }}", True),
        (f"{{{{ device_entities('{pump}') | sort }}}}", ["sensor.pump_power", "sensor.pump_temp"]),
        ("{{ config_entry_id('sensor.pump_power') }}", None),
        ("{{ is_hidden_entity('sensor.meter') }}", False),
    ]


async def test_registry_functions(registry_hub: tuple[Hub, str]) -> None:
    hub, pump = registry_hub
    for source, expected in _cases(pump):
        assert Template(source, hub).render() == expected, source


async def test_rounded_states_use_the_display_precision(registry_hub: tuple[Hub, str]) -> None:
    hub, _pump = registry_hub
    entities = hub.data[ENTITY_REGISTRY]
    entities.update_options("sensor.pump_power", "sensor", {"display_precision": 1})
    hub.states.set("sensor.pump_power", "1234.5678", {"unit_of_measurement": "W"})
    render = Template("{{ states('sensor.pump_power', rounded=True) }}", hub).render
    assert render(parse_result=False) == "1234.6"
    assert Template("{{ states('sensor.pump_power', with_unit=True) }}", hub).render() == (
        "1234.6 W"
    )
    assert Template("{{ states.sensor.pump_power.state_with_unit }}", hub).render() == "1234.6 W"
    hub.states.set("sensor.meter", "2.25")
    assert Template("{{ states('sensor.meter', rounded=True) }}", hub).render() == 2.25


async def test_integration_entities_lists_live_entities(make_hub: HubFactory) -> None:
    hub = await make_hub(
        """
        input_number:
          level:
            min: 0
            max: 10
        """
    )
    assert Template("{{ integration_entities('input_number') }}", hub).render() == [
        "input_number.level"
    ]
    assert Template("{{ integration_entities('nope') }}", hub).render() == []
