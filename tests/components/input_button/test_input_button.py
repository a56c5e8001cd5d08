"""input_button: the state is the time of the last press, kept across restarts."""

from __future__ import annotations

from hub.clock import ManualClock
from tests.conftest import HubFactory

CONFIG = """
input_button:
  boost:
    name: Boost now
    icon: mdi:fire
"""


async def test_press_sets_the_time_and_survives_a_restart(
    make_hub: HubFactory, clock: ManualClock
) -> None:
    hub = await make_hub(CONFIG)
    state = hub.states.get("input_button.boost")
    assert state is not None
    assert state.state == "unknown"
    assert dict(state.attributes) == {
        "editable": False,
        "friendly_name": "Boost now",
        "icon": "mdi:fire",
    }
    await clock.advance(90)
    changes: list[str] = []
    hub.bus.listen("state_changed", lambda event: changes.append(event.data["new_state"].state))
    await hub.services.call(
        "input_button", "press", {"entity_id": "input_button.boost"}, blocking=True
    )
    assert hub.states.is_state("input_button.boost", "2026-01-15T12:01:30+00:00")
    await clock.advance(1)
    await hub.services.call(
        "input_button", "press", {"entity_id": "input_button.boost"}, blocking=True
    )
    assert changes == ["2026-01-15T12:01:30+00:00", "2026-01-15T12:01:31+00:00"]
    await hub.stop()

    hub2 = await make_hub(CONFIG)
    assert hub2.states.is_state("input_button.boost", "2026-01-15T12:01:31+00:00")
    assert hub2.services.has_service("input_button", "reload")
