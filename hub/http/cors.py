"""Cross-origin requests, as Home Assistant answers them.

A view marked ``cors_allowed`` (``/auth/token``, webhooks...) accepts any origin; every
other view only the configured ``cors_allowed_origins`` (default: the Cast receiver). An
allowed request gets ``Access-Control-Allow-Origin: <its origin>``; a preflight
(``OPTIONS`` with ``Access-Control-Request-Method``) is answered 200 with the method and
the requested headers when they are among ``Origin, Accept, X-Requested-With,
Content-Type, Authorization``, and 403 with the reason otherwise. Routes that are not
views, and unknown paths, are left to the router (404/405).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, TypeGuard

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware
from aiohttp.web_urldispatcher import AbstractRoute

ALLOWED_CORS_HEADERS: Final = frozenset(
    header.upper()
    for header in (
        hdrs.ORIGIN,
        hdrs.ACCEPT,
        "X-Requested-With",
        hdrs.CONTENT_TYPE,
        hdrs.AUTHORIZATION,
    )
)


def _view_route(route: AbstractRoute | None) -> TypeGuard[AbstractRoute]:
    """Whether a route was registered by a ``HubView`` (it carries the metadata)."""
    return route is not None and hasattr(route, "cors_allowed")


class CorsPolicy:
    """Which origins may call which routes."""

    def __init__(self, origins: Iterable[str]) -> None:
        self.origins = frozenset(origins)

    def allows(self, route: AbstractRoute, origin: str) -> bool:
        """Whether ``origin`` may call ``route``."""
        return bool(getattr(route, "cors_allowed", False)) or origin in self.origins

    def handles(self, route: AbstractRoute) -> bool:
        """Whether CORS is set up on ``route`` at all (with no configured origins, only
        routes open to every origin answer preflights)."""
        return bool(getattr(route, "cors_allowed", False)) or bool(self.origins)

    async def preflight(self, request: web.Request, origin: str) -> web.StreamResponse | None:
        """The answer to a preflight request, or None to let the router answer."""
        method = request.headers[hdrs.ACCESS_CONTROL_REQUEST_METHOD].strip().upper()
        match = await request.app.router.resolve(request.clone(method=method))
        route = match.route
        if not _view_route(route) or match.http_exception is not None or not self.handles(route):
            return None
        if not self.allows(route, origin):
            raise web.HTTPForbidden(
                text=f"CORS preflight request failed: origin '{origin}' is not allowed"
            )
        requested = _requested_headers(request)
        refused = requested - ALLOWED_CORS_HEADERS
        if refused:
            raise web.HTTPForbidden(
                text="CORS preflight request failed: headers are not allowed: "
                + ", ".join(sorted(refused))
            )
        headers = {
            hdrs.ACCESS_CONTROL_ALLOW_ORIGIN: origin,
            hdrs.ACCESS_CONTROL_ALLOW_METHODS: method,
        }
        if requested:
            headers[hdrs.ACCESS_CONTROL_ALLOW_HEADERS] = ",".join(sorted(requested))
        return web.Response(headers=headers)


def _requested_headers(request: web.Request) -> frozenset[str]:
    text = request.headers.get(hdrs.ACCESS_CONTROL_REQUEST_HEADERS, "")
    return frozenset(item.strip(" \t").upper() for item in text.split(",") if item.strip(" \t"))


def cors_middleware(policy: CorsPolicy) -> Middleware:
    """Answer preflight requests (other answers are marked by ``allow_origin``)."""

    @web.middleware
    async def cors(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get(hdrs.ORIGIN)
        if (
            origin is not None
            and request.method == hdrs.METH_OPTIONS
            and hdrs.ACCESS_CONTROL_REQUEST_METHOD in request.headers
        ):
            answer = await policy.preflight(request, origin)
            if answer is not None:
                return answer
        return await handler(request)

    return cors


def allow_origin(
    policy: CorsPolicy, request: web.BaseRequest, response: web.StreamResponse
) -> None:
    """Mark an answer (streamed and error answers included) as readable by the
    request's origin when the policy allows it; called as the answer is prepared."""
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None or hdrs.ACCESS_CONTROL_ALLOW_ORIGIN in response.headers:
        return
    match_info = getattr(request, "match_info", None)
    route = match_info.route if match_info is not None else None
    if _view_route(route) and policy.allows(route, origin):
        response.headers[hdrs.ACCESS_CONTROL_ALLOW_ORIGIN] = origin
