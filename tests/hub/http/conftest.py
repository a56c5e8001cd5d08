"""Fixtures of the HTTP tests: a started hub with an admin, a user and a read-only user,
and a small client that sends requests as one of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson
import pytest
from multidict import CIMultiDictProxy

from hub.auth import AUTH, password_provider
from hub.auth.permissions import GROUP_ADMIN, GROUP_READ_ONLY, GROUP_USER
from hub.core import Hub
from hub.http.server import HTTP_SERVER
from tests.conftest import HubFactory

CLIENT_ID = "https://example.invalid/"
ROLES = {"admin": GROUP_ADMIN, "user": GROUP_USER, "read_only": GROUP_READ_ONLY}


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap password hashes: these tests are about the API, not about bcrypt."""
    monkeypatch.setattr(password_provider, "BCRYPT_ROUNDS", 4)


def base_url(hub: Hub, scheme: str = "http") -> str:
    """Where the hub's server listens."""
    host, port = hub.data[HTTP_SERVER].bound[0]
    return f"{scheme}://{host}:{port}"


@dataclass(slots=True)
class Reply:
    """A finished answer: status, headers and the whole body."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    content_type: str

    def json(self) -> Any:
        """The body parsed as JSON."""
        return orjson.loads(self.body)

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode()


@dataclass(slots=True)
class ApiClient:
    """Sends requests to a running hub, authenticated as one of its test users."""

    hub: Hub
    session: aiohttp.ClientSession
    base: str
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)

    def auth(self, role: str | None) -> dict[str, str]:
        """The Authorization header of ``role`` (None: no header)."""
        return {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}

    async def request(
        self,
        method: str,
        path: str,
        *,
        role: str | None = "admin",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Reply:
        """Send and read the whole answer."""
        async with self.session.request(
            method, self.base + path, headers={**self.auth(role), **(headers or {})}, **kwargs
        ) as response:
            return Reply(
                response.status, response.headers, await response.read(), response.content_type
            )

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("POST", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("DELETE", path, **kwargs)

    async def add_user(self, role: str, group: str) -> None:
        """Create a user in ``group`` with an access token, known as ``role``."""
        auth = self.hub.data[AUTH]
        user = await auth.create_user(role.title(), role, f"{role}-password", group=group)
        refresh_token = await auth.create_refresh_token(user, client_id=CLIENT_ID)
        self.tokens[role] = auth.create_access_token(refresh_token)
        self.user_ids[role] = user.id


async def start_api(hub: Hub, session: aiohttp.ClientSession, scheme: str = "http") -> ApiClient:
    """Start ``hub`` and give it the three test users."""
    await hub.start()
    client = ApiClient(hub, session, base_url(hub, scheme))
    for role, group in ROLES.items():
        await client.add_user(role, group)
    return client


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client session, closed after the test."""
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def api(make_hub: HubFactory, session: aiohttp.ClientSession) -> ApiClient:
    """A started demo home with an admin, a user and a read-only user."""
    return await start_api(await make_hub("demo:\n"), session)


@pytest.fixture
async def bare_api(make_hub: HubFactory, session: aiohttp.ClientSession) -> ApiClient:
    """A started hub without integrations beyond the always-present ones."""
    return await start_api(await make_hub(""), session)
