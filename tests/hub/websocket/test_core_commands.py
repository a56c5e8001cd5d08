"""Core commands: states, config, services, events, permissions, errors."""

from __future__ import annotations

from typing import Any

from hub.core import Hub
from tests.hub.websocket.conftest import Connect


async def test_get_states_matches_the_state_machine(connect: Connect, demo_hub: Hub) -> None:
    client = await connect()
    answer = await client.command("get_states")
    assert answer["success"] is True
    by_id = {state["entity_id"]: state for state in answer["result"]}
    assert set(by_id) == set(demo_hub.states.entity_ids())
    fridge = demo_hub.states.get("switch.fridge")
    assert fridge is not None
    assert by_id["switch.fridge"] == fridge.as_dict()
    assert list(by_id["switch.fridge"]) == [
        "entity_id",
        "state",
        "attributes",
        "last_changed",
        "last_reported",
        "last_updated",
        "context",
    ]


async def test_call_service_is_blocking_and_returns_the_context(
    connect: Connect, demo_hub: Hub
) -> None:
    client = await connect("user")
    answer = await client.command(
        "call_service",
        domain="switch",
        service="turn_on",
        target={"entity_id": "switch.washing_machine"},
    )
    assert answer["success"] is True
    context = answer["result"]["context"]
    assert set(context) == {"id", "parent_id", "user_id"}
    assert "response" not in answer["result"]
    state = demo_hub.states.get("switch.washing_machine")
    assert state is not None
    assert state.state == "on"  # done by the time the result arrives
    assert state.context.id == context["id"]
    assert state.context.user_id == context["user_id"]


async def test_call_service_with_service_data_entity_id(connect: Connect, demo_hub: Hub) -> None:
    client = await connect()
    answer = await client.command(
        "call_service",
        domain="switch",
        service="turn_off",
        service_data={"entity_id": "switch.fridge"},
    )
    assert answer["success"]
    assert demo_hub.states.is_state("switch.fridge", "off")


async def test_call_service_return_response(connect: Connect, demo_hub: Hub) -> None:
    from hub.services import SupportsResponse

    demo_hub.services.register(
        "test",
        "answer",
        lambda call: {"value": call.data.get("x", 0) * 2},
        supports_response=SupportsResponse.ONLY,
    )
    client = await connect()
    answer = await client.command(
        "call_service",
        domain="test",
        service="answer",
        service_data={"x": 21},
        return_response=True,
    )
    assert answer["result"]["response"] == {"value": 42}
    refused = await client.command("call_service", domain="test", service="answer")
    assert refused["error"]["code"] == "service_validation_error"
    assert refused["error"]["translation_key"] == "service_lacks_response_request"


async def test_unknown_service_error_shape(connect: Connect) -> None:
    client = await connect()
    answer = await client.command("call_service", domain="light", service="foo")
    assert answer["error"] == {
        "code": "not_found",
        "message": "Service light.foo not found.",
        "translation_key": "service_not_found",
        "translation_placeholders": {"domain": "light", "service": "foo"},
        "translation_domain": "homeassistant",
    }


async def test_validation_error_shape(connect: Connect) -> None:
    client = await connect()
    answer = await client.command(
        "call_service",
        domain="water_heater",
        service="set_operation_mode",
        target={"entity_id": "water_heater.water_heater"},
        service_data={"operation_mode": "rocket"},
    )
    error = answer["error"]
    assert error["code"] == "service_validation_error"
    assert error["message"].startswith("Validation error: ")
    assert error["translation_key"] == "not_valid_operation_mode"
    assert error["translation_domain"] == "homeassistant"


async def test_invalid_service_data_is_invalid_format(connect: Connect) -> None:
    client = await connect()
    answer = await client.command(
        "call_service",
        domain="water_heater",
        service="set_temperature",
        target={"entity_id": "water_heater.water_heater"},
        service_data={"temperature": "hot"},
    )
    assert answer["error"]["code"] == "invalid_format"


async def test_templates_in_target_are_refused(connect: Connect) -> None:
    client = await connect()
    answer = await client.command(
        "call_service",
        domain="switch",
        service="turn_on",
        target={"entity_id": "{{ 'switch.fridge' }}"},
    )
    assert answer["error"]["code"] == "invalid_format"
    assert "Templates are not supported here" in answer["error"]["message"]


async def test_read_only_user_may_read_but_not_call(connect: Connect, demo_hub: Hub) -> None:
    client = await connect("reader")
    assert len((await client.command("get_states"))["result"]) == demo_hub.states.count()
    answer = await client.command(
        "call_service", domain="switch", service="turn_on", target={"entity_id": "switch.fridge"}
    )
    assert answer["error"] == {"code": "unauthorized", "message": "Unauthorized"}


async def test_admin_only_services_refused_for_users(connect: Connect) -> None:
    client = await connect("user")
    answer = await client.command("call_service", domain="homeassistant", service="restart")
    assert answer["error"]["code"] == "unauthorized"


async def test_fire_event_is_admin_only(connect: Connect, demo_hub: Hub) -> None:
    seen: list[Any] = []
    demo_hub.bus.listen("boiler_boost", seen.append)
    user = await connect("user")
    assert (await user.command("fire_event", event_type="boiler_boost"))["error"][
        "code"
    ] == "unauthorized"
    admin = await connect("admin")
    answer = await admin.command(
        "fire_event", event_type="boiler_boost", event_data={"minutes": 30}
    )
    assert answer["success"]
    assert seen[0].data == {"minutes": 30}
    assert seen[0].origin.value == "REMOTE"
    assert answer["result"]["context"]["id"] == seen[0].context.id


async def test_subscribe_events_result_before_events_and_unsubscribe(
    connect: Connect, demo_hub: Hub
) -> None:
    client = await connect()
    await client.send({"id": 1, "type": "subscribe_events", "event_type": "boiler_boost"})
    assert await client.receive() == {"id": 1, "type": "result", "success": True, "result": None}
    demo_hub.bus.fire("boiler_boost", {"minutes": 5})
    event = await client.event(1)
    assert event["event_type"] == "boiler_boost"
    assert event["data"] == {"minutes": 5}
    assert set(event) == {"event_type", "data", "origin", "time_fired", "context"}
    client.next_id = 2
    assert (await client.command("unsubscribe_events", subscription=1))["success"]
    assert "boiler_boost" not in demo_hub.bus.listener_counts()
    missing = await client.command("unsubscribe_events", subscription=1)
    assert missing["error"] == {"code": "not_found", "message": "Subscription not found."}


async def test_state_changed_event_embeds_full_states(connect: Connect, demo_hub: Hub) -> None:
    client = await connect()
    await client.command("subscribe_events", event_type="state_changed")
    demo_hub.states.set("sensor.extra", "1", {"unit_of_measurement": "W"})
    event = await client.event(1)
    assert event["data"]["entity_id"] == "sensor.extra"
    assert event["data"]["old_state"] is None
    new_state = demo_hub.states.get("sensor.extra")
    assert new_state is not None
    assert event["data"]["new_state"] == new_state.as_dict()


async def test_non_admin_subscription_allowlist(connect: Connect) -> None:
    client = await connect("user")
    assert (await client.command("subscribe_events", event_type="call_service"))["error"][
        "code"
    ] == "unauthorized"
    assert (await client.command("subscribe_events", event_type="state_changed"))["success"]
    assert (await client.command("subscribe_events"))["error"]["code"] == "unauthorized"


async def test_entity_source_and_manifests(connect: Connect) -> None:
    client = await connect()
    sources = (await client.command("entity/source"))["result"]
    assert sources["switch.fridge"] == {"domain": "demo"}
    manifest = (await client.command("manifest/get", integration="demo"))["result"]
    assert manifest["domain"] == "demo"
    assert manifest["name"] == "Demo home"
    missing = await client.command("manifest/get", integration="nope")
    assert missing["error"] == {"code": "not_found", "message": "Integration not found"}
    listed = (await client.command("manifest/list"))["result"]
    assert "demo" in {item["domain"] for item in listed}
    setup_info = (await client.command("integration/setup_info"))["result"]
    assert {"domain", "seconds"} <= set(setup_info[0])
