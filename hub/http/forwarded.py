"""Who the client is behind a reverse proxy: ``X-Forwarded-For``/``-Proto``/``-Host``.

Home Assistant's rules: a forwarded header is honoured only when ``use_x_forwarded_for``
is on and the connected peer is one of the ``trusted_proxies``; any other request that
carries ``X-Forwarded-For`` is refused with ``400: Bad Request`` (and logged), so a client
cannot pretend to come from elsewhere. ``X-Forwarded-For`` is read from the right: the
first address that is not a trusted proxy is the client (all trusted: the left-most).

The middleware replaces the request's ``remote`` (and ``scheme``/``host``) with what the
proxy reported, so everything after it, the IP ban included, sees the real client;
``client_ip(request)`` is the one function other code asks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Final

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

from hub.http.config import IPNetwork

_LOGGER = logging.getLogger(__name__)

IPAddress = IPv4Address | IPv6Address

X_FORWARDED_FOR: Final = hdrs.X_FORWARDED_FOR
X_FORWARDED_PROTO: Final = hdrs.X_FORWARDED_PROTO
X_FORWARDED_HOST: Final = hdrs.X_FORWARDED_HOST


def client_ip(request: web.Request) -> IPAddress | None:
    """The client's address: the peer, or the proxied client once the forwarded
    middleware has run. None for a connection without an IP (a Unix socket)."""
    if request.remote is None:
        return None
    try:
        return ip_address(request.remote)
    except ValueError:
        return None


def _peer_ip(request: web.Request) -> IPAddress | None:
    transport = request.transport
    peername = transport.get_extra_info("peername") if transport is not None else None
    if not peername:
        return None
    try:
        return ip_address(peername[0])
    except ValueError:
        return None


def _is_trusted(address: IPAddress, proxies: Sequence[IPNetwork]) -> bool:
    return any(address in proxy for proxy in proxies)


def _refuse(message: str, *args: object) -> web.HTTPBadRequest:
    _LOGGER.error(message, *args)
    return web.HTTPBadRequest()


class ForwardedRules:
    """The proxy settings, applied to one request at a time."""

    def __init__(self, use_x_forwarded_for: bool, trusted_proxies: Sequence[IPNetwork]) -> None:
        self.enabled = use_x_forwarded_for
        self.trusted = tuple(trusted_proxies)

    def overrides(self, request: web.Request) -> dict[str, str]:
        """The ``remote``/``scheme``/``host`` the proxy reported; raises
        ``HTTPBadRequest`` for headers that are not to be trusted or do not parse."""
        headers = request.headers.getall(X_FORWARDED_FOR, [])
        if not headers:
            return {}
        peer = _peer_ip(request)
        if not self.enabled:
            raise _refuse(
                "A request from a reverse proxy was received from %s, but http: is not set "
                "up for reverse proxies (set use_x_forwarded_for and trusted_proxies)",
                peer,
            )
        if peer is None or not _is_trusted(peer, self.trusted):
            raise _refuse("Received X-Forwarded-For header from an untrusted proxy %s", peer)
        if len(headers) > 1:
            raise _refuse("Too many headers for X-Forwarded-For: %s", headers)
        try:
            chain = [ip_address(item.strip()) for item in reversed(headers[0].split(","))]
        except ValueError:
            raise _refuse("Invalid IP address in X-Forwarded-For: %s", headers[0]) from None
        index, client = self._client_in(chain)
        overrides = {"remote": str(client)}
        scheme = self._scheme(request, len(chain), index)
        if scheme is not None:
            overrides["scheme"] = scheme
        host = self._host(request)
        if host is not None:
            overrides["host"] = host
        return overrides

    def _client_in(self, chain: list[IPAddress]) -> tuple[int, IPAddress]:
        """Right to left: the first untrusted address (its index), else the left-most."""
        for index, address in enumerate(chain):
            if not _is_trusted(address, self.trusted):
                return index, address
        return -1, chain[-1]

    @staticmethod
    def _scheme(request: web.Request, hops: int, index: int) -> str | None:
        headers = request.headers.getall(X_FORWARDED_PROTO, [])
        if not headers:
            return None
        if len(headers) > 1:
            raise _refuse("Too many headers for X-Forwarded-Proto: %s", headers)
        protos = [item.strip() for item in reversed(headers[0].split(","))]
        if "" in protos:
            raise _refuse("Empty item received in X-Forwarded-Proto header: %s", headers[0])
        if len(protos) not in (1, hops):
            raise _refuse(
                "Incorrect number of elements in X-Forwarded-Proto. Expected 1 or %d, got %d: %s",
                hops,
                len(protos),
                headers[0],
            )
        return protos[0] if len(protos) == 1 else protos[index]

    @staticmethod
    def _host(request: web.Request) -> str | None:
        headers = request.headers.getall(X_FORWARDED_HOST, [])
        if not headers:
            return None
        if len(headers) > 1:
            raise _refuse("Too many headers for X-Forwarded-Host: %s", headers)
        host = headers[0].strip()
        if not host:
            raise _refuse("Empty value received in X-Forwarded-Host header")
        return host


def forwarded_middleware(rules: ForwardedRules) -> Middleware:
    """Apply ``rules``: the rest of the stack sees the client the proxy reported."""

    @web.middleware
    async def forwarded(request: web.Request, handler: Handler) -> web.StreamResponse:
        overrides = rules.overrides(request)
        if overrides:
            request = request.clone(**overrides)  # type: ignore[arg-type]
        return await handler(request)

    return forwarded
