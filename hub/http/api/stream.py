"""``GET /api/stream`` (admin): every event as server-sent events.

The stream opens with ``data: ping``, then sends ``data: <event JSON>`` per event
(``?restrict=a,b`` keeps only those types) and ``data: ping`` whenever nothing was sent
for ``ping_interval`` seconds (HA: 50). It ends when the hub stops or the client goes.
A client that cannot keep up is disconnected once ``MAX_PENDING`` events wait for it,
so a slow reader never costs the hub unbounded memory.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Final

from aiohttp import web

from hub.const import EVENT_HUB_STOP, MATCH_ALL
from hub.events import Event
from hub.http.api.refusals import require_admin
from hub.http.view import HubView

_LOGGER = logging.getLogger(__name__)

STREAM_PING_INTERVAL: Final = 50.0
STREAM_PING: Final = b"ping"
MAX_PENDING: Final = 4096
_END: Final = b""


class APIEventStream(HubView):
    """The event stream."""

    url = "/api/stream"
    name = "api:stream"

    def __init__(self, ping_interval: float | None = None) -> None:
        self.ping_interval = STREAM_PING_INTERVAL if ping_interval is None else ping_interval

    async def get(self, request: web.Request) -> web.StreamResponse:
        require_admin(request, "stream events")
        hub = self.hub(request)
        restrict: set[str] | None = None
        if text := request.query.get("restrict"):
            restrict = {*text.split(","), EVENT_HUB_STOP}
        queue: asyncio.Queue[bytes] = asyncio.Queue(MAX_PENDING)

        def forward(event: Event) -> None:
            if restrict is not None and event.event_type not in restrict:
                return
            payload = _END if event.event_type == EVENT_HUB_STOP else event.json
            try:
                queue.put_nowait(payload)
            except asyncio.QueueFull:
                _LOGGER.warning("Event stream client %s is too slow; closing", request.remote)
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(_END)

        response = web.StreamResponse()
        response.content_type = "text/event-stream"
        await response.prepare(request)
        unsubscribe = hub.bus.listen(MATCH_ALL, forward)
        try:
            await self._send(response, queue)
        except ConnectionResetError:
            _LOGGER.debug("Event stream client %s went away", request.remote)
        finally:
            unsubscribe()
        return response

    async def _send(self, response: web.StreamResponse, queue: asyncio.Queue[bytes]) -> None:
        payload = STREAM_PING
        while payload != _END:
            await response.write(b"data: " + payload + b"\n\n")
            try:
                async with asyncio.timeout(self.ping_interval):
                    payload = await queue.get()
            except TimeoutError:
                payload = STREAM_PING
