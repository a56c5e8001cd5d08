"""Who is asking: a valid ``Authorization: Bearer <access token>`` sets the request's user.

Only the Authorization header is accepted (no tokens in cookies, no legacy passwords), as
in Home Assistant. A GET request may instead carry a signed path's ``authSig`` (see
``hub.auth.signed_path``). Users flagged ``local_only`` are not recognised from
non-local addresses. Views decide whether a user is needed (``HubView.requires_auth``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

from hub.auth.local_access import user_access_error
from hub.auth.signed_path import PATH_SIGNER
from hub.http.keys import REFRESH_TOKEN_KEY, USER_KEY

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.auth.models import RefreshToken


def auth_middleware(auth: Auth) -> Middleware:
    """Attach the user and refresh token of a valid bearer token or signed path."""

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        refresh_token = _bearer_login(auth, request)
        if refresh_token is None:
            # As in HA, a signed path still counts when a header is present but invalid.
            signer = auth.hub.data.get(PATH_SIGNER)
            refresh_token = signer.validate(request) if signer is not None else None
        if refresh_token is not None:
            user = auth.user_of(refresh_token)
            if user_access_error(user, request.remote) is None:
                request[REFRESH_TOKEN_KEY] = refresh_token
                request[USER_KEY] = user
        return await handler(request)

    return authenticate


def _bearer_login(auth: Auth, request: web.Request) -> RefreshToken | None:
    header = request.headers.get(hdrs.AUTHORIZATION)
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return auth.validate_access_token(token.strip())
