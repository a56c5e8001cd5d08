"""Tests of ``hub.auth.onboarding``: the first-run sequence as the web UI and the apps
drive it, and the endpoints disappearing afterwards."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import orjson

from hub.auth import AUTH
from hub.bootstrap import build_hub
from hub.clock import ManualClock
from hub.const import STORAGE_DIR
from hub.registry.area_registry import AREA_REGISTRY
from tests.conftest import TEST_HTTP, HubFactory
from tests.hub.auth.conftest import CLIENT_ID, REDIRECT_URI, AuthClient, base_url

ALL_PENDING = [
    {"step": "user", "done": False},
    {"step": "core_config", "done": False},
    {"step": "analytics", "done": False},
    {"step": "integration", "done": False},
]
OWNER_BODY = {
    "client_id": CLIENT_ID,
    "name": "Ada Lovelace",
    "username": "ada",
    "password": "analytical engine",
    "language": "en",
}


async def _fresh(make_hub: HubFactory, session: aiohttp.ClientSession) -> AuthClient:
    hub = await make_hub("")
    await hub.start()
    return AuthClient(hub, session, base_url(hub))


async def test_onboarding_sequence_then_404(
    make_hub: HubFactory, session: aiohttp.ClientSession, config_dir: Path, clock: ManualClock
) -> None:
    client = await _fresh(make_hub, session)
    assert (await client.get("/api/onboarding")).json() == ALL_PENDING
    install = await client.get("/api/onboarding/installation_type")
    assert install.json() == {"installation_type": "Home Assistant Container"}
    providers = await client.get("/auth/providers")
    assert providers.status == 400
    assert providers.json() == {"message": "Onboarding not finished", "code": "onboarding_required"}

    created = await client.post("/api/onboarding/users", json=OWNER_BODY)
    assert created.status == 200
    code = created.json()["auth_code"]
    assert len(code) == 32
    tokens = (
        await client.token(grant_type="authorization_code", code=code, client_id=CLIENT_ID)
    ).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}

    user = client.hub.data[AUTH].get_user_by_username("ada")
    assert user is not None
    assert user.is_owner and user.is_admin and user.name == "Ada Lovelace"
    area_names = {area.name for area in client.hub.data[AREA_REGISTRY].areas()}
    assert {"Living Room", "Kitchen", "Bedroom"} <= area_names
    status = (await client.get("/api/onboarding")).json()
    assert status[0] == {"step": "user", "done": True}
    assert (await client.get("/api/onboarding/installation_type")).status == 401
    again = await client.post("/api/onboarding/users", json=OWNER_BODY)
    assert again.status == 403
    assert again.json() == {"message": "User step already done"}
    assert (await client.get("/auth/providers")).status == 200

    for step, message in (
        ("core_config", "Core config step already done"),
        ("analytics", "Analytics config step already done"),
    ):
        assert (await client.post(f"/api/onboarding/{step}", json={})).status == 401
        done = await client.post(f"/api/onboarding/{step}", json={}, headers=bearer)
        assert done.status == 200
        assert done.json() == {}
        twice = await client.post(f"/api/onboarding/{step}", json={}, headers=bearer)
        assert twice.status == 403
        assert twice.json() == {"message": message}

    final = await client.post(
        "/api/onboarding/integration",
        json={"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI},
        headers=bearer,
    )
    assert final.status == 200
    final_code = final.json()["auth_code"]
    exchanged = await client.token(
        grant_type="authorization_code", code=final_code, client_id=CLIENT_ID
    )
    assert exchanged.status == 200

    for method, path in (
        ("GET", "/api/onboarding"),
        ("GET", "/api/onboarding/installation_type"),
        ("POST", "/api/onboarding/users"),
    ):
        gone = await client.request(method, path, json=OWNER_BODY)
        assert gone.status == 404, path
    stored = orjson.loads((config_dir / STORAGE_DIR / "onboarding").read_bytes())
    assert stored["data"] == {"done": ["user", "core_config", "analytics", "integration"]}

    await client.hub.stop()
    restarted = await build_hub(config_dir, clock=clock, overrides=TEST_HTTP)
    try:
        await restarted.start()
        gone = await AuthClient(restarted, session, base_url(restarted)).get("/api/onboarding")
        assert gone.status == 404
    finally:
        await restarted.stop()


async def test_integration_step_checks_the_redirect_uri(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    client = await _fresh(make_hub, session)
    code = (await client.post("/api/onboarding/users", json=OWNER_BODY)).json()["auth_code"]
    tokens = (
        await client.token(grant_type="authorization_code", code=code, client_id=CLIENT_ID)
    ).json()
    reply = await client.post(
        "/api/onboarding/integration",
        json={"client_id": CLIENT_ID, "redirect_uri": "https://evil.example/"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert reply.status == 400
    assert reply.json() == {"message": "invalid client id or redirect uri"}


async def test_user_step_validates_its_body(
    make_hub: HubFactory, session: aiohttp.ClientSession
) -> None:
    client = await _fresh(make_hub, session)
    body = {key: value for key, value in OWNER_BODY.items() if key != "language"}
    reply = await client.post("/api/onboarding/users", json=body)
    assert reply.status == 400
    assert reply.json() == {
        "message": "Message format incorrect: required key not provided @ data['language']"
    }
    assert (await client.get("/api/onboarding")).json() == ALL_PENDING


async def test_an_existing_owner_means_the_user_step_is_done(client: AuthClient) -> None:
    status = (await client.get("/api/onboarding")).json()
    assert status[0] == {"step": "user", "done": True}
    refused = await client.post("/api/onboarding/users", json=OWNER_BODY)
    assert refused.status == 403
    assert client.hub.data[AUTH].get_user_by_username("ada") is None
