"""Registering WebSocket commands.

A command handler is a function ``(hub, connection, msg)`` (plain, or ``async`` for work
that waits; an async handler runs as a task so the connection keeps reading) decorated
with its message schema::

    @websocket_command({vol.Required("type"): "get_states"})
    def handle_get_states(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        connection.send_result(msg["id"], hub.states.all())

    register_command(hub, handle_get_states)

``@require_admin`` (below ``@websocket_command``) answers non-admins with HA's
``unauthorized`` error. The schema validates the whole message (``id`` and ``type``
are added); a message that fails it gets ``invalid_format`` with the humanised error.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

CommandHandler = Callable[["Hub", "ActiveConnection", dict[str, Any]], Awaitable[None] | None]

ERR_ID_REUSE: Final = "id_reuse"
ERR_INVALID_FORMAT: Final = "invalid_format"
ERR_NOT_ALLOWED: Final = "not_allowed"
ERR_NOT_FOUND: Final = "not_found"
ERR_NOT_SUPPORTED: Final = "not_supported"
ERR_HOME_ASSISTANT_ERROR: Final = "home_assistant_error"
ERR_SERVICE_VALIDATION_ERROR: Final = "service_validation_error"
ERR_UNKNOWN_COMMAND: Final = "unknown_command"
ERR_UNKNOWN_ERROR: Final = "unknown_error"
ERR_UNAUTHORIZED: Final = "unauthorized"
ERR_TIMEOUT: Final = "timeout"
ERR_TEMPLATE_ERROR: Final = "template_error"


@dataclass(slots=True, frozen=True)
class Command:
    """A registered command."""

    type: str
    handler: CommandHandler
    schema: vol.Schema


def websocket_command(
    schema: Mapping[Any, Any] | Callable[[dict[str, Any]], dict[str, Any]],
    command_type: str | None = None,
) -> Callable[[CommandHandler], CommandHandler]:
    """Attach the message schema (a mapping holding ``vol.Required("type"): "<name>"``).

    A hot command may pass a hand-written validator instead, with ``command_type``; it
    raises ``vol.Invalid`` (with a ``path``) like voluptuous would.
    """
    if callable(schema):
        if command_type is None:
            raise ValueError("a validator function needs command_type")
        full = vol.Schema(schema)
    else:
        type_key = next(key for key in schema if str(key) == "type")
        command_type = schema[type_key]
        full = vol.Schema({vol.Required("id"): int, **schema})

    def decorate(handler: CommandHandler) -> CommandHandler:
        handler._ws_command = Command(command_type, handler, full)  # type: ignore[attr-defined]
        return handler

    return decorate


def require_admin(handler: CommandHandler) -> CommandHandler:
    """Refuse the command to non-admin users with ``unauthorized``."""

    @functools.wraps(handler)
    def check(
        hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
    ) -> Awaitable[None] | None:
        if not connection.user.is_admin:
            connection.send_error(msg["id"], ERR_UNAUTHORIZED, "Unauthorized")
            return None
        return handler(hub, connection, msg)

    return check


class CommandRegistry:
    """Every command the WebSocket API understands, by type."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}

    def register(self, handler: CommandHandler) -> None:
        """Add a decorated handler (later registrations replace earlier ones)."""
        command: Command | None = getattr(handler, "_ws_command", None)
        if command is None:
            raise ValueError(f"{handler!r} is not decorated with @websocket_command")
        # Whatever order the decorators were stacked in, run the outermost callable (the
        # one given here), so a ``require_admin`` check is never skipped.
        self.commands[command.type] = Command(command.type, handler, command.schema)


COMMANDS: Final = HubKey[CommandRegistry]("websocket_commands")


def register_command(hub: Hub, handler: CommandHandler) -> None:
    """Make ``handler`` answer its command type on every connection."""
    hub.data.setdefault(COMMANDS, CommandRegistry()).register(handler)
