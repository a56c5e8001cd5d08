"""``GET /api/websocket``: the upgrade, the auth phase, and the read loop.

The auth phase follows HA exactly: ``auth_required`` at once, then one ``auth`` message
within 10 s; a bad token gets ``auth_invalid`` (and counts as a failed login for IP
bans), a malformed message ``auth_invalid`` with the reason, anything else (timeout,
binary, bad JSON) a silent close.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Final

import orjson
from aiohttp import WSMsgType, web

from hub.auth import AUTH
from hub.auth.local_access import user_access_error
from hub.core import CoreState
from hub.http.ban import record_failed_login, record_successful_login
from hub.http.view import HubView
from hub.websocket import messages
from hub.websocket.commands import COMMANDS, CommandRegistry
from hub.websocket.connection import ActiveConnection

if TYPE_CHECKING:
    from hub.auth.models import RefreshToken
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

AUTH_TIMEOUT: Final = 10.0
HEARTBEAT: Final = 55.0
MAX_MESSAGE_SIZE: Final = 4 * 1024 * 1024


class LiveConnections:
    """Every open connection, so revoking a token or stopping the hub closes them."""

    def __init__(self) -> None:
        self._by_token: dict[str, set[ActiveConnection]] = {}
        self._sockets: set[web.WebSocketResponse] = set()

    def add(self, connection: ActiveConnection) -> None:
        self._by_token.setdefault(connection.refresh_token.id, set()).add(connection)

    def discard(self, connection: ActiveConnection) -> None:
        connections = self._by_token.get(connection.refresh_token.id)
        if connections is not None:
            connections.discard(connection)
            if not connections:
                del self._by_token[connection.refresh_token.id]

    def token_revoked(self, token: RefreshToken) -> None:
        """Close the connections signed in with ``token``."""
        for connection in list(self._by_token.get(token.id, ())):
            connection.close()

    async def close_all(self) -> None:
        """Close every socket (hub stop)."""
        sockets = list(self._sockets)
        if sockets:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    @property
    def count(self) -> int:
        """Authenticated connections open now."""
        return sum(len(connections) for connections in self._by_token.values())


class WebSocketView(HubView):
    """The WebSocket API endpoint (authentication happens inside the protocol)."""

    url = "/api/websocket"
    name = "websocketapi"
    requires_auth = False

    def __init__(self, connections: LiveConnections) -> None:
        self._connections = connections

    async def get(self, request: web.Request) -> web.WebSocketResponse:
        hub = self.hub(request)
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE_SIZE)
        await ws.prepare(request)
        if hub.state not in (CoreState.STARTING, CoreState.RUNNING):
            await ws.close()
            return ws
        self._connections._sockets.add(ws)
        try:
            await self._serve(hub, request, ws)
        finally:
            self._connections._sockets.discard(ws)
            if not ws.closed:
                await ws.close()
        return ws

    async def _serve(self, hub: Hub, request: web.Request, ws: web.WebSocketResponse) -> None:
        await ws.send_frame(messages.AUTH_REQUIRED, WSMsgType.TEXT)
        refresh_token = await _authenticate(hub, request, ws)
        if refresh_token is None:
            return
        auth = hub.data[AUTH]
        connection = ActiveConnection(
            hub, ws, auth.user_of(refresh_token), refresh_token, hub.data[COMMANDS]
        )
        connection.send_message(messages.AUTH_OK)
        self._connections.add(connection)
        try:
            await _read(connection, ws)
        finally:
            self._connections.discard(connection)
            connection.cleanup()


async def _authenticate(
    hub: Hub, request: web.Request, ws: web.WebSocketResponse
) -> RefreshToken | None:
    try:
        message = await ws.receive(timeout=AUTH_TIMEOUT)
    except TimeoutError:
        _LOGGER.debug("WebSocket client did not authenticate in %.0f s", AUTH_TIMEOUT)
        return None
    if message.type is not WSMsgType.TEXT:
        return None
    try:
        data = orjson.loads(message.data)
    except orjson.JSONDecodeError:
        return None
    problem = _auth_message_problem(data)
    if problem is not None:
        await ws.send_frame(
            messages.auth_invalid(f"Auth message incorrectly formatted: {problem}"), WSMsgType.TEXT
        )
        return None
    auth = hub.data[AUTH]
    refresh_token = auth.validate_access_token(data["access_token"])
    if refresh_token is None:
        await ws.send_frame(messages.AUTH_INVALID, WSMsgType.TEXT)
        record_failed_login(request, "WebSocket auth with an invalid access token")
        return None
    refused = user_access_error(auth.user_of(refresh_token), request.remote)
    if refused is not None:  # inactive, or local-only from outside the home network
        await ws.send_frame(messages.auth_invalid(refused), WSMsgType.TEXT)
        record_failed_login(request, f"WebSocket auth refused: {refused}")
        return None
    record_successful_login(request)
    return refresh_token


def _auth_message_problem(data: Any) -> str | None:
    if not isinstance(data, dict) or data.get("type") != "auth":
        return 'expected a message {"type": "auth", "access_token": ...}'
    if "api_password" in data:
        return "api_password is not supported; use an access token"
    if not isinstance(data.get("access_token"), str):
        return "required key not provided @ data['access_token']"
    extra = set(data) - {"type", "access_token"}
    if extra:
        return f"extra keys not allowed @ data['{sorted(extra)[0]}']"
    return None


async def _read(connection: ActiveConnection, ws: web.WebSocketResponse) -> None:
    async for message in ws:
        if message.type is WSMsgType.TEXT:
            try:
                payload = orjson.loads(message.data)
            except orjson.JSONDecodeError:
                _LOGGER.warning(
                    "WebSocket client of %s sent invalid JSON; closing", connection.user.name
                )
                return
            connection.handle_payload(payload)
        elif message.type is WSMsgType.BINARY:
            continue  # binary handlers (Assist audio) are not offered
        else:
            return


__all__ = ["CommandRegistry", "LiveConnections", "WebSocketView"]
