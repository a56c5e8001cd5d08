"""The protocol itself: auth phase, ids, errors, coalescing, batching, back-pressure."""

from __future__ import annotations

import asyncio

import aiohttp
import orjson
import pytest

from hub.auth import AUTH
from hub.core import Hub
from hub.http.server import HTTP_SERVER
from hub.websocket import connection as connection_module
from tests.hub.websocket.conftest import Connect


async def test_auth_phase_reports_ha_version(connect: Connect) -> None:
    client = await connect("admin", authenticate=False)
    await client.send({"type": "auth", "access_token": "not-a-token"})
    assert await client.receive() == {
        "type": "auth_invalid",
        "message": "Invalid access token or password",
    }
    closed = await client.ws.receive(timeout=5)
    assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def test_auth_required_and_ok_carry_the_version(
    demo_hub: Hub, tokens: dict[str, str]
) -> None:
    port = demo_hub.data[HTTP_SERVER].bound[0][1]
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"http://127.0.0.1:{port}/api/websocket") as ws,
    ):
        assert orjson.loads(await ws.receive_str()) == {
            "type": "auth_required",
            "ha_version": "2025.1.4",
        }
        await ws.send_str(orjson.dumps({"type": "auth", "access_token": tokens["user"]}).decode())
        assert orjson.loads(await ws.receive_str()) == {"type": "auth_ok", "ha_version": "2025.1.4"}


@pytest.mark.parametrize(
    ("message", "fragment"),
    [
        ({"type": "auth"}, "access_token"),
        ({"type": "auth", "api_password": "x"}, "api_password"),
        ({"type": "auth", "access_token": "x", "extra": 1}, "extra keys"),
        ({"type": "hello"}, "auth"),
    ],
)
async def test_malformed_auth_message(
    connect: Connect, message: dict[str, object], fragment: str
) -> None:
    client = await connect("admin", authenticate=False)
    await client.send(message)
    answer = await client.receive()
    assert answer["type"] == "auth_invalid"
    assert answer["message"].startswith("Auth message incorrectly formatted: ")
    assert fragment in answer["message"]


async def test_invalid_json_in_auth_phase_closes_silently(connect: Connect) -> None:
    client = await connect("admin", authenticate=False)
    await client.ws.send_str("{not json")
    closed = await client.ws.receive(timeout=5)
    assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def test_ping_pong_has_no_success_key(connect: Connect) -> None:
    client = await connect()
    assert await client.command("ping") == {"id": 1, "type": "pong"}


async def test_ids_must_increase(connect: Connect) -> None:
    client = await connect()
    await client.send({"id": 5, "type": "ping"})
    assert await client.receive() == {"id": 5, "type": "pong"}
    await client.send({"id": 5, "type": "ping"})
    assert await client.receive() == {
        "id": 5,
        "type": "result",
        "success": False,
        "error": {"code": "id_reuse", "message": "Identifier values have to increase."},
    }
    # An unknown command does not consume its id.
    await client.send({"id": 9, "type": "no_such_command"})
    assert (await client.receive())["error"] == {
        "code": "unknown_command",
        "message": "Unknown command.",
    }
    await client.send({"id": 9, "type": "ping"})
    assert await client.receive() == {"id": 9, "type": "pong"}


@pytest.mark.parametrize("bad_id", [0, -1, "7", None, 1.5])
async def test_bad_ids_are_invalid_format(connect: Connect, bad_id: object) -> None:
    client = await connect()
    await client.send({"id": bad_id, "type": "ping"})
    answer = await client.receive()
    assert answer["success"] is False
    assert answer["error"] == {
        "code": "invalid_format",
        "message": "Message incorrectly formatted.",
    }


async def test_schema_errors_are_invalid_format(connect: Connect) -> None:
    client = await connect()
    answer = await client.command("call_service", domain="switch")
    assert answer["error"]["code"] == "invalid_format"
    assert "service" in answer["error"]["message"]


async def test_an_array_of_commands_is_handled_in_order(connect: Connect) -> None:
    client = await connect()
    await client.send([{"id": 1, "type": "ping"}, {"id": 2, "type": "ping"}])
    assert [await client.receive(), await client.receive()] == [
        {"id": 1, "type": "pong"},
        {"id": 2, "type": "pong"},
    ]


async def test_arrays_are_sent_only_after_opting_in(connect: Connect) -> None:
    client = await connect()
    await client.send(
        [{"id": 1, "type": "ping"}, {"id": 2, "type": "ping"}, {"id": 3, "type": "ping"}]
    )
    for _ in range(3):
        raw = await client.ws.receive(timeout=5)
        assert isinstance(orjson.loads(raw.data), dict)  # never an array without opt-in

    client.next_id = 4
    assert (await client.command("supported_features", features={"coalesce_messages": 1}))[
        "success"
    ]
    await client.send(
        [{"id": 10, "type": "ping"}, {"id": 11, "type": "ping"}, {"id": 12, "type": "ping"}]
    )
    raw = await client.ws.receive(timeout=5)
    frame = orjson.loads(raw.data)
    assert isinstance(frame, list)
    assert [m["id"] for m in frame] == [10, 11, 12]


async def test_supported_features_result_is_null(connect: Connect) -> None:
    client = await connect()
    answer = await client.command("supported_features", features={})
    assert answer == {"id": 1, "type": "result", "success": True, "result": None}


async def test_slow_client_is_disconnected_not_waited_for(
    connect: Connect, demo_hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection_module, "MAX_PENDING", 50)
    client = await connect()
    answer = await client.command("subscribe_events", event_type="flood")
    assert answer["success"]
    # Fire more events in one go than the queue may hold, without yielding to the writer.
    for number in range(200):
        demo_hub.bus.fire("flood", {"n": number})
    while True:
        raw = await client.ws.receive(timeout=5)
        if raw.type in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
            aiohttp.WSMsgType.CLOSING,
        ):
            break
    # The hub is unaffected and the subscription is gone.
    await asyncio.sleep(0.05)
    assert "flood" not in demo_hub.bus.listener_counts()


async def test_revoking_the_refresh_token_closes_its_connections(
    connect: Connect, demo_hub: Hub
) -> None:
    client = await connect("user")
    auth = demo_hub.data[AUTH]
    user = auth.get_user_by_username("user")
    assert user is not None
    for token in list(user.refresh_tokens.values()):
        await auth.remove_refresh_token(token)
    raw = await client.ws.receive(timeout=5)
    assert raw.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def test_hub_stop_closes_connections(connect: Connect, demo_hub: Hub) -> None:
    client = await connect()
    await demo_hub.stop()
    raw = await client.ws.receive(timeout=5)
    assert raw.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
