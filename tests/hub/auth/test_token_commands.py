"""Tests of ``hub.auth.token_commands``: the ``auth/*`` WebSocket commands over a real
connection."""

from __future__ import annotations

import asyncio

import aiohttp

from hub.auth import AUTH
from hub.clock import ManualClock
from tests.hub.auth.conftest import CLIENT_ID, OWNER, AuthClient, WsClient, add_user, ws_as


async def test_current_user(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    user = client.hub.data[AUTH].get_user_by_username(OWNER)
    assert user is not None
    assert await ws.result("auth/current_user") == {
        "id": user.id,
        "name": "Owner",
        "is_owner": True,
        "is_admin": True,
        "credentials": [{"auth_provider_type": "homeassistant", "auth_provider_id": None}],
        "mfa_modules": [{"id": "totp", "name": "Authenticator app", "enabled": False}],
    }
    await ws.close()


async def test_long_lived_access_token(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    token = await ws.result(
        "auth/long_lived_access_token", client_name="Energy script", lifespan=365, client_icon=None
    )
    assert isinstance(token, str)
    api = await client.get("/api/", headers={"Authorization": f"Bearer {token}"})
    assert api.status == 200
    duplicate = await ws.error(
        "auth/long_lived_access_token", client_name="Energy script", lifespan=1
    )
    assert duplicate == {"code": "unknown_error", "message": "Energy script already exists"}
    bad = await ws.error("auth/long_lived_access_token", client_name="x", lifespan="forever")
    assert bad["code"] == "invalid_format"

    tokens = await ws.result("auth/refresh_tokens")
    llat = next(t for t in tokens if t["type"] == "long_lived_access_token")
    assert llat["client_name"] == "Energy script"
    assert llat["client_id"] is None
    assert llat["expire_at"] is None
    await ws.close()


async def test_refresh_tokens_lists_every_login(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    await client.tokens(OWNER)  # a second login
    tokens = await ws.result("auth/refresh_tokens")
    assert len(tokens) == 2
    for token in tokens:
        assert set(token) == {
            "auth_provider_type",
            "client_icon",
            "client_id",
            "client_name",
            "created_at",
            "expire_at",
            "id",
            "is_current",
            "last_used_at",
            "last_used_ip",
            "type",
        }
        assert token["auth_provider_type"] == "homeassistant"
        assert token["client_id"] == CLIENT_ID
        assert token["type"] == "normal"
        assert token["created_at"] == "2026-01-15T12:00:00+00:00"
        assert token["expire_at"] == "2026-04-15T12:00:00+00:00"
        assert token["last_used_ip"] == "127.0.0.1"
    assert sorted(token["is_current"] for token in tokens) == [False, True]
    await ws.close()


async def test_delete_refresh_token(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    other = await client.tokens(OWNER)
    listed = await ws.result("auth/refresh_tokens")
    other_id = next(t["id"] for t in listed if not t["is_current"])
    assert await ws.result("auth/delete_refresh_token", refresh_token_id=other_id) == {}
    api = await client.get("/api/", headers={"Authorization": f"Bearer {other['access_token']}"})
    assert api.status == 401
    unknown = await ws.error("auth/delete_refresh_token", refresh_token_id=other_id)
    assert unknown == {"code": "invalid_token_id", "message": "Received invalid token"}
    await ws.close()


async def test_someone_elses_token_cannot_be_deleted(client: AuthClient) -> None:
    await add_user(client.hub, "guest")
    guest_ws = await ws_as(client, "guest")
    owner_ws = await ws_as(client, OWNER)
    owner_token = (await owner_ws.result("auth/refresh_tokens"))[0]["id"]
    refused = await guest_ws.error("auth/delete_refresh_token", refresh_token_id=owner_token)
    assert refused["code"] == "invalid_token_id"
    await guest_ws.close()
    await owner_ws.close()


async def test_delete_all_refresh_tokens_closes_this_socket_later(
    client: AuthClient, clock: ManualClock
) -> None:
    ws = await ws_as(client, OWNER)
    others = [await client.tokens(OWNER) for _ in range(2)]
    assert await ws.result("auth/delete_all_refresh_tokens") == {}
    for other in others:
        api = await client.get(
            "/api/", headers={"Authorization": f"Bearer {other['access_token']}"}
        )
        assert api.status == 401
    # The answer went out and this connection still works...
    assert (await ws.result("auth/current_user"))["name"] == "Owner"
    # ...until its own token goes, 2 s later.
    await clock.advance(2)
    await client.hub.block_till_done()
    message = await ws.ws.receive(timeout=5)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    user = client.hub.data[AUTH].get_user_by_username(OWNER)
    assert user is not None and user.refresh_tokens == {}


async def test_delete_all_can_keep_the_current_token_and_filter_by_type(
    client: AuthClient, clock: ManualClock
) -> None:
    ws = await ws_as(client, OWNER)
    await client.tokens(OWNER)
    await ws.result("auth/long_lived_access_token", client_name="script", lifespan=10)
    assert (
        await ws.result("auth/delete_all_refresh_tokens", token_type="long_lived_access_token")
        == {}
    )
    kinds = sorted(t["type"] for t in await ws.result("auth/refresh_tokens"))
    assert kinds == ["normal", "normal"]
    assert await ws.result("auth/delete_all_refresh_tokens", delete_current_token=False) == {}
    await clock.advance(5)
    tokens = await ws.result("auth/refresh_tokens")
    assert [t["is_current"] for t in tokens] == [True]
    await ws.close()


async def test_refresh_token_set_expiry(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    token_id = (await ws.result("auth/refresh_tokens"))[0]["id"]
    assert (
        await ws.result(
            "auth/refresh_token_set_expiry", refresh_token_id=token_id, enable_expiry=False
        )
        == {}
    )
    assert (await ws.result("auth/refresh_tokens"))[0]["expire_at"] is None
    await ws.result("auth/refresh_token_set_expiry", refresh_token_id=token_id, enable_expiry=True)
    assert (await ws.result("auth/refresh_tokens"))[0]["expire_at"] == "2026-04-15T12:00:00+00:00"
    unknown = await ws.error(
        "auth/refresh_token_set_expiry", refresh_token_id="nope", enable_expiry=True
    )
    assert unknown["code"] == "invalid_token_id"
    await ws.close()


async def test_revoking_closes_the_websocket(client: AuthClient) -> None:
    tokens = await client.tokens(OWNER)
    ws = await WsClient.connect(client.session, client.base, tokens["access_token"])
    await client.post("/auth/revoke", data={"token": tokens["refresh_token"]})
    message = await asyncio.wait_for(ws.ws.receive(), timeout=5)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
