"""Tests of ``/api/events``: listener counts and firing events."""

from __future__ import annotations

import pytest

from hub.const import EVENT_STATE_CHANGED
from hub.events import Event, EventOrigin
from hub.states import State
from tests.hub.http.conftest import ApiClient


async def test_listener_counts(api: ApiClient) -> None:
    api.hub.bus.listen("custom_event", lambda event: None)
    api.hub.bus.listen("custom_event", lambda event: None)
    reply = await api.get("/api/events", role="read_only")
    assert reply.status == 200
    listing = reply.json()
    counts = {item["event"]: item["listener_count"] for item in listing}
    assert counts["custom_event"] == 2
    assert all(list(item) == ["event", "listener_count"] for item in listing)
    assert counts == api.hub.bus.listener_counts()


async def test_firing_an_event(api: ApiClient) -> None:
    events: list[Event] = []
    api.hub.bus.listen("doorbell", events.append)
    reply = await api.post("/api/events/doorbell", json={"button": "front"})
    assert reply.status == 200
    assert reply.json() == {"message": "Event doorbell fired."}
    assert len(events) == 1
    assert dict(events[0].data) == {"button": "front"}
    assert events[0].origin is EventOrigin.REMOTE
    assert events[0].context.user_id == api.user_ids["admin"]

    empty = await api.post("/api/events/doorbell")
    assert empty.status == 200
    assert dict(events[1].data) == {}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{nope", "Event data should be valid JSON."),
        (b"[1, 2]", "Event data should be a JSON object"),
        (b'"text"', "Event data should be a JSON object"),
    ],
)
async def test_bad_event_data_is_400(api: ApiClient, body: bytes, message: str) -> None:
    events: list[Event] = []
    api.hub.bus.listen("doorbell", events.append)
    reply = await api.post("/api/events/doorbell", data=body)
    assert reply.status == 400
    assert reply.json() == {"message": message}
    assert events == []


async def test_an_overlong_event_type_is_400(api: ApiClient) -> None:
    reply = await api.post("/api/events/" + "x" * 65)
    assert reply.status == 400
    assert "at most 64 characters" in reply.json()["message"]


async def test_state_changed_data_becomes_state_objects(api: ApiClient) -> None:
    events: list[Event] = []
    api.hub.bus.listen(EVENT_STATE_CHANGED, events.append)
    new_state = {
        "entity_id": "sensor.remote",
        "state": "5",
        "attributes": {"unit_of_measurement": "W"},
        "last_changed": "2026-01-15T11:00:00+00:00",
        "context": {"id": "01JH8Y6W3Q9D1F4T2K7M5N0PXR", "parent_id": None, "user_id": None},
    }
    reply = await api.post(
        "/api/events/state_changed",
        json={
            "entity_id": "sensor.remote",
            "old_state": {"not": "a state"},
            "new_state": new_state,
        },
    )
    assert reply.status == 200
    fired = [event for event in events if event.data.get("entity_id") == "sensor.remote"]
    assert len(fired) == 1
    state = fired[0].data["new_state"]
    assert isinstance(state, State)
    assert state.state == "5"
    assert state.attributes == {"unit_of_measurement": "W"}
    assert state.as_dict()["last_changed"] == "2026-01-15T11:00:00+00:00"
    assert state.context.id == "01JH8Y6W3Q9D1F4T2K7M5N0PXR"
    assert fired[0].data["old_state"] == {"not": "a state"}  # not a state: left as sent
    assert api.hub.states.get("sensor.remote") is None  # an event is not a state write


@pytest.mark.parametrize("role", ["user", "read_only"])
async def test_only_admins_fire_events(api: ApiClient, role: str) -> None:
    events: list[Event] = []
    api.hub.bus.listen("doorbell", events.append)
    reply = await api.post("/api/events/doorbell", json={}, role=role)
    assert (reply.status, reply.text) == (401, "401: Unauthorized")
    assert events == []
    assert (await api.get("/api/events", role=role)).status == 200
