"""``subscribe_entities``: snapshot, additions, removals and compressed diffs."""

from __future__ import annotations

import pytest

from hub.context import Context
from hub.core import Hub
from hub.states import State
from hub.websocket.entity_subscription import state_diff
from tests.hub.websocket.conftest import Connect


async def test_result_first_then_snapshot_then_diffs(connect: Connect, demo_hub: Hub) -> None:
    client = await connect()
    await client.send(
        {"id": 1, "type": "subscribe_entities", "entity_ids": ["switch.fridge", "sensor.new"]}
    )
    assert await client.receive() == {"id": 1, "type": "result", "success": True, "result": None}
    snapshot = await client.event(1)
    fridge = demo_hub.states.get("switch.fridge")
    assert fridge is not None
    assert snapshot == {
        "a": {
            "switch.fridge": {
                "s": fridge.state,
                "a": dict(fridge.attributes),
                "c": fridge.context.id,
                "lc": fridge.last_changed_timestamp,
            }
        }
    }

    demo_hub.states.set("sensor.new", "1", {"unit_of_measurement": "W"})
    added = await client.event(1)
    assert list(added) == ["a"]
    assert added["a"]["sensor.new"]["s"] == "1"

    client.next_id = 2
    await client.command(
        "call_service", domain="switch", service="turn_off", target={"entity_id": "switch.fridge"}
    )
    change = await client.event(1)
    plus = change["c"]["switch.fridge"]["+"]
    assert plus["s"] == "off"
    assert "lc" in plus
    assert isinstance(plus["c"], dict)  # the caller's user id is part of the context
    assert plus["c"]["user_id"] is not None

    demo_hub.states.remove("sensor.new")
    assert await client.event(1) == {"r": ["sensor.new"]}


async def test_filters_include_exclude(connect: Connect, demo_hub: Hub) -> None:
    client = await connect()
    await client.command(
        "subscribe_entities",
        include={"domains": ["switch"], "entity_globs": ["sensor.water_*"]},
        exclude={"entities": ["switch.media"]},
    )
    snapshot = await client.event(1)
    assert "switch.fridge" in snapshot["a"]
    assert "switch.media" not in snapshot["a"]
    assert "sensor.water_meter" in snapshot["a"]
    assert "sensor.solar_power" not in snapshot["a"]


def _state(
    state: str, attributes: dict[str, object], changed: float, updated: float, context: Context
) -> State:
    return State("sensor.x", state, attributes, changed, updated, context)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            _state("1", {"a": 1, "b": 2}, 10.0, 10.0, Context(id="C1")),
            _state("2", {"a": 1, "c": 3}, 20.0, 20.0, Context(id="C2")),
            {"+": {"s": "2", "lc": 20.0, "c": "C2", "a": {"c": 3}}, "-": {"a": ["b"]}},
        ),
        (
            _state("1", {"a": 1}, 10.0, 10.0, Context(id="C1")),
            _state("1", {"a": 2}, 10.0, 15.0, Context(id="C1")),
            {"+": {"lu": 15.0, "a": {"a": 2}}},
        ),
        (
            _state("1", {}, 10.0, 10.0, Context(id="C1")),
            _state("2", {}, 20.0, 20.0, Context(id="C2", user_id="u", parent_id=None)),
            {"+": {"s": "2", "lc": 20.0, "c": {"id": "C2", "user_id": "u"}}},
        ),
    ],
)
def test_state_diff_shapes(old: State, new: State, expected: dict[str, object]) -> None:
    assert state_diff("sensor.x", old, new) == {"c": {"sensor.x": expected}}
