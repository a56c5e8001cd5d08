"""Endpoints whose engines arrive with later issues: routed and authenticated now so
clients get the right 401/404 behaviour, answered 501 with what brings them.

- ``GET /api/history/period[/<start>]`` and ``GET /api/logbook[/<start>]``: the
  recorder, issue 6.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from hub.http.view import HubView

NOT_IMPLEMENTED: Final = 501


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
