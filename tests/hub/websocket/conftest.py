"""A started hub with the demo home, an admin, a user and a read-only user, and a
client speaking the WebSocket protocol to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import orjson
import pytest

from hub.auth import AUTH
from hub.auth.permissions import GROUP_ADMIN, GROUP_READ_ONLY, GROUP_USER
from hub.core import Hub
from hub.http.server import HTTP_SERVER
from tests.conftest import HubFactory


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap password hashing: these tests are about the protocol."""
    monkeypatch.setattr("hub.auth.password_provider.BCRYPT_ROUNDS", 4)


class WsClient:
    """A minimal HA WebSocket client that keeps unsolicited messages for inspection."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 1
        self._buffer: list[dict[str, Any]] = []
        # Messages that arrived while waiting for something else.
        self._held: list[dict[str, Any]] = []

    async def send(self, message: dict[str, Any] | list[Any]) -> None:
        await self.ws.send_str(orjson.dumps(message).decode())

    async def receive(self, timeout: float = 5.0) -> dict[str, Any]:
        """The next message (arrays from coalescing are unpacked)."""
        if not self._buffer:
            raw = await self.ws.receive(timeout=timeout)
            assert raw.type is aiohttp.WSMsgType.TEXT, raw
            data = orjson.loads(raw.data)
            self._buffer.extend(data if isinstance(data, list) else [data])
        return self._buffer.pop(0)

    async def command(self, type_: str, **fields: Any) -> dict[str, Any]:
        """Send a command and return its result message (others are held for later)."""
        msg_id = self.next_id
        self.next_id += 1
        await self.send({"id": msg_id, "type": type_, **fields})
        while True:
            message = await self.receive()
            if message.get("id") == msg_id and message["type"] in ("result", "pong"):
                return message
            self._held.append(message)

    async def event(self, subscription: int) -> Any:
        """The next event of a subscription."""
        for index, message in enumerate(self._held):
            if message.get("id") == subscription and message["type"] == "event":
                return self._held.pop(index)["event"]
        while True:
            message = await self.receive()
            if message.get("id") == subscription and message["type"] == "event":
                return message["event"]
            self._held.append(message)


Connect = Callable[..., Awaitable[WsClient]]


@pytest.fixture
async def demo_hub(make_hub: HubFactory) -> Hub:
    hub = await make_hub("demo:\n")
    await hub.start()
    return hub


@pytest.fixture
async def tokens(demo_hub: Hub) -> dict[str, str]:
    """Access tokens for an admin, a user and a read-only user."""
    auth = demo_hub.data[AUTH]
    result = {}
    for name, group in (("admin", GROUP_ADMIN), ("user", GROUP_USER), ("reader", GROUP_READ_ONLY)):
        user = await auth.create_user(name.title(), name, "secret", group=group)
        refresh = await auth.create_refresh_token(user, "http://localhost/")
        result[name] = auth.create_access_token(refresh)
    return result


@pytest.fixture
async def connect(demo_hub: Hub, tokens: dict[str, str]) -> AsyncIterator[Connect]:
    """``await connect("admin")``: an authenticated client."""
    port = demo_hub.data[HTTP_SERVER].bound[0][1]
    session = aiohttp.ClientSession()
    sockets: list[aiohttp.ClientWebSocketResponse] = []

    async def open_client(who: str = "admin", authenticate: bool = True) -> WsClient:
        ws = await session.ws_connect(f"http://127.0.0.1:{port}/api/websocket")
        sockets.append(ws)
        client = WsClient(ws)
        assert (await client.receive())["type"] == "auth_required"
        if authenticate:
            await client.send({"type": "auth", "access_token": tokens[who]})
            assert (await client.receive())["type"] == "auth_ok"
        return client

    yield open_client
    for ws in sockets:
        await ws.close()
    await session.close()
