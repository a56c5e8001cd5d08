"""Tests of ``/api/services``: descriptions, blocking calls, changed states, responses
and who may call what."""

from __future__ import annotations

import asyncio

import pytest

from hub.const import EVENT_CALL_SERVICE
from hub.events import Event
from hub.services import ServiceCall, SupportsResponse
from tests.hub.http.conftest import ApiClient

NO_SUPPORT = {"message": "Service does not support responses. Remove return_response from request."}
REQUIRED = {
    "message": "Service call requires responses but caller did not ask for responses. "
    "Add ?return_response to query parameters."
}


def _register_response_services(api: ApiClient) -> list[ServiceCall]:
    calls: list[ServiceCall] = []

    def echo(call: ServiceCall) -> dict[str, object]:
        calls.append(call)
        api.hub.states.set("sensor.echo", str(call.data.get("value", "none")), context=call.context)
        return {"echo": dict(call.data)}

    api.hub.services.register("test", "optional", echo, supports_response=SupportsResponse.OPTIONAL)
    api.hub.services.register("test", "only", echo, supports_response=SupportsResponse.ONLY)
    api.hub.services.register("test", "none", echo)
    return calls


async def test_services_are_listed_with_their_descriptions(api: ApiClient) -> None:
    reply = await api.get("/api/services")
    assert reply.status == 200
    listing = reply.json()
    assert isinstance(listing, list)
    by_domain = {item["domain"]: item["services"] for item in listing}
    assert list(listing[0]) == ["domain", "services"]
    assert set(by_domain) >= {"homeassistant", "logger", "switch", "water_heater"}
    assert by_domain["switch"]["turn_on"] == {
        "name": "Turn on",
        "description": "Turns a switch on.",
        "fields": {},
        "target": {"entity": [{"domain": ["switch"]}]},
    }
    temperature = by_domain["water_heater"]["set_temperature"]["fields"]["temperature"]
    assert temperature["required"] is True
    assert temperature["selector"] == {
        "number": {
            "min": 0.0,
            "max": 100.0,
            "step": 0.5,
            "unit_of_measurement": "°",
            "mode": "slider",
        }
    }
    assert "response" not in by_domain["switch"]["turn_on"]
    assert set(by_domain["homeassistant"]) == set(api.hub.services.domain_services("homeassistant"))


async def test_response_services_say_so(api: ApiClient) -> None:
    _register_response_services(api)
    services = {
        item["domain"]: item["services"] for item in (await api.get("/api/services")).json()
    }
    assert services["test"]["optional"]["response"] == {"optional": True}
    assert services["test"]["only"]["response"] == {"optional": False}
    assert "response" not in services["test"]["none"]
    assert services["test"]["none"] == {"name": "", "description": "", "fields": {}}


async def test_a_call_returns_the_states_it_changed(api: ApiClient) -> None:
    assert api.hub.states.get("switch.fridge").state == "on"
    events: list[Event] = []
    api.hub.bus.listen(EVENT_CALL_SERVICE, events.append)
    reply = await api.post("/api/services/switch/turn_off", json={"entity_id": "switch.fridge"})
    assert reply.status == 200
    changed = reply.json()
    assert [state["entity_id"] for state in changed] == ["switch.fridge"]
    assert changed[0]["state"] == "off"
    assert changed[0]["context"]["user_id"] == api.user_ids["admin"]
    assert api.hub.states.get("switch.fridge").state == "off"  # the call was blocking
    assert events[0].data == {
        "domain": "switch",
        "service": "turn_off",
        "service_data": {"entity_id": "switch.fridge"},
    }
    assert events[0].context.id == changed[0]["context"]["id"]


async def test_a_call_that_changes_nothing_returns_an_empty_list(api: ApiClient) -> None:
    await api.post("/api/services/switch/turn_on", json={"entity_id": "switch.media"})
    reply = await api.post("/api/services/switch/turn_on", json={"entity_id": "switch.media"})
    assert reply.status == 200
    assert reply.json() == []


async def test_states_changed_by_others_meanwhile_are_not_included(api: ApiClient) -> None:
    async def slow(call: ServiceCall) -> None:
        api.hub.states.set("sensor.mine", "1", context=call.context)
        await asyncio.sleep(0)
        api.hub.states.set("sensor.other", "1")  # another context
        await asyncio.sleep(0)

    api.hub.services.register("test", "slow", slow)
    reply = await api.post("/api/services/test/slow")
    assert [state["entity_id"] for state in reply.json()] == ["sensor.mine"]


async def test_the_body_is_optional_and_target_keys_are_service_data(api: ApiClient) -> None:
    seen: list[ServiceCall] = []
    api.hub.services.register("test", "record", seen.append)
    assert (await api.post("/api/services/test/record")).status == 200
    assert (await api.post("/api/services/test/record", json={"area_id": "kitchen"})).status == 200
    assert [dict(call.data) for call in seen] == [{}, {"area_id": "kitchen"}]
    assert seen[0].context.user_id == api.user_ids["admin"]


async def test_return_response(api: ApiClient) -> None:
    calls = _register_response_services(api)
    reply = await api.post("/api/services/test/optional?return_response", json={"value": 3})
    assert reply.status == 200
    body = reply.json()
    assert list(body) == ["changed_states", "service_response"]
    assert body["service_response"] == {"echo": {"value": 3}}
    assert [state["entity_id"] for state in body["changed_states"]] == ["sensor.echo"]
    assert calls[-1].return_response is True

    any_value = await api.post("/api/services/test/only?return_response=0", json={"value": 4})
    assert any_value.status == 200
    assert any_value.json()["service_response"] == {"echo": {"value": 4}}

    plain = await api.post("/api/services/test/optional", json={"value": 5})
    assert plain.status == 200
    assert [state["state"] for state in plain.json()] == ["5"]
    assert calls[-1].return_response is False


async def test_return_response_rules_are_400_with_home_assistants_messages(api: ApiClient) -> None:
    calls = _register_response_services(api)
    unsupported = await api.post("/api/services/test/none?return_response")
    assert (unsupported.status, unsupported.json()) == (400, NO_SUPPORT)
    builtin = await api.post("/api/services/switch/turn_on?return_response", json={})
    assert (builtin.status, builtin.json()) == (400, NO_SUPPORT)
    required = await api.post("/api/services/test/only")
    assert (required.status, required.json()) == (400, REQUIRED)
    assert calls == []


async def test_haapi_fallback_on_400_then_plain_call(api: ApiClient) -> None:
    """homeassistant-api first tries ``?return_response`` and retries without on 400."""
    first = await api.post(
        "/api/services/switch/toggle?return_response", json={"entity_id": "switch.media"}
    )
    assert first.status == 400
    second = await api.post("/api/services/switch/toggle", json={"entity_id": "switch.media"})
    assert second.status == 200
    assert second.json()[0]["entity_id"] == "switch.media"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/services/nothing/here", b"{}"),
        ("/api/services/switch/fly", b"{}"),
        (
            "/api/services/water_heater/set_temperature",
            b'{"entity_id": "water_heater.water_heater"}',
        ),
        ("/api/services/water_heater/set_temperature", b'{"temperature": "hot"}'),
        ("/api/services/switch/turn_on", b"[1, 2]"),
    ],
)
async def test_unknown_services_and_invalid_data_are_plain_400(
    api: ApiClient, path: str, body: bytes
) -> None:
    reply = await api.post(path, data=body)
    assert (reply.status, reply.text) == (400, "400: Bad Request")


async def test_invalid_json_is_400_with_a_message(api: ApiClient) -> None:
    reply = await api.post("/api/services/switch/turn_on", data=b"{not json")
    assert reply.status == 400
    assert reply.json() == {"message": "Data should be valid JSON."}


async def test_unsupported_feature_on_a_named_entity_is_400(api: ApiClient) -> None:
    heater = api.hub.states.get("water_heater.water_heater")
    assert heater.attributes["supported_features"] & 4 == 0  # the demo heater has no away mode
    reply = await api.post(
        "/api/services/water_heater/set_away_mode",
        json={"entity_id": "water_heater.water_heater", "away_mode": True},
    )
    assert (reply.status, reply.text) == (400, "400: Bad Request")


async def test_users_call_services_but_read_only_users_do_not(api: ApiClient) -> None:
    allowed = await api.post(
        "/api/services/switch/turn_off", json={"entity_id": "switch.media"}, role="user"
    )
    assert allowed.status == 200
    assert allowed.json()[0]["context"]["user_id"] == api.user_ids["user"]
    refused = await api.post(
        "/api/services/switch/turn_on", json={"entity_id": "switch.media"}, role="read_only"
    )
    assert (refused.status, refused.text) == (401, "401: Unauthorized")
    assert api.hub.states.get("switch.media").state == "off"


async def test_admin_only_services_are_refused_to_non_admins(
    api: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    levels: list[ServiceCall] = []
    api.hub.services.register("test", "admin_thing", levels.append, admin_only=True)
    for role in ("user", "read_only"):
        reply = await api.post("/api/services/test/admin_thing", role=role)
        assert (reply.status, reply.text) == (401, "401: Unauthorized")
    assert levels == []
    assert "not permitted to call test.admin_thing" in caplog.text
    assert (await api.post("/api/services/test/admin_thing")).status == 200
    assert len(levels) == 1
    logger_level = await api.post(
        "/api/services/logger/set_level", json={"hub.some.module": "debug"}, role="user"
    )
    assert logger_level.status == 401


async def test_a_call_survives_the_client_going_away(api: ApiClient) -> None:
    started = asyncio.Event()
    release = asyncio.Event()
    finished: list[str] = []

    async def slow(call: ServiceCall) -> None:
        started.set()
        await release.wait()
        api.hub.states.set("sensor.slow", "done", context=call.context)
        finished.append("done")

    api.hub.services.register("test", "slow", slow)
    request = asyncio.ensure_future(api.post("/api/services/test/slow"))
    await started.wait()
    request.cancel()  # the client hangs up mid-call
    with pytest.raises(asyncio.CancelledError):
        await request
    release.set()
    await api.hub.block_till_done()
    assert finished == ["done"]
    assert api.hub.states.get("sensor.slow").state == "done"


async def test_services_need_a_token(api: ApiClient) -> None:
    assert (await api.get("/api/services", role=None)).status == 401
    assert (await api.post("/api/services/switch/turn_on", role=None)).status == 401
