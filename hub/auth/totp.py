"""Two-factor sign-in with time-based one-time passwords (an authenticator app).

Home Assistant's ``totp`` module ("Authenticator app"): each user who enables it has a
secret, kept in ``.storage/auth_module.totp`` (0600), and the login flow asks for the
app's six-digit code after the password. Codes are checked against the wall clock
(the phone's clock is real time, whatever clock the hub simulates), one 30 s step either
side. Setting it up is a two-step flow over the WebSocket (``auth/setup_mfa``): the
first answer shows the secret and its ``otpauth://`` URL, the second checks a code from
the app before enabling it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import pyotp

from hub.auth import flow_results
from hub.auth.flow_results import FlowResult
from hub.hub_data import HubKey
from hub.storage import Store

if TYPE_CHECKING:
    from hub.auth.models import User
    from hub.core import Hub

MODULE_ID: Final = "totp"
MODULE_NAME: Final = "Authenticator app"
STORAGE_KEY: Final = "auth_module.totp"
STORAGE_VERSION: Final = 1
ISSUER: Final = "Watthub"
# Codes one step before and after the current one are accepted (clock drift).
VALID_WINDOW: Final = 1
# Wrong codes allowed in one login before the flow is aborted.
MAX_RETRIES: Final = 5
SETUP_FLOW_LIFETIME: Final = 600.0
CODE_SCHEMA: Final = flow_results.text_fields_schema(["code"])


class TotpModule:
    """Which users have an authenticator app, and checking their codes."""

    id: Final = MODULE_ID
    name: Final = MODULE_NAME

    def __init__(self, hub: Hub) -> None:
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION, private=True)
        self._secrets: dict[str, str] = {}

    async def load(self) -> None:
        """Read the users' secrets."""
        data = await self._store.load() or {"users": {}}
        self._secrets = dict(data["users"])

    def is_enabled(self, user_id: str) -> bool:
        """Whether ``user_id`` signs in with a code too."""
        return user_id in self._secrets

    async def enable(self, user_id: str, secret: str) -> None:
        """Turn the module on for a user with the secret their app holds."""
        self._secrets[user_id] = secret
        await self._save()

    async def disable(self, user_id: str) -> None:
        """Turn the module off for a user (or forget a removed user)."""
        if self._secrets.pop(user_id, None) is not None:
            await self._save()

    def validate(self, user_id: str, code: str) -> bool:
        """Whether ``code`` is the user's current code."""
        secret = self._secrets.get(user_id)
        return secret is not None and verify_code(secret, code)

    async def _save(self) -> None:
        await self._store.save({"users": dict(self._secrets)})


def verify_code(secret: str, code: str) -> bool:
    """Whether ``code`` matches ``secret`` now (one step of drift either way)."""
    return pyotp.TOTP(secret).verify(code.strip(), valid_window=VALID_WINDOW)


class UnknownFlow(LookupError):
    """No setup flow with that id for this user."""


@dataclass(slots=True)
class _SetupFlow:
    user_id: str
    secret: str
    url: str
    started: float


class TotpSetupFlows:
    """Running ``auth/setup_mfa`` flows (in memory; they last 10 minutes)."""

    def __init__(self, hub: Hub, module: TotpModule) -> None:
        self._hub = hub
        self._module = module
        self._flows: dict[str, _SetupFlow] = {}

    def start(self, user: User) -> FlowResult:
        """A new secret for ``user`` and the form asking for a code from the app."""
        self._expire()
        secret = pyotp.random_base32()
        url = pyotp.TOTP(secret).provisioning_uri(name=user.name, issuer_name=ISSUER)
        flow_id = secrets.token_hex(16)
        self._flows[flow_id] = _SetupFlow(user.id, secret, url, self._hub.clock.time())
        return self._form(flow_id, self._flows[flow_id], {})

    async def configure(self, flow_id: str, user: User, user_input: Any) -> FlowResult:
        """Check the code; enable the module when it matches. Raises ``UnknownFlow``,
        or ``vol.Invalid`` for input that is not ``{"code": str}``."""
        self._expire()
        flow = self._flows.get(flow_id)
        if flow is None or flow.user_id != user.id:
            raise UnknownFlow(flow_id)
        if user_input is None:
            return self._form(flow_id, flow, {})
        code = CODE_SCHEMA(user_input)["code"]
        if not verify_code(flow.secret, code):
            return self._form(flow_id, flow, {"base": "invalid_code"})
        del self._flows[flow_id]
        await self._module.enable(user.id, flow.secret)
        return flow_results.create_entry(
            flow_id, MODULE_ID, title=MODULE_NAME, data={"result": True}
        )

    def _form(self, flow_id: str, flow: _SetupFlow, errors: dict[str, str]) -> FlowResult:
        placeholders = {"code": flow.secret, "url": flow.url, "qr_code": ""}
        return flow_results.form(flow_id, MODULE_ID, "init", ["code"], errors, placeholders)

    def _expire(self) -> None:
        oldest = self._hub.clock.time() - SETUP_FLOW_LIFETIME
        for flow_id in [fid for fid, flow in self._flows.items() if flow.started < oldest]:
            del self._flows[flow_id]


MFA_SETUP_FLOWS: Final = HubKey[TotpSetupFlows]("auth_mfa_setup_flows")
