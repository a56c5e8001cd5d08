"""The water_heater domain: HA's attributes in the hub's unit, and its services."""

from __future__ import annotations

from typing import Any

import pytest
import voluptuous as vol

from hub.core import Hub
from hub.domains.water_heater import WaterHeaterEntity, WaterHeaterEntityFeature
from hub.entity import add_entities
from hub.exceptions import ServiceValidationError
from hub.states import State
from tests.conftest import HubFactory

F = WaterHeaterEntityFeature
ALL_FEATURES = F.TARGET_TEMPERATURE | F.OPERATION_MODE | F.AWAY_MODE | F.ON_OFF
US_CUSTOMARY = """
homeassistant:
  unit_system: us_customary
"""


class Boiler(WaterHeaterEntity):
    """A water heater recording what the services asked of the device."""

    def __init__(self, **attrs: Any) -> None:
        self._attr_unique_id = "boiler"
        self._attr_name = "Boiler"
        for key, value in attrs.items():
            setattr(self, f"_attr_{key}", value)
        self.calls: list[tuple[str, Any]] = []

    async def async_set_temperature(self, temperature: float) -> None:
        self.calls.append(("set_temperature", temperature))
        self._attr_target_temperature = temperature
        self.write_state()

    async def async_set_operation_mode(self, operation_mode: str) -> None:
        self.calls.append(("set_operation_mode", operation_mode))
        self._attr_current_operation = operation_mode
        self.write_state()

    async def async_turn_away_mode_on(self) -> None:
        self.calls.append(("away", True))
        self._attr_is_away_mode_on = True
        self.write_state()

    async def async_turn_away_mode_off(self) -> None:
        self.calls.append(("away", False))
        self._attr_is_away_mode_on = False
        self.write_state()

    async def async_turn_on(self) -> None:
        self.calls.append(("turn_on", None))

    async def async_turn_off(self) -> None:
        self.calls.append(("turn_off", None))


def full_boiler(**attrs: Any) -> Boiler:
    defaults: dict[str, Any] = {
        "supported_features": ALL_FEATURES,
        "current_temperature": 52.26,
        "target_temperature": 55.0,
        "operation_list": ["eco", "performance", "off"],
        "current_operation": "eco",
        "is_away_mode_on": False,
    }
    return Boiler(**{**defaults, **attrs})


async def setup(hub: Hub, boiler: Boiler) -> Boiler:
    await add_entities(hub, "test", [boiler])
    return boiler


def state_of(hub: Hub) -> State:
    state = hub.states.get("water_heater.boiler")
    assert state is not None
    return state


async def call(hub: Hub, service: str, **data: Any) -> None:
    await hub.services.call(
        "water_heater", service, {"entity_id": "water_heater.boiler", **data}, blocking=True
    )


async def test_state_and_attributes_on_a_metric_hub(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await setup(hub, full_boiler())
    state = state_of(hub)
    assert state.state == "eco"
    assert state.as_dict()["attributes"] == {
        "min_temp": 43.3,
        "max_temp": 60.0,
        "operation_list": ["eco", "performance", "off"],
        "current_temperature": 52.3,
        "temperature": 55.0,
        "target_temp_high": None,
        "target_temp_low": None,
        "operation_mode": "eco",
        "away_mode": "off",
        "friendly_name": "Boiler",
        "supported_features": 15,
    }


async def test_attributes_on_a_us_hub_are_whole_fahrenheit(make_hub: HubFactory) -> None:
    hub = await make_hub(US_CUSTOMARY)
    await setup(hub, full_boiler())
    attributes = state_of(hub).attributes
    assert attributes["min_temp"] == 110
    assert attributes["max_temp"] == 140
    assert attributes["current_temperature"] == 126  # 52.26 °C = 126.07 °F
    assert attributes["temperature"] == 131
    assert b'"min_temp":110,"max_temp":140' in state_of(hub).json


async def test_device_min_max_and_precision(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await setup(
        hub,
        Boiler(
            temperature_unit="°F",
            min_temp=95.0,
            max_temp=150.0,
            precision=0.5,
            current_temperature=120.0,
            current_operation="heat_pump",
        ),
    )
    state = state_of(hub)
    assert state.state == "heat_pump"
    assert state.attributes["min_temp"] == 35.0
    assert state.attributes["max_temp"] == 65.5  # 65.56 °C to the half degree
    assert state.attributes["current_temperature"] == 49.0  # 48.9 °C


async def test_optional_attributes_follow_features(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await setup(
        hub,
        Boiler(
            supported_features=F.TARGET_TEMPERATURE,
            operation_list=["eco"],
            current_operation="eco",
            is_away_mode_on=True,
        ),
    )
    attributes = state_of(hub).attributes
    assert "operation_list" not in attributes
    assert "operation_mode" not in attributes
    assert "away_mode" not in attributes
    assert attributes["supported_features"] == 1


async def test_no_operation_is_unknown(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await setup(hub, Boiler())
    assert state_of(hub).state == "unknown"
    assert state_of(hub).attributes["supported_features"] == 0


async def test_set_temperature_on_a_metric_hub(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    boiler = await setup(hub, full_boiler())
    await call(hub, "set_temperature", temperature="58", operation_mode="performance")
    assert boiler.calls == [("set_operation_mode", "performance"), ("set_temperature", 58.0)]
    assert state_of(hub).state == "performance"
    assert state_of(hub).attributes["temperature"] == 58.0


async def test_set_temperature_converts_from_the_hub_unit(make_hub: HubFactory) -> None:
    hub = await make_hub(US_CUSTOMARY)
    boiler = await setup(hub, full_boiler())
    await call(hub, "set_temperature", temperature=140)
    assert boiler.calls == [("set_temperature", pytest.approx(60.0))]
    assert state_of(hub).attributes["temperature"] == 140


async def test_set_temperature_needs_a_temperature(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await setup(hub, full_boiler())
    with pytest.raises(vol.Invalid):
        await call(hub, "set_temperature", operation_mode="eco")


async def test_set_operation_mode(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    boiler = await setup(hub, full_boiler())
    await call(hub, "set_operation_mode", operation_mode="off")
    assert state_of(hub).state == "off"
    with pytest.raises(ServiceValidationError) as err:
        await call(hub, "set_operation_mode", operation_mode="turbo")
    assert err.value.translation_key == "not_valid_operation_mode"
    assert "eco, performance, off" in str(err.value)
    assert boiler.calls == [("set_operation_mode", "off")]


async def test_set_away_mode(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    boiler = await setup(hub, full_boiler())
    await call(hub, "set_away_mode", away_mode="on")
    assert state_of(hub).attributes["away_mode"] == "on"
    await call(hub, "set_away_mode", away_mode=False)
    assert state_of(hub).attributes["away_mode"] == "off"
    assert boiler.calls == [("away", True), ("away", False)]


async def test_turn_on_and_off(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    boiler = await setup(hub, full_boiler())
    await call(hub, "turn_off")
    await call(hub, "turn_on")
    assert boiler.calls == [("turn_off", None), ("turn_on", None)]


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("turn_on", {}),
        ("turn_off", {}),
        ("set_temperature", {"temperature": 50}),
        ("set_operation_mode", {"operation_mode": "eco"}),
        ("set_away_mode", {"away_mode": True}),
    ],
)
async def test_services_need_their_feature(
    make_hub: HubFactory, service: str, data: dict[str, Any]
) -> None:
    hub = await make_hub("")
    boiler = await setup(hub, Boiler(operation_list=["eco"]))
    with pytest.raises(ServiceValidationError, match="does not support action"):
        await call(hub, service, **data)
    assert boiler.calls == []
