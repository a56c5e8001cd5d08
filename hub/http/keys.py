"""Typed keys on the aiohttp application and on requests."""

from __future__ import annotations

from typing import Final

from aiohttp import web

HUB_KEY: Final = web.AppKey["Hub"]("hub")
# Set by the auth middleware on requests that carry a valid access token.
USER_KEY: Final = web.RequestKey["User"]("hub_user")
REFRESH_TOKEN_KEY: Final = web.RequestKey["RefreshToken"]("hub_refresh_token")
