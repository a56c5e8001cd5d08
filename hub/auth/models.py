"""Users, credentials and refresh tokens (Home Assistant's auth data model).

A *refresh token* is a login of one user on one client (the web UI in a browser, the
companion app, a script's long-lived token). Access tokens are short JWTs signed with
the refresh token's own key, so revoking the refresh token invalidates them all at once
and nothing about access tokens needs to be stored.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Final

from hub.auth.permissions import GROUP_ADMIN, Permissions, permissions_for_groups

ACCESS_TOKEN_EXPIRATION: Final = timedelta(minutes=30)
# A normal refresh token lapses this long after it was last used (HA: 90 days).
REFRESH_TOKEN_EXPIRATION: Final = timedelta(days=90)


class TokenType(StrEnum):
    """Kinds of refresh token."""

    NORMAL = "normal"
    SYSTEM = "system"
    LONG_LIVED_ACCESS_TOKEN = "long_lived_access_token"


def new_id() -> str:
    """A 32-character lowercase hex id (HA's user, token and credential ids)."""
    return uuid.uuid4().hex


@dataclass(slots=True)
class Credentials:
    """How a user signs in: a provider and the provider's data (the username)."""

    auth_provider_type: str
    auth_provider_id: str | None
    data: dict[str, str]
    id: str = field(default_factory=new_id)
    is_new: bool = True


@dataclass(slots=True)
class RefreshToken:
    """One login of a user on one client."""

    user_id: str
    token_type: TokenType
    client_id: str | None = None
    client_name: str | None = None
    client_icon: str | None = None
    access_token_expiration: timedelta = ACCESS_TOKEN_EXPIRATION
    id: str = field(default_factory=new_id)
    created_at: float = 0.0
    # The secret the client holds (never shown for long-lived tokens) and the key that
    # signs this token's access tokens.
    token: str = field(default_factory=lambda: secrets.token_hex(64))
    jwt_key: str = field(default_factory=lambda: secrets.token_hex(64))
    last_used_at: float | None = None
    last_used_ip: str | None = None
    expire_at: float | None = None
    credential_id: str | None = None


@dataclass(slots=True)
class User:
    """A person (or the system) who may use the hub."""

    name: str
    id: str = field(default_factory=new_id)
    is_owner: bool = False
    is_active: bool = True
    system_generated: bool = False
    local_only: bool = False
    group_ids: list[str] = field(default_factory=list)
    credentials: list[Credentials] = field(default_factory=list)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    _permissions: Permissions | None = field(default=None, repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        """Owners and members of the admin group administer the hub."""
        return self.is_owner or GROUP_ADMIN in self.group_ids

    @property
    def permissions(self) -> Permissions:
        """What the user may read and control (computed once per group change)."""
        if self._permissions is None:
            self._permissions = permissions_for_groups(self.group_ids, is_owner=self.is_owner)
        return self._permissions

    def groups_changed(self) -> None:
        """Forget cached permissions after ``group_ids`` changed."""
        self._permissions = None
