"""Access tokens: HS256 JWTs signed with the issuing refresh token's key.

Claims ``{"iss": <refresh token id>, "iat": <int>, "exp": <int>}`` as in Home
Assistant. Validation decodes the issuer without verifying, looks up that refresh
token, then verifies signature and expiry with its key (10 s leeway).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

import jwt

from hub.auth.models import RefreshToken

ALGORITHM: Final = "HS256"
LEEWAY: Final = timedelta(seconds=10)


def encode_access_token(refresh_token: RefreshToken, now: float, expires_in: timedelta) -> str:
    """A new access token for ``refresh_token``."""
    issued = int(now)
    claims = {
        "iss": refresh_token.id,
        "iat": issued,
        "exp": issued + int(expires_in.total_seconds()),
    }
    return jwt.encode(claims, refresh_token.jwt_key, algorithm=ALGORITHM)


def unverified_issuer(token: str) -> str | None:
    """The ``iss`` claim of a token, without checking anything (to find its key)."""
    try:
        claims = jwt.decode(token, algorithms=[ALGORITHM], options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    issuer = claims.get("iss")
    return issuer if isinstance(issuer, str) else None


def verify_access_token(token: str, refresh_token: RefreshToken, now: float) -> bool:
    """Whether ``token`` was signed by ``refresh_token`` and has not expired at ``now``."""
    try:
        claims = jwt.decode(
            token,
            refresh_token.jwt_key,
            algorithms=[ALGORITHM],
            issuer=refresh_token.id,
            options={"verify_exp": False, "require": ["iss", "iat", "exp"]},
        )
    except jwt.InvalidTokenError:
        return False
    expires = claims.get("exp")
    return isinstance(expires, int | float) and now <= expires + LEEWAY.total_seconds()
