"""The switch domain: on/off state, device class and the three services."""

from __future__ import annotations

from typing import Any

import pytest

from hub.core import Hub
from hub.domains.switch import SwitchDeviceClass, SwitchEntity
from hub.entity import add_entities
from tests.conftest import HubFactory


class Plug(SwitchEntity):
    _attr_device_class = SwitchDeviceClass.OUTLET

    def __init__(self, unique_id: str, name: str, is_on: bool | None = False) -> None:
        self._attr_unique_id = unique_id
        self._attr_name = name
        self._attr_is_on = is_on
        self.calls: list[str] = []

    async def async_turn_on(self, **kwargs: Any) -> None:
        self.calls.append("on")
        self._attr_is_on = True
        self.write_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        self.calls.append("off")
        self._attr_is_on = False
        self.write_state()


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


def state(hub: Hub, entity_id: str) -> str:
    current = hub.states.get(entity_id)
    assert current is not None
    return current.state


async def call(hub: Hub, service: str, entity_id: str | list[str]) -> None:
    await hub.services.call("switch", service, {"entity_id": entity_id}, blocking=True)


async def test_state_and_attributes(hub: Hub) -> None:
    await add_entities(hub, "test", [Plug("a", "Washer"), Plug("b", "Dryer", is_on=None)])
    washer = hub.states.get("switch.washer")
    assert washer is not None
    assert washer.state == "off"
    assert dict(washer.attributes) == {"friendly_name": "Washer", "device_class": "outlet"}
    assert state(hub, "switch.dryer") == "unknown"
    assert set(hub.services.domain_services("switch")) == {"turn_on", "turn_off", "toggle"}


async def test_turn_on_turn_off_toggle(hub: Hub) -> None:
    washer, dryer = Plug("a", "Washer"), Plug("b", "Dryer", is_on=True)
    await add_entities(hub, "test", [washer, dryer])
    await call(hub, "turn_on", "switch.washer")
    assert state(hub, "switch.washer") == "on"
    await call(hub, "toggle", ["switch.washer", "switch.dryer"])
    assert (state(hub, "switch.washer"), state(hub, "switch.dryer")) == ("off", "off")
    await call(hub, "toggle", "switch.dryer")
    assert state(hub, "switch.dryer") == "on"
    await call(hub, "turn_off", "switch.dryer")
    assert state(hub, "switch.dryer") == "off"
    assert washer.calls == ["on", "off"]
    assert dryer.calls == ["off", "on", "off"]


async def test_generic_homeassistant_toggle_reaches_switches(hub: Hub) -> None:
    washer = Plug("a", "Washer")
    await add_entities(hub, "test", [washer])
    await hub.services.call(
        "homeassistant", "toggle", {"entity_id": "switch.washer"}, blocking=True
    )
    assert state(hub, "switch.washer") == "on"
    assert washer.calls == ["on"]
