"""Webhook triggers over real HTTP: JSON, form and query data, methods, local only, and
Home Assistant's answers for unknown ids."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from hub.core import Hub
from hub.http.webhook import register_webhook, webhook_registry
from tests.conftest import HubFactory
from tests.hub.http.conftest import base_url
from tests.hub.trigger.conftest import Fired, attach


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def started(make_hub: HubFactory) -> Hub:
    hub = await make_hub("")
    await hub.start()
    return hub


async def post(
    client: aiohttp.ClientSession, hub: Hub, path: str, method: str = "POST", **kwargs: object
) -> tuple[int, bytes]:
    async with client.request(method, base_url(hub) + path, **kwargs) as response:  # type: ignore[arg-type]
        return response.status, await response.read()


async def settle(hub: Hub, fired: Fired, count: int) -> None:
    await hub.block_till_done()
    assert len(fired) == count


async def test_json_body_and_query(started: Hub, client: aiohttp.ClientSession) -> None:
    fired = await attach(
        started, {"trigger": "webhook", "webhook_id": "signal", "id": "contact", "local_only": True}
    )
    status, body = await post(client, started, "/api/webhook/signal?from=me", json={"text": "hi"})
    assert (status, body) == (200, b"")
    await settle(started, fired, 1)
    trigger = fired.triggers[0]
    assert trigger["platform"] == "webhook"
    assert trigger["webhook_id"] == "signal"
    assert trigger["json"] == {"text": "hi"}
    assert trigger["query"] == {"from": "me"}
    assert trigger["description"] == "webhook"
    assert (trigger["id"], trigger["idx"]) == ("contact", "0")
    assert fired.contexts == [None]


async def test_form_body(started: Hub, client: aiohttp.ClientSession) -> None:
    fired = await attach(started, {"trigger": "webhook", "webhook_id": "form"})
    await post(client, started, "/api/webhook/form", method="PUT", data={"level": "3"})
    await settle(started, fired, 1)
    assert fired.triggers[0]["data"] == {"level": "3"}
    assert "json" not in fired.triggers[0]


async def test_methods(started: Hub, client: aiohttp.ClientSession) -> None:
    fired = await attach(
        started, {"trigger": "webhook", "webhook_id": "get_only", "allowed_methods": ["GET"]}
    )
    assert (await post(client, started, "/api/webhook/get_only"))[0] == 405
    assert (await post(client, started, "/api/webhook/get_only", method="HEAD"))[0] == 200
    assert (await post(client, started, "/api/webhook/get_only", method="GET"))[0] == 200
    await settle(started, fired, 1)


async def test_unknown_id_answers_200_empty(started: Hub, client: aiohttp.ClientSession) -> None:
    assert await post(client, started, "/api/webhook/nobody", json={}) == (200, b"")


async def test_shared_id_and_removal(started: Hub, client: aiohttp.ClientSession) -> None:
    first = await attach(started, {"trigger": "webhook", "webhook_id": "shared", "id": "a"})
    second = await attach(started, {"trigger": "webhook", "webhook_id": "shared", "id": "b"})
    await post(client, started, "/api/webhook/shared", json={})
    await settle(started, first, 1)
    await settle(started, second, 1)
    first.remove()
    await post(client, started, "/api/webhook/shared", json={})
    await settle(started, first, 1)
    await settle(started, second, 2)
    second.remove()
    assert "shared" not in webhook_registry(started)


async def test_local_only_refuses_remote_callers(started: Hub) -> None:
    from hub.http.webhook import handle_webhook

    fired = await attach(started, {"trigger": "webhook", "webhook_id": "home_only"})

    class RemoteRequest:
        method = "POST"
        remote = "203.0.113.5"

    response = await handle_webhook(started, "home_only", RemoteRequest())  # type: ignore[arg-type]
    assert response.status == 200
    await settle(started, fired, 0)


async def test_registry_refuses_duplicates_and_odd_methods(started: Hub) -> None:
    async def handler(_hub: Hub, _webhook_id: str, _request: object) -> None:
        return None

    register_webhook(started, "test", "Test", "taken", handler)
    with pytest.raises(ValueError, match="already in use"):
        register_webhook(started, "test", "Test", "taken", handler)
    with pytest.raises(ValueError, match="Unsupported"):
        register_webhook(started, "test", "Test", "other", handler, allowed_methods=["PATCH"])


async def test_a_failing_handler_still_answers_200(
    started: Hub,
    client: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def handler(_hub: Hub, _webhook_id: str, _request: object) -> None:
        raise RuntimeError("broken")

    register_webhook(started, "test", "Test", "broken", handler)
    assert await post(client, started, "/api/webhook/broken", json={}) == (200, b"")
    assert "Error processing webhook broken" in caplog.text
