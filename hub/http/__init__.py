"""The ``http`` integration: the hub's web server (API, later UI and WebSocket)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hub.const import EVENT_HUB_STOP
from hub.http.config import CONFIG_SCHEMA, HttpConfig
from hub.http.server import HTTP_SERVER, HttpServer

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

DOMAIN: Final = "http"

__all__ = ["CONFIG_SCHEMA", "HTTP_SERVER", "HttpServer", "async_setup"]


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Start the server; it stops when the hub stops."""
    server = HttpServer(hub, HttpConfig.from_config(config))
    hub.data[HTTP_SERVER] = server
    await server.start()

    async def stop(_event: Event) -> None:
        await server.stop()

    hub.bus.listen_once(EVENT_HUB_STOP, stop)
    return True
