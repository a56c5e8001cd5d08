"""The number domain: state, range attributes, the step rule and ``set_value``."""

from __future__ import annotations

from typing import Any

import pytest
import voluptuous as vol

from hub.core import Hub
from hub.domains.number import NumberEntity, NumberMode
from hub.entity import add_entities
from hub.exceptions import ServiceValidationError
from hub.states import State
from tests.conftest import HubFactory


class Setpoint(NumberEntity):
    def __init__(self, **attrs: Any) -> None:
        self._attr_unique_id = "setpoint"
        self._attr_name = "Setpoint"
        for key, value in attrs.items():
            setattr(self, f"_attr_{key}", value)
        self.values: list[float] = []

    async def async_set_native_value(self, value: float) -> None:
        self.values.append(value)
        self._attr_native_value = value
        self.write_state()


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


def state_of(hub: Hub) -> State:
    state = hub.states.get("number.setpoint")
    assert state is not None
    return state


async def set_value(hub: Hub, value: Any) -> None:
    await hub.services.call(
        "number", "set_value", {"entity_id": "number.setpoint", "value": value}, blocking=True
    )


async def test_state_and_attributes(hub: Hub) -> None:
    await add_entities(
        hub,
        "test",
        [
            Setpoint(
                native_value=55.0,
                native_min_value=40.0,
                native_max_value=70.0,
                native_step=0.5,
                native_unit_of_measurement="°C",
                mode=NumberMode.SLIDER,
            )
        ],
    )
    state = state_of(hub)
    assert state.state == "55.0"
    assert state.as_dict()["attributes"] == {
        "min": 40.0,
        "max": 70.0,
        "step": 0.5,
        "mode": "slider",
        "unit_of_measurement": "°C",
        "friendly_name": "Setpoint",
    }


async def test_defaults(hub: Hub) -> None:
    await add_entities(hub, "test", [Setpoint()])
    state = state_of(hub)
    assert state.state == "unknown"
    assert dict(state.attributes) == {
        "min": 0.0,
        "max": 100.0,
        "step": 1.0,
        "mode": "auto",
        "friendly_name": "Setpoint",
    }


@pytest.mark.parametrize(
    ("low", "high", "step"),
    [(0.0, 100.0, 1.0), (0.0, 1.0, 0.1), (0.0, 0.5, 0.1), (0.0, 0.1, 0.01), (5.0, 5.0, 1.0)],
)
def test_step_shrinks_for_small_ranges(low: float, high: float, step: float) -> None:
    number = Setpoint(native_min_value=low, native_max_value=high)
    assert number.native_step == pytest.approx(step)


async def test_set_value(hub: Hub) -> None:
    number = Setpoint(native_min_value=40.0, native_max_value=70.0)
    await add_entities(hub, "test", [number])
    await set_value(hub, "62.5")
    await set_value(hub, 40)
    assert number.values == [62.5, 40.0]
    assert state_of(hub).state == "40.0"


@pytest.mark.parametrize("value", [39.9, 70.1])
async def test_value_out_of_range_is_refused(hub: Hub, value: float) -> None:
    number = Setpoint(native_min_value=40.0, native_max_value=70.0, native_value=55.0)
    await add_entities(hub, "test", [number])
    with pytest.raises(ServiceValidationError) as err:
        await set_value(hub, value)
    assert err.value.translation_key == "out_of_range"
    assert str(err.value) == (
        f"Value {value} for number.setpoint is outside valid range 40.0 - 70.0"
    )
    assert number.values == []
    assert state_of(hub).state == "55.0"


async def test_value_must_be_a_number(hub: Hub) -> None:
    await add_entities(hub, "test", [Setpoint()])
    with pytest.raises(vol.Invalid):
        await set_value(hub, "warm")
