"""Fixtures of the auth tests: fast bcrypt, no fetching of client pages, a started hub
with an owner, and small HTTP and WebSocket clients that speak HA's auth protocol."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson
import pytest
from multidict import CIMultiDictProxy

from hub.auth import AUTH, indieauth, password_provider
from hub.auth.models import User
from hub.auth.permissions import GROUP_ADMIN, GROUP_USER
from hub.core import Hub
from hub.http.server import HTTP_SERVER
from tests.conftest import HubFactory

CLIENT_ID = "https://client.example/"
REDIRECT_URI = "https://client.example/callback?from=test"
OWNER = "owner"
# A second loopback address: requests from it have another remote IP than 127.0.0.1.
OTHER_IP = "127.0.0.2"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap password hashes: these tests are about the protocol, not bcrypt's cost."""
    monkeypatch.setattr(password_provider, "BCRYPT_ROUNDS", 4)


@pytest.fixture(autouse=True)
def client_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Redirect-URI rule 4 never reaches the network in tests: every client page is
    empty. The list records which pages would have been read."""
    fetched: list[str] = []

    async def no_fetch(url: str) -> list[str]:
        fetched.append(url)
        return []

    monkeypatch.setattr(indieauth, "fetch_redirect_uris", no_fetch)
    return fetched


def password_of(username: str) -> str:
    """Every test user's password."""
    return f"{username}-secret"


async def add_user(
    hub: Hub,
    username: str,
    *,
    group: str = GROUP_USER,
    owner: bool = False,
    local_only: bool = False,
) -> User:
    """A user who signs in with ``username`` / ``password_of(username)``."""
    return await hub.data[AUTH].create_user(
        username.title(),
        username,
        password_of(username),
        group=GROUP_ADMIN if owner else group,
        is_owner=owner,
        local_only=local_only,
    )


def base_url(hub: Hub) -> str:
    """Where the hub's server listens."""
    host, port = hub.data[HTTP_SERVER].bound[0]
    return f"http://{host}:{port}"


@dataclass(slots=True)
class Reply:
    """A finished answer."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return orjson.loads(self.body)

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode()


@dataclass(slots=True)
class AuthClient:
    """Talks to a running hub's auth endpoints from one address."""

    hub: Hub
    session: aiohttp.ClientSession
    base: str

    async def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        """Send and read the whole answer."""
        async with self.session.request(method, self.base + path, **kwargs) as response:
            return Reply(response.status, response.headers, await response.read())

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("POST", path, **kwargs)

    async def start_flow(
        self, client_id: str = CLIENT_ID, redirect_uri: str = REDIRECT_URI, **extra: Any
    ) -> Reply:
        """``POST /auth/login_flow`` for the local provider."""
        body = {
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": redirect_uri,
            **extra,
        }
        return await self.post("/auth/login_flow", json=body)

    async def step(self, flow_id: str, client_id: str = CLIENT_ID, **user_input: Any) -> Reply:
        """``POST /auth/login_flow/<flow_id>``."""
        return await self.post(
            f"/auth/login_flow/{flow_id}", json={"client_id": client_id, **user_input}
        )

    async def login(self, username: str, password: str | None = None) -> str:
        """Run the login flow to its authorization code (no MFA)."""
        flow = (await self.start_flow()).json()
        reply = await self.step(
            flow["flow_id"], username=username, password=password or password_of(username)
        )
        result = reply.json()
        assert result["type"] == "create_entry", result
        code: str = result["result"]
        return code

    async def token(self, **form: str) -> Reply:
        """``POST /auth/token`` with a form body."""
        return await self.post("/auth/token", data=form)

    async def tokens(self, username: str) -> dict[str, Any]:
        """Sign in and exchange the code: access and refresh tokens."""
        code = await self.login(username)
        reply = await self.token(grant_type="authorization_code", code=code, client_id=CLIENT_ID)
        assert reply.status == 200, reply.text
        tokens: dict[str, Any] = reply.json()
        return tokens


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client session (from 127.0.0.1), closed after the test."""
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def other_session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client session whose requests come from ``OTHER_IP``."""
    connector = aiohttp.TCPConnector(local_addr=(OTHER_IP, 0))
    async with aiohttp.ClientSession(connector=connector) as client:
        yield client


async def started(hub: Hub, session: aiohttp.ClientSession) -> AuthClient:
    """Start ``hub`` with an owner account; a client for it."""
    await add_user(hub, OWNER, owner=True)
    await hub.start()
    return AuthClient(hub, session, base_url(hub))


@pytest.fixture
async def client(make_hub: HubFactory, session: aiohttp.ClientSession) -> AuthClient:
    """A started hub (defaults, onboarded owner ``owner``) and a client from 127.0.0.1."""
    return await started(await make_hub(""), session)


class WsClient:
    """A WebSocket API client past the auth phase."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._id = 0

    @classmethod
    async def connect(
        cls, session: aiohttp.ClientSession, base: str, access_token: str
    ) -> WsClient:
        """Open ``/api/websocket`` and authenticate."""
        ws = await session.ws_connect(base + "/api/websocket")
        assert (await ws.receive_json())["type"] == "auth_required"
        await ws.send_json({"type": "auth", "access_token": access_token})
        reply = await ws.receive_json()
        assert reply["type"] == "auth_ok", reply
        return cls(ws)

    async def command(self, command_type: str, **fields: Any) -> dict[str, Any]:
        """Send a command; its result message."""
        self._id += 1
        await self.ws.send_json({"id": self._id, "type": command_type, **fields})
        while True:
            message: dict[str, Any] = await self.ws.receive_json(timeout=5)
            if message.get("id") == self._id and message["type"] == "result":
                return message

    async def result(self, command_type: str, **fields: Any) -> Any:
        """The result of a command that must succeed."""
        message = await self.command(command_type, **fields)
        assert message["success"], message
        return message["result"]

    async def error(self, command_type: str, **fields: Any) -> dict[str, Any]:
        """The error of a command that must fail."""
        message = await self.command(command_type, **fields)
        assert not message["success"], message
        error: dict[str, Any] = message["error"]
        return error

    async def close(self) -> None:
        await self.ws.close()


async def ws_as(client: AuthClient, username: str) -> WsClient:
    """A WebSocket connection signed in as ``username`` through the login flow."""
    tokens = await client.tokens(username)
    return await WsClient.connect(client.session, client.base, tokens["access_token"])
