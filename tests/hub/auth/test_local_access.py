"""Tests of ``hub.auth.local_access``: which addresses are local, and users flagged
``local_only`` refused from elsewhere (remote clients simulated through a trusted
reverse proxy's ``X-Forwarded-For``)."""

from __future__ import annotations

from ipaddress import ip_address

import aiohttp
import pytest

from hub.auth import AUTH
from hub.auth.local_access import is_local, user_access_error
from hub.auth.models import User
from tests.conftest import HubFactory
from tests.hub.auth.conftest import CLIENT_ID, AuthClient, add_user, password_of, started

PROXY_CONFIG = "http:\n  use_x_forwarded_for: true\n  trusted_proxies: 127.0.0.1\n"
REMOTE = {"X-Forwarded-For": "203.0.113.50"}
AT_HOME = {"X-Forwarded-For": "192.168.1.20"}


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("172.31.255.255", True),
        ("192.168.178.20", True),
        ("169.254.10.10", True),
        ("fe80::1", True),
        ("fd12:3456::1", True),
        ("::ffff:192.168.1.1", True),
        ("172.32.0.1", False),
        ("8.8.8.8", False),
        ("100.64.0.1", False),
        ("2001:db8::1", False),
        ("::ffff:8.8.8.8", False),
    ],
)
def test_local_networks(address: str, local: bool) -> None:
    assert is_local(ip_address(address)) is local


@pytest.mark.parametrize(
    ("active", "local_only", "remote", "error"),
    [
        (True, False, "8.8.8.8", None),
        (True, True, "192.168.1.2", None),
        (True, True, "8.8.8.8", "User cannot authenticate remotely"),
        (True, True, None, "No request available to validate local access"),
        (True, True, "not-an-ip", "Invalid remote IP"),
        (False, False, "127.0.0.1", "User is not active"),
    ],
)
def test_user_access_error(
    active: bool, local_only: bool, remote: str | None, error: str | None
) -> None:
    user = User(name="Kid", is_active=active, local_only=local_only)
    assert user_access_error(user, remote) == error


async def _proxied_client(make_hub: HubFactory, session: aiohttp.ClientSession) -> AuthClient:
    client = await started(await make_hub(PROXY_CONFIG), session)
    await add_user(client.hub, "kid", local_only=True)
    return client


async def test_local_only_user_is_refused_from_outside(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    client = await _proxied_client(make_hub, session)
    tokens = await client.tokens("kid")
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/api/", headers={**bearer, **AT_HOME})).status == 200
    assert (await client.get("/api/", headers={**bearer, **REMOTE})).status == 401

    refresh = await client.post(
        "/auth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": CLIENT_ID,
        },
        headers=REMOTE,
    )
    assert refresh.status == 403
    assert refresh.json() == {
        "error": "access_denied",
        "error_description": "User cannot authenticate remotely",
    }

    start = await client.post(
        "/auth/login_flow",
        json={
            "client_id": CLIENT_ID,
            "handler": ["homeassistant", None],
            "redirect_uri": CLIENT_ID,
        },
        headers=REMOTE,
    )
    step = await client.post(
        f"/auth/login_flow/{start.json()['flow_id']}",
        json={"client_id": CLIENT_ID, "username": "kid", "password": password_of("kid")},
        headers=REMOTE,
    )
    assert step.status == 403
    assert step.json() == {"message": "Login blocked: User cannot authenticate remotely"}


async def test_other_users_may_sign_in_from_outside(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    client = await _proxied_client(make_hub, session)
    tokens = await client.tokens("owner")
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/api/", headers={**bearer, **REMOTE})).status == 200
    providers = (await client.get("/auth/providers", headers=REMOTE)).json()
    assert providers["preselect_remember_me"] is False
    assert (await client.get("/auth/providers", headers=AT_HOME)).json()["preselect_remember_me"]


async def test_turning_local_only_on_takes_effect_at_once(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    client = await started(await make_hub(PROXY_CONFIG), session)
    user = await add_user(client.hub, "teen")
    tokens = await client.tokens("teen")
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/api/", headers={**bearer, **REMOTE})).status == 200
    await client.hub.data[AUTH].update_user(user, local_only=True)
    assert (await client.get("/api/", headers={**bearer, **REMOTE})).status == 401
