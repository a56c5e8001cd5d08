"""``POST /auth/token`` and ``POST /auth/revoke`` (OAuth 2, form-encoded, any origin).

``/auth/token`` exchanges an authorization code for an access and a refresh token
(``grant_type=authorization_code``) or a refresh token for a new access token
(``grant_type=refresh_token``; the refresh token itself is not renewed). A JSON body
reads as an empty form, which is an ``unsupported_grant_type``. Every answer of 400 or
more counts as a failed login. ``action=revoke`` is the legacy spelling of
``/auth/revoke``, which always answers 200 with an empty body.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web
from multidict import MultiDictProxy

from hub.auth.indieauth import verify_client_id
from hub.auth.local_access import user_access_error
from hub.auth.login_flow import PROVIDER_TYPE
from hub.http.ban import record_failed_login
from hub.http.view import HubView

if TYPE_CHECKING:
    from hub.auth import Auth

NO_STORE: Final = {"Cache-Control": "no-store", "Pragma": "no-cache"}

FormData = MultiDictProxy[Any]


class TokenView(HubView):
    """Issue tokens."""

    url = "/auth/token"
    name = "api:auth:token"
    requires_auth = False
    cors_allowed = True

    def __init__(self, auth: Auth) -> None:
        self._auth = auth

    async def post(self, request: web.Request) -> web.Response:
        response = await self._grant(request)
        response.headers.update(NO_STORE)
        if response.status >= HTTPStatus.BAD_REQUEST:
            record_failed_login(request, f"token request refused ({response.status})")
        return response

    async def _grant(self, request: web.Request) -> web.Response:
        data = await request.post()
        if data.get("action") == "revoke":
            await revoke(self._auth, data)
            return web.Response(status=HTTPStatus.OK)
        grant_type = data.get("grant_type")
        if grant_type == "authorization_code":
            return await self._authorization_code(request, data)
        if grant_type == "refresh_token":
            return self._refresh_token(request, data)
        return _error("unsupported_grant_type")

    async def _authorization_code(self, request: web.Request, data: FormData) -> web.Response:
        client_id = data.get("client_id")
        if not isinstance(client_id, str) or not verify_client_id(client_id):
            return _error("invalid_request", "Invalid client id")
        code = data.get("code")
        user = (
            self._auth.redeem_authorization_code(client_id, code) if isinstance(code, str) else None
        )
        if user is None:
            return _error("invalid_request", "Invalid code")
        problem = user_access_error(user, request.remote)
        if problem is not None:
            return _error("access_denied", problem, HTTPStatus.FORBIDDEN)
        refresh_token = await self._auth.create_refresh_token(user, client_id)
        access_token = self._auth.create_access_token(refresh_token, request.remote)
        return self.json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "refresh_token": refresh_token.token,
                "expires_in": int(refresh_token.access_token_expiration.total_seconds()),
                "ha_auth_provider": PROVIDER_TYPE,
            }
        )

    def _refresh_token(self, request: web.Request, data: FormData) -> web.Response:
        client_id = data.get("client_id")
        if client_id is not None and not (
            isinstance(client_id, str) and verify_client_id(client_id)
        ):
            return _error("invalid_request", "Invalid client id")
        secret = data.get("refresh_token")
        if not isinstance(secret, str):
            return _error("invalid_request")
        refresh_token = self._auth.get_refresh_token_by_secret(secret)
        if refresh_token is None:
            return _error("invalid_grant")
        if refresh_token.client_id != client_id:
            return _error("invalid_request")
        problem = user_access_error(self._auth.user_of(refresh_token), request.remote)
        if problem is not None:
            return _error("access_denied", problem, HTTPStatus.FORBIDDEN)
        access_token = self._auth.create_access_token(refresh_token, request.remote)
        return self.json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": int(refresh_token.access_token_expiration.total_seconds()),
            }
        )


class RevokeTokenView(HubView):
    """Revoke a refresh token (and so its access tokens and WebSocket connections)."""

    url = "/auth/revoke"
    name = "api:auth:revocation"
    requires_auth = False
    cors_allowed = True

    def __init__(self, auth: Auth) -> None:
        self._auth = auth

    async def post(self, request: web.Request) -> web.Response:
        await revoke(self._auth, await request.post())
        return web.Response(status=HTTPStatus.OK)


async def revoke(auth: Auth, data: FormData) -> None:
    """Remove the refresh token named by the form's ``token``, if it exists."""
    secret = data.get("token")
    if not isinstance(secret, str):
        return
    refresh_token = auth.get_refresh_token_by_secret(secret)
    if refresh_token is not None:
        await auth.remove_refresh_token(refresh_token)


def _error(
    error: str, description: str | None = None, status: int = HTTPStatus.BAD_REQUEST
) -> web.Response:
    body: dict[str, str] = {"error": error}
    if description is not None:
        body["error_description"] = description
    return HubView.json(body, status)
