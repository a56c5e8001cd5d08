"""ToggleEntity: on/off state and the toggle rule."""

from __future__ import annotations

import pytest

from hub.core import Hub
from hub.entity.toggle import ToggleEntity
from tests.hub.entity.conftest import MockSwitch, add


async def test_state_follows_is_on(entity_hub: Hub) -> None:
    switch = MockSwitch(unique_id="s", name="Plug", is_on=None)
    await add(entity_hub, switch)
    assert entity_hub.states.is_state("switch.plug", "unknown")
    switch._attr_is_on = True
    switch.write_state()
    assert entity_hub.states.is_state("switch.plug", "on")
    switch._attr_is_on = False
    switch.write_state()
    assert entity_hub.states.is_state("switch.plug", "off")


@pytest.mark.parametrize(
    ("is_on", "expected_call", "expected_state"),
    [(True, "turn_off", "off"), (False, "turn_on", "on"), (None, "turn_on", "on")],
)
async def test_toggle_switches_to_the_other_state(
    entity_hub: Hub, is_on: bool | None, expected_call: str, expected_state: str
) -> None:
    switch = MockSwitch(unique_id="s", name="Plug", is_on=is_on)
    await add(entity_hub, switch)
    await switch.async_toggle(reason="test")
    assert switch.calls == [(expected_call, {"reason": "test"})]
    assert entity_hub.states.is_state("switch.plug", expected_state)


async def test_turn_on_and_off_must_be_implemented() -> None:
    entity = ToggleEntity()
    with pytest.raises(NotImplementedError):
        await entity.async_turn_on()
    with pytest.raises(NotImplementedError):
        await entity.async_turn_off()
