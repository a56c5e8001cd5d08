"""Endpoints clients read before signing in: ``/auth/providers``, the OAuth server
metadata, the change-password well-known redirect and ``/manifest.json`` (the Android
app checks its ``name`` is ``Home Assistant`` before it onboards)."""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

import orjson
from aiohttp import web

from hub.auth.local_access import is_local_remote
from hub.auth.onboarding import STEP_USER, Onboarding
from hub.http.view import HubView

if TYPE_CHECKING:
    from hub.auth import Auth

OAUTH_METADATA: Final = {
    "authorization_endpoint": "/auth/authorize",
    "token_endpoint": "/auth/token",
    "revocation_endpoint": "/auth/revoke",
    "response_types_supported": ["code"],
    "service_documentation": "https://developers.home-assistant.io/docs/auth_api",
}

_ICON_SIZES: Final = (192, 384, 512, 1024)
_MASKABLE_SIZES: Final = (48, 72, 96, 128, 192, 384, 512)

MANIFEST: Final[dict[str, Any]] = {
    "background_color": "#FFFFFF",
    "description": "Home automation platform that puts local control and privacy first.",
    "dir": "ltr",
    "display": "standalone",
    "icons": [
        {
            "src": f"/static/icons/favicon-{size}x{size}.png",
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in _ICON_SIZES
    ]
    + [
        {
            "src": f"/static/icons/maskable_icon-{size}x{size}.png",
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in _MASKABLE_SIZES
    ],
    "id": "/?homescreen=1",
    "lang": "en-US",
    "name": "Home Assistant",
    "prefer_related_applications": True,
    "related_applications": [{"platform": "play", "id": "io.homeassistant.companion.android"}],
    "screenshots": [
        {
            "src": "/static/images/screenshots/screenshot-1.png",
            "sizes": "413x792",
            "type": "image/png",
        }
    ],
    "short_name": "Home Assistant",
    "start_url": "/?homescreen=1",
    "theme_color": "#03A9F4",
}


class AuthProvidersView(HubView):
    """The sign-in providers (ours: the local username/password one)."""

    url = "/auth/providers"
    name = "api:auth:providers"
    requires_auth = False

    def __init__(self, auth: Auth, onboarding: Onboarding) -> None:
        self._auth = auth
        self._onboarding = onboarding

    async def get(self, request: web.Request) -> web.Response:
        if not self._onboarding.is_done(STEP_USER):
            return self.json_message(
                "Onboarding not finished", HTTPStatus.BAD_REQUEST, code="onboarding_required"
            )
        provider = self._auth.provider
        return self.json(
            {
                "providers": [{"name": provider.name, "id": provider.id, "type": provider.type}],
                "preselect_remember_me": is_local_remote(request.remote),
            }
        )


class OAuthMetadataView(HubView):
    """RFC 8414 authorization server metadata."""

    url = "/.well-known/oauth-authorization-server"
    name = "well-known:oauth-authorization-server"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        return self.json(OAUTH_METADATA)


class ChangePasswordView(HubView):
    """Password managers find the change-password page here."""

    url = "/.well-known/change-password"
    name = "well-known:change-password"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/profile")


class ManifestView(HubView):
    """The web app manifest, keys sorted."""

    url = "/manifest.json"
    name = "manifestjson"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        body = orjson.dumps(MANIFEST, option=orjson.OPT_SORT_KEYS)
        return web.Response(body=body, content_type="application/manifest+json")
