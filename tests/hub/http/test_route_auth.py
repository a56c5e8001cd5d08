"""Every route of a fully set-up hub answers 401 without a token, except the public
ones Home Assistant documents (discovery, sign-in, onboarding, WebSocket, webhooks).

The code's single source of truth is the ``requires_auth`` metadata ``HubView`` puts on
each route; this test holds the documented list and checks the route table against it,
so making a route public is a deliberate change in both places.
"""

from __future__ import annotations

import re

import aiohttp

from hub.http.server import HTTP_SERVER
from tests.conftest import HubFactory
from tests.hub.http.conftest import start_api

# ha-api.md 1.1, 1.3 (steps before the owner exists), 2.1-2.4, 4, 6.2.
DOCUMENTED_PUBLIC_PATHS = frozenset(
    {
        "/manifest.json",
        "/auth/providers",
        "/.well-known/oauth-authorization-server",
        "/.well-known/change-password",
        "/auth/authorize",
        "/auth/login_flow",
        "/auth/login_flow/{flow_id}",
        "/auth/token",
        "/auth/revoke",
        "/api/onboarding",
        "/api/onboarding/installation_type",
        "/api/onboarding/users",
        "/api/websocket",
        "/api/webhook/{webhook_id}",
    }
)

# Routes every hub serves: the REST API of this issue must be in the table.
REST_PATHS = frozenset(
    {
        "/api/",
        "/api/config",
        "/api/core/state",
        "/api/components",
        "/api/events",
        "/api/events/{event_type}",
        "/api/services",
        "/api/services/{domain}/{service}",
        "/api/states",
        "/api/states/{entity_id}",
        "/api/config/core/check_config",
        "/api/error_log",
        "/api/stream",
        "/api/template",
        "/api/history/period",
        "/api/history/period/{datetime}",
        "/api/logbook",
        "/api/logbook/{datetime}",
    }
)

_PARAMETER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
_SAMPLES = {"entity_id": "switch.fridge", "domain": "switch", "service": "turn_on"}


def _sample_path(template: str) -> str:
    return _PARAMETER.sub(lambda match: _SAMPLES.get(match.group(1), "sample"), template)


async def test_every_route_needs_a_token_except_the_documented_public_ones(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    hub = await make_hub("demo:\n")
    api = await start_api(hub, session)
    routes = []
    for route in hub.data[HTTP_SERVER].app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        template = info.get("formatter") or info.get("path") or info.get("prefix")
        assert template is not None, f"route without a path: {route!r}"
        assert hasattr(route, "requires_auth"), (
            f"{route.method} {template} was not registered through HubView: every route "
            "must say whether it needs a token"
        )
        routes.append((route.method, template, route.requires_auth))

    public = {template for _, template, requires_auth in routes if not requires_auth}
    assert public <= DOCUMENTED_PUBLIC_PATHS, (
        f"undocumented public routes: {public - DOCUMENTED_PUBLIC_PATHS}"
    )
    assert {template for _, template, _ in routes} >= REST_PATHS

    checked = 0
    for method, template, requires_auth in routes:
        if method == "*":
            continue
        reply = await api.request(method, _sample_path(template), role=None)
        if requires_auth:
            assert (reply.status, reply.text) == (401, "401: Unauthorized"), f"{method} {template}"
        else:
            assert reply.status != 401, f"{method} {template} is public but answered 401"
        checked += 1
    assert checked >= len(REST_PATHS)
