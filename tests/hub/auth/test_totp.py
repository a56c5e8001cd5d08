"""Tests of ``hub.auth.totp``: setting up the authenticator app over the WebSocket, the
login flow's ``mfa`` step, turning it off, and the private storage of secrets."""

from __future__ import annotations

import stat

import pyotp

from hub.auth import AUTH
from hub.clock import ManualClock
from hub.const import STORAGE_DIR
from tests.hub.auth.conftest import (
    CLIENT_ID,
    OWNER,
    AuthClient,
    WsClient,
    password_of,
    ws_as,
)

CODE_SCHEMA = [{"type": "string", "name": "code", "required": True}]


async def _enable_totp(client: AuthClient, username: str = OWNER) -> str:
    """Run ``auth/setup_mfa`` to the end; the secret."""
    ws = await ws_as(client, username)
    form = await ws.result("auth/setup_mfa", mfa_module_id="totp")
    secret: str = form["description_placeholders"]["code"]
    done = await ws.result(
        "auth/setup_mfa", flow_id=form["flow_id"], user_input={"code": pyotp.TOTP(secret).now()}
    )
    assert done["type"] == "create_entry"
    await ws.close()
    return secret


async def test_setup_flow_shows_the_secret_and_checks_a_code(client: AuthClient) -> None:
    ws = await ws_as(client, OWNER)
    user = await ws.result("auth/current_user")
    assert user["mfa_modules"] == [{"id": "totp", "name": "Authenticator app", "enabled": False}]

    form = await ws.result("auth/setup_mfa", mfa_module_id="totp")
    assert form["type"] == "form"
    assert form["handler"] == "totp"
    assert form["step_id"] == "init"
    assert form["data_schema"] == CODE_SCHEMA
    placeholders = form["description_placeholders"]
    secret = placeholders["code"]
    assert len(secret) >= 16
    assert placeholders["url"].startswith("otpauth://totp/")
    assert f"secret={secret}" in placeholders["url"]

    wrong = await ws.result(
        "auth/setup_mfa", flow_id=form["flow_id"], user_input={"code": "000000"}
    )
    assert wrong["type"] == "form"
    assert wrong["errors"] == {"base": "invalid_code"}
    assert wrong["description_placeholders"]["code"] == secret

    done = await ws.result(
        "auth/setup_mfa", flow_id=form["flow_id"], user_input={"code": pyotp.TOTP(secret).now()}
    )
    assert done["type"] == "create_entry"
    assert done["handler"] == "totp"
    user = await ws.result("auth/current_user")
    assert user["mfa_modules"] == [{"id": "totp", "name": "Authenticator app", "enabled": True}]

    # The finished flow is gone; unknown modules are refused.
    gone = await ws.error("auth/setup_mfa", flow_id=form["flow_id"], user_input={"code": "1"})
    assert gone["code"] == "not_found"
    unknown = await ws.error("auth/setup_mfa", mfa_module_id="sms")
    assert unknown == {"code": "no_module", "message": "MFA module sms is not found"}
    await ws.close()


async def test_login_needs_the_code_when_enabled(client: AuthClient) -> None:
    secret = await _enable_totp(client)
    flow_id = (await client.start_flow()).json()["flow_id"]
    mfa = (await client.step(flow_id, username=OWNER, password=password_of(OWNER))).json()
    assert mfa == {
        "type": "form",
        "flow_id": flow_id,
        "handler": ["homeassistant", None],
        "data_schema": CODE_SCHEMA,
        "errors": {},
        "description_placeholders": {
            "mfa_module_name": "Authenticator app",
            "mfa_module_id": "totp",
        },
        "last_step": None,
        "preview": None,
        "step_id": "mfa",
    }
    wrong = await client.step(flow_id, code="12345x")
    assert wrong.status == 200
    assert wrong.json()["step_id"] == "mfa"
    assert wrong.json()["errors"] == {"base": "invalid_code"}
    right = await client.step(flow_id, code=pyotp.TOTP(secret).now())
    assert right.json()["type"] == "create_entry"


async def test_a_wrong_password_never_reaches_the_code_step(client: AuthClient) -> None:
    await _enable_totp(client)
    flow_id = (await client.start_flow()).json()["flow_id"]
    reply = (await client.step(flow_id, username=OWNER, password="guess")).json()
    assert reply["step_id"] == "init"
    assert reply["errors"] == {"base": "invalid_auth"}


async def test_too_many_wrong_codes_abort_the_login(client: AuthClient) -> None:
    await _enable_totp(client)
    flow_id = (await client.start_flow()).json()["flow_id"]
    await client.step(flow_id, username=OWNER, password=password_of(OWNER))
    replies = [(await client.step(flow_id, code="not a code")).json() for _ in range(5)]
    assert all(reply["errors"] == {"base": "invalid_code"} for reply in replies[:4])
    assert replies[4] == {
        "type": "abort",
        "flow_id": flow_id,
        "handler": ["homeassistant", None],
        "reason": "too_many_retry",
        "description_placeholders": None,
    }
    assert (await client.step(flow_id, code="1")).status == 404


async def test_the_code_must_follow_the_password_within_five_minutes(
    client: AuthClient, clock: ManualClock
) -> None:
    secret = await _enable_totp(client)
    flow_id = (await client.start_flow()).json()["flow_id"]
    await client.step(flow_id, username=OWNER, password=password_of(OWNER))
    await clock.advance(301)
    reply = (await client.step(flow_id, code=pyotp.TOTP(secret).now())).json()
    assert reply["type"] == "abort"
    assert reply["reason"] == "login_expired"


async def test_depose_turns_it_off(client: AuthClient) -> None:
    secret = await _enable_totp(client)
    flow_id = (await client.start_flow()).json()["flow_id"]
    await client.step(flow_id, username=OWNER, password=password_of(OWNER))
    code = (await client.step(flow_id, code=pyotp.TOTP(secret).now())).json()["result"]
    tokens = (
        await client.token(grant_type="authorization_code", code=code, client_id=CLIENT_ID)
    ).json()
    ws = await WsClient.connect(client.session, client.base, tokens["access_token"])
    assert await ws.result("auth/depose_mfa", mfa_module_id="totp") == "done"
    failed = await ws.error("auth/depose_mfa", mfa_module_id="sms")
    assert failed["code"] == "disable_failed"
    user = await ws.result("auth/current_user")
    assert user["mfa_modules"][0]["enabled"] is False
    await ws.close()
    # Password alone signs in again.
    assert await client.login(OWNER)


async def test_secrets_are_stored_privately_and_survive_a_restart(client: AuthClient) -> None:
    secret = await _enable_totp(client)
    path = client.hub.path(STORAGE_DIR, "auth_module.totp")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret in path.read_text()
    auth = client.hub.data[AUTH]
    user = auth.get_user_by_username(OWNER)
    assert user is not None
    await auth.mfa.load()
    assert auth.mfa.is_enabled(user.id)
    assert auth.mfa.validate(user.id, pyotp.TOTP(secret).now())
    assert not auth.mfa.validate(user.id, "abcdef")
