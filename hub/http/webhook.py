"""Webhooks: ``/api/webhook/<webhook_id>`` (no token; any origin), dispatched to the
handler registered for the id (the webhook trigger, the mobile app).

Home Assistant's behaviour: an unknown id answers 200 with an empty body (a caller
cannot probe which ids exist); a method the webhook does not allow answers 405 (HEAD
always 200, so sites can check the address); a ``local_only`` webhook (the default)
called from outside the local network answers 200 and does nothing; a handler that
fails is logged and the caller still gets 200. A handler may return its own response.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Final

from aiohttp import web

from hub.auth.local_access import is_local_remote
from hub.http.view import HubView
from hub.hub_data import HubKey

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.http.server import HttpServer

_LOGGER = logging.getLogger(__name__)

SUPPORTED_METHODS: Final = ("GET", "HEAD", "POST", "PUT")
DEFAULT_METHODS: Final = ("POST", "PUT")
URL_WEBHOOK_PATH: Final = "/api/webhook/{webhook_id}"

WebhookHandler = Callable[["Hub", str, web.Request], Awaitable["web.StreamResponse | None"]]


@dataclass(slots=True)
class Webhook:
    """One registered webhook."""

    domain: str
    name: str
    webhook_id: str
    handler: WebhookHandler
    local_only: bool = True
    allowed_methods: frozenset[str] = frozenset(DEFAULT_METHODS)


class WebhookRegistry:
    """The hub's webhooks by id."""

    def __init__(self) -> None:
        self._webhooks: dict[str, Webhook] = {}

    def register(
        self,
        domain: str,
        name: str,
        webhook_id: str,
        handler: WebhookHandler,
        *,
        local_only: bool = True,
        allowed_methods: Iterable[str] = DEFAULT_METHODS,
    ) -> None:
        """Route ``webhook_id`` to ``handler``; ``ValueError`` if the id is taken."""
        if webhook_id in self._webhooks:
            raise ValueError(f"Webhook id {webhook_id} is already in use")
        methods = frozenset(method.upper() for method in allowed_methods)
        unknown = methods - set(SUPPORTED_METHODS)
        if unknown:
            raise ValueError(f"Unsupported webhook methods: {', '.join(sorted(unknown))}")
        self._webhooks[webhook_id] = Webhook(domain, name, webhook_id, handler, local_only, methods)

    def unregister(self, webhook_id: str) -> None:
        """Forget ``webhook_id`` (unknown ids are ignored)."""
        self._webhooks.pop(webhook_id, None)

    def get(self, webhook_id: str) -> Webhook | None:
        """The webhook registered under ``webhook_id``."""
        return self._webhooks.get(webhook_id)

    def __contains__(self, webhook_id: str) -> bool:
        return webhook_id in self._webhooks


WEBHOOKS: Final = HubKey[WebhookRegistry]("webhooks")


def webhook_registry(hub: Hub) -> WebhookRegistry:
    """The hub's webhook registry."""
    registry = hub.data.get(WEBHOOKS)
    if registry is None:
        registry = hub.data.setdefault(WEBHOOKS, WebhookRegistry())
    return registry


def register_webhook(
    hub: Hub,
    domain: str,
    name: str,
    webhook_id: str,
    handler: WebhookHandler,
    *,
    local_only: bool = True,
    allowed_methods: Iterable[str] = DEFAULT_METHODS,
) -> None:
    """Route ``/api/webhook/<webhook_id>`` to ``handler(hub, webhook_id, request)``."""
    webhook_registry(hub).register(
        domain,
        name,
        webhook_id,
        handler,
        local_only=local_only,
        allowed_methods=allowed_methods,
    )


def unregister_webhook(hub: Hub, webhook_id: str) -> None:
    """Stop routing ``webhook_id``."""
    webhook_registry(hub).unregister(webhook_id)


async def handle_webhook(hub: Hub, webhook_id: str, request: web.Request) -> web.StreamResponse:
    """Dispatch one request (HA's ``async_handle_webhook``)."""
    webhook = webhook_registry(hub).get(webhook_id)
    if webhook is None:
        _LOGGER.info(
            "Received message for unregistered webhook %s from %s", webhook_id, request.remote
        )
        await request.content.read(64)
        return web.Response(status=HTTPStatus.OK)
    if request.method not in webhook.allowed_methods:
        if request.method == "HEAD":
            return web.Response(status=HTTPStatus.OK)
        _LOGGER.warning(
            "Webhook %s only supports %s methods but %s was received from %s",
            webhook_id,
            ", ".join(sorted(webhook.allowed_methods)),
            request.method,
            request.remote,
        )
        return web.Response(status=HTTPStatus.METHOD_NOT_ALLOWED)
    if webhook.local_only and not is_local_remote(request.remote):
        _LOGGER.warning("Received remote request for local webhook %s", webhook_id)
        return web.Response(status=HTTPStatus.OK)
    try:
        response = await webhook.handler(hub, webhook_id, request)
    except Exception:
        _LOGGER.exception("Error processing webhook %s", webhook_id)
        return web.Response(status=HTTPStatus.OK)
    return response if response is not None else web.Response(status=HTTPStatus.OK)


class WebhookView(HubView):
    """``/api/webhook/<webhook_id>``: no token, any origin."""

    url = URL_WEBHOOK_PATH
    name = "api:webhook"
    requires_auth = False
    cors_allowed = True

    async def _handle(self, request: web.Request, webhook_id: str) -> web.StreamResponse:
        return await handle_webhook(self.hub(request), webhook_id, request)

    get = _handle
    head = _handle
    post = _handle
    put = _handle


def register_webhook_view(server: HttpServer) -> None:
    """Serve ``/api/webhook/<webhook_id>`` (called when the HTTP server is created)."""
    server.register_view(WebhookView())
