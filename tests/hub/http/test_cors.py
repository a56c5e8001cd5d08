"""Tests of ``hub.http.cors``: configured origins, open routes and preflight answers."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web

from hub.http.server import HTTP_SERVER
from hub.http.view import HubView
from tests.conftest import HubFactory
from tests.hub.http.conftest import ApiClient, start_api

CAST = "https://cast.home-assistant.io"
ELSEWHERE = "https://elsewhere.example"


class OpenView(HubView):
    """A view any origin may call (as ``/auth/token`` and webhooks are)."""

    url = "/api/test_open"
    name = "api:test-open"
    requires_auth = False
    cors_allowed = True

    async def post(self, request: web.Request) -> web.Response:
        return self.json_message("open")


async def _api(make_hub: HubFactory, session: aiohttp.ClientSession, yaml: str = "") -> ApiClient:
    hub = await make_hub(yaml)
    hub.data[HTTP_SERVER].register_view(OpenView())
    return await start_api(hub, session)


def _preflight(origin: str, method: str = "GET", headers: str | None = None) -> dict[str, str]:
    request = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        request["Access-Control-Request-Headers"] = headers
    return request


async def test_configured_origin_may_read_answers(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session)
    allowed = await api.get("/api/", headers={"Origin": CAST})
    assert allowed.status == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == CAST
    other = await api.get("/api/", headers={"Origin": ELSEWHERE})
    assert other.status == 200  # CORS only tells the browser; the answer itself is the same
    assert "Access-Control-Allow-Origin" not in other.headers
    plain = await api.get("/api/")
    assert "Access-Control-Allow-Origin" not in plain.headers


async def test_error_answers_carry_the_origin_too(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session)
    reply = await api.get("/api/config", role=None, headers={"Origin": CAST})
    assert reply.status == 401
    assert reply.headers["Access-Control-Allow-Origin"] == CAST


async def test_open_routes_accept_any_origin(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session)
    reply = await api.post("/api/test_open", role=None, headers={"Origin": ELSEWHERE})
    assert reply.json() == {"message": "open"}
    assert reply.headers["Access-Control-Allow-Origin"] == ELSEWHERE
    preflight = await api.request(
        "OPTIONS",
        "/api/test_open",
        role=None,
        headers=_preflight(ELSEWHERE, "POST", "Content-Type"),
    )
    assert preflight.status == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ELSEWHERE
    assert preflight.headers["Access-Control-Allow-Methods"] == "POST"
    assert preflight.headers["Access-Control-Allow-Headers"] == "CONTENT-TYPE"


async def test_preflight_for_a_configured_origin(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session)
    reply = await api.request(
        "OPTIONS",
        "/api/states",
        role=None,
        headers=_preflight(CAST, "GET", "Authorization, X-Requested-With, Accept"),
    )
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["Access-Control-Allow-Origin"] == CAST
    assert reply.headers["Access-Control-Allow-Methods"] == "GET"
    assert set(reply.headers["Access-Control-Allow-Headers"].split(",")) == {
        "AUTHORIZATION",
        "X-REQUESTED-WITH",
        "ACCEPT",
    }
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


async def test_preflight_refusals_say_why(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session)
    origin = await api.request("OPTIONS", "/api/states", role=None, headers=_preflight(ELSEWHERE))
    assert origin.status == 403
    assert origin.text == f"CORS preflight request failed: origin '{ELSEWHERE}' is not allowed"
    header = await api.request(
        "OPTIONS", "/api/states", role=None, headers=_preflight(CAST, "GET", "X-Custom")
    )
    assert header.status == 403
    assert header.text == "CORS preflight request failed: headers are not allowed: X-CUSTOM"


async def test_preflight_for_unknown_paths_and_methods_is_left_to_the_router(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session)
    unknown = await api.request("OPTIONS", "/api/nothing", role=None, headers=_preflight(CAST))
    assert unknown.status == 404
    wrong = await api.request("OPTIONS", "/api/", role=None, headers=_preflight(CAST, "DELETE"))
    assert wrong.status == 405


async def test_configured_origins_replace_the_default(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session, "http:\n  cors_allowed_origins:\n    - https://my.app\n")
    mine = await api.get("/api/", headers={"Origin": "https://my.app"})
    assert mine.headers["Access-Control-Allow-Origin"] == "https://my.app"
    cast = await api.get("/api/", headers={"Origin": CAST})
    assert "Access-Control-Allow-Origin" not in cast.headers


@pytest.mark.parametrize("yaml", ["http:\n  cors_allowed_origins: []\n"])
async def test_without_configured_origins_only_open_routes_answer_preflights(
    make_hub: HubFactory, session: aiohttp.ClientSession, yaml: str
) -> None:
    api = await _api(make_hub, session, yaml)
    closed = await api.request("OPTIONS", "/api/states", role=None, headers=_preflight(CAST))
    assert closed.status == 405
    open_route = await api.request(
        "OPTIONS", "/api/test_open", role=None, headers=_preflight(CAST, "POST")
    )
    assert open_route.status == 200
