"""Services: ``GET /api/services`` and ``POST /api/services/<domain>/<service>``.

A call is blocking and runs as a hub task shielded from the client going away, so a
dropped connection never leaves a half-done action. The answer lists the states written
with this call's context (what the call changed, not what it set off later), and with
``?return_response`` also the service's response.

Order of checks, as in Home Assistant: the body must be JSON (400 with a message), the
service must exist (400), ``return_response`` must match what the service supports (400
with a message), then the user must be allowed (401: read-only users never, admin-only
services only administrators), then the data must validate (400).
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import voluptuous as vol
from aiohttp import web

from hub.auth.models import User
from hub.const import ATTR_ENTITY_ID, ENTITY_MATCH_ALL, EVENT_STATE_CHANGED
from hub.context import Context
from hub.events import Event
from hub.exceptions import ServiceNotFound, ServiceValidationError
from hub.http.api.payloads import services_list_payload
from hub.http.api.refusals import refuse
from hub.http.view import HubView
from hub.services import Service, SupportsResponse
from hub.states import State

NO_RESPONSE_SUPPORT = "Service does not support responses. Remove return_response from request."
RESPONSE_REQUIRED = (
    "Service call requires responses but caller did not ask for responses. "
    "Add ?return_response to query parameters."
)


def may_call(user: User, service: Service, data: dict[str, Any] | None) -> bool:
    """Whether ``user`` may call ``service`` on the entities named in ``data``."""
    if service.admin_only and not user.is_admin:
        return False
    permissions = user.permissions
    if not permissions.can_call(service.domain, service.service):
        return False
    if permissions.control_all or data is None:
        return True
    targets = data.get(ATTR_ENTITY_ID)
    if targets is None:
        return True
    if targets == ENTITY_MATCH_ALL:
        return False
    entity_ids = [targets] if isinstance(targets, str) else targets
    return isinstance(entity_ids, list) and all(
        isinstance(entity_id, str) and permissions.can_control(entity_id)
        for entity_id in entity_ids
    )


class APIServicesView(HubView):
    """``GET /api/services``: every service, described."""

    url = "/api/services"
    name = "api:services"

    async def get(self, request: web.Request) -> web.Response:
        return self.json(await services_list_payload(self.hub(request)))


class APIDomainServicesView(HubView):
    """``POST /api/services/<domain>/<service>[?return_response]``."""

    url = "/api/services/{domain}/{service}"
    name = "api:domain-services"

    async def post(self, request: web.Request, domain: str, service: str) -> web.Response:
        body = await request.read()
        try:
            data = orjson.loads(body) if body else None
        except ValueError:
            return self.json_message("Data should be valid JSON.", 400)
        hub = self.hub(request)
        try:
            handler = hub.services.get(domain, service)
        except ServiceNotFound:
            raise web.HTTPBadRequest from None
        return_response = "return_response" in request.query
        if return_response and handler.supports_response is SupportsResponse.NONE:
            return self.json_message(NO_RESPONSE_SUPPORT, 400)
        if not return_response and handler.supports_response is SupportsResponse.ONLY:
            return self.json_message(RESPONSE_REQUIRED, 400)
        if data is not None and not isinstance(data, dict):
            raise web.HTTPBadRequest
        user = self.user(request)
        if not may_call(user, handler, data):
            raise refuse(request, f"call {handler.domain}.{handler.service}")

        context = Context(user_id=user.id)
        changed: list[State] = []

        def collect(event: Event) -> None:
            new_state = event.data["new_state"]
            if new_state is not None:
                changed.append(new_state)

        stop_collecting = hub.bus.listen(
            EVENT_STATE_CHANGED, collect, lambda event: event.context == context
        )
        call = hub.create_task(
            hub.services.call(
                domain,
                service,
                data,
                blocking=True,
                context=context,
                return_response=return_response,
            ),
            f"REST call {handler.domain}.{handler.service}",
        )
        try:
            response = await asyncio.shield(call)
        except (vol.Invalid, ServiceNotFound, ServiceValidationError) as err:
            raise web.HTTPBadRequest from err
        finally:
            stop_collecting()
        if return_response:
            return self.json({"changed_states": changed, "service_response": response})
        return self.json(changed)
