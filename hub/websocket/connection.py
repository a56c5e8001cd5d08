"""One WebSocket client: the auth phase, then commands in and messages out.

Outgoing messages go through a queue drained by a writer task, so no handler ever waits
for the network. A client that opted in to ``coalesce_messages`` gets bursts as one JSON
array per frame (up to 256 messages), which keeps syscalls few at high event rates;
others get one message per frame (HC and iOS parse only objects). A client that stops
reading is disconnected, never waited for: 4096 queued messages, or more than 1024
queued for 5 s, close the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from aiohttp import WSMsgType, web
from voluptuous.humanize import humanize_error

from hub.auth.models import RefreshToken, User
from hub.exceptions import (
    HubError,
    ServiceNotFound,
    ServiceValidationError,
    Unauthorized,
)
from hub.websocket import messages
from hub.websocket.commands import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_ID_REUSE,
    ERR_INVALID_FORMAT,
    ERR_NOT_FOUND,
    ERR_SERVICE_VALIDATION_ERROR,
    ERR_UNAUTHORIZED,
    ERR_UNKNOWN_COMMAND,
    ERR_UNKNOWN_ERROR,
    CommandRegistry,
)

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

MAX_PENDING: Final = 4096
PENDING_SOFT_LIMIT: Final = 1024
PENDING_SOFT_SECONDS: Final = 5.0
COALESCE_MAX: Final = 256
FEATURE_COALESCE: Final = "coalesce_messages"


class ActiveConnection:
    """An authenticated WebSocket client."""

    def __init__(
        self,
        hub: Hub,
        ws: web.WebSocketResponse,
        user: User,
        refresh_token: RefreshToken,
        commands: CommandRegistry,
    ) -> None:
        self.hub = hub
        self.user = user
        self.refresh_token = refresh_token
        self.coalesce = False
        # Subscription id -> the function that ends it (unsubscribe_events ends any).
        self.subscriptions: dict[int, Callable[[], None]] = {}
        self._ws = ws
        self._commands = commands.commands
        self._last_id = 0
        self._queue: deque[bytes] = deque()
        self._wake = asyncio.Event()
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._soft_limit_timer: asyncio.TimerHandle | None = None
        self._writer = asyncio.get_running_loop().create_task(
            self._write(), name="websocket writer"
        )

    # -- sending ---------------------------------------------------------------------

    def send_message(self, message: bytes) -> None:
        """Queue a message; a client too slow to keep up is disconnected."""
        if self._closing:
            return
        queue = self._queue
        queue.append(message)
        size = len(queue)
        if size == 1:
            self._wake.set()
        elif size >= MAX_PENDING:
            _LOGGER.warning(
                "WebSocket client of %s is too slow (%d messages pending); closing",
                self.user.name,
                size,
            )
            self.close()
        elif size > PENDING_SOFT_LIMIT and self._soft_limit_timer is None:
            self._soft_limit_timer = asyncio.get_running_loop().call_later(
                PENDING_SOFT_SECONDS, self._check_soft_limit
            )

    def send_result(self, msg_id: int, result: Any = None) -> None:
        """Answer a command successfully."""
        self.send_message(messages.result_message(msg_id, result))

    def send_error(
        self,
        msg_id: int | str | None,
        code: str,
        message: str,
        translation_key: str | None = None,
        translation_placeholders: dict[str, Any] | None = None,
    ) -> None:
        """Answer a command with an error."""
        self.send_message(
            messages.error_message(msg_id, code, message, translation_key, translation_placeholders)
        )

    def send_event(self, msg_id: int, event: Any) -> None:
        """Send an event of subscription ``msg_id`` (bytes are sent as already encoded)."""
        payload = event if isinstance(event, bytes) else messages.dumps(event)
        self.send_message(messages.event_message(msg_id, payload))

    def _check_soft_limit(self) -> None:
        self._soft_limit_timer = None
        if len(self._queue) > PENDING_SOFT_LIMIT:
            _LOGGER.warning(
                "WebSocket client of %s kept more than %d messages pending for %.0f s; closing",
                self.user.name,
                PENDING_SOFT_LIMIT,
                PENDING_SOFT_SECONDS,
            )
            self.close()

    async def _write(self) -> None:
        queue, wake, ws = self._queue, self._wake, self._ws
        try:
            while True:
                if not queue:
                    wake.clear()
                    await wake.wait()
                if self.coalesce and len(queue) > 1:
                    # Let the producers of this loop turn add theirs, then send one frame.
                    await asyncio.sleep(0)
                    count = min(len(queue), COALESCE_MAX)
                    frame = b"[" + b",".join([queue.popleft() for _ in range(count)]) + b"]"
                else:
                    frame = queue.popleft()
                await ws.send_frame(frame, WSMsgType.TEXT)
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return

    # -- receiving -------------------------------------------------------------------

    def handle_payload(self, payload: Any) -> None:
        """Handle one decoded frame: a command object or an array of them."""
        if isinstance(payload, list):
            for item in payload:
                self._handle_command(item)
        else:
            self._handle_command(payload)

    def _handle_command(self, msg: Any) -> None:
        if not isinstance(msg, dict):
            self.send_error(None, ERR_INVALID_FORMAT, "Message incorrectly formatted.")
            return
        msg_id = msg.get("id")
        if type(msg_id) is not int or msg_id <= 0:
            self.send_error(
                msg_id if isinstance(msg_id, int | str) else None,
                ERR_INVALID_FORMAT,
                "Message incorrectly formatted.",
            )
            return
        command = self._commands.get(msg.get("type"))  # type: ignore[arg-type]
        if command is None:
            self.send_error(msg_id, ERR_UNKNOWN_COMMAND, "Unknown command.")
            return
        if msg_id <= self._last_id:
            self.send_error(msg_id, ERR_ID_REUSE, "Identifier values have to increase.")
            return
        self._last_id = msg_id
        try:
            valid = command.schema(msg)
        except vol.Invalid as err:
            self.send_error(msg_id, ERR_INVALID_FORMAT, humanize_error(msg, err))
            return
        try:
            result = command.handler(self.hub, self, valid)
        except Exception as err:
            self.send_exception(msg_id, err)
            return
        if result is not None:
            task = asyncio.get_running_loop().create_task(
                self._run(msg_id, result), name=f"ws {command.type}"
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, msg_id: int, work: Awaitable[None]) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception as err:
            self.send_exception(msg_id, err)

    def send_exception(self, msg_id: int, err: Exception) -> None:
        """Answer with the HA error code that fits the exception."""
        if isinstance(err, vol.Invalid):
            self.send_error(msg_id, ERR_INVALID_FORMAT, str(err))
        elif isinstance(err, Unauthorized):
            self.send_error(msg_id, ERR_UNAUTHORIZED, "Unauthorized")
        elif isinstance(err, ServiceNotFound):
            self.send_error(
                msg_id,
                ERR_NOT_FOUND,
                str(err),
                "service_not_found",
                dict(err.translation_placeholders),
            )
        elif isinstance(err, ServiceValidationError):
            self.send_error(
                msg_id,
                ERR_SERVICE_VALIDATION_ERROR,
                f"Validation error: {err}",
                err.translation_key,
                {k: str(v) for k, v in err.translation_placeholders.items()}
                if err.translation_key
                else None,
            )
        elif isinstance(err, HubError):
            self.send_error(msg_id, ERR_HOME_ASSISTANT_ERROR, str(err))
        else:
            _LOGGER.exception("Error handling WebSocket message %d", msg_id, exc_info=err)
            self.send_error(msg_id, ERR_UNKNOWN_ERROR, str(err) or "Unknown error")

    # -- closing ---------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (from any callback)."""
        if self._closing:
            return
        self._closing = True
        self._queue.clear()
        asyncio.get_running_loop().create_task(self._ws.close(), name="websocket close")

    def cleanup(self) -> None:
        """End every subscription and task (the socket has closed)."""
        self._closing = True
        for unsubscribe in self.subscriptions.values():
            with contextlib.suppress(Exception):
                unsubscribe()
        self.subscriptions.clear()
        for task in self._tasks:
            task.cancel()
        self._writer.cancel()
        if self._soft_limit_timer is not None:
            self._soft_limit_timer.cancel()
