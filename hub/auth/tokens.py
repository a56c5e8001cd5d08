"""Access tokens: HS256 JWTs signed with the issuing refresh token's key.

Claims ``{"iss": <refresh token id>, "iat": <int>, "exp": <int>}`` as in Home
Assistant. Validation reads the issuer without verifying, looks up that refresh token,
then verifies the signature with its key and the expiry (10 s leeway).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from hub.auth import jwt_hs256
from hub.auth.models import RefreshToken

LEEWAY: Final = timedelta(seconds=10)


def encode_access_token(refresh_token: RefreshToken, now: float, expires_in: timedelta) -> str:
    """A new access token for ``refresh_token``."""
    issued = int(now)
    expires = issued + int(expires_in.total_seconds())
    return jwt_hs256.encode(
        {"iss": refresh_token.id, "iat": issued, "exp": expires}, refresh_token.jwt_key
    )


def unverified_issuer(token: str) -> str | None:
    """The ``iss`` claim of a token, without checking anything (to find its key)."""
    claims = jwt_hs256.unverified_claims(token)
    issuer = claims.get("iss") if claims is not None else None
    return issuer if isinstance(issuer, str) else None


def verify_access_token(token: str, refresh_token: RefreshToken, now: float) -> bool:
    """Whether ``token`` was signed by ``refresh_token`` and has not expired at ``now``."""
    claims = jwt_hs256.decode(token, refresh_token.jwt_key)
    if claims is None or claims.get("iss") != refresh_token.id or "iat" not in claims:
        return False
    expires = claims.get("exp")
    return isinstance(expires, int | float) and now <= expires + LEEWAY.total_seconds()
