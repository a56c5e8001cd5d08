"""Compact JWTs signed with HMAC-SHA256 (RFC 7519 / 7515), the only kind the hub uses.

Access tokens and signed paths are HS256 JWTs (Home Assistant's format). A general JWT
library pulls in a full crypto stack (~9 MB of resident memory for the RSA/EC code
we never use) on a machine where memory is the budget, so the few lines needed live
here: header ``{"alg":"HS256","typ":"JWT"}``, base64url without padding, and a
constant-time signature check. Tokens with any other algorithm are refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any, Final

import orjson

_HEADER: Final = base64.urlsafe_b64encode(orjson.dumps({"alg": "HS256", "typ": "JWT"})).rstrip(b"=")


def _b64encode(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _signature(signing_input: bytes, key: str) -> bytes:
    return hmac.new(key.encode(), signing_input, hashlib.sha256).digest()


def encode(claims: dict[str, Any], key: str) -> str:
    """A signed token carrying ``claims``."""
    signing_input = _HEADER + b"." + _b64encode(orjson.dumps(claims))
    return (signing_input + b"." + _b64encode(_signature(signing_input, key))).decode("ascii")


def _split(token: str) -> tuple[str, str, str] | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    return parts[0], parts[1], parts[2]


def unverified_claims(token: str) -> dict[str, Any] | None:
    """The claims without checking the signature (to find which key signed it)."""
    parts = _split(token)
    if parts is None:
        return None
    try:
        claims = orjson.loads(_b64decode(parts[1]))
    except (ValueError, binascii.Error):
        return None
    return claims if isinstance(claims, dict) else None


def decode(token: str, key: str) -> dict[str, Any] | None:
    """The claims of a token signed with ``key`` using HS256, else None."""
    parts = _split(token)
    if parts is None:
        return None
    header_segment, claims_segment, signature_segment = parts
    try:
        header = orjson.loads(_b64decode(header_segment))
        signature = _b64decode(signature_segment)
    except (ValueError, binascii.Error):
        return None
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        return None
    expected = _signature(f"{header_segment}.{claims_segment}".encode("ascii"), key)
    if not hmac.compare_digest(signature, expected):
        return None
    return unverified_claims(token)
