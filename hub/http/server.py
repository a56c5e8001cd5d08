"""``HttpServer``: the aiohttp application and its listening sockets.

Integrations register their views while they set up (``register_view``); the server
starts listening when the hub starts, because aiohttp freezes the route table then.
"""

from __future__ import annotations

import logging
import ssl
from pathlib import Path
from typing import TYPE_CHECKING, Final

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from hub.const import HA_VERSION
from hub.exceptions import ConfigError
from hub.http.auth_middleware import auth_middleware
from hub.http.config import HttpConfig
from hub.http.keys import HUB_KEY
from hub.http.view import HubView
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

MAX_CLIENT_SIZE: Final = 16 * 1024 * 1024


def security_headers(use_x_frame_options: bool) -> Middleware:
    """HA's standard response headers on every answer, errors (404, 405...) included."""
    headers = {
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Server": "",
    }
    if use_x_frame_options:
        headers["X-Frame-Options"] = "SAMEORIGIN"

    @web.middleware
    async def add_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as err:
            err.headers.update(headers)
            raise
        response.headers.update(headers)
        return response

    return add_headers


class HttpServer:
    """The hub's HTTP server."""

    def __init__(self, hub: Hub, config: HttpConfig, auth: Auth) -> None:
        self.hub = hub
        self.config = config
        self.app = web.Application(
            middlewares=[security_headers(config.use_x_frame_options), auth_middleware(auth)],
            client_max_size=MAX_CLIENT_SIZE,
        )
        self.app[HUB_KEY] = hub
        self._runner: web.AppRunner | None = None
        self.bound: list[tuple[str, int]] = []

    def register_view(self, view: HubView) -> None:
        """Serve ``view`` (before the hub starts)."""
        view.register(self.app)

    def add_middleware(self, middleware: Middleware, *, before_auth: bool = False) -> None:
        """Add a middleware (before the hub starts). ``before_auth`` runs it ahead of
        authentication (IP bans, forwarded-for handling); otherwise it runs after it."""
        index = 1 if before_auth else len(self.app.middlewares)
        self.app.middlewares.insert(index, middleware)

    async def start(self) -> None:
        """Listen on every configured host."""
        ssl_context = await self.hub.add_executor_job(self._ssl_context)
        self._runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        for host in self.config.server_host:
            site = web.TCPSite(
                self._runner,
                host,
                self.config.server_port,
                ssl_context=ssl_context,
                reuse_address=True,
            )
            try:
                await site.start()
            except OSError as err:
                await self.stop()
                raise ConfigError(
                    f"Cannot listen on {host}:{self.config.server_port}: {err.strerror}. "
                    "Is another hub running? Change http: server_port or stop it."
                ) from err
        self.bound = [(address[0], address[1]) for address in self._runner.addresses]
        _LOGGER.info(
            "HTTP API (Home Assistant %s compatible) on %s",
            HA_VERSION,
            ", ".join(f"{'https' if ssl_context else 'http'}://{h}:{p}" for h, p in self.bound),
        )

    async def stop(self) -> None:
        """Close listeners and connections."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    def _ssl_context(self) -> ssl.SSLContext | None:
        cert, key = self.config.ssl_certificate, self.config.ssl_key
        if cert is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(Path(cert), Path(key) if key else None)
        except OSError as err:
            raise ConfigError(f"Cannot load ssl_certificate/ssl_key: {err}") from err
        return context


HTTP_SERVER: Final = HubKey[HttpServer]("http_server")
