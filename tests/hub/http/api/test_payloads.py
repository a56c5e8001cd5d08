"""The REST and WebSocket APIs answer from the same payload builders, so the objects
match exactly: ``GET /api/config`` = ``get_config``, ``GET /api/services`` =
``get_services``."""

from __future__ import annotations

from typing import Any

from hub.http.api.payloads import (
    config_payload,
    core_state_payload,
    load_service_descriptions,
    services_payload,
)
from hub.services import SupportsResponse
from tests.hub.http.conftest import ApiClient


async def _websocket(api: ApiClient, *commands: dict[str, Any]) -> list[Any]:
    results = []
    async with api.session.ws_connect(f"{api.base}/api/websocket") as socket:
        assert (await socket.receive_json())["type"] == "auth_required"
        await socket.send_json({"type": "auth", "access_token": api.tokens["user"]})
        assert (await socket.receive_json())["type"] == "auth_ok"
        for number, command in enumerate(commands, start=1):
            await socket.send_json({"id": number, **command})
            reply = await socket.receive_json()
            assert reply["success"] is True, reply
            results.append(reply["result"])
    return results


async def test_config_and_services_are_the_same_over_rest_and_websocket(api: ApiClient) -> None:
    api.hub.services.register(
        "test", "answer", lambda call: {}, supports_response=SupportsResponse.OPTIONAL
    )
    config, services = await _websocket(api, {"type": "get_config"}, {"type": "get_services"})
    assert config == (await api.get("/api/config")).json()
    rest = {item["domain"]: item["services"] for item in (await api.get("/api/services")).json()}
    assert services == rest
    assert services["test"]["answer"]["response"] == {"optional": True}


async def test_payloads_after_start_need_no_further_reading(api: ApiClient) -> None:
    described = services_payload(api.hub)  # what a synchronous caller gets
    assert described["switch"]["turn_on"]["name"] == "Turn on"
    await load_service_descriptions(api.hub)
    assert services_payload(api.hub) is described  # nothing was missing
    assert config_payload(api.hub)["state"] == core_state_payload(api.hub)["state"] == "RUNNING"
