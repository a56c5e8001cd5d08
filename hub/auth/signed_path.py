"""Signed paths: a URL that works without an Authorization header for a short while.

The web UI asks for one over the WebSocket (``auth/sign_path``) to put a camera image or
a download link into an ``<img>``/``<a>``. The signature is a JWT in the ``authSig``
query parameter (HS256 with a secret made at start, so restarting invalidates every
signed path) carrying the refresh token of the asking connection (``iss``), the path,
the other query parameters (except ``height``/``width``, which the UI adds afterwards)
and the expiry. It is honoured only for GET requests whose path and parameters match.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Final

from aiohttp import hdrs, web
from yarl import URL

from hub.auth import jwt_hs256
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.auth.models import RefreshToken

SIGN_QUERY_PARAM: Final = "authSig"
UNSIGNED_QUERY_PARAMS: Final = ("height", "width")


class PathSigner:
    """Signs paths and checks signed requests for one hub run."""

    def __init__(self, auth: Auth) -> None:
        self._auth = auth
        self._secret = secrets.token_hex(32)

    def sign(self, path: str, expires_in: float, refresh_token_id: str) -> str:
        """``path`` with an ``authSig`` valid ``expires_in`` seconds for that login."""
        url = URL(path)
        now = int(self._auth.hub.clock.time())
        params = [
            (key, value) for key, value in url.query.items() if key not in UNSIGNED_QUERY_PARAMS
        ]
        claims = {
            "iss": refresh_token_id,
            "path": url.path,
            "params": params,
            "iat": now,
            "exp": now + int(expires_in),
        }
        signature = jwt_hs256.encode(claims, self._secret)
        signed = url.with_query([*params, (SIGN_QUERY_PARAM, signature)])
        return f"{signed.path}?{signed.query_string}"

    def validate(self, request: web.Request) -> RefreshToken | None:
        """The login a GET request's valid ``authSig`` was made for, else None."""
        if request.method != hdrs.METH_GET or SIGN_QUERY_PARAM not in request.query_string:
            return None
        signature = request.query.get(SIGN_QUERY_PARAM)
        if signature is None:
            return None
        claims = self._claims(signature)
        if claims is None or claims.get("path") != request.path:
            return None
        params = [
            [key, value]
            for key, value in request.query.items()
            if key not in UNSIGNED_QUERY_PARAMS and key != SIGN_QUERY_PARAM
        ]
        if claims.get("params") != params:
            return None
        issuer = claims.get("iss")
        return self._auth.get_refresh_token(issuer) if isinstance(issuer, str) else None

    def _claims(self, signature: str) -> dict[str, Any] | None:
        claims = jwt_hs256.decode(signature, self._secret)
        if claims is None or not {"iss", "path", "params", "exp"} <= claims.keys():
            return None
        expires = claims.get("exp")
        if not isinstance(expires, int | float) or self._auth.hub.clock.time() > expires:
            return None
        return claims


PATH_SIGNER: Final = HubKey[PathSigner]("auth_path_signer")
