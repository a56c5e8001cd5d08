"""Tests of ``hub.auth.signed_path`` through the auth middleware: a signed path works for
GET with exactly its path and parameters until it expires, and for nothing else."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import jwt
from aiohttp.test_utils import make_mocked_request

from hub.auth import AUTH
from hub.auth.signed_path import PATH_SIGNER
from hub.clock import ManualClock
from tests.hub.auth.conftest import OWNER, AuthClient, ws_as


async def _sign(client: AuthClient, path: str, **extra: int) -> str:
    ws = await ws_as(client, OWNER)
    signed: str = (await ws.result("auth/sign_path", path=path, **extra))["path"]
    await ws.close()
    return signed


async def test_signed_path_works_for_get_only(client: AuthClient) -> None:
    signed = await _sign(client, "/api/states?filter=on")
    parts = urlsplit(signed)
    assert parts.path == "/api/states"
    query = parse_qsl(parts.query)
    assert [key for key, _ in query] == ["filter", "authSig"]
    claims = jwt.decode(query[1][1], options={"verify_signature": False})
    assert claims["path"] == "/api/states"
    assert claims["params"] == [["filter", "on"]]
    assert claims["exp"] - claims["iat"] == 30

    assert (await client.get(signed)).status == 200
    # A signature on a POST is no authentication at all.
    event = await _sign(client, "/api/events/watthub_test")
    posted = await client.post(event, json={})
    assert posted.status == 401
    request = make_mocked_request("POST", signed)
    assert client.hub.data[PATH_SIGNER].validate(request) is None
    assert client.hub.data[PATH_SIGNER].validate(make_mocked_request("GET", signed)) is not None


async def test_path_and_parameters_must_match(client: AuthClient) -> None:
    signed = await _sign(client, "/api/states?filter=on")
    signature = signed.split("authSig=")[1]
    for tampered in (
        f"/api/config?filter=on&authSig={signature}",
        f"/api/states?filter=off&authSig={signature}",
        f"/api/states?authSig={signature}",
        f"/api/states?filter=on&extra=1&authSig={signature}",
        f"/api/states?filter=on&authSig={signature[:-2]}xx",
    ):
        reply = await client.get(tampered)
        assert reply.status == 401, tampered
        assert reply.text == "401: Unauthorized"


async def test_height_and_width_are_left_to_the_client(client: AuthClient) -> None:
    signed = await _sign(client, "/api/states?height=100")
    assert "height" not in signed
    assert (await client.get(signed + "&width=50&height=20")).status == 200


async def test_expired_signature_is_refused(client: AuthClient, clock: ManualClock) -> None:
    signed = await _sign(client, "/api/states", expires=60)
    await clock.advance(59)
    assert (await client.get(signed)).status == 200
    await clock.advance(2)
    assert (await client.get(signed)).status == 401


async def test_revoking_the_login_voids_its_signed_paths(client: AuthClient) -> None:
    signed = await _sign(client, "/api/states")
    auth = client.hub.data[AUTH]
    claims = jwt.decode(signed.split("authSig=")[1], options={"verify_signature": False})
    token = auth.get_refresh_token(claims["iss"])
    assert token is not None
    await auth.remove_refresh_token(token)
    assert (await client.get(signed)).status == 401


async def test_a_valid_signature_counts_beside_a_stale_bearer_header(client: AuthClient) -> None:
    signed = await _sign(client, "/api/states")
    reply = await client.get(signed, headers={"Authorization": "Bearer stale"})
    assert reply.status == 200
    unsigned = await client.get("/api/states", headers={"Authorization": "Bearer stale"})
    assert unsigned.status == 401
