"""The ``api`` integration: Home Assistant's REST API (``/api/...``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from hub.http.server import HTTP_SERVER
from hub.http.view import HubView

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "api"


class APIStatusView(HubView):
    """``GET /api/``: the health answer HA clients compare to the exact string."""

    url = "/api/"
    name = "api:status"

    async def get(self, request: web.Request) -> web.Response:
        return self.json_message("API running.")


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Register the REST views."""
    server = hub.data[HTTP_SERVER]
    for view in (APIStatusView(),):
        server.register_view(view)
    return True
