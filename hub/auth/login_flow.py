"""The ``homeassistant`` login flow: username and password, then the authenticator code
for users who enabled one.

A flow lives in memory from ``POST /auth/login_flow`` until it finishes, is aborted, or
is left unfinished for 10 minutes. This module holds the steps; ``login_views`` turns
them into HTTP answers (client checks, IP checks, authorization codes, failed-login
counting).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from hub.auth import flow_results
from hub.auth.flow_results import FlowResult
from hub.auth.password_provider import InvalidAuth
from hub.auth.totp import MAX_RETRIES, MODULE_ID, MODULE_NAME

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.auth.models import User

PROVIDER_TYPE: Final = "homeassistant"
HANDLER: Final = (PROVIDER_TYPE, None)
STEP_INIT: Final = "init"
STEP_MFA: Final = "mfa"
LOGIN_FIELDS: Final = ("username", "password")
MFA_FIELDS: Final = ("code",)
LOGIN_SCHEMA: Final = flow_results.text_fields_schema(LOGIN_FIELDS)
MFA_SCHEMA: Final = flow_results.text_fields_schema(MFA_FIELDS)
# An unfinished flow is forgotten after this long.
FLOW_LIFETIME: Final = 600.0
# The authenticator code must come within this long of the password (HA: 5 minutes).
MFA_SESSION_LIFETIME: Final = 300.0
FAILED_LOGIN_ERRORS: Final = frozenset({"invalid_auth", "invalid_code"})


@dataclass(slots=True)
class LoginFlow:
    """One sign-in in progress."""

    client_id: str
    redirect_uri: str
    remote: str | None
    started: float
    flow_type: str = "authorize"
    flow_id: str = field(default_factory=lambda: secrets.token_hex(16))
    step: str = STEP_INIT
    user: User | None = None
    mfa_started: float = 0.0
    invalid_codes: int = 0


@dataclass(slots=True, frozen=True)
class StepOutcome:
    """What a step produced: a form or an abort to show, or the signed-in user."""

    result: FlowResult | None = None
    user: User | None = None

    @property
    def failed_login(self) -> bool:
        """A form answered with a wrong password or code (counts towards a ban)."""
        errors = (self.result or {}).get("errors") or {}
        return errors.get("base") in FAILED_LOGIN_ERRORS


class LoginFlows:
    """The running login flows of one hub."""

    def __init__(self, auth: Auth) -> None:
        self._auth = auth
        self._flows: dict[str, LoginFlow] = {}

    def start(
        self, client_id: str, redirect_uri: str, remote: str | None, flow_type: str
    ) -> FlowResult:
        """A new flow; its first form asks for the username and password."""
        self._expire()
        flow = LoginFlow(client_id, redirect_uri, remote, self._now(), flow_type)
        self._flows[flow.flow_id] = flow
        return _login_form(flow, {})

    def get(self, flow_id: str) -> LoginFlow | None:
        """A running flow."""
        self._expire()
        return self._flows.get(flow_id)

    def abort(self, flow_id: str) -> bool:
        """End a flow; False when there was none."""
        return self._flows.pop(flow_id, None) is not None

    async def step(self, flow: LoginFlow, user_input: dict[str, Any]) -> StepOutcome:
        """Take the user's input for the flow's current step. Raises ``vol.Invalid``
        when the input does not fit the step's form."""
        if flow.step == STEP_MFA:
            return self._mfa_step(flow, user_input)
        return await self._login_step(flow, user_input)

    async def _login_step(self, flow: LoginFlow, user_input: dict[str, Any]) -> StepOutcome:
        credentials = LOGIN_SCHEMA(user_input)
        try:
            username = await self._auth.provider.validate(
                credentials["username"], credentials["password"]
            )
        except InvalidAuth:
            return StepOutcome(_login_form(flow, {"base": "invalid_auth"}))
        user = self._auth.get_user_by_username(username)
        if user is None:
            return StepOutcome(_login_form(flow, {"base": "invalid_auth"}))
        if not self._auth.mfa.is_enabled(user.id):
            return self._finish(flow, user)
        flow.step, flow.user, flow.mfa_started = STEP_MFA, user, self._now()
        return StepOutcome(_mfa_form(flow, {}))

    def _mfa_step(self, flow: LoginFlow, user_input: dict[str, Any]) -> StepOutcome:
        code = MFA_SCHEMA(user_input)["code"]
        user = flow.user
        if user is None or self._now() > flow.mfa_started + MFA_SESSION_LIFETIME:
            return self._abort(flow, "login_expired")
        if not self._auth.mfa.is_enabled(user.id):
            return self._abort(flow, "invalid_auth_module")
        if self._auth.mfa.validate(user.id, code):
            return self._finish(flow, user)
        flow.invalid_codes += 1
        if flow.invalid_codes >= MAX_RETRIES:
            return self._abort(flow, "too_many_retry")
        return StepOutcome(_mfa_form(flow, {"base": "invalid_code"}))

    def _finish(self, flow: LoginFlow, user: User) -> StepOutcome:
        self._flows.pop(flow.flow_id, None)
        return StepOutcome(user=user)

    def _abort(self, flow: LoginFlow, reason: str) -> StepOutcome:
        self._flows.pop(flow.flow_id, None)
        return StepOutcome(flow_results.abort(flow.flow_id, list(HANDLER), reason))

    def _now(self) -> float:
        return self._auth.hub.clock.time()

    def _expire(self) -> None:
        oldest = self._now() - FLOW_LIFETIME
        for flow_id in [fid for fid, flow in self._flows.items() if flow.started < oldest]:
            del self._flows[flow_id]


def _login_form(flow: LoginFlow, errors: dict[str, str]) -> FlowResult:
    return flow_results.form(flow.flow_id, list(HANDLER), STEP_INIT, LOGIN_FIELDS, errors)


def _mfa_form(flow: LoginFlow, errors: dict[str, str]) -> FlowResult:
    placeholders = {"mfa_module_name": MODULE_NAME, "mfa_module_id": MODULE_ID}
    return flow_results.form(
        flow.flow_id, list(HANDLER), STEP_MFA, MFA_FIELDS, errors, placeholders
    )
