"""Authentication and authorisation (Home Assistant's model and wire behaviour).

``Auth`` is the one place that creates users, signs in, issues and validates tokens and
revokes them. HTTP views, the WebSocket API and the CLI all go through it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from hub.auth.auth_store import AuthStore
from hub.auth.models import (
    ACCESS_TOKEN_EXPIRATION,
    REFRESH_TOKEN_EXPIRATION,
    Credentials,
    RefreshToken,
    TokenType,
    User,
)
from hub.auth.password_provider import PasswordProvider
from hub.auth.permissions import GROUP_ADMIN, GROUP_NAMES, GROUP_READ_ONLY, GROUP_USER
from hub.auth.tokens import encode_access_token, unverified_issuer, verify_access_token
from hub.auth.totp import TotpModule
from hub.exceptions import AuthError
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

AUTH_CODE_LIFETIME: Final = 600.0
EVENT_USER_ADDED: Final = "user_added"
EVENT_USER_UPDATED: Final = "user_updated"
EVENT_USER_REMOVED: Final = "user_removed"

TokenRemovedCallback = Callable[[RefreshToken], None]

__all__ = [
    "AUTH",
    "Auth",
    "Credentials",
    "RefreshToken",
    "TokenType",
    "User",
]


class Auth:
    """Users, sign-in and tokens for one hub."""

    def __init__(self, hub: Hub, password_rounds: int | None = None) -> None:
        self.hub = hub
        self._store = AuthStore(hub)
        self.provider = (
            PasswordProvider(hub)
            if password_rounds is None
            else PasswordProvider(hub, password_rounds)
        )
        self._users: dict[str, User] = {}
        self._tokens_by_id: dict[str, RefreshToken] = {}
        self._tokens_by_secret: dict[str, RefreshToken] = {}
        # Single-use authorization codes: code -> (client_id, user id, expires at).
        self._codes: dict[str, tuple[str, str, float]] = {}
        self._token_removed: list[TokenRemovedCallback] = []
        # The one multi-factor module (HA's default "totp", "Authenticator app").
        self.mfa = TotpModule(hub)

    async def load(self) -> None:
        """Read users, credentials, refresh tokens, password hashes and MFA secrets."""
        self._users = await self._store.load()
        await self.provider.load()
        await self.mfa.load()
        for user in self._users.values():
            for token in user.refresh_tokens.values():
                self._index(token)

    # -- users -------------------------------------------------------------------------

    @property
    def users(self) -> list[User]:
        """Every user."""
        return list(self._users.values())

    def get_user(self, user_id: str) -> User | None:
        """The user with this id."""
        return self._users.get(user_id)

    def get_user_by_username(self, username: str) -> User | None:
        """The user signing in with this username."""
        wanted = username.strip().casefold()
        for user in self._users.values():
            for credential in user.credentials:
                if credential.data.get("username", "").casefold() == wanted:
                    return user
        return None

    @property
    def has_owner(self) -> bool:
        """Whether onboarding created the owner yet."""
        return any(user.is_owner for user in self._users.values())

    async def create_user(
        self,
        name: str,
        username: str,
        password: str,
        *,
        group: str = GROUP_USER,
        is_owner: bool = False,
        local_only: bool = False,
    ) -> User:
        """A person who signs in with a username and password."""
        if group not in (GROUP_ADMIN, GROUP_USER, GROUP_READ_ONLY):
            raise AuthError(f"Unknown group {group!r}")
        await self.provider.add(username, password)
        user = User(
            name=name,
            is_owner=is_owner,
            local_only=local_only,
            group_ids=[GROUP_ADMIN if is_owner else group],
            credentials=[
                Credentials("homeassistant", None, {"username": username.strip()}, is_new=False)
            ],
        )
        self._users[user.id] = user
        await self._store.save(self._users)
        self.hub.bus.fire_internal(EVENT_USER_ADDED, {"user_id": user.id})
        return user

    async def add_user(self, name: str, *, group_ids: list[str], local_only: bool = False) -> User:
        """A user without a login yet (the web UI adds the password next, with
        ``add_password_login``). The first person becomes the owner, as in HA."""
        _check_groups(group_ids)
        is_owner = not any(not user.system_generated for user in self._users.values())
        user = User(name=name, is_owner=is_owner, local_only=local_only, group_ids=list(group_ids))
        self._users[user.id] = user
        await self._store.save(self._users)
        self.hub.bus.fire_internal(EVENT_USER_ADDED, {"user_id": user.id})
        return user

    async def add_password_login(self, user: User, username: str, password: str) -> None:
        """Let ``user`` sign in with a username and password."""
        await self.provider.add(username, password)
        user.credentials.append(
            Credentials("homeassistant", None, {"username": username.strip()}, is_new=False)
        )
        await self._store.save(self._users)

    @staticmethod
    def username_of(user: User) -> str | None:
        """The username ``user`` signs in with, if any."""
        return next(
            (
                credential.data["username"]
                for credential in user.credentials
                if credential.auth_provider_type == "homeassistant"
                and "username" in credential.data
            ),
            None,
        )

    async def create_system_user(self, name: str, group: str) -> User:
        """A user for the hub's own parts (the federation link, later)."""
        user = User(name=name, system_generated=True, group_ids=[group])
        self._users[user.id] = user
        await self._store.save(self._users)
        self.hub.bus.fire_internal(EVENT_USER_ADDED, {"user_id": user.id})
        return user

    async def update_user(
        self,
        user: User,
        *,
        name: str | None = None,
        is_active: bool | None = None,
        group: str | None = None,
        group_ids: list[str] | None = None,
        local_only: bool | None = None,
    ) -> None:
        """Rename, (de)activate, regroup or restrict a user."""
        if group is not None:
            group_ids = [group]
        if group_ids is not None:
            _check_groups(group_ids)
        if name is not None:
            user.name = name
        if is_active is not None:
            user.is_active = is_active
        if local_only is not None:
            user.local_only = local_only
        if group_ids is not None:
            user.group_ids = list(group_ids)
            user.groups_changed()
        await self._store.save(self._users)
        self.hub.bus.fire_internal(EVENT_USER_UPDATED, {"user_id": user.id})

    async def remove_user(self, user: User) -> None:
        """Delete a user, their logins and every token."""
        for token in list(user.refresh_tokens.values()):
            self._forget(token)
        for credential in user.credentials:
            if "username" in credential.data:
                await self.provider.remove(credential.data["username"])
        await self.mfa.disable(user.id)
        self._users.pop(user.id, None)
        await self._store.save(self._users)
        self.hub.bus.fire_internal(EVENT_USER_REMOVED, {"user_id": user.id})

    # -- sign-in -------------------------------------------------------------------------

    async def authenticate(self, username: str, password: str) -> User:
        """The active user with these credentials; raises ``AuthError``."""
        stored_name = await self.provider.validate(username, password)
        user = self.get_user_by_username(stored_name)
        if user is None or not user.is_active:
            raise AuthError("User is not active")
        return user

    def create_authorization_code(self, client_id: str, user: User) -> str:
        """A single-use code the client exchanges at ``/auth/token`` (10 minutes)."""
        self._expire_codes()
        code = secrets.token_hex(16)
        self._codes[code] = (client_id, user.id, self.hub.clock.time() + AUTH_CODE_LIFETIME)
        return code

    def redeem_authorization_code(self, client_id: str, code: str) -> User | None:
        """The user a valid code was issued for; None when unknown, used, expired or for
        another client. A code is gone after one attempt, right or wrong client."""
        self._expire_codes()
        entry = self._codes.pop(code, None)
        if entry is None or entry[0] != client_id:
            return None
        return self._users.get(entry[1])

    def _expire_codes(self) -> None:
        now = self.hub.clock.time()
        for code in [code for code, (_, _, expires) in self._codes.items() if expires < now]:
            del self._codes[code]

    # -- tokens --------------------------------------------------------------------------

    async def create_refresh_token(
        self,
        user: User,
        client_id: str | None = None,
        *,
        client_name: str | None = None,
        client_icon: str | None = None,
        token_type: TokenType = TokenType.NORMAL,
        access_token_expiration: timedelta = ACCESS_TOKEN_EXPIRATION,
    ) -> RefreshToken:
        """A new login of ``user`` (saved at once)."""
        if token_type is TokenType.NORMAL and client_id is None:
            raise AuthError("A normal refresh token needs a client id")
        if token_type is TokenType.LONG_LIVED_ACCESS_TOKEN:
            if not client_name:
                raise AuthError("A long-lived access token needs a client name")
            if any(
                t.client_name == client_name and t.token_type is token_type
                for t in user.refresh_tokens.values()
            ):
                raise AuthError(f"{client_name} already exists")
        now = self.hub.clock.time()
        token = RefreshToken(
            user_id=user.id,
            token_type=token_type,
            client_id=client_id,
            client_name=client_name,
            client_icon=client_icon,
            access_token_expiration=access_token_expiration,
            created_at=now,
            expire_at=now + REFRESH_TOKEN_EXPIRATION.total_seconds()
            if token_type is TokenType.NORMAL
            else None,
            credential_id=user.credentials[0].id if user.credentials else None,
        )
        user.refresh_tokens[token.id] = token
        self._index(token)
        await self._store.save(self._users)
        return token

    def get_refresh_token(self, token_id: str) -> RefreshToken | None:
        """A refresh token by id."""
        return self._tokens_by_id.get(token_id)

    def get_refresh_token_by_secret(self, secret: str) -> RefreshToken | None:
        """A refresh token by the string the client holds (constant-time compare of the
        candidate found)."""
        token = self._tokens_by_secret.get(secret)
        if token is None or not secrets.compare_digest(token.token, secret):
            return None
        if token.expire_at is not None and token.expire_at < self.hub.clock.time():
            return None
        return token

    def create_access_token(self, refresh_token: RefreshToken, remote_ip: str | None = None) -> str:
        """A JWT for ``refresh_token``; slides a normal token's 90-day expiry."""
        now = self.hub.clock.time()
        refresh_token.last_used_at = now
        refresh_token.last_used_ip = remote_ip
        if refresh_token.expire_at is not None:
            refresh_token.expire_at = now + REFRESH_TOKEN_EXPIRATION.total_seconds()
        self._store.schedule_save(self._users)
        return encode_access_token(refresh_token, now, refresh_token.access_token_expiration)

    def validate_access_token(self, token: str) -> RefreshToken | None:
        """The refresh token behind a valid access token of an active user, else None."""
        issuer = unverified_issuer(token)
        if issuer is None:
            return None
        refresh_token = self._tokens_by_id.get(issuer)
        if refresh_token is None or not verify_access_token(
            token, refresh_token, self.hub.clock.time()
        ):
            return None
        user = self._users.get(refresh_token.user_id)
        if user is None or not user.is_active:
            return None
        return refresh_token

    async def set_refresh_token_expiry(self, refresh_token: RefreshToken, enable: bool) -> None:
        """Let a login lapse 90 days after its last use again, or never."""
        if not enable:
            refresh_token.expire_at = None
        elif refresh_token.expire_at is None:
            last_used = refresh_token.last_used_at or self.hub.clock.time()
            refresh_token.expire_at = last_used + REFRESH_TOKEN_EXPIRATION.total_seconds()
        await self._store.save(self._users)

    def user_of(self, refresh_token: RefreshToken) -> User:
        """The user a refresh token belongs to."""
        return self._users[refresh_token.user_id]

    async def remove_refresh_token(self, refresh_token: RefreshToken) -> None:
        """Revoke: its access tokens stop working and its WebSocket connections close."""
        self._forget(refresh_token)
        await self._store.save(self._users)

    def _forget(self, refresh_token: RefreshToken) -> None:
        user = self._users.get(refresh_token.user_id)
        if user is not None:
            user.refresh_tokens.pop(refresh_token.id, None)
        self._tokens_by_id.pop(refresh_token.id, None)
        self._tokens_by_secret.pop(refresh_token.token, None)
        for callback in list(self._token_removed):
            try:
                callback(refresh_token)
            except Exception:
                _LOGGER.exception("Error in a refresh-token-removed callback")

    def on_refresh_token_removed(self, callback: TokenRemovedCallback) -> Callable[[], None]:
        """Call ``callback(token)`` whenever a refresh token is revoked."""
        self._token_removed.append(callback)
        return lambda: self._token_removed.remove(callback)

    def _index(self, token: RefreshToken) -> None:
        self._tokens_by_id[token.id] = token
        self._tokens_by_secret[token.token] = token


def _check_groups(group_ids: list[str]) -> None:
    unknown = [group for group in group_ids if group not in GROUP_NAMES]
    if unknown:
        raise AuthError(f"Unknown group {unknown[0]!r}; use one of {', '.join(GROUP_NAMES)}")


AUTH: Final = HubKey[Auth]("auth")


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """The ``auth`` integration: login flow, token endpoints, onboarding, IP bans,
    signed paths and the auth WebSocket commands."""
    # Imported here: the views build on hub.http, which itself imports this package.
    from hub.auth.integration import setup_auth  # noqa: PLC0415

    await setup_auth(hub)
    return True
