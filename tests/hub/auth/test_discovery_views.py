"""Tests of ``hub.auth.discovery_views`` and ``authorize_page``: what clients read before
they sign in."""

from __future__ import annotations

import base64
import hashlib
import re

from hub.auth.discovery_views import MANIFEST
from tests.hub.auth.conftest import AuthClient


async def test_providers(client: AuthClient) -> None:
    reply = await client.get("/auth/providers")
    assert reply.status == 200
    assert reply.json() == {
        "providers": [{"name": "Home Assistant Local", "id": None, "type": "homeassistant"}],
        "preselect_remember_me": True,
    }


async def test_oauth_server_metadata(client: AuthClient) -> None:
    reply = await client.get("/.well-known/oauth-authorization-server")
    assert reply.status == 200
    assert reply.json() == {
        "authorization_endpoint": "/auth/authorize",
        "token_endpoint": "/auth/token",
        "revocation_endpoint": "/auth/revoke",
        "response_types_supported": ["code"],
        "service_documentation": "https://developers.home-assistant.io/docs/auth_api",
    }


async def test_change_password_redirects_to_the_profile(client: AuthClient) -> None:
    reply = await client.get("/.well-known/change-password", allow_redirects=False)
    assert reply.status == 302
    assert reply.headers["Location"] == "/profile"


async def test_manifest_keeps_the_name_android_checks(client: AuthClient) -> None:
    reply = await client.get("/manifest.json")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/manifest+json"
    manifest = reply.json()
    assert manifest["name"] == "Home Assistant"
    assert list(manifest) == sorted(manifest)
    assert manifest == MANIFEST
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    assert {"src": "/static/icons/favicon-192x192.png", "sizes": "192x192",
            "type": "image/png", "purpose": "any"} in manifest["icons"]  # fmt: skip


async def test_authorize_page_is_self_contained(client: AuthClient) -> None:
    reply = await client.get(
        "/auth/authorize?response_type=code&client_id=https%3A%2F%2Fclient.example%2F"
        "&redirect_uri=https%3A%2F%2Fclient.example%2Fcb&state=xyz"
    )
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    page = reply.text
    # No external scripts, styles, fonts or images.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "/auth/login_flow" in page
    assert "storeToken=true" in page
    policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'sha256-" in policy
    assert "connect-src 'self'" in policy


async def test_the_page_script_matches_its_content_security_policy(client: AuthClient) -> None:
    reply = await client.get("/auth/authorize")
    page = reply.text
    policy = reply.headers["Content-Security-Policy"]
    for tag in ("script", "style"):
        match = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)
        assert match is not None
        digest = hashlib.sha256(match.group(1).encode()).digest()
        assert f"'sha256-{base64.b64encode(digest).decode()}'" in policy, tag
