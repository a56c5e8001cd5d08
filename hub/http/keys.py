"""Typed keys on the aiohttp application and on requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from aiohttp import web

if TYPE_CHECKING:
    # Named in the keys' type parameters below (strings, so no import cycle at run time).
    from hub.auth.models import RefreshToken, User  # noqa: F401
    from hub.core import Hub  # noqa: F401

HUB_KEY: Final = web.AppKey["Hub"]("hub")
# Set by the auth middleware on requests that carry a valid access token.
USER_KEY: Final = web.RequestKey["User"]("hub_user")
REFRESH_TOKEN_KEY: Final = web.RequestKey["RefreshToken"]("hub_refresh_token")
