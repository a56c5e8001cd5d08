"""``webhook`` triggers: a request to ``/api/webhook/<webhook_id>``.

``trigger.json`` holds a JSON body (content type containing ``json``), otherwise
``trigger.data`` the form fields; ``trigger.query`` the query parameters. Several
triggers may share an id (the first one's ``allowed_methods`` and ``local_only`` apply,
as in Home Assistant). ``local_only`` defaults to true.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from aiohttp import web

from hub.config import validators as cv
from hub.http.webhook import (
    DEFAULT_METHODS,
    SUPPORTED_METHODS,
    register_webhook,
    unregister_webhook,
)
from hub.hub_data import HubKey
from hub.trigger.base import TRIGGER_BASE_SCHEMA

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

_LOGGER = logging.getLogger(__name__)


def _methods(value: Any) -> list[str]:
    methods = [cv.string(item).upper() for item in cv.ensure_list(value)]
    for index, method in enumerate(methods):
        if method not in SUPPORTED_METHODS:
            raise vol.Invalid(f"expected one of {', '.join(SUPPORTED_METHODS)}", path=[index])
    if len(set(methods)) != len(methods):
        raise vol.Invalid("each method may be given once")
    return methods


TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "webhook",
        vol.Required("webhook_id"): cv.string,
        vol.Optional("allowed_methods"): _methods,
        vol.Optional("local_only"): cv.boolean,
    }
)

_RUNNERS: Final = HubKey[dict[str, list["TriggerRunner"]]]("webhook_trigger_runners")


async def _request_payload(webhook_id: str, request: web.Request) -> dict[str, Any]:
    payload: dict[str, Any] = {"platform": "webhook", "webhook_id": webhook_id}
    if "json" in request.headers.get("Content-Type", ""):
        try:
            payload["json"] = await request.json()
        except (ValueError, json.JSONDecodeError):
            payload["json"] = None
    else:
        payload["data"] = dict(await request.post())
    payload["query"] = dict(request.query)
    payload["description"] = "webhook"
    return payload


async def _handle(hub: Hub, webhook_id: str, request: web.Request) -> web.StreamResponse | None:
    payload = await _request_payload(webhook_id, request)
    for runner in list(hub.data.get(_RUNNERS, {}).get(webhook_id, ())):
        runner(payload)
    return None


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Register the webhook (or join the triggers already using it)."""
    webhook_id: str = config["webhook_id"]
    runners = hub.data.setdefault(_RUNNERS, {})
    if webhook_id not in runners:
        register_webhook(
            hub,
            info.domain,
            info.name,
            webhook_id,
            _handle,
            local_only=config.get("local_only", True),
            allowed_methods=config.get("allowed_methods", DEFAULT_METHODS),
        )
        runners[webhook_id] = []
    runners[webhook_id].append(runner)

    def remove() -> None:
        attached = runners.get(webhook_id)
        if attached is None or runner not in attached:
            return
        attached.remove(runner)
        if not attached:
            runners.pop(webhook_id)
            unregister_webhook(hub, webhook_id)

    return remove
