"""Wiring of the ``auth`` integration: its views, WebSocket commands, the IP-ban
middleware and the path signer. ``hub.auth.async_setup`` calls ``setup_auth``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hub.auth import AUTH
from hub.auth.authorize_page import AuthorizeView
from hub.auth.discovery_views import (
    AuthProvidersView,
    ChangePasswordView,
    ManifestView,
    OAuthMetadataView,
)
from hub.auth.login_flow import LoginFlows
from hub.auth.login_views import LoginFlowIndexView, LoginFlowResourceView
from hub.auth.onboarding import ONBOARDING, Onboarding, onboarding_views
from hub.auth.signed_path import PATH_SIGNER, PathSigner
from hub.auth.token_commands import TOKEN_COMMANDS
from hub.auth.token_views import RevokeTokenView, TokenView
from hub.auth.totp import MFA_SETUP_FLOWS, TotpSetupFlows
from hub.auth.user_commands import USER_COMMANDS
from hub.http.ban import IP_BANS, IpBans, ban_middleware
from hub.http.server import HTTP_SERVER
from hub.websocket.commands import register_command

if TYPE_CHECKING:
    from hub.core import Hub


async def setup_auth(hub: Hub) -> None:
    """Register everything the auth integration serves."""
    auth = hub.data[AUTH]
    server = hub.data[HTTP_SERVER]

    config = server.config
    bans = IpBans(hub, enabled=config.ip_ban_enabled, threshold=config.login_attempts_threshold)
    await bans.load()
    hub.data[IP_BANS] = bans
    if bans.enabled:
        server.add_middleware(ban_middleware(bans), before_auth=True)

    onboarding = Onboarding(hub, auth)
    await onboarding.load()
    hub.data[ONBOARDING] = onboarding
    hub.data[PATH_SIGNER] = PathSigner(auth)
    hub.data[MFA_SETUP_FLOWS] = TotpSetupFlows(hub, auth.mfa)

    flows = LoginFlows(auth)
    for view in (
        AuthProvidersView(auth, onboarding),
        OAuthMetadataView(),
        ChangePasswordView(),
        ManifestView(),
        AuthorizeView(),
        LoginFlowIndexView(flows),
        LoginFlowResourceView(auth, flows),
        TokenView(auth),
        RevokeTokenView(auth),
        *onboarding_views(onboarding, auth),
    ):
        server.register_view(view)
    for handler in (*TOKEN_COMMANDS, *USER_COMMANDS):
        register_command(hub, handler)
