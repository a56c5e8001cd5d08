"""Endpoints whose engines arrive with later issues: routed and authenticated now so
clients get the right 401/404 behaviour, answered 501 with what brings them.

- ``POST /api/template`` (admin): the template engine, issue 5.
- ``GET /api/history/period[/<start>]`` and ``GET /api/logbook[/<start>]``: the
  recorder, issue 6.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from hub.http.api.refusals import require_admin
from hub.http.view import HubView

NOT_IMPLEMENTED: Final = 501


class APITemplateView(HubView):
    """``POST /api/template`` (admin)."""

    url = "/api/template"
    name = "api:template"

    async def post(self, request: web.Request) -> web.Response:
        require_admin(request, "render templates")
        return self.json_message(
            "Templates are not available yet: the template engine arrives with issue 5.",
            NOT_IMPLEMENTED,
        )


class APIHistoryPeriodView(HubView):
    """``GET /api/history/period[/<start>]``."""

    url = "/api/history/period"
    extra_urls = ("/api/history/period/{datetime}",)
    name = "api:history:view-period"

    async def get(self, request: web.Request, datetime: str | None = None) -> web.Response:
        return self.json_message(
            "History is not available yet: the recorder arrives with issue 6.", NOT_IMPLEMENTED
        )


class APILogbookView(HubView):
    """``GET /api/logbook[/<start>]``."""

    url = "/api/logbook"
    extra_urls = ("/api/logbook/{datetime}",)
    name = "api:logbook"

    async def get(self, request: web.Request, datetime: str | None = None) -> web.Response:
        return self.json_message(
            "The logbook is not available yet: the recorder arrives with issue 6.",
            NOT_IMPLEMENTED,
        )
