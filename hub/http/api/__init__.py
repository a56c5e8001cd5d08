"""The ``api`` integration: Home Assistant's REST API (``/api/...``).

One module per resource: ``config`` (config, core state, components, check_config,
error log), ``events``, ``stream``, ``services``, ``states``, ``template``, and
``unfinished`` for the endpoints whose engines come with later issues. Answers shared
with the WebSocket API are built in ``payloads``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from hub.http.api.config import (
    APIComponentsView,
    APIConfigView,
    APICoreStateView,
    CheckConfigView,
    ErrorLogView,
)
from hub.http.api.events import APIEventListenersView, APIEventView
from hub.http.api.services import APIDomainServicesView, APIServicesView
from hub.http.api.states import APIEntityStateView, APIStatesView
from hub.http.api.stream import APIEventStream
from hub.http.api.template import APITemplateView
from hub.http.api.unfinished import APIHistoryPeriodView, APILogbookView
from hub.http.server import HTTP_SERVER
from hub.http.view import HubView
from hub.loader.service_descriptions import ServiceDescriptions
from hub.loader.setup import INTEGRATION_SETUP

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "api"


class APIStatusView(HubView):
    """``GET /api/``: the health answer HA clients compare to the exact string."""

    url = "/api/"
    name = "api:status"

    async def get(self, request: web.Request) -> web.Response:
        return self.json_message("API running.")


def views() -> list[HubView]:
    """Every REST view, ready to register."""
    return [
        APIStatusView(),
        APIConfigView(),
        APICoreStateView(),
        APIComponentsView(),
        CheckConfigView(),
        ErrorLogView(),
        APIEventListenersView(),
        APIEventView(),
        APIEventStream(),
        APIServicesView(),
        APIDomainServicesView(),
        APIStatesView(),
        APIEntityStateView(),
        APITemplateView(),
        APIHistoryPeriodView(),
        APILogbookView(),
    ]


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Register the REST views; start reading service descriptions as integrations load."""
    descriptions = ServiceDescriptions.of(hub)
    setup = hub.data.get(INTEGRATION_SETUP)
    if setup is not None and setup.loaded:
        # Integrations loaded before this one; later ones are read as they load.
        hub.create_task(descriptions.load(setup.loaded), "services.yaml of loaded integrations")
    server = hub.data[HTTP_SERVER]
    for view in views():
        server.register_view(view)
    return True
