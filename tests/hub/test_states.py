"""State and StateMachine: HA's timestamp semantics, events, limits, wire forms."""

from __future__ import annotations

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from hub.context import Context
from hub.core import Hub
from hub.events import Event
from hub.exceptions import InvalidStateError, MaxLengthExceeded
from hub.states import State, valid_entity_id


def collect(hub: Hub, event_type: str) -> list[Event]:
    events: list[Event] = []
    hub.bus.listen(event_type, events.append)
    return events


async def test_new_state_sets_all_three_timestamps(hub: Hub) -> None:
    changed = collect(hub, EVENT_STATE_CHANGED)
    state = hub.states.set("sensor.power", "412", {"unit_of_measurement": "W"})
    now = hub.clock.time()
    assert (
        state.last_changed_timestamp
        == state.last_updated_timestamp
        == state.last_reported_timestamp
        == now
    )
    assert len(changed) == 1
    assert changed[0].data["old_state"] is None
    assert changed[0].data["new_state"] is state


async def test_attribute_change_moves_last_updated_not_last_changed(
    hub: Hub, clock: ManualClock
) -> None:
    first = hub.states.set("sensor.power", "412", {"a": 1})
    await clock.advance(5)
    second = hub.states.set("sensor.power", "412", {"a": 2})
    assert second.last_changed_timestamp == first.last_changed_timestamp
    assert second.last_updated_timestamp == first.last_updated_timestamp + 5
    assert second.last_reported_timestamp == second.last_updated_timestamp


async def test_state_change_moves_last_changed(hub: Hub, clock: ManualClock) -> None:
    first = hub.states.set("switch.plug", "off")
    await clock.advance(3)
    second = hub.states.set("switch.plug", "on")
    assert second.last_changed_timestamp == first.last_changed_timestamp + 3


async def test_identical_write_fires_only_state_reported(hub: Hub, clock: ManualClock) -> None:
    changed = collect(hub, EVENT_STATE_CHANGED)
    reported = collect(hub, EVENT_STATE_REPORTED)
    first = hub.states.set("sensor.t", "20.5", {"unit_of_measurement": "°C"})
    await clock.advance(60)
    second = hub.states.set("sensor.t", "20.5", {"unit_of_measurement": "°C"})
    assert len(changed) == 1
    assert len(reported) == 1
    assert reported[0].data["old_last_reported"] == first.last_reported_timestamp
    assert reported[0].data["new_state"] is second
    assert second.last_changed_timestamp == first.last_changed_timestamp
    assert second.last_updated_timestamp == first.last_updated_timestamp
    assert second.last_reported_timestamp == first.last_reported_timestamp + 60
    assert hub.states.get("sensor.t") is second
    # The old snapshot is untouched: states are immutable.
    assert first.last_reported_timestamp == first.last_updated_timestamp


async def test_force_update_counts_identical_state_as_change(hub: Hub, clock: ManualClock) -> None:
    changed = collect(hub, EVENT_STATE_CHANGED)
    hub.states.set("sensor.t", "1")
    await clock.advance(1)
    state = hub.states.set("sensor.t", "1", force_update=True)
    assert len(changed) == 2
    assert state.last_changed_timestamp == hub.clock.time()


async def test_remove_fires_event_with_no_new_state(hub: Hub) -> None:
    changed = collect(hub, EVENT_STATE_CHANGED)
    hub.states.set("sensor.t", "1")
    assert hub.states.remove("sensor.t")
    assert not hub.states.remove("sensor.t")
    assert changed[-1].data["new_state"] is None
    assert changed[-1].data["old_state"].state == "1"
    assert hub.states.get("sensor.t") is None
    assert hub.states.entity_ids("sensor") == []


async def test_state_longer_than_255_is_refused(hub: Hub) -> None:
    hub.states.set("sensor.t", "x" * 255)
    with pytest.raises(MaxLengthExceeded):
        hub.states.set("sensor.t", "x" * 256)


@pytest.mark.parametrize(
    ("entity_id", "valid"),
    [
        ("sensor.power", True),
        ("water_heater.boiler_2", True),
        ("Sensor.power", False),
        ("sensor", False),
        ("sensor.", False),
        ("_sensor.x", False),
        ("sensor._x", False),
        ("sensor.x_", False),
        ("sen__sor.x", False),
        ("sensor.a b", False),
        ("sensor." + "a" * 248, True),
        ("sensor." + "a" * 249, False),
    ],
)
def test_entity_id_rules(entity_id: str, valid: bool) -> None:
    assert valid_entity_id(entity_id) is valid


async def test_invalid_entity_id_refused(hub: Hub) -> None:
    with pytest.raises(InvalidStateError):
        hub.states.set("not an id", "1")


async def test_lookup_is_case_insensitive_and_domain_indexed(hub: Hub) -> None:
    hub.states.set("sensor.a", "1")
    hub.states.set("switch.b", "on")
    assert hub.states.get("SENSOR.A") is not None
    assert [s.entity_id for s in hub.states.all("switch")] == ["switch.b"]
    assert sorted(hub.states.entity_ids()) == ["sensor.a", "switch.b"]
    assert hub.states.count("sensor") == 1
    assert hub.states.is_state("switch.b", "on")


async def test_attributes_are_read_only(hub: Hub) -> None:
    source = {"a": 1}
    state = hub.states.set("sensor.a", "1", source)
    source["a"] = 2  # the caller's dict is not shared
    assert state.attributes["a"] == 1
    with pytest.raises(RuntimeError):
        state.attributes["a"] = 3  # type: ignore[index]
    with pytest.raises(RuntimeError):
        state.attributes.update({"b": 1})
    with pytest.raises(AttributeError):
        state.other = 1  # type: ignore[attr-defined]


async def test_reserve_prevents_double_use(hub: Hub) -> None:
    hub.states.reserve("sensor.a")
    with pytest.raises(InvalidStateError):
        hub.states.reserve("sensor.a")
    assert not hub.states.available("sensor.a")
    hub.states.set("sensor.a", "1")
    with pytest.raises(InvalidStateError):
        hub.states.reserve("sensor.a")


def test_wire_form_matches_home_assistant() -> None:
    state = State(
        "sensor.grid_power",
        "412.5",
        {"unit_of_measurement": "W", "friendly_name": "Grid power"},
        last_changed=1736512496.789012,
        last_updated=1736512496.789012,
        context=Context(id="01JH8Y6W3Q9D1F4T2K7M5N0PXR"),
        last_reported=1736512556.001234,
    )
    assert state.as_dict() == {
        "entity_id": "sensor.grid_power",
        "state": "412.5",
        "attributes": {"unit_of_measurement": "W", "friendly_name": "Grid power"},
        "last_changed": "2025-01-10T12:34:56.789012+00:00",
        "last_reported": "2025-01-10T12:35:56.001234+00:00",
        "last_updated": "2025-01-10T12:34:56.789012+00:00",
        "context": {"id": "01JH8Y6W3Q9D1F4T2K7M5N0PXR", "parent_id": None, "user_id": None},
    }
    assert list(state.as_dict()) == [
        "entity_id",
        "state",
        "attributes",
        "last_changed",
        "last_reported",
        "last_updated",
        "context",
    ]
    # JSON is cached: the same bytes object every time.
    assert state.json is state.json
    assert state.json.startswith(b'{"entity_id":"sensor.grid_power","state":"412.5"')


def test_whole_second_timestamps_omit_fraction() -> None:
    state = State("sensor.a", "1", last_changed=1736512496.0)
    assert state.as_dict()["last_changed"] == "2025-01-10T12:34:56+00:00"


def test_compressed_form() -> None:
    bare = State(
        "sensor.a", "1", {"x": 1}, last_changed=10.5, last_updated=12.25, context=Context(id="C1")
    )
    assert bare.as_compressed() == {"s": "1", "a": {"x": 1}, "c": "C1", "lc": 10.5, "lu": 12.25}
    with_user = State("sensor.a", "1", last_changed=10.5, context=Context(id="C2", user_id="u"))
    assert with_user.as_compressed() == {
        "s": "1",
        "a": {},
        "c": {"id": "C2", "parent_id": None, "user_id": "u"},
        "lc": 10.5,
    }


def test_state_datetimes_are_aware_utc() -> None:
    state = State("sensor.a", "1", last_changed=0.0)
    assert state.last_changed.isoformat() == "1970-01-01T00:00:00+00:00"
    assert state.name == "a"
