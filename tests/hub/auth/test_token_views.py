"""Tests of ``hub.auth.token_views``: every row of the ``/auth/token`` error table,
the legacy ``action=revoke`` and ``/auth/revoke``."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth import AUTH
from hub.clock import ManualClock
from tests.hub.auth.conftest import CLIENT_ID, OWNER, AuthClient, add_user, password_of

INVALID_CLIENT = {"error": "invalid_request", "error_description": "Invalid client id"}
INVALID_CODE = {"error": "invalid_request", "error_description": "Invalid code"}


async def _code(client: AuthClient) -> str:
    return await client.login(OWNER)


async def _refresh_token(client: AuthClient) -> str:
    token: str = (await client.tokens(OWNER))["refresh_token"]
    return token


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ({}, {"error": "unsupported_grant_type"}),
        ({"grant_type": "password", "username": OWNER}, {"error": "unsupported_grant_type"}),
        ({"grant_type": "authorization_code", "code": "CODE"}, INVALID_CLIENT),
        (
            {"grant_type": "authorization_code", "code": "CODE", "client_id": "http://8.8.8.8/"},
            INVALID_CLIENT,
        ),
        ({"grant_type": "authorization_code", "client_id": CLIENT_ID}, INVALID_CODE),
        (
            {"grant_type": "authorization_code", "client_id": CLIENT_ID, "code": "0" * 32},
            INVALID_CODE,
        ),
        (
            {"grant_type": "authorization_code", "client_id": "https://x.example/", "code": "CODE"},
            INVALID_CODE,
        ),
        (
            {"grant_type": "refresh_token", "refresh_token": "REFRESH", "client_id": "http://a/#x"},
            INVALID_CLIENT,
        ),
        ({"grant_type": "refresh_token", "client_id": CLIENT_ID}, {"error": "invalid_request"}),
        (
            {"grant_type": "refresh_token", "refresh_token": "f" * 128, "client_id": CLIENT_ID},
            {"error": "invalid_grant"},
        ),
        (
            {
                "grant_type": "refresh_token",
                "refresh_token": "REFRESH",
                "client_id": "https://x.example/",
            },
            {"error": "invalid_request"},
        ),
        ({"grant_type": "refresh_token", "refresh_token": "REFRESH"}, {"error": "invalid_request"}),
    ],
)
async def test_error_table(
    client: AuthClient, form: dict[str, str], answer: dict[str, str]
) -> None:
    if form.get("code") == "CODE":
        form["code"] = await _code(client)
    if form.get("refresh_token") == "REFRESH":
        form["refresh_token"] = await _refresh_token(client)
    reply = await client.token(**form)
    assert reply.status == 400
    assert reply.json() == answer
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Pragma"] == "no-cache"


async def test_json_body_reads_as_an_empty_form(client: AuthClient) -> None:
    code = await _code(client)
    reply = await client.post(
        "/auth/token",
        json={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
    )
    assert reply.status == 400
    assert reply.json() == {"error": "unsupported_grant_type"}


@pytest.mark.parametrize("grant", ["authorization_code", "refresh_token"])
async def test_inactive_user_gets_access_denied(client: AuthClient, grant: str) -> None:
    await add_user(client.hub, "sleeper")
    code = await client.login("sleeper", password_of("sleeper"))
    form: dict[str, Any] = {"grant_type": grant, "client_id": CLIENT_ID}
    if grant == "authorization_code":
        form["code"] = code
    else:
        granted = await client.token(
            grant_type="authorization_code", code=code, client_id=CLIENT_ID
        )
        form["refresh_token"] = granted.json()["refresh_token"]
    auth = client.hub.data[AUTH]
    user = auth.get_user_by_username("sleeper")
    assert user is not None
    await auth.update_user(user, is_active=False)
    reply = await client.token(**form)
    assert reply.status == 403
    assert reply.json() == {"error": "access_denied", "error_description": "User is not active"}


async def test_refresh_keeps_the_refresh_token_and_its_expiry_slides(
    client: AuthClient, clock: ManualClock
) -> None:
    tokens = await client.tokens(OWNER)
    auth = client.hub.data[AUTH]
    stored = auth.get_refresh_token_by_secret(tokens["refresh_token"])
    assert stored is not None
    first_expiry = stored.expire_at
    await clock.advance(3600)
    reply = await client.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"], client_id=CLIENT_ID
    )
    assert reply.status == 200
    assert "refresh_token" not in reply.json()
    assert stored.expire_at is not None and first_expiry is not None
    assert stored.expire_at == pytest.approx(first_expiry + 3600)
    assert stored.last_used_ip == "127.0.0.1"


async def test_legacy_revoke_action_on_the_token_endpoint(client: AuthClient) -> None:
    tokens = await client.tokens(OWNER)
    reply = await client.token(action="revoke", token=tokens["refresh_token"])
    assert reply.status == 200
    assert reply.body == b""
    refresh = await client.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"], client_id=CLIENT_ID
    )
    assert refresh.json() == {"error": "invalid_grant"}


@pytest.mark.parametrize("form", [{}, {"token": "nonsense"}, {"token": "a" * 128}])
async def test_revoke_always_answers_200_empty(client: AuthClient, form: dict[str, str]) -> None:
    tokens = await client.tokens(OWNER)
    reply = await client.post("/auth/revoke", data=form)
    assert reply.status == 200
    assert reply.body == b""
    # Nothing else was revoked.
    api = await client.get("/api/", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert api.status == 200


async def test_token_endpoints_allow_any_origin(client: AuthClient) -> None:
    for path in ("/auth/token", "/auth/revoke"):
        preflight = await client.request(
            "OPTIONS",
            path,
            headers={
                "Origin": "https://some-dashboard.example",
                "Access-Control-Request-Method": "POST",
            },
        )
        assert preflight.status == 200, path
        assert preflight.headers["Access-Control-Allow-Origin"] == "https://some-dashboard.example"
