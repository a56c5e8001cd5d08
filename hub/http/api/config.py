"""The hub's configuration and status: ``/api/config``, ``/api/core/state``,
``/api/components``, ``/api/config/core/check_config`` and ``/api/error_log``."""

from __future__ import annotations

from aiohttp import hdrs, web

from hub.bootstrap import read_configuration
from hub.cli.log_output import LOG_FILE
from hub.http.api.payloads import config_payload, core_state_payload, loaded_components
from hub.http.api.refusals import require_admin
from hub.http.view import HubView


class APIConfigView(HubView):
    """``GET /api/config``: the ``get_config`` object."""

    url = "/api/config"
    name = "api:config"

    async def get(self, request: web.Request) -> web.Response:
        return self.json(config_payload(self.hub(request)))


class APICoreStateView(HubView):
    """``GET /api/core/state``: where the hub is in its lifecycle."""

    url = "/api/core/state"
    name = "api:core:state"

    async def get(self, request: web.Request) -> web.Response:
        return self.json(core_state_payload(self.hub(request)))


class APIComponentsView(HubView):
    """``GET /api/components``: loaded integrations and entity platforms."""

    url = "/api/components"
    name = "api:components"

    async def get(self, request: web.Request) -> web.Response:
        return self.json(loaded_components(self.hub(request)))


class CheckConfigView(HubView):
    """``POST /api/config/core/check_config`` (admin): validate the configuration files
    as ``watthub check-config`` does."""

    url = "/api/config/core/check_config"
    name = "api:config:core:check_config"

    async def post(self, request: web.Request) -> web.Response:
        require_admin(request, "check the configuration")
        hub = self.hub(request)
        configuration = await hub.add_executor_job(read_configuration, hub.config_dir)
        errors = "\n".join(error.located() for error in configuration.errors)
        return self.json(
            {"result": "invalid" if errors else "valid", "errors": errors or None, "warnings": None}
        )


class ErrorLogView(HubView):
    """``GET /api/error_log`` (admin): the hub's log file as text."""

    url = "/api/error_log"
    name = "api:error_log"

    async def get(self, request: web.Request) -> web.StreamResponse:
        require_admin(request, "read the log")
        path = self.hub(request).path(LOG_FILE)
        return web.FileResponse(path, headers={hdrs.CONTENT_TYPE: "text/plain; charset=utf-8"})
