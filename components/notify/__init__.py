"""``notify``: sending messages to people (phones, chat, the UI).

Two kinds, as in Home Assistant 2025.1:

- **Legacy services** ``notify.<name>`` ``{message, title?, target?, data?}`` from
  ``notify:`` platform blocks::

      notify:
        - platform: some_integration   # its notify.py provides async_get_service()
          name: family                 # -> notify.family (default: the platform name)

  A platform module provides ``async_get_service(hub, config, discovery_info)`` returning
  a ``BaseNotificationService``; each of its ``targets`` also gets
  ``notify.<name>_<target>``. Integrations may also call ``register_notify_service``.
- **Notify entities** (``notify.*``) with the entity service ``notify.send_message``
  ``{message, title?}``; their state is the time of the last message sent.

``notify.persistent_notification`` ``{message, title?, data: {notification_id?}}`` is
always there and shows the message in the UI. Message and title may be templates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from components.persistent_notification import async_create_notification, render_text
from hub.config.slugs import slugify
from hub.config.validators import ensure_list, string
from hub.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.entity.component import EntityComponent
from hub.entity.restore_state import RestoreEntity
from hub.loader.setup import INTEGRATION_SETUP, SETUP_TIMEOUT
from hub.services import ServiceCall
from hub.timestamps import iso_utc

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "notify"

PLATFORM_BLOCK: Final = vol.Schema(
    {vol.Required("platform"): string, vol.Optional("name"): string}, extra=vol.ALLOW_EXTRA
)
CONFIG_SCHEMA: Final = vol.All(lambda value: value or [], ensure_list, [PLATFORM_BLOCK])

LEGACY_SERVICE_SCHEMA: Final = vol.Schema(
    {
        vol.Required("message"): string,
        vol.Optional("title"): string,
        vol.Optional("target"): vol.All(ensure_list, [string]),
        vol.Optional("data"): dict,
    }
)
PERSISTENT_NOTIFICATION_SCHEMA: Final = vol.Schema(
    {
        vol.Required("message"): string,
        vol.Optional("title"): string,
        vol.Optional("data"): dict,
    }
)


class BaseNotificationService:
    """A legacy notification service; implement ``async_send_message``."""

    hub: Hub

    @property
    def targets(self) -> Mapping[str, Any] | None:
        """Named targets; each gets its own ``notify.<name>_<target>`` service."""
        return None

    async def async_send_message(self, message: str, **kwargs: Any) -> None:
        """Send ``message``; kwargs: ``title``, ``target`` (list), ``data`` (mapping)."""
        raise NotImplementedError


class NotifyEntity(RestoreEntity):
    """A notify entity; implement ``async_send_message``."""

    domain = DOMAIN
    _last_sent: str | None = None

    @property
    def state(self) -> str | None:
        return self._last_sent

    async def async_added_to_hub(self) -> None:
        """Keep the time of the last message across restarts."""
        last = await self.async_get_last_state()
        if last is not None and last.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            self._last_sent = last.state

    async def send_message(self, message: str, title: str | None = None) -> None:
        """``notify.send_message``: record the time, then send."""
        self._last_sent = iso_utc(self.hub.clock.time())
        self.write_state()
        await self.async_send_message(message, title)

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Deliver the message."""
        raise NotImplementedError


def register_notify_service(hub: Hub, name: str, service: BaseNotificationService) -> None:
    """Offer ``service`` as ``notify.<name>`` (and ``notify.<name>_<target>`` per target)."""
    service.hub = hub
    name = slugify(name)

    async def send(call: ServiceCall, targets: list[str] | None = None) -> None:
        kwargs: dict[str, Any] = {}
        if (title := call.data.get("title")) is not None:
            kwargs["title"] = render_text(hub, title)
        if targets is not None or "target" in call.data:
            kwargs["target"] = targets if targets is not None else call.data["target"]
        if (data := call.data.get("data")) is not None:
            kwargs["data"] = data
        await service.async_send_message(render_text(hub, call.data["message"]), **kwargs)

    hub.services.register(DOMAIN, name, send, LEGACY_SERVICE_SCHEMA)
    for target_name, target in (service.targets or {}).items():

        async def send_to(call: ServiceCall, target: Any = target) -> None:
            await send(call, [target])

        hub.services.register(
            DOMAIN, f"{name}_{slugify(target_name)}", send_to, LEGACY_SERVICE_SCHEMA
        )


async def _setup_legacy_platform(hub: Hub, conf: Mapping[str, Any]) -> None:
    setup = hub.data[INTEGRATION_SETUP]
    platform = str(conf["platform"])
    try:
        if not await setup.setup(platform):
            _LOGGER.error("notify platform %s not set up: the integration is not loaded", platform)
            return
        module = await hub.add_executor_job(setup.catalog.get(platform).import_platform, DOMAIN)
        schema = getattr(module, "PLATFORM_SCHEMA", None)
        validated = schema(dict(conf)) if schema is not None else dict(conf)
        service = await asyncio.wait_for(
            module.async_get_service(hub, validated, None), SETUP_TIMEOUT
        )
    except Exception:
        _LOGGER.exception("Error setting up notify platform %s", platform)
        return
    if service is None:
        _LOGGER.error("notify platform %s did not provide a service", platform)
        return
    register_notify_service(hub, str(conf.get("name") or platform), service)


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """The entity domain, ``notify.persistent_notification`` and legacy platforms."""
    component = EntityComponent(hub, DOMAIN)
    component.register_entity_service(
        "send_message",
        {vol.Required("message"): string, vol.Optional("title"): string},
        "send_message",
    )

    def persistent_notification(call: ServiceCall) -> None:
        title = call.data.get("title")
        data = call.data.get("data") or {}
        notification_id = data.get("notification_id")
        async_create_notification(
            hub,
            render_text(hub, call.data["message"]),
            render_text(hub, title) if title is not None else None,
            str(notification_id) if notification_id is not None else None,
        )

    hub.services.register(
        DOMAIN, "persistent_notification", persistent_notification, PERSISTENT_NOTIFICATION_SCHEMA
    )
    setup = hub.data[INTEGRATION_SETUP]
    for conf in config:
        setup.track_platform_setup(
            hub.create_task(
                _setup_legacy_platform(hub, conf), f"setup notify platform {conf['platform']}"
            )
        )
    return True
