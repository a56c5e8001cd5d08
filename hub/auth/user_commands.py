"""User administration over the WebSocket, as the web UI's People page uses it.

``config/auth/*`` lists, creates (without a login), updates and deletes users (admins
only); ``config/auth_provider/homeassistant/*`` gives a user a username and password,
lets anyone change their own password and lets the owner set anyone's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.auth import AUTH, Auth
from hub.auth.password_provider import InvalidAuth, InvalidUser, normalize_username
from hub.exceptions import AuthError
from hub.websocket import messages
from hub.websocket.commands import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_INVALID_FORMAT,
    ERR_NOT_FOUND,
    ERR_UNAUTHORIZED,
    CommandHandler,
    require_admin,
    websocket_command,
)

if TYPE_CHECKING:
    from hub.auth.models import User
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

Msg = dict[str, Any]


def user_info(user: User) -> dict[str, Any]:
    """A user as ``config/auth/list`` shows it."""
    return {
        "id": user.id,
        "username": Auth.username_of(user),
        "name": user.name,
        "is_owner": user.is_owner,
        "is_active": user.is_active,
        "local_only": user.local_only,
        "system_generated": user.system_generated,
        "group_ids": list(user.group_ids),
        "credentials": [{"type": c.auth_provider_type} for c in user.credentials],
    }


@websocket_command({vol.Required("type"): "config/auth/list"})
@require_admin
def handle_list(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Every user, system users included (the web UI filters them)."""
    connection.send_result(msg["id"], [user_info(user) for user in hub.data[AUTH].users])


@websocket_command(
    {
        vol.Required("type"): "config/auth/create",
        vol.Required("name"): str,
        vol.Optional("group_ids"): [str],
        vol.Optional("local_only"): bool,
    }
)
@require_admin
async def handle_create(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """A user without a login (the password comes next, with the provider command)."""
    try:
        user = await hub.data[AUTH].add_user(
            msg["name"],
            group_ids=msg.get("group_ids") or [],
            local_only=msg.get("local_only", False),
        )
    except AuthError as err:
        connection.send_error(msg["id"], ERR_INVALID_FORMAT, str(err))
        return
    connection.send_result(msg["id"], {"user": user_info(user)})


@websocket_command(
    {
        vol.Required("type"): "config/auth/update",
        vol.Required("user_id"): str,
        vol.Optional("name"): str,
        vol.Optional("is_active"): bool,
        vol.Optional("group_ids"): [str],
        vol.Optional("local_only"): bool,
    }
)
@require_admin
async def handle_update(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Rename, (de)activate, regroup or restrict a user."""
    auth = hub.data[AUTH]
    user = auth.get_user(msg["user_id"])
    if user is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "User not found")
        return
    if user.system_generated:
        connection.send_error(
            msg["id"], "cannot_modify_system_generated", "Unable to update system generated users."
        )
        return
    if user.is_owner and msg.get("is_active") is False:
        connection.send_error(msg["id"], "cannot_deactivate_owner", "Unable to deactivate owner.")
        return
    try:
        await auth.update_user(
            user,
            name=msg.get("name"),
            is_active=msg.get("is_active"),
            group_ids=msg.get("group_ids"),
            local_only=msg.get("local_only"),
        )
    except AuthError as err:
        connection.send_error(msg["id"], ERR_INVALID_FORMAT, str(err))
        return
    connection.send_result(msg["id"], {"user": user_info(user)})


@websocket_command({vol.Required("type"): "config/auth/delete", vol.Required("user_id"): str})
@require_admin
async def handle_delete(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Delete a user with their logins and tokens (never oneself)."""
    if msg["user_id"] == connection.user.id:
        connection.send_error(msg["id"], "no_delete_self", "Unable to delete your own account")
        return
    auth = hub.data[AUTH]
    user = auth.get_user(msg["user_id"])
    if user is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "User not found")
        return
    await auth.remove_user(user)
    connection.send_result(msg["id"])


@websocket_command(
    {
        vol.Required("type"): "config/auth_provider/homeassistant/create",
        vol.Required("user_id"): str,
        vol.Required("username"): str,
        vol.Required("password"): str,
    }
)
@require_admin
async def handle_provider_create(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Give a user a username and password."""
    auth = hub.data[AUTH]
    user = auth.get_user(msg["user_id"])
    if user is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "User not found")
        return
    if user.system_generated:
        connection.send_error(
            msg["id"], "system_generated", "Cannot add credentials to a system generated user."
        )
        return
    username = msg["username"]
    if username != normalize_username(username):
        _send_username_error(
            connection,
            msg["id"],
            "username_not_normalized",
            {"new_username": username},
            f'Username "{username}" is not normalized. Please make sure the username is '
            "lowercase and does not contain any whitespace.",
        )
        return
    if auth.provider.has_username(username):
        _send_username_error(
            connection,
            msg["id"],
            "username_already_exists",
            {"username": username},
            f'Username "{username}" already exists',
        )
        return
    try:
        await auth.add_password_login(user, username, msg["password"])
    except InvalidUser as err:
        connection.send_error(msg["id"], ERR_HOME_ASSISTANT_ERROR, str(err))
        return
    connection.send_result(msg["id"])


def _send_username_error(
    connection: ActiveConnection, msg_id: int, key: str, placeholders: dict[str, str], message: str
) -> None:
    connection.send_message(
        messages.error_message(
            msg_id, ERR_HOME_ASSISTANT_ERROR, message, key, placeholders, translation_domain="auth"
        )
    )


@websocket_command(
    {
        vol.Required("type"): "config/auth_provider/homeassistant/change_password",
        vol.Required("current_password"): str,
        vol.Required("new_password"): str,
    }
)
async def handle_change_password(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """Change one's own password (the current one is checked)."""
    auth = hub.data[AUTH]
    username = Auth.username_of(connection.user)
    if username is None:
        connection.send_error(msg["id"], "credentials_not_found", "Credentials not found")
        return
    try:
        await auth.provider.validate(username, msg["current_password"])
    except InvalidAuth:
        connection.send_error(msg["id"], "invalid_current_password", "Invalid current password")
        return
    await auth.provider.change_password(username, msg["new_password"])
    connection.send_result(msg["id"])


@websocket_command(
    {
        vol.Required("type"): "config/auth_provider/homeassistant/admin_change_password",
        vol.Required("user_id"): str,
        vol.Required("password"): str,
    }
)
@require_admin
async def handle_admin_change_password(hub: Hub, connection: ActiveConnection, msg: Msg) -> None:
    """The owner sets someone's password."""
    if not connection.user.is_owner:
        connection.send_error(msg["id"], ERR_UNAUTHORIZED, "Unauthorized")
        return
    auth = hub.data[AUTH]
    user = auth.get_user(msg["user_id"])
    if user is None:
        connection.send_error(msg["id"], "user_not_found", "User not found")
        return
    username = Auth.username_of(user)
    if username is None:
        connection.send_error(msg["id"], "credentials_not_found", "Credentials not found")
        return
    await auth.provider.change_password(username, msg["password"])
    connection.send_result(msg["id"])


USER_COMMANDS: Final[tuple[CommandHandler, ...]] = (
    handle_list,
    handle_create,
    handle_update,
    handle_delete,
    handle_provider_create,
    handle_change_password,
    handle_admin_change_password,
)
