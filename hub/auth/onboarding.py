"""First-run onboarding (``/api/onboarding``), as the web UI and the companion apps run it.

Steps in order: ``user`` (create the owner, answered with an authorization code),
``core_config``, ``analytics`` and ``integration`` (the last three need the owner's token;
ours only record that they are done). Progress is kept in ``.storage/onboarding``. Once
every step is done the endpoints answer 404. A hub whose owner already exists (created
with ``watthub auth create-user --admin``) starts with the user step done.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import TYPE_CHECKING, Final

import voluptuous as vol
from aiohttp import web

from hub.auth.indieauth import verify_redirect_uri
from hub.auth.permissions import GROUP_ADMIN
from hub.auth.request_body import BadRequestBody, read_json
from hub.exceptions import AuthError
from hub.http.view import HubView, unauthorized
from hub.hub_data import HubKey
from hub.registry.area_registry import AREA_REGISTRY
from hub.storage import Store

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.core import Hub

STEP_USER: Final = "user"
STEP_CORE_CONFIG: Final = "core_config"
STEP_ANALYTICS: Final = "analytics"
STEP_INTEGRATION: Final = "integration"
STEPS: Final = (STEP_USER, STEP_CORE_CONFIG, STEP_ANALYTICS, STEP_INTEGRATION)
STORAGE_KEY: Final = "onboarding"
STORAGE_VERSION: Final = 1
DEFAULT_AREAS: Final = ("Living Room", "Kitchen", "Bedroom")
INSTALLATION_TYPE: Final = "Home Assistant Container"

USER_SCHEMA: Final = vol.Schema(
    {
        vol.Required("name"): str,
        vol.Required("username"): str,
        vol.Required("password"): str,
        vol.Required("client_id"): str,
        vol.Required("language"): str,
    }
)
INTEGRATION_SCHEMA: Final = vol.Schema(
    {vol.Required("client_id"): str, vol.Required("redirect_uri"): str}
)


class Onboarding:
    """Which onboarding steps are done."""

    def __init__(self, hub: Hub, auth: Auth) -> None:
        self._auth = auth
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION)
        self._done: list[str] = []
        # One step at a time: two browsers must not both create an owner.
        self.lock = asyncio.Lock()

    async def load(self) -> None:
        """Read progress; an existing owner means the user step is done."""
        data = await self._store.load() or {"done": []}
        self._done = [step for step in data["done"] if step in STEPS]
        if STEP_USER not in self._done and self._auth.has_owner:
            await self.mark_done(STEP_USER)

    def is_done(self, step: str) -> bool:
        """Whether ``step`` is done (the user step also once any owner exists, however
        it was created: there is never a second owner)."""
        return step in self._done or (step == STEP_USER and self._auth.has_owner)

    @property
    def any_done(self) -> bool:
        """Whether onboarding has begun."""
        return any(self.is_done(step) for step in STEPS)

    @property
    def complete(self) -> bool:
        """Whether every step is done (the endpoints are gone)."""
        return all(self.is_done(step) for step in STEPS)

    async def mark_done(self, step: str) -> None:
        """Record a finished step."""
        if step not in self._done:
            self._done.append(step)
            await self._store.save({"done": list(self._done)})

    def status(self) -> list[dict[str, object]]:
        """``GET /api/onboarding``'s answer."""
        return [{"step": step, "done": self.is_done(step)} for step in STEPS]


ONBOARDING: Final = HubKey[Onboarding]("onboarding")


def is_onboarded(hub: Hub) -> bool:
    """Whether onboarding is complete (the web UI stops redirecting to it)."""
    onboarding = hub.data.get(ONBOARDING)
    return onboarding is None or onboarding.complete


class _OnboardingView(HubView):
    def __init__(self, onboarding: Onboarding) -> None:
        self._onboarding = onboarding

    def _gone_when_complete(self) -> None:
        if self._onboarding.complete:
            raise web.HTTPNotFound(text="404: Not Found")


class OnboardingStatusView(_OnboardingView):
    """Which steps are done."""

    url = "/api/onboarding"
    name = "api:onboarding"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        self._gone_when_complete()
        return self.json(self._onboarding.status())


class InstallationTypeView(_OnboardingView):
    """What kind of installation this is (asked before the owner exists)."""

    url = "/api/onboarding/installation_type"
    name = "api:onboarding:installation_type"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        self._gone_when_complete()
        if self._onboarding.any_done:
            raise unauthorized()
        return self.json({"installation_type": INSTALLATION_TYPE})


class UserStepView(_OnboardingView):
    """Create the owner and sign them in."""

    url = "/api/onboarding/users"
    name = "api:onboarding:users"
    requires_auth = False

    def __init__(self, onboarding: Onboarding, auth: Auth) -> None:
        super().__init__(onboarding)
        self._auth = auth

    async def post(self, request: web.Request) -> web.Response:
        self._gone_when_complete()
        try:
            data = await read_json(request, USER_SCHEMA)
        except BadRequestBody as err:
            return err.response
        async with self._onboarding.lock:
            if self._onboarding.is_done(STEP_USER):
                return self.json_message("User step already done", HTTPStatus.FORBIDDEN)
            try:
                user = await self._auth.create_user(
                    data["name"],
                    data["username"],
                    data["password"],
                    group=GROUP_ADMIN,
                    is_owner=True,
                )
            except AuthError as err:
                return self.json_message(str(err), HTTPStatus.BAD_REQUEST)
            areas = self.hub(request).data[AREA_REGISTRY]
            for name in DEFAULT_AREAS:
                areas.get_or_create(name)
            await self._onboarding.mark_done(STEP_USER)
            code = self._auth.create_authorization_code(data["client_id"], user)
        return self.json({"auth_code": code})


class _RecordStepView(_OnboardingView):
    """A step that only needs recording (the owner's token required)."""

    step: str
    done_message: str

    async def post(self, request: web.Request) -> web.Response:
        self._gone_when_complete()
        async with self._onboarding.lock:
            if self._onboarding.is_done(self.step):
                return self.json_message(self.done_message, HTTPStatus.FORBIDDEN)
            await self._onboarding.mark_done(self.step)
        return self.json({})


class CoreConfigStepView(_RecordStepView):
    """Location, units and currency were set in the web UI."""

    url = "/api/onboarding/core_config"
    name = "api:onboarding:core_config"
    step = STEP_CORE_CONFIG
    done_message = "Core config step already done"


class AnalyticsStepView(_RecordStepView):
    """Analytics preferences (Watthub sends no analytics)."""

    url = "/api/onboarding/analytics"
    name = "api:onboarding:analytics"
    step = STEP_ANALYTICS
    done_message = "Analytics config step already done"


class IntegrationStepView(_OnboardingView):
    """The last step: a fresh authorization code for the client that onboarded."""

    url = "/api/onboarding/integration"
    name = "api:onboarding:integration"

    def __init__(self, onboarding: Onboarding, auth: Auth) -> None:
        super().__init__(onboarding)
        self._auth = auth

    async def post(self, request: web.Request) -> web.Response:
        self._gone_when_complete()
        try:
            data = await read_json(request, INTEGRATION_SCHEMA)
        except BadRequestBody as err:
            return err.response
        async with self._onboarding.lock:
            if self._onboarding.is_done(STEP_INTEGRATION):
                return self.json_message("Integration step already done", HTTPStatus.FORBIDDEN)
            await self._onboarding.mark_done(STEP_INTEGRATION)
            if not await verify_redirect_uri(data["client_id"], data["redirect_uri"]):
                return self.json_message(
                    "invalid client id or redirect uri", HTTPStatus.BAD_REQUEST
                )
            user = self.user(request)
            if not user.credentials:
                return self.json_message("Credentials for user not available", HTTPStatus.FORBIDDEN)
            code = self._auth.create_authorization_code(data["client_id"], user)
        return self.json({"auth_code": code})


def onboarding_views(onboarding: Onboarding, auth: Auth) -> list[HubView]:
    """Every onboarding endpoint."""
    return [
        OnboardingStatusView(onboarding),
        InstallationTypeView(onboarding),
        UserStepView(onboarding, auth),
        CoreConfigStepView(onboarding),
        AnalyticsStepView(onboarding),
        IntegrationStepView(onboarding, auth),
    ]
