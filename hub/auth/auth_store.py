"""``.storage/auth``: users, their credentials and refresh tokens (private, 0600)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from hub.auth.models import Credentials, RefreshToken, TokenType, User
from hub.storage import Store

if TYPE_CHECKING:
    from hub.core import Hub

STORAGE_KEY: Final = "auth"
STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 1.0


class AuthStore:
    """Loads and saves the auth data; the ``Auth`` facade owns the objects."""

    def __init__(self, hub: Hub) -> None:
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION, private=True)

    async def load(self) -> dict[str, User]:
        """Every stored user with credentials and refresh tokens."""
        data = await self._store.load()
        if data is None:
            return {}
        users = {item["id"]: _user(item) for item in data["users"]}
        for item in data["credentials"]:
            user = users.get(item["user_id"])
            if user is not None:
                user.credentials.append(
                    Credentials(
                        item["auth_provider_type"],
                        item["auth_provider_id"],
                        dict(item["data"]),
                        item["id"],
                        False,
                    )
                )
        for item in data["refresh_tokens"]:
            user = users.get(item["user_id"])
            if user is not None:
                token = _refresh_token(item)
                user.refresh_tokens[token.id] = token
        return users

    def schedule_save(self, users: dict[str, User]) -> None:
        """Save soon (token use updates last_used_at on every refresh)."""
        self._store.delay_save(lambda: _to_storage(users), SAVE_DELAY)

    async def save(self, users: dict[str, User]) -> None:
        """Save now (user and token changes that must not be lost)."""
        await self._store.save(_to_storage(users))


def _user(item: dict[str, Any]) -> User:
    return User(
        name=item["name"],
        id=item["id"],
        is_owner=item["is_owner"],
        is_active=item["is_active"],
        system_generated=item["system_generated"],
        local_only=item.get("local_only", False),
        group_ids=list(item["group_ids"]),
    )


def _refresh_token(item: dict[str, Any]) -> RefreshToken:
    return RefreshToken(
        user_id=item["user_id"],
        token_type=TokenType(item["token_type"]),
        client_id=item["client_id"],
        client_name=item["client_name"],
        client_icon=item["client_icon"],
        access_token_expiration=timedelta(seconds=item["access_token_expiration"]),
        id=item["id"],
        created_at=item["created_at"],
        token=item["token"],
        jwt_key=item["jwt_key"],
        last_used_at=item["last_used_at"],
        last_used_ip=item["last_used_ip"],
        expire_at=item["expire_at"],
        credential_id=item["credential_id"],
    )


def _to_storage(users: dict[str, User]) -> dict[str, Any]:
    return {
        "users": [
            {
                "id": user.id,
                "name": user.name,
                "is_owner": user.is_owner,
                "is_active": user.is_active,
                "system_generated": user.system_generated,
                "local_only": user.local_only,
                "group_ids": user.group_ids,
            }
            for user in users.values()
        ],
        "credentials": [
            {
                "id": credential.id,
                "user_id": user.id,
                "auth_provider_type": credential.auth_provider_type,
                "auth_provider_id": credential.auth_provider_id,
                "data": credential.data,
            }
            for user in users.values()
            for credential in user.credentials
        ],
        "refresh_tokens": [
            {
                "id": token.id,
                "user_id": user.id,
                "token_type": token.token_type.value,
                "client_id": token.client_id,
                "client_name": token.client_name,
                "client_icon": token.client_icon,
                "access_token_expiration": token.access_token_expiration.total_seconds(),
                "created_at": token.created_at,
                "token": token.token,
                "jwt_key": token.jwt_key,
                "last_used_at": token.last_used_at,
                "last_used_ip": token.last_used_ip,
                "expire_at": token.expire_at,
                "credential_id": token.credential_id,
            }
            for user in users.values()
            for token in user.refresh_tokens.values()
        ],
    }
