"""The binary_sensor domain: on/off/unknown and device classes."""

from __future__ import annotations

import pytest

from hub.core import Hub
from hub.domains.binary_sensor import BinarySensorDeviceClass, BinarySensorEntity
from hub.entity import add_entities
from tests.conftest import HubFactory


class Heating(BinarySensorEntity):
    _attr_unique_id = "heating"
    _attr_name = "Heating"
    _attr_device_class = BinarySensorDeviceClass.HEAT


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


async def test_on_off_unknown_unavailable(hub: Hub) -> None:
    sensor = Heating()
    await add_entities(hub, "test", [sensor])
    state = hub.states.get("binary_sensor.heating")
    assert state is not None
    assert state.state == "unknown"
    assert dict(state.attributes) == {"friendly_name": "Heating", "device_class": "heat"}
    for is_on, expected in [(True, "on"), (False, "off"), (None, "unknown")]:
        sensor._attr_is_on = is_on
        sensor.write_state()
        assert hub.states.is_state("binary_sensor.heating", expected)
    sensor._attr_available = False
    sensor.write_state()
    assert hub.states.is_state("binary_sensor.heating", "unavailable")
    assert hub.services.domain_services("binary_sensor") == {}


def test_device_classes_are_ha_2025_1s() -> None:
    assert len(BinarySensorDeviceClass) == 28
    assert {"battery_charging", "carbon_monoxide", "garage_door", "update", "window"} <= {
        str(c) for c in BinarySensorDeviceClass
    }
