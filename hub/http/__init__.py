"""The ``http`` integration: the hub's web server, which the API, auth, WebSocket and
(later) web UI integrations register their views on."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Final

from hub.auth import AUTH
from hub.const import EVENT_HUB_START, EVENT_HUB_STOP
from hub.exceptions import ConfigError
from hub.http.config import CONFIG_SCHEMA, HttpConfig
from hub.http.server import HTTP_SERVER, HttpServer
from hub.http.webhook import register_webhook_view

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "http"

__all__ = ["CONFIG_SCHEMA", "HTTP_SERVER", "HttpServer", "async_setup"]


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the server; it listens from hub start to hub stop."""
    server = HttpServer(hub, HttpConfig.from_config(config), hub.data[AUTH])
    hub.data[HTTP_SERVER] = server
    register_webhook_view(server)

    async def start(_event: Event) -> None:
        try:
            await server.start()
        except ConfigError as err:
            # The rest of the home keeps running; the log says what to change.
            _LOGGER.error("The HTTP API is not available: %s", err)

    async def stop(_event: Event) -> None:
        await server.stop()

    hub.bus.listen_once(EVENT_HUB_START, start)
    hub.bus.listen_once(EVENT_HUB_STOP, stop)
    return True
