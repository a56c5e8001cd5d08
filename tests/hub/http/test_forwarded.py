"""Tests of ``hub.http.forwarded``: the client behind a trusted reverse proxy."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web
from aiohttp.typedefs import Handler

from hub.http.forwarded import client_ip
from hub.http.server import HTTP_SERVER
from hub.http.view import HubView
from tests.conftest import HubFactory
from tests.hub.http.conftest import ApiClient, start_api

TRUSTED_LOOPBACK = """\
http:
  use_x_forwarded_for: true
  trusted_proxies:
    - 127.0.0.1
    - 10.0.0.0/8
"""


class WhoView(HubView):
    """Answers what the request looks like after the middlewares."""

    url = "/api/test_who"
    name = "api:test-who"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        return self.json(
            {"ip": str(client_ip(request)), "scheme": request.scheme, "host": request.host}
        )


async def _api(make_hub: HubFactory, session: aiohttp.ClientSession, yaml: str) -> ApiClient:
    hub = await make_hub(yaml)
    hub.data[HTTP_SERVER].register_view(WhoView())
    return await start_api(hub, session)


async def _who(api: ApiClient, headers: dict[str, str]) -> dict[str, str]:
    reply = await api.get("/api/test_who", role=None, headers=headers)
    assert reply.status == 200, reply.text
    answer: dict[str, str] = reply.json()
    return answer


async def test_without_headers_the_client_is_the_peer(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session, TRUSTED_LOOPBACK)
    answer = await _who(api, {})
    assert answer["ip"] == "127.0.0.1"
    assert answer["scheme"] == "http"


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("198.51.100.7, 10.0.0.2", "198.51.100.7"),  # read from the right, proxies skipped
        ("192.0.2.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),  # spoofed left part ignored
        ("10.0.0.3, 10.0.0.2", "10.0.0.3"),  # all trusted: the left-most
        ("2001:db8::1", "2001:db8::1"),
    ],
)
async def test_a_trusted_proxy_names_the_client(
    make_hub: HubFactory, session: aiohttp.ClientSession, forwarded_for: str, client: str
) -> None:
    api = await _api(make_hub, session, TRUSTED_LOOPBACK)
    assert (await _who(api, {"X-Forwarded-For": forwarded_for}))["ip"] == client


async def test_proto_and_host_from_a_trusted_proxy(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session, TRUSTED_LOOPBACK)
    answer = await _who(
        api,
        {
            "X-Forwarded-For": "203.0.113.5",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "home.example.org",
        },
    )
    assert answer == {"ip": "203.0.113.5", "scheme": "https", "host": "home.example.org"}
    per_hop = await _who(
        api, {"X-Forwarded-For": "203.0.113.5, 10.0.0.2", "X-Forwarded-Proto": "https, http"}
    )
    assert per_hop["scheme"] == "https"  # the scheme the client itself used


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-For": "not-an-ip"},
        {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https, "},
        {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https, http, http"},
        {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Host": " "},
    ],
)
async def test_malformed_forwarded_headers_are_400(
    make_hub: HubFactory, session: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    api = await _api(make_hub, session, TRUSTED_LOOPBACK)
    reply = await api.get("/api/test_who", role=None, headers=headers)
    assert (reply.status, reply.text) == (400, "400: Bad Request")


async def test_repeated_forwarded_for_headers_are_400(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    api = await _api(make_hub, session, TRUSTED_LOOPBACK)
    async with api.session.get(
        f"{api.base}/api/test_who",
        headers=[("X-Forwarded-For", "203.0.113.5"), ("X-Forwarded-For", "198.51.100.7")],
    ) as response:
        assert response.status == 400


async def test_forwarded_headers_without_proxy_settings_are_400(
    make_hub: HubFactory, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    api = await _api(make_hub, session, "")
    reply = await api.get("/api/", headers={"X-Forwarded-For": "203.0.113.5"})
    assert (reply.status, reply.text) == (400, "400: Bad Request")
    assert "not set up for reverse proxies" in caplog.text
    assert (await api.get("/api/")).status == 200


async def test_forwarded_headers_from_an_untrusted_peer_are_400(
    make_hub: HubFactory, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    yaml = "http:\n  use_x_forwarded_for: true\n  trusted_proxies: 10.0.0.0/8\n"
    api = await _api(make_hub, session, yaml)
    reply = await api.get("/api/test_who", role=None, headers={"X-Forwarded-For": "203.0.113.5"})
    assert reply.status == 400
    assert "untrusted proxy 127.0.0.1" in caplog.text
    assert (await _who(api, {}))["ip"] == "127.0.0.1"


async def test_middlewares_added_before_auth_see_the_forwarded_client(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    """The IP ban (added before auth) must see the client, not the proxy."""
    hub = await make_hub(TRUSTED_LOOPBACK)
    seen: list[str | None] = []

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        seen.append(request.remote)
        return await handler(request)

    server = hub.data[HTTP_SERVER]
    server.add_middleware(record, before_auth=True)
    server.register_view(WhoView())
    api = await start_api(hub, session)
    assert (await _who(api, {"X-Forwarded-For": "203.0.113.5"}))["ip"] == "203.0.113.5"
    assert seen == ["203.0.113.5"]
