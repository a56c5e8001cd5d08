"""Tests of ``/api/states``: reading (filtered by permission), writing and removing."""

from __future__ import annotations

import pytest

from hub.auth import AUTH
from hub.auth.permissions import Permissions
from hub.clock import ManualClock
from hub.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from hub.events import Event
from tests.hub.http.conftest import ApiClient

STATE_KEYS = [
    "entity_id",
    "state",
    "attributes",
    "last_changed",
    "last_reported",
    "last_updated",
    "context",
]


async def test_states_lists_the_demo_home(api: ApiClient) -> None:
    reply = await api.get("/api/states")
    assert reply.status == 200
    assert reply.content_type == "application/json"
    states = reply.json()
    by_id = {state["entity_id"]: state for state in states}
    assert len(states) == api.hub.states.count()
    for entity_id in ("water_heater.water_heater", "switch.fridge", "sensor.solar_power"):
        assert entity_id in by_id
    fridge = by_id["switch.fridge"]
    assert list(fridge) == STATE_KEYS
    assert fridge["state"] == api.hub.states.get("switch.fridge").state
    assert fridge["last_changed"].endswith("+00:00")
    assert set(fridge["context"]) == {"id", "parent_id", "user_id"}


@pytest.mark.parametrize("role", ["user", "read_only"])
async def test_every_group_reads_states(api: ApiClient, role: str) -> None:
    everything = (await api.get("/api/states")).json()
    assert (await api.get("/api/states", role=role)).json() == everything
    reply = await api.get("/api/states/switch.fridge", role=role)
    assert reply.status == 200
    assert reply.json()["entity_id"] == "switch.fridge"


async def test_restricted_users_see_only_what_they_may_read(api: ApiClient) -> None:
    auth = api.hub.data[AUTH]
    restricted = auth.get_user(api.user_ids["user"])
    assert restricted is not None
    restricted._permissions = Permissions(readable=frozenset({"switch.fridge"}))
    states = (await api.get("/api/states", role="user")).json()
    assert [state["entity_id"] for state in states] == ["switch.fridge"]
    assert (await api.get("/api/states/switch.fridge", role="user")).status == 200
    refused = await api.get("/api/states/switch.media", role="user")
    assert (refused.status, refused.text) == (401, "401: Unauthorized")


async def test_unknown_entity_is_404(api: ApiClient) -> None:
    reply = await api.get("/api/states/sensor.nothing")
    assert reply.status == 404
    assert reply.json() == {"message": "Entity not found."}


async def test_entity_ids_are_looked_up_case_insensitively(api: ApiClient) -> None:
    reply = await api.get("/api/states/Switch.Fridge")
    assert reply.status == 200
    assert reply.json()["entity_id"] == "switch.fridge"


async def test_posting_a_new_state_is_201_then_200(api: ApiClient) -> None:
    created = await api.post(
        "/api/states/sensor.outside",
        json={"state": 12.5, "attributes": {"unit_of_measurement": "°C"}},
    )
    assert created.status == 201
    assert created.headers["Location"] == "/api/states/sensor.outside"
    body = created.json()
    assert list(body) == STATE_KEYS
    assert body["state"] == "12.5"
    assert body["attributes"] == {"unit_of_measurement": "°C"}
    assert body["context"]["user_id"] == api.user_ids["admin"]
    assert api.hub.states.get("sensor.outside").state == "12.5"

    updated = await api.post("/api/states/sensor.outside", json={"state": "13"})
    assert updated.status == 200
    assert updated.headers["Location"] == "/api/states/sensor.outside"
    assert updated.json()["state"] == "13"
    assert updated.json()["attributes"] == {}


async def test_posting_the_same_state_fires_no_change(api: ApiClient, clock: ManualClock) -> None:
    await api.post("/api/states/sensor.same", json={"state": "1", "attributes": {"a": 1}})
    events: list[Event] = []
    api.hub.bus.listen(EVENT_STATE_CHANGED, events.append)
    api.hub.bus.listen(EVENT_STATE_REPORTED, events.append)
    first = api.hub.states.get("sensor.same")
    await clock.advance(1)
    reply = await api.post("/api/states/sensor.same", json={"state": "1", "attributes": {"a": 1}})
    assert reply.status == 200
    assert [event.event_type for event in events] == [EVENT_STATE_REPORTED]
    body = reply.json()
    assert body["last_changed"] == first.as_dict()["last_changed"]
    assert body["last_reported"] != body["last_updated"]

    forced = await api.post(
        "/api/states/sensor.same", json={"state": "1", "attributes": {"a": 1}, "force_update": True}
    )
    assert forced.status == 200
    assert [event.event_type for event in events][-1] == EVENT_STATE_CHANGED


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/api/states/sensor.x", b"not json", "Invalid JSON specified."),
        ("/api/states/sensor.x", b"", "Invalid JSON specified."),
        ("/api/states/sensor.x", b"[1, 2]", "Invalid JSON specified."),
        ("/api/states/sensor.x", b'{"attributes": {}}', "No state specified."),
        ("/api/states/sensor.x", b'{"state": null}', "No state specified."),
        (
            "/api/states/sensor.x",
            b'{"state": "1", "attributes": [1]}',
            "Attributes should be a JSON object.",
        ),
        ("/api/states/not_an_entity_id", b'{"state": "1"}', "Invalid entity ID specified."),
        ("/api/states/sensor.Bad__id", b'{"state": "1"}', "Invalid entity ID specified."),
        ("/api/states/sensor.x", b'{"state": "' + b"x" * 256 + b'"}', "Invalid state specified."),
    ],
)
async def test_bad_state_posts_are_400_with_a_message(
    api: ApiClient, path: str, body: bytes, message: str
) -> None:
    reply = await api.post(path, data=body)
    assert reply.status == 400
    assert reply.json() == {"message": message}
    assert api.hub.states.get("sensor.x") is None


@pytest.mark.parametrize("role", ["user", "read_only"])
async def test_only_admins_write_states(api: ApiClient, role: str) -> None:
    posted = await api.post("/api/states/sensor.x", json={"state": "1"}, role=role)
    assert (posted.status, posted.text) == (401, "401: Unauthorized")
    deleted = await api.delete("/api/states/switch.fridge", role=role)
    assert deleted.status == 401
    assert api.hub.states.get("sensor.x") is None
    assert api.hub.states.get("switch.fridge") is not None


async def test_deleting_a_state(api: ApiClient) -> None:
    await api.post("/api/states/sensor.gone", json={"state": "1"})
    events: list[Event] = []
    api.hub.bus.listen(EVENT_STATE_CHANGED, events.append)
    reply = await api.delete("/api/states/sensor.gone")
    assert reply.status == 200
    assert reply.json() == {"message": "Entity removed."}
    assert api.hub.states.get("sensor.gone") is None
    assert events[0].data["new_state"] is None
    assert events[0].context.user_id == api.user_ids["admin"]
    again = await api.delete("/api/states/sensor.gone")
    assert again.status == 404
    assert again.json() == {"message": "Entity not found."}


async def test_states_need_a_token(api: ApiClient) -> None:
    for method, path in (
        ("GET", "/api/states"),
        ("GET", "/api/states/switch.fridge"),
        ("POST", "/api/states/sensor.x"),
        ("DELETE", "/api/states/switch.fridge"),
    ):
        reply = await api.request(method, path, role=None)
        assert (reply.status, reply.text) == (401, "401: Unauthorized")
