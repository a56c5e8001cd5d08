"""The button domain: the state is the time of the last press."""

from __future__ import annotations

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_STATE_CHANGED
from hub.context import Context
from hub.core import Hub
from hub.domains.button import ButtonEntity
from hub.entity import add_entities
from hub.events import Event
from tests.conftest import HubFactory


class Boost(ButtonEntity):
    _attr_unique_id = "boost"
    _attr_name = "Boost"

    def __init__(self) -> None:
        self.pressed_with_state: list[str | None] = []

    async def async_press(self) -> None:
        state = self.hub.states.get("button.boost")
        self.pressed_with_state.append(state.state if state else None)


@pytest.fixture
async def hub(make_hub: HubFactory) -> Hub:
    return await make_hub("")


async def press(hub: Hub, context: Context | None = None) -> None:
    await hub.services.call(
        "button", "press", {"entity_id": "button.boost"}, blocking=True, context=context
    )


async def test_never_pressed_is_unknown(hub: Hub) -> None:
    await add_entities(hub, "test", [Boost()])
    state = hub.states.get("button.boost")
    assert state is not None
    assert state.state == "unknown"
    assert dict(state.attributes) == {"friendly_name": "Boost"}


async def test_press_records_the_time_then_runs_the_action(hub: Hub, clock: ManualClock) -> None:
    button = Boost()
    await add_entities(hub, "test", [button])
    changes: list[Event] = []
    hub.bus.listen(EVENT_STATE_CHANGED, changes.append)
    context = Context(user_id="u1")
    await press(hub, context)
    assert button.pressed_with_state == ["2026-01-15T12:00:00+00:00"]
    await clock.advance(90.25)
    await press(hub)
    state = hub.states.get("button.boost")
    assert state is not None
    assert state.state == "2026-01-15T12:01:30.250000+00:00"
    assert [e.data["new_state"].state for e in changes] == [
        "2026-01-15T12:00:00+00:00",
        "2026-01-15T12:01:30.250000+00:00",
    ]
    assert changes[0].context.id == context.id
    assert len(button.pressed_with_state) == 2
