"""Tests of ``/api/stream``: server-sent events with pings, restriction and stop."""

from __future__ import annotations

import asyncio

import aiohttp
import orjson
import pytest

from hub.http.api import stream
from tests.conftest import HubFactory
from tests.hub.http.conftest import ApiClient, start_api


@pytest.fixture
async def fast_ping_api(
    make_hub: HubFactory, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> ApiClient:
    monkeypatch.setattr(stream, "STREAM_PING_INTERVAL", 0.05)
    return await start_api(await make_hub(""), session)


async def _next(response: aiohttp.ClientResponse) -> bytes:
    return await asyncio.wait_for(response.content.readuntil(b"\n\n"), 5)


async def test_stream_sends_ping_then_events(api: ApiClient) -> None:
    async with api.session.get(f"{api.base}/api/stream", headers=api.auth("admin")) as response:
        assert response.status == 200
        assert response.content_type == "text/event-stream"
        assert await _next(response) == b"data: ping\n\n"
        api.hub.bus.fire("doorbell", {"button": "front"})
        line = await _next(response)
        assert line.startswith(b"data: ")
        event = orjson.loads(line[len(b"data: ") :])
        assert event["event_type"] == "doorbell"
        assert event["data"] == {"button": "front"}
        assert event["origin"] == "LOCAL"
        assert set(event) == {"event_type", "data", "origin", "time_fired", "context"}


async def test_stream_carries_states_in_their_wire_form(api: ApiClient) -> None:
    async with api.session.get(
        f"{api.base}/api/stream?restrict=state_changed", headers=api.auth("admin")
    ) as response:
        await _next(response)
        state = api.hub.states.set("sensor.streamed", "7")
        event = orjson.loads((await _next(response))[len(b"data: ") :])
        assert event["event_type"] == "state_changed"
        assert event["data"]["new_state"] == orjson.loads(state.json)
        assert event["data"]["old_state"] is None


async def test_restrict_keeps_only_the_named_event_types(api: ApiClient) -> None:
    url = f"{api.base}/api/stream?restrict=wanted,also_wanted"
    async with api.session.get(url, headers=api.auth("admin")) as response:
        await _next(response)
        api.hub.bus.fire("unwanted", {})
        api.hub.bus.fire("also_wanted", {"n": 1})
        api.hub.bus.fire("wanted", {"n": 2})
        first = orjson.loads((await _next(response))[6:])
        second = orjson.loads((await _next(response))[6:])
    assert [first["event_type"], second["event_type"]] == ["also_wanted", "wanted"]


async def test_pings_keep_an_idle_stream_alive(fast_ping_api: ApiClient) -> None:
    api = fast_ping_api
    async with api.session.get(
        f"{api.base}/api/stream?restrict=none", headers=api.auth("admin")
    ) as response:
        assert [await _next(response) for _ in range(3)] == [b"data: ping\n\n"] * 3


async def test_the_stream_ends_when_the_hub_stops(api: ApiClient) -> None:
    async with api.session.get(
        f"{api.base}/api/stream?restrict=x", headers=api.auth("admin")
    ) as response:
        await _next(response)
        await api.hub.stop()
        assert await asyncio.wait_for(response.content.read(), 5) == b""


async def test_a_client_that_hangs_up_is_forgotten(api: ApiClient) -> None:
    before = api.hub.bus.listener_counts().get("*", 0)
    async with api.session.get(f"{api.base}/api/stream", headers=api.auth("admin")) as response:
        await _next(response)
        assert api.hub.bus.listener_counts()["*"] == before + 1
    for _ in range(100):  # the next write notices the closed connection
        api.hub.bus.fire("tick", {})
        await asyncio.sleep(0.01)
        if api.hub.bus.listener_counts().get("*", 0) == before:
            break
    assert api.hub.bus.listener_counts().get("*", 0) == before


@pytest.mark.parametrize("role", ["user", "read_only", None])
async def test_the_stream_is_for_admins(api: ApiClient, role: str | None) -> None:
    reply = await api.get("/api/stream", role=role)
    assert (reply.status, reply.text) == (401, "401: Unauthorized")


async def test_a_client_that_falls_behind_is_disconnected(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(stream, "MAX_PENDING", 3)
    async with api.session.get(
        f"{api.base}/api/stream?restrict=burst", headers=api.auth("admin")
    ) as response:
        await _next(response)
        for number in range(10):  # all queued before the stream can send one
            api.hub.bus.fire("burst", {"n": number})
        assert await asyncio.wait_for(response.content.read(), 5) == b""
    assert "too slow" in caplog.text
