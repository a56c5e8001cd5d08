"""The ``auth/*`` WebSocket commands: the signed-in user, their logins and tokens,
signed paths and two-factor setup (the web UI's profile page, the apps, HAWS)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.auth import AUTH
from hub.auth.models import TokenType
from hub.auth.signed_path import PATH_SIGNER
from hub.auth.totp import MFA_SETUP_FLOWS, MODULE_ID, MODULE_NAME, UnknownFlow
from hub.exceptions import AuthError
from hub.timestamps import iso_utc
from hub.websocket.commands import (
    ERR_INVALID_FORMAT,
    ERR_NOT_FOUND,
    ERR_UNKNOWN_ERROR,
    CommandHandler,
    websocket_command,
)

if TYPE_CHECKING:
    from hub.auth.models import RefreshToken, User
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

_LOGGER = logging.getLogger(__name__)

ERR_INVALID_TOKEN_ID: Final = "invalid_token_id"
ERR_TOKEN_REMOVING: Final = "token_removing_error"
# The connection's own token is removed after its answer went out (removal closes it).
DELETE_CURRENT_TOKEN_DELAY: Final = 2.0

Msg = dict[str, Any]


@websocket_command({vol.Required("type"): "auth/current_user"})
def handle_current_user(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Who is signed in on this connection."""
    user = connection.user
    connection.send_result(
        msg["id"],
        {
            "id": user.id,
            "name": user.name,
            "is_owner": user.is_owner,
            "is_admin": user.is_admin,
            "credentials": [
                {"auth_provider_type": c.auth_provider_type, "auth_provider_id": c.auth_provider_id}
                for c in user.credentials
            ],
            "mfa_modules": [
                {
                    "id": MODULE_ID,
                    "name": MODULE_NAME,
                    "enabled": hub.data[AUTH].mfa.is_enabled(user.id),
                }
            ],
        },
    )


@websocket_command(
    {
        vol.Required("type"): "auth/long_lived_access_token",
        vol.Required("lifespan"): int,
        vol.Required("client_name"): str,
        # HA rejects null; hass-client sends it by default, so it is accepted.
        vol.Optional("client_icon"): vol.Any(str, None),
    }
)
async def handle_long_lived_access_token(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """A token for a script or device, valid ``lifespan`` days (shown once)."""
    auth = hub.data[AUTH]
    try:
        refresh_token = await auth.create_refresh_token(
            connection.user,
            client_name=msg["client_name"],
            client_icon=msg.get("client_icon"),
            token_type=TokenType.LONG_LIVED_ACCESS_TOKEN,
            access_token_expiration=timedelta(days=msg["lifespan"]),
        )
    except (AuthError, OverflowError) as err:
        connection.send_error(msg["id"], ERR_UNKNOWN_ERROR, str(err))
        return
    connection.send_result(msg["id"], auth.create_access_token(refresh_token))


@websocket_command({vol.Required("type"): "auth/refresh_tokens"})
def handle_refresh_tokens(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Every login of the user (the profile page's list)."""
    current = connection.refresh_token.id
    user = connection.user
    connection.send_result(
        msg["id"], [_token_info(user, token, current) for token in user.refresh_tokens.values()]
    )


def _token_info(user: User, token: RefreshToken, current_id: str) -> dict[str, Any]:
    credential = next((c for c in user.credentials if c.id == token.credential_id), None)
    return {
        "auth_provider_type": credential.auth_provider_type if credential else None,
        "client_icon": token.client_icon,
        "client_id": token.client_id,
        "client_name": token.client_name,
        "created_at": iso_utc(token.created_at),
        "expire_at": iso_utc(token.expire_at) if token.expire_at else None,
        "id": token.id,
        "is_current": token.id == current_id,
        "last_used_at": iso_utc(token.last_used_at) if token.last_used_at else None,
        "last_used_ip": token.last_used_ip,
        "type": token.token_type.value,
    }


@websocket_command(
    {vol.Required("type"): "auth/delete_refresh_token", vol.Required("refresh_token_id"): str}
)
async def handle_delete_refresh_token(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Sign one of the user's logins out."""
    token = connection.user.refresh_tokens.get(msg["refresh_token_id"])
    if token is None:
        connection.send_error(msg["id"], ERR_INVALID_TOKEN_ID, "Received invalid token")
        return
    await hub.data[AUTH].remove_refresh_token(token)
    connection.send_result(msg["id"], {})


@websocket_command(
    {
        vol.Required("type"): "auth/delete_all_refresh_tokens",
        vol.Optional("token_type"): str,
        vol.Optional("delete_current_token", default=True): bool,
    }
)
async def handle_delete_all_refresh_tokens(
    hub: Hub, connection: ActiveConnection, msg: Msg
) -> None:
    """Sign out everywhere (optionally only one kind of token, optionally not here)."""
    auth = hub.data[AUTH]
    token_type = msg.get("token_type")
    current = connection.refresh_token
    failed = False
    for token in list(connection.user.refresh_tokens.values()):
        if token.id == current.id or (token_type is not None and token.token_type != token_type):
            continue
        try:
            await auth.remove_refresh_token(token)
        except Exception:  # reported to the client as HA does
            _LOGGER.exception("Error removing a refresh token")
            failed = True
    if failed:
        connection.send_error(msg["id"], ERR_TOKEN_REMOVING, "During removal, an error was raised.")
    else:
        connection.send_result(msg["id"], {})
    if msg["delete_current_token"] and (token_type is None or current.token_type == token_type):
        hub.clock.call_later(DELETE_CURRENT_TOKEN_DELAY, _remove_later, hub, current.id)


def _remove_later(hub: Hub, token_id: str) -> None:
    auth = hub.data[AUTH]
    token = auth.get_refresh_token(token_id)
    if token is not None:
        hub.create_task(auth.remove_refresh_token(token), "remove current refresh token")


@websocket_command(
    {
        vol.Required("type"): "auth/sign_path",
        vol.Required("path"): str,
        vol.Optional("expires", default=30): int,
    }
)
def handle_sign_path(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """A path usable without a token for ``expires`` seconds (GET only)."""
    signed = hub.data[PATH_SIGNER].sign(msg["path"], msg["expires"], connection.refresh_token.id)
    connection.send_result(msg["id"], {"path": signed})


@websocket_command(
    {
        vol.Required("type"): "auth/refresh_token_set_expiry",
        vol.Required("refresh_token_id"): str,
        vol.Required("enable_expiry"): bool,
    }
)
async def handle_refresh_token_set_expiry(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Let a login lapse after 90 days unused, or keep it."""
    token = connection.user.refresh_tokens.get(msg["refresh_token_id"])
    if token is None:
        connection.send_error(msg["id"], ERR_INVALID_TOKEN_ID, "Received invalid token")
        return
    await hub.data[AUTH].set_refresh_token_expiry(token, msg["enable_expiry"])
    connection.send_result(msg["id"], {})


@websocket_command(
    {
        vol.Required("type"): "auth/setup_mfa",
        vol.Exclusive("mfa_module_id", "module_or_flow_id"): str,
        vol.Exclusive("flow_id", "module_or_flow_id"): str,
        vol.Optional("user_input"): object,
    }
)
async def handle_setup_mfa(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Start (``mfa_module_id``) or continue (``flow_id`` + ``user_input``) enabling
    the authenticator app."""
    flows = hub.data[MFA_SETUP_FLOWS]
    if "flow_id" in msg:
        try:
            result = await flows.configure(msg["flow_id"], connection.user, msg.get("user_input"))
        except UnknownFlow:
            connection.send_error(msg["id"], ERR_NOT_FOUND, "Invalid flow specified")
            return
        except vol.Invalid as err:
            connection.send_error(msg["id"], ERR_INVALID_FORMAT, f"User input malformed: {err}")
            return
        connection.send_result(msg["id"], result)
        return
    module_id = msg.get("mfa_module_id")
    if module_id != MODULE_ID:
        connection.send_error(msg["id"], "no_module", f"MFA module {module_id} is not found")
        return
    connection.send_result(msg["id"], flows.start(connection.user))


@websocket_command({vol.Required("type"): "auth/depose_mfa", vol.Required("mfa_module_id"): str})
async def handle_depose_mfa(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Turn the authenticator app off for the user."""
    module_id = msg["mfa_module_id"]
    if module_id != MODULE_ID:
        connection.send_error(
            msg["id"],
            "disable_failed",
            f"Cannot disable MFA Module {module_id}: "
            f"Unable find multi-factor auth module: {module_id}",
        )
        return
    await hub.data[AUTH].mfa.disable(connection.user.id)
    connection.send_result(msg["id"], "done")


TOKEN_COMMANDS: Final[tuple[CommandHandler, ...]] = (
    handle_current_user,
    handle_long_lived_access_token,
    handle_refresh_tokens,
    handle_delete_refresh_token,
    handle_delete_all_refresh_tokens,
    handle_sign_path,
    handle_refresh_token_set_expiry,
    handle_setup_mfa,
    handle_depose_mfa,
)
