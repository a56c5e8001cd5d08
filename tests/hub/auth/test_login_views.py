"""Tests of ``hub.auth.login_views`` (and ``login_flow``): the OAuth sign-in end to end
and every answer of ``/auth/login_flow`` that HA clients rely on."""

from __future__ import annotations

import aiohttp
import pytest

from hub.auth import AUTH
from hub.clock import ManualClock
from tests.hub.auth.conftest import (
    CLIENT_ID,
    OWNER,
    REDIRECT_URI,
    AuthClient,
    add_user,
    password_of,
)

HANDLER = ["homeassistant", None]
LOGIN_SCHEMA = [
    {"type": "string", "name": "username", "required": True},
    {"type": "string", "name": "password", "required": True},
]


async def test_full_oauth_flow_end_to_end(client: AuthClient) -> None:
    start = await client.start_flow(type="authorize")
    assert start.status == 200
    form = start.json()
    flow_id = form.pop("flow_id")
    assert len(flow_id) == 32
    assert form == {
        "type": "form",
        "handler": HANDLER,
        "data_schema": LOGIN_SCHEMA,
        "errors": {},
        "description_placeholders": None,
        "last_step": None,
        "preview": None,
        "step_id": "init",
    }

    step = await client.step(flow_id, username=OWNER, password=password_of(OWNER))
    assert step.status == 200
    entry = step.json()
    code = entry.pop("result")
    assert len(code) == 32
    assert entry == {
        "type": "create_entry",
        "flow_id": flow_id,
        "handler": HANDLER,
        "description": None,
        "description_placeholders": None,
    }

    granted = await client.token(grant_type="authorization_code", code=code, client_id=CLIENT_ID)
    assert granted.status == 200
    assert granted.headers["Cache-Control"] == "no-store"
    assert granted.headers["Pragma"] == "no-cache"
    tokens = granted.json()
    assert set(tokens) == {
        "access_token",
        "token_type",
        "refresh_token",
        "expires_in",
        "ha_auth_provider",
    }
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 1800
    assert tokens["ha_auth_provider"] == "homeassistant"
    assert len(tokens["refresh_token"]) == 128

    api = await client.get("/api/", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert api.status == 200
    assert api.json() == {"message": "API running."}

    refreshed = await client.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"], client_id=CLIENT_ID
    )
    assert refreshed.status == 200
    assert set(refreshed.json()) == {"access_token", "token_type", "expires_in"}
    new_access = refreshed.json()["access_token"]
    assert (
        await client.get("/api/", headers={"Authorization": f"Bearer {new_access}"})
    ).status == 200

    revoked = await client.post("/auth/revoke", data={"token": tokens["refresh_token"]})
    assert revoked.status == 200
    assert revoked.body == b""

    again = await client.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"], client_id=CLIENT_ID
    )
    assert again.status == 400
    assert again.json() == {"error": "invalid_grant"}
    for access in (tokens["access_token"], new_access):
        refused = await client.get("/api/", headers={"Authorization": f"Bearer {access}"})
        assert refused.status == 401
        assert refused.text == "401: Unauthorized"


async def test_wrong_password_is_a_200_form_with_invalid_auth(client: AuthClient) -> None:
    flow_id = (await client.start_flow()).json()["flow_id"]
    for username, password in ((OWNER, "wrong"), ("nobody", "whatever")):
        reply = await client.step(flow_id, username=username, password=password)
        assert reply.status == 200
        form = reply.json()
        assert form["type"] == "form"
        assert form["step_id"] == "init"
        assert form["flow_id"] == flow_id
        assert form["errors"] == {"base": "invalid_auth"}
    # The same flow still accepts the right password afterwards.
    reply = await client.step(flow_id, username=OWNER.upper(), password=password_of(OWNER))
    assert reply.json()["type"] == "create_entry"


async def test_get_and_unknown_flows(client: AuthClient) -> None:
    index = await client.get("/auth/login_flow")
    assert index.status == 405
    assert index.body == b""
    for method in ("GET", "POST", "DELETE"):
        reply = await client.request(
            method, "/auth/login_flow/0123456789abcdef", json={"client_id": CLIENT_ID}
        )
        assert reply.status == 404, method
        assert reply.json() == {"message": "Invalid flow specified"}

    flow_id = (await client.start_flow()).json()["flow_id"]
    # GET never reveals a flow, even a running one.
    assert (await client.get(f"/auth/login_flow/{flow_id}")).status == 404
    deleted = await client.request("DELETE", f"/auth/login_flow/{flow_id}")
    assert deleted.status == 200
    assert deleted.json() == {"message": "Flow aborted"}
    gone = await client.step(flow_id, username=OWNER, password=password_of(OWNER))
    assert gone.status == 404


@pytest.mark.parametrize(
    ("body", "status", "answer"),
    [
        (
            {
                "client_id": "ftp://client.example/",
                "handler": HANDLER,
                "redirect_uri": REDIRECT_URI,
            },
            400,
            {"message": "Invalid client id"},
        ),
        (
            {
                "client_id": CLIENT_ID,
                "handler": ["command_line", None],
                "redirect_uri": REDIRECT_URI,
            },
            404,
            {"message": "Invalid handler specified"},
        ),
        (
            {"client_id": CLIENT_ID, "handler": HANDLER},
            400,
            {
                "message": "Message format incorrect: "
                "required key not provided @ data['redirect_uri']"
            },
        ),
        (
            {"client_id": CLIENT_ID, "handler": ["homeassistant"], "redirect_uri": REDIRECT_URI},
            400,
            None,
        ),
    ],
)
async def test_start_refusals(
    client: AuthClient, body: dict[str, object], status: int, answer: dict[str, str] | None
) -> None:
    reply = await client.post("/auth/login_flow", json=body)
    assert reply.status == status
    if answer is not None:
        assert reply.json() == answer
    else:
        assert reply.json()["message"].startswith("Message format incorrect: ")


async def test_invalid_json_body(client: AuthClient) -> None:
    reply = await client.post("/auth/login_flow", data=b"{not json")
    assert reply.status == 400
    assert reply.json() == {"message": "Invalid JSON."}


async def test_step_refusals(client: AuthClient) -> None:
    flow_id = (await client.start_flow()).json()["flow_id"]
    no_client = await client.post(f"/auth/login_flow/{flow_id}", json={"username": OWNER})
    assert no_client.status == 400
    assert no_client.json()["message"].startswith("Message format incorrect: required key")
    bad_client = await client.step(flow_id, client_id="https://203.0.113.7/", username=OWNER)
    assert bad_client.json() == {"message": "Invalid client id"}
    malformed = await client.step(flow_id, username=OWNER)
    assert malformed.status == 400
    assert malformed.json() == {"message": "User input malformed"}
    extra_key = await client.step(flow_id, username=OWNER, password="x", remember=True)
    assert extra_key.json() == {"message": "User input malformed"}


async def test_step_from_another_address_is_refused(
    client: AuthClient, other_session: aiohttp.ClientSession
) -> None:
    flow_id = (await client.start_flow()).json()["flow_id"]
    elsewhere = AuthClient(client.hub, other_session, client.base)
    reply = await elsewhere.step(flow_id, username=OWNER, password=password_of(OWNER))
    assert reply.status == 400
    assert reply.json() == {"message": "IP address changed"}


async def test_redirect_uri_is_checked_when_the_login_finishes(
    client: AuthClient, client_pages: list[str]
) -> None:
    # Another host: only the client's page (rule 4) could allow it, and it does not.
    start = await client.start_flow(redirect_uri="https://elsewhere.example/steal")
    assert start.status == 200
    reply = await client.step(start.json()["flow_id"], username=OWNER, password=password_of(OWNER))
    assert reply.status == 403
    assert reply.json() == {"message": "Invalid redirect URI"}
    assert client_pages == [CLIENT_ID]


async def test_companion_apps_need_no_client_page(
    client: AuthClient, client_pages: list[str]
) -> None:
    for client_id, redirect_uri in (
        ("https://home-assistant.io/android", "homeassistant://auth-callback"),
        ("https://home-assistant.io/iOS", "homeassistant://auth-callback"),
    ):
        start = await client.start_flow(client_id=client_id, redirect_uri=redirect_uri)
        reply = await client.step(
            start.json()["flow_id"],
            client_id=client_id,
            username=OWNER,
            password=password_of(OWNER),
        )
        assert reply.json()["type"] == "create_entry"
    assert client_pages == []


async def test_inactive_user_is_blocked_at_the_end(client: AuthClient) -> None:
    auth = client.hub.data[AUTH]
    user = await add_user(client.hub, "sleeper")
    await auth.update_user(user, is_active=False)
    flow_id = (await client.start_flow()).json()["flow_id"]
    reply = await client.step(flow_id, username="sleeper", password=password_of("sleeper"))
    assert reply.status == 403
    assert reply.json() == {"message": "Login blocked: User is not active"}


async def test_authorization_code_is_single_use_and_bound_to_its_client(
    client: AuthClient, clock: ManualClock
) -> None:
    code = await client.login(OWNER)
    other = await client.token(
        grant_type="authorization_code", code=code, client_id="https://other.example/"
    )
    assert other.json() == {"error": "invalid_request", "error_description": "Invalid code"}
    # A code is gone after one attempt, so even the right client cannot use it now.
    again = await client.token(grant_type="authorization_code", code=code, client_id=CLIENT_ID)
    assert again.status == 400

    expiring = await client.login(OWNER)
    await clock.advance(601)
    late = await client.token(grant_type="authorization_code", code=expiring, client_id=CLIENT_ID)
    assert late.json() == {"error": "invalid_request", "error_description": "Invalid code"}


async def test_unfinished_flows_expire(client: AuthClient, clock: ManualClock) -> None:
    flow_id = (await client.start_flow()).json()["flow_id"]
    await clock.advance(601)
    reply = await client.step(flow_id, username=OWNER, password=password_of(OWNER))
    assert reply.status == 404
