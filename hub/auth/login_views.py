"""``/auth/login_flow``: the HTTP side of the login flow (Home Assistant's answers).

* ``POST /auth/login_flow`` starts a flow: ``{"client_id", "handler":
  ["homeassistant", null], "redirect_uri", "type"?}`` -> the username/password form.
* ``POST /auth/login_flow/<flow_id>`` answers a step: ``{"client_id", ...input}`` -> the
  next form, the same form with ``errors.base`` ``invalid_auth``/``invalid_code``
  (HTTP 200), or ``create_entry`` whose ``result`` is the authorization code.
* ``DELETE /auth/login_flow/<flow_id>`` aborts; ``GET`` of either URL is refused.

Every answer of 400 or more, and every wrong password or code, counts as a failed login
for IP banning; a finished login resets the count.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import voluptuous as vol
from aiohttp import web

from hub.auth import flow_results
from hub.auth.indieauth import verify_client_id, verify_redirect_uri
from hub.auth.local_access import user_access_error
from hub.auth.login_flow import HANDLER, LoginFlow, LoginFlows
from hub.auth.request_body import BadRequestBody, read_json
from hub.http.ban import record_failed_login, record_successful_login
from hub.http.view import HubView

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.auth.login_flow import StepOutcome

START_SCHEMA = vol.Schema(
    {
        vol.Required("client_id"): str,
        vol.Required("handler"): vol.All([vol.Any(str, None)], vol.Length(min=2, max=2)),
        vol.Required("redirect_uri"): str,
        vol.Optional("type", default="authorize"): str,
    }
)
STEP_SCHEMA = vol.Schema({vol.Required("client_id"): str}, extra=vol.ALLOW_EXTRA)


class LoginFlowIndexView(HubView):
    """Start a login flow."""

    url = "/auth/login_flow"
    name = "api:auth:login_flow"
    requires_auth = False

    def __init__(self, flows: LoginFlows) -> None:
        self._flows = flows

    async def get(self, request: web.Request) -> web.Response:
        return web.Response(status=HTTPStatus.METHOD_NOT_ALLOWED)

    async def post(self, request: web.Request) -> web.Response:
        response = await self._start(request)
        if response.status >= HTTPStatus.BAD_REQUEST:
            record_failed_login(request, f"login flow start refused ({response.status})")
        return response

    async def _start(self, request: web.Request) -> web.Response:
        try:
            data = await read_json(request, START_SCHEMA)
        except BadRequestBody as err:
            return err.response
        if not verify_client_id(data["client_id"]):
            return self.json_message("Invalid client id", HTTPStatus.BAD_REQUEST)
        if tuple(data["handler"]) != HANDLER:
            return self.json_message("Invalid handler specified", HTTPStatus.NOT_FOUND)
        result = self._flows.start(
            data["client_id"], data["redirect_uri"], request.remote, data["type"]
        )
        return self.json(result)


class LoginFlowResourceView(HubView):
    """Answer, abort (or fail to read) one login flow."""

    url = "/auth/login_flow/{flow_id}"
    name = "api:auth:login_flow:resource"
    requires_auth = False

    def __init__(self, auth: Auth, flows: LoginFlows) -> None:
        self._auth = auth
        self._flows = flows

    async def get(self, request: web.Request, flow_id: str) -> web.Response:
        return self.json_message("Invalid flow specified", HTTPStatus.NOT_FOUND)

    async def delete(self, request: web.Request, flow_id: str) -> web.Response:
        if not self._flows.abort(flow_id):
            return self.json_message("Invalid flow specified", HTTPStatus.NOT_FOUND)
        return self.json_message("Flow aborted")

    async def post(self, request: web.Request, flow_id: str) -> web.Response:
        response, failed_form = await self._step(request, flow_id)
        if response.status >= HTTPStatus.BAD_REQUEST:
            record_failed_login(request, f"login flow step refused ({response.status})")
        elif failed_form:
            record_failed_login(request, "wrong username, password or code")
        return response

    async def _step(self, request: web.Request, flow_id: str) -> tuple[web.Response, bool]:
        try:
            data = await read_json(request, STEP_SCHEMA)
        except BadRequestBody as err:
            return err.response, False
        client_id = data.pop("client_id")
        if not verify_client_id(client_id):
            return self.json_message("Invalid client id", HTTPStatus.BAD_REQUEST), False
        flow = self._flows.get(flow_id)
        if flow is None:
            return self.json_message("Invalid flow specified", HTTPStatus.NOT_FOUND), False
        if flow.client_id != client_id:
            return self.json_message("Invalid client id", HTTPStatus.BAD_REQUEST), False
        if flow.remote != request.remote:
            return self.json_message("IP address changed", HTTPStatus.BAD_REQUEST), False
        try:
            outcome = await self._flows.step(flow, data)
        except vol.Invalid:
            return self.json_message("User input malformed", HTTPStatus.BAD_REQUEST), False
        if outcome.user is None:
            return self.json(outcome.result), outcome.failed_login
        return await self._finished(request, flow, outcome), False

    async def _finished(
        self, request: web.Request, flow: LoginFlow, outcome: StepOutcome
    ) -> web.Response:
        user = outcome.user
        assert user is not None
        if not await verify_redirect_uri(flow.client_id, flow.redirect_uri):
            return self.json_message("Invalid redirect URI", HTTPStatus.FORBIDDEN)
        problem = user_access_error(user, request.remote)
        if problem is not None:
            return self.json_message(f"Login blocked: {problem}", HTTPStatus.FORBIDDEN)
        record_successful_login(request)
        code = self._auth.create_authorization_code(flow.client_id, user)
        return self.json(_entry(flow, code))


def _entry(flow: LoginFlow, code: str) -> dict[str, Any]:
    return flow_results.create_entry(flow.flow_id, list(HANDLER), result=code)
