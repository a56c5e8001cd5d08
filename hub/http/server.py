"""``HttpServer``: the aiohttp application and its listening sockets.

Integrations register their views while they set up (``register_view``); the server
starts listening when the hub starts, because aiohttp freezes the route table then.

Every request passes, outermost first: reverse-proxy headers (``forwarded``: everything
after it sees the real client), gzip of large JSON answers, middlewares added
``before_auth`` (IP bans), authentication, CORS preflight answers, middlewares added
after authentication, and the stopping check (every view answers 503 with an empty body
while the hub stops). HA's security headers and the CORS ``Access-Control-Allow-Origin``
are set as each answer is prepared, so error and streamed answers carry them too.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from pathlib import Path
from typing import TYPE_CHECKING, Final

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from hub.const import HA_VERSION
from hub.core import CoreState
from hub.exceptions import ConfigError
from hub.http.auth_middleware import auth_middleware
from hub.http.compression import gzip_middleware
from hub.http.config import SSL_INTERMEDIATE, HttpConfig
from hub.http.cors import CorsPolicy, allow_origin, cors_middleware
from hub.http.forwarded import ForwardedRules, forwarded_middleware
from hub.http.keys import HUB_KEY
from hub.http.view import HubView
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.auth import Auth
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

# Home Assistant's limits: 16 MiB request bodies, 24570-byte request and header lines.
MAX_CLIENT_SIZE: Final = 16 * 1024 * 1024
MAX_LINE_SIZE: Final = 24570

# TLS 1.2+ with forward secrecy and AEAD ciphers; "intermediate" adds the DHE suites
# older clients need. (TLS 1.3 suites are not affected by these lists.)
_CIPHERS_MODERN: Final = "ECDHE+AESGCM:ECDHE+CHACHA20"
_CIPHERS_INTERMEDIATE: Final = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20"


def security_header_values(use_x_frame_options: bool) -> dict[str, str]:
    """HA's standard response headers."""
    headers = {
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Server": "",
    }
    if use_x_frame_options:
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return headers


_STOPPING: Final = (CoreState.STOPPING, CoreState.FINAL_WRITE)


def stopping_middleware(hub: Hub) -> Middleware:
    """While the hub stops, every view answers 503 with an empty body (as HA does,
    before it looks at authentication)."""

    @web.middleware
    async def refuse_while_stopping(request: web.Request, handler: Handler) -> web.StreamResponse:
        if hub.state in _STOPPING and hasattr(request.match_info.route, "requires_auth"):
            return web.Response(status=503)
        return await handler(request)

    return refuse_while_stopping


class HttpServer:
    """The hub's HTTP server."""

    def __init__(self, hub: Hub, config: HttpConfig, auth: Auth) -> None:
        self.hub = hub
        self.config = config
        self.cors = CorsPolicy(config.cors_allowed_origins)
        self._security_headers = security_header_values(config.use_x_frame_options)
        self._auth_middleware = auth_middleware(auth)
        self._stopping_middleware = stopping_middleware(hub)
        self.app = web.Application(
            middlewares=[
                forwarded_middleware(
                    ForwardedRules(config.use_x_forwarded_for, config.trusted_proxies)
                ),
                gzip_middleware(hub.add_executor_job),
                self._auth_middleware,
                cors_middleware(self.cors),
                self._stopping_middleware,
            ],
            client_max_size=MAX_CLIENT_SIZE,
        )
        self.app[HUB_KEY] = hub
        self.app.on_response_prepare.append(self._on_response_prepare)
        self._runner: web.AppRunner | None = None
        # Start and stop run one at a time: a hub stopped while it starts must not end
        # with a socket that was bound after the stop.
        self._lifecycle = asyncio.Lock()
        self._stopped = False
        self.bound: list[tuple[str, int]] = []

    def register_view(self, view: HubView) -> None:
        """Serve ``view`` (before the hub starts)."""
        view.register(self.app)

    def add_middleware(self, middleware: Middleware, *, before_auth: bool = False) -> None:
        """Add a middleware (before the hub starts). ``before_auth`` runs it ahead of
        authentication but after the reverse-proxy headers are applied (IP bans see the
        real client); otherwise it runs after authentication."""
        anchor = self._auth_middleware if before_auth else self._stopping_middleware
        self.app.middlewares.insert(self.app.middlewares.index(anchor), middleware)

    async def _on_response_prepare(
        self, request: web.BaseRequest, response: web.StreamResponse
    ) -> None:
        response.headers.update(self._security_headers)
        allow_origin(self.cors, request, response)

    async def start(self) -> None:
        """Listen on every configured host (nothing, once stopped)."""
        async with self._lifecycle:
            if self._stopped:
                return
            ssl_context = await self.hub.add_executor_job(self._ssl_context)
            self._runner = web.AppRunner(
                self.app,
                access_log=None,
                handle_signals=False,
                shutdown_timeout=1.0,
                max_line_size=MAX_LINE_SIZE,
                max_field_size=MAX_LINE_SIZE,
            )
            await self._runner.setup()
            for host in self.config.server_host:
                await self._listen(host, ssl_context)
            self.bound = [(address[0], address[1]) for address in self._runner.addresses]
        _LOGGER.info(
            "HTTP API (Home Assistant %s compatible) on %s",
            HA_VERSION,
            ", ".join(f"{'https' if ssl_context else 'http'}://{h}:{p}" for h, p in self.bound),
        )

    async def _listen(self, host: str, ssl_context: ssl.SSLContext | None) -> None:
        assert self._runner is not None
        site = web.TCPSite(
            self._runner, host, self.config.server_port, ssl_context=ssl_context, reuse_address=True
        )
        try:
            await site.start()
        except OSError as err:
            await self._close()
            raise ConfigError(
                f"Cannot listen on {host}:{self.config.server_port}: {err.strerror}. "
                "Is another hub running? Change http: server_port or stop it."
            ) from err

    async def stop(self) -> None:
        """Close listeners and connections (after a start in progress has finished)."""
        async with self._lifecycle:
            self._stopped = True
            await self._close()

    async def _close(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            self.bound = []
            await runner.cleanup()

    def _ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context for ``ssl_certificate``/``ssl_key`` (blocking: reads files)."""
        cert, key = self.config.ssl_certificate, self.config.ssl_key
        if cert is None:
            return None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.options |= ssl.OP_CIPHER_SERVER_PREFERENCE | ssl.OP_NO_COMPRESSION
        intermediate = self.config.ssl_profile == SSL_INTERMEDIATE
        context.set_ciphers(_CIPHERS_INTERMEDIATE if intermediate else _CIPHERS_MODERN)
        try:
            context.load_cert_chain(Path(cert), Path(key) if key else None)
        except (OSError, ssl.SSLError) as err:
            raise ConfigError(
                f"Cannot load ssl_certificate/ssl_key ({cert}): {err}. Check that both files "
                "exist, are readable PEM files and that the key belongs to the certificate."
            ) from err
        peer = self.config.ssl_peer_certificate
        if peer is not None:
            context.verify_mode = ssl.CERT_REQUIRED
            try:
                context.load_verify_locations(Path(peer))
            except (OSError, ssl.SSLError) as err:
                raise ConfigError(f"Cannot load ssl_peer_certificate ({peer}): {err}") from err
        return context


HTTP_SERVER: Final = HubKey[HttpServer]("http_server")
