"""``HubView``: the base of every HTTP endpoint.

A view declares its ``url`` (and ``extra_urls``), whether it ``requires_auth`` (the
default) and whether any origin may call it (``cors_allowed``), and implements ``get``,
``post``... Handlers return a ``web.StreamResponse``; ``json`` and ``json_message``
build HA's JSON answers with orjson. Authentication itself happens in the auth
middleware; the view only refuses requests without a valid user, with HA's
``401: Unauthorized`` text.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, ClassVar, Final

import orjson
from aiohttp import web

from hub.events import json_default
from hub.http.keys import HUB_KEY, USER_KEY

if TYPE_CHECKING:
    from hub.auth.models import User
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

METHODS: Final = ("get", "post", "put", "delete", "patch", "head")
JSON_CONTENT_TYPE: Final = "application/json"

Handler = Callable[..., Awaitable[web.StreamResponse]]


def json_response(
    data: Any, status: int = HTTPStatus.OK, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON answer encoded with orjson (states and events serialise from their cache)."""
    body = orjson.dumps(data, default=json_default, option=orjson.OPT_NON_STR_KEYS)
    return web.Response(body=body, status=status, content_type=JSON_CONTENT_TYPE, headers=headers)


def unauthorized() -> web.HTTPUnauthorized:
    """HA's plain-text 401."""
    return web.HTTPUnauthorized(text="401: Unauthorized")


class HubView:
    """Base of the hub's HTTP views."""

    url: ClassVar[str]
    extra_urls: ClassVar[tuple[str, ...]] = ()
    name: ClassVar[str]
    requires_auth: ClassVar[bool] = True
    cors_allowed: ClassVar[bool] = False

    @staticmethod
    def json(
        data: Any, status: int = HTTPStatus.OK, headers: dict[str, str] | None = None
    ) -> web.Response:
        """A JSON answer."""
        return json_response(data, status, headers)

    @staticmethod
    def json_message(message: str, status: int = HTTPStatus.OK, **extra: Any) -> web.Response:
        """HA's ``{"message": ...}`` answer (plus e.g. ``code``)."""
        return json_response({"message": message, **extra}, status)

    @staticmethod
    def hub(request: web.Request) -> Hub:
        """The hub serving this request."""
        return request.app[HUB_KEY]

    @staticmethod
    def user(request: web.Request) -> User:
        """The authenticated user (views that require auth always have one)."""
        return request[USER_KEY]

    def register(self, app: web.Application) -> None:
        """Add this view's methods on its urls."""
        for url in (self.url, *self.extra_urls):
            resource = app.router.add_resource(url, name=self.name if url == self.url else None)
            for method in METHODS:
                handler: Handler | None = getattr(self, method, None)
                if handler is not None:
                    route = resource.add_route(method.upper(), self._wrap(handler))
                    setattr(route, "requires_auth", self.requires_auth)  # noqa: B010 - route metadata
                    setattr(route, "cors_allowed", self.cors_allowed)  # noqa: B010

    def _wrap(self, handler: Handler) -> Handler:
        requires_auth = self.requires_auth

        async def handle(request: web.Request) -> web.StreamResponse:
            if requires_auth and USER_KEY not in request:
                raise unauthorized()
            return await handler(request, **request.match_info)

        return handle
