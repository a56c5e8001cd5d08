"""Who is asking: a valid ``Authorization: Bearer <access token>`` sets the request's user.

Only the Authorization header is accepted (no tokens in query strings or cookies), as in
Home Assistant; signed paths (``?authSig=``) are checked by the auth integration. Views
decide whether a user is needed (``HubView.requires_auth``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

from hub.http.keys import REFRESH_TOKEN_KEY, USER_KEY

if TYPE_CHECKING:
    from hub.auth import Auth


def auth_middleware(auth: Auth) -> Middleware:
    """Attach the user and refresh token of a valid bearer token to the request."""

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        header = request.headers.get(hdrs.AUTHORIZATION)
        if header is not None:
            scheme, _, token = header.partition(" ")
            if scheme.lower() == "bearer" and token:
                refresh_token = auth.validate_access_token(token.strip())
                if refresh_token is not None:
                    request[REFRESH_TOKEN_KEY] = refresh_token
                    request[USER_KEY] = auth.user_of(refresh_token)
        return await handler(request)

    return authenticate
