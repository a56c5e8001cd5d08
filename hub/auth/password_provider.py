"""The ``homeassistant`` auth provider: usernames and bcrypt password hashes.

Stored apart from the users (``.storage/auth_provider.homeassistant``, mode 0600) as in
Home Assistant. Hashing and checking run in the executor: bcrypt is deliberately slow
(~0.2 s), and the event loop must not wait for it. A failed check against an unknown
username still spends the same time, so response time does not reveal which usernames
exist.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import bcrypt

from hub.exceptions import AuthError
from hub.storage import Store

if TYPE_CHECKING:
    from hub.core import Hub

PROVIDER_TYPE: Final = "homeassistant"
STORAGE_KEY: Final = "auth_provider.homeassistant"
STORAGE_VERSION: Final = 1
BCRYPT_ROUNDS: Final = 12


class InvalidAuth(AuthError):
    """Wrong username or password."""


class InvalidUser(AuthError):
    """The username is empty, taken or unknown."""


def normalize_username(username: str) -> str:
    """Usernames are matched trimmed and case-insensitively."""
    return username.strip().casefold()


@dataclass(slots=True)
class _Login:
    username: str
    password_hash: bytes


class PasswordProvider:
    """Usernames and password hashes."""

    type = PROVIDER_TYPE
    id: str | None = None
    name = "Home Assistant Local"

    def __init__(self, hub: Hub, rounds: int | None = None) -> None:
        self._hub = hub
        # Read at construction, not at import, so tests can lower the module constant.
        self._rounds = BCRYPT_ROUNDS if rounds is None else rounds
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION, private=True)
        self._logins: dict[str, _Login] = {}
        # Checked against for unknown usernames, so they cost as long as known ones.
        self._dummy_hash: bytes | None = None

    async def load(self) -> None:
        """Read the stored logins."""
        data = await self._store.load() or {"users": []}
        self._logins = {
            normalize_username(item["username"]): _Login(
                item["username"], base64.b64decode(item["password"])
            )
            for item in data["users"]
        }

    def _data(self) -> dict[str, Any]:
        return {
            "users": [
                {
                    "username": login.username,
                    "password": base64.b64encode(login.password_hash).decode(),
                }
                for login in self._logins.values()
            ]
        }

    def has_username(self, username: str) -> bool:
        """Whether a login with this username exists."""
        return normalize_username(username) in self._logins

    async def add(self, username: str, password: str) -> None:
        """Add a login (hashing in the executor) and save."""
        key = normalize_username(username)
        if not key:
            raise InvalidUser("A username is required")
        if key in self._logins:
            raise InvalidUser(f"Username {username.strip()!r} is already taken")
        password_hash = await self._hub.add_executor_job(self._hash, password)
        self._logins[key] = _Login(username.strip(), password_hash)
        await self._store.save(self._data())

    async def change_password(self, username: str, new_password: str) -> None:
        """Set a new password."""
        key = normalize_username(username)
        if key not in self._logins:
            raise InvalidUser(f"No user {username!r}")
        self._logins[key].password_hash = await self._hub.add_executor_job(self._hash, new_password)
        await self._store.save(self._data())

    async def remove(self, username: str) -> None:
        """Remove a login."""
        if self._logins.pop(normalize_username(username), None) is not None:
            await self._store.save(self._data())

    async def validate(self, username: str, password: str) -> str:
        """The stored spelling of ``username`` when the password matches; raises
        ``InvalidAuth`` otherwise."""
        login = self._logins.get(normalize_username(username))
        if login is not None:
            stored = login.password_hash
        else:
            if self._dummy_hash is None:
                self._dummy_hash = await self._hub.add_executor_job(self._hash, "not a password")
            stored = self._dummy_hash
        ok = await self._hub.add_executor_job(_check, password, stored)
        if login is None or not ok:
            raise InvalidAuth("Invalid username or password")
        return login.username

    def _hash(self, password: str) -> bytes:
        return bcrypt.hashpw(_prepared(password), bcrypt.gensalt(rounds=self._rounds))


def _prepared(password: str) -> bytes:
    """bcrypt reads at most 72 bytes (and bcrypt 5 refuses more), so long passphrases
    are first reduced to a fixed 44-byte SHA-256 digest: every character counts."""
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def _check(password: str, stored: bytes) -> bool:
    try:
        return bcrypt.checkpw(_prepared(password), stored)
    except ValueError:
        return False
