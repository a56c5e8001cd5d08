"""The select domain: options, select_option and moving through the options."""

from __future__ import annotations

from typing import Any

import pytest

from hub.core import Hub
from hub.domains.select import SelectEntity
from hub.entity import add_entities
from hub.exceptions import ServiceValidationError
from tests.conftest import HubFactory

OPTIONS = ["eco", "comfort", "boost"]


class Mode(SelectEntity):
    def __init__(self, current: str | None = "eco", options: list[str] | None = None) -> None:
        self._attr_unique_id = "mode"
        self._attr_name = "Mode"
        self._attr_options = list(OPTIONS if options is None else options)
        self._attr_current_option = current
        self.selected: list[str] = []

    async def async_select_option(self, option: str) -> None:
        self.selected.append(option)
        self._attr_current_option = option
        self.write_state()


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


async def setup(hub: Hub, mode: Mode) -> Mode:
    await add_entities(hub, "test", [mode])
    return mode


def current(hub: Hub) -> str:
    state = hub.states.get("select.mode")
    assert state is not None
    return state.state


async def call(hub: Hub, service: str, **data: Any) -> None:
    await hub.services.call("select", service, {"entity_id": "select.mode", **data}, blocking=True)


async def test_state_and_options(hub: Hub) -> None:
    await setup(hub, Mode())
    state = hub.states.get("select.mode")
    assert state is not None
    assert state.state == "eco"
    assert dict(state.attributes) == {"options": OPTIONS, "friendly_name": "Mode"}


async def test_current_option_not_in_options_is_unknown(hub: Hub) -> None:
    await setup(hub, Mode(current="turbo"))
    assert current(hub) == "unknown"


async def test_select_option(hub: Hub) -> None:
    mode = await setup(hub, Mode())
    await call(hub, "select_option", option="boost")
    assert current(hub) == "boost"
    with pytest.raises(ServiceValidationError) as err:
        await call(hub, "select_option", option="turbo")
    assert err.value.translation_key == "not_valid_option"
    assert "eco, comfort, boost" in str(err.value)
    assert mode.selected == ["boost"]


async def test_first_and_last(hub: Hub) -> None:
    await setup(hub, Mode(current="comfort"))
    await call(hub, "select_last")
    assert current(hub) == "boost"
    await call(hub, "select_first")
    assert current(hub) == "eco"


@pytest.mark.parametrize(
    ("service", "start", "cycle", "expected"),
    [
        ("select_next", "eco", True, "comfort"),
        ("select_next", "boost", True, "eco"),
        ("select_next", "boost", False, "boost"),
        ("select_previous", "comfort", True, "eco"),
        ("select_previous", "eco", True, "boost"),
        ("select_previous", "eco", False, "eco"),
    ],
)
async def test_next_and_previous(
    hub: Hub, service: str, start: str, cycle: bool, expected: str
) -> None:
    await setup(hub, Mode(current=start))
    await call(hub, service, cycle=cycle)
    assert current(hub) == expected


async def test_cycle_defaults_to_true(hub: Hub) -> None:
    await setup(hub, Mode(current="boost"))
    await call(hub, "select_next")
    assert current(hub) == "eco"


@pytest.mark.parametrize(
    ("service", "cycle", "expected"),
    [
        ("select_next", True, "eco"),
        ("select_next", False, "eco"),
        ("select_previous", True, "boost"),
        ("select_previous", False, "boost"),
    ],
)
async def test_next_and_previous_from_unknown(
    hub: Hub, service: str, cycle: bool, expected: str
) -> None:
    await setup(hub, Mode(current=None))
    assert current(hub) == "unknown"
    await call(hub, service, cycle=cycle)
    assert current(hub) == expected


async def test_moving_without_options_is_an_error(hub: Hub) -> None:
    mode = await setup(hub, Mode(current=None, options=[]))
    with pytest.raises(ServiceValidationError, match="has no options"):
        await call(hub, "select_next")
    await call(hub, "select_first")  # nothing to select: nothing happens
    assert mode.selected == []
