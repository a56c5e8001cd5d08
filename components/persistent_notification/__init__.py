"""``persistent_notification``: messages for the homeowner shown in the UI until dismissed.

Always set up (as in Home Assistant: the frontend subscribes on every page load).
Notifications live in memory; a restart clears them, as in Home Assistant since 2023.6.

Services ``create`` (``message``, optional ``title`` and ``notification_id``: creating
with an existing id replaces that notification), ``dismiss`` (``notification_id``) and
``dismiss_all``. Message and title may be templates. WebSocket
``persistent_notification/subscribe`` answers ``null``, then sends
``{"type": "current", "notifications": {...}}`` and later ``added`` / ``removed`` events
with only the affected notifications; ``persistent_notification/get`` lists them. Each
notification is ``{"created_at", "message", "notification_id", "title"}``.

Other hub code creates notifications with ``async_create_notification(hub, message,
title=None, notification_id=None)`` and removes them with
``async_dismiss_notification(hub, notification_id)``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import string
from hub.hub_data import HubKey
from hub.services import ServiceCall
from hub.websocket.commands import register_command, websocket_command

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "persistent_notification"


class UpdateType(StrEnum):
    """What a subscription event tells."""

    CURRENT = "current"
    ADDED = "added"
    REMOVED = "removed"
    UPDATED = "updated"


@dataclass(slots=True, frozen=True)
class Notification:
    """One notification."""

    notification_id: str
    message: str
    title: str | None
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The wire form, keys in Home Assistant's order."""
        return {
            "created_at": self.created_at.isoformat(),
            "message": self.message,
            "notification_id": self.notification_id,
            "title": self.title,
        }


Listener = Callable[[UpdateType, dict[str, Notification]], None]


class Notifications:
    """The hub's notifications and who listens to their changes."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.items: dict[str, Notification] = {}
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(update_type, changed)`` on every change; returns the remover."""
        self._listeners = [*self._listeners, listener]

        def remove() -> None:
            self._listeners = [item for item in self._listeners if item is not listener]

        return remove

    def _tell(self, update_type: UpdateType, changed: dict[str, Notification]) -> None:
        for listener in self._listeners:
            try:
                listener(update_type, changed)
            except Exception:
                _LOGGER.exception("Notification listener %r failed", listener)

    def create(self, message: str, title: str | None, notification_id: str | None) -> str:
        """Add (or replace) a notification; returns its id."""
        notification_id = notification_id or uuid.uuid4().hex
        notification = Notification(notification_id, message, title, self.hub.clock.utcnow())
        self.items[notification_id] = notification
        self._tell(UpdateType.ADDED, {notification_id: notification})
        return notification_id

    def dismiss(self, notification_id: str) -> None:
        """Remove one notification (no error when it is not there)."""
        notification = self.items.pop(notification_id, None)
        if notification is not None:
            self._tell(UpdateType.REMOVED, {notification_id: notification})

    def dismiss_all(self) -> None:
        """Remove every notification."""
        removed, self.items = self.items, {}
        if removed:
            self._tell(UpdateType.REMOVED, removed)


NOTIFICATIONS: Final = HubKey[Notifications]("persistent_notifications")


def notifications(hub: Hub) -> Notifications:
    """The hub's notifications (created on first use)."""
    found = hub.data.get(NOTIFICATIONS)
    if found is None:
        found = hub.data.setdefault(NOTIFICATIONS, Notifications(hub))
    return found


def async_create_notification(
    hub: Hub, message: str, title: str | None = None, notification_id: str | None = None
) -> str:
    """Show ``message`` to the homeowner until dismissed; returns the notification id."""
    return notifications(hub).create(message, title, notification_id)


def async_dismiss_notification(hub: Hub, notification_id: str) -> None:
    """Remove a notification."""
    notifications(hub).dismiss(notification_id)


def render_text(hub: Hub, text: Any) -> str:
    """A message or title as text; one holding template syntax is rendered first."""
    source = str(text)
    if "{{" not in source and "{%" not in source and "{#" not in source:
        return source
    try:
        from hub.template import Template  # noqa: PLC0415 - optional until templates land
    except ImportError:
        return source
    return str(Template(source, hub).render(parse_result=False))


CREATE_SCHEMA: Final = vol.Schema(
    {
        vol.Required("message"): string,
        vol.Optional("title"): string,
        vol.Optional("notification_id"): string,
    }
)
DISMISS_SCHEMA: Final = vol.Schema({vol.Required("notification_id"): string})


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Register the services and WebSocket commands."""
    store = notifications(hub)

    def create(call: ServiceCall) -> None:
        title = call.data.get("title")
        store.create(
            render_text(hub, call.data["message"]),
            render_text(hub, title) if title is not None else None,
            call.data.get("notification_id"),
        )

    hub.services.register(DOMAIN, "create", create, CREATE_SCHEMA)
    hub.services.register(
        DOMAIN, "dismiss", lambda call: store.dismiss(call.data["notification_id"]), DISMISS_SCHEMA
    )
    hub.services.register(DOMAIN, "dismiss_all", lambda call: store.dismiss_all(), vol.Schema({}))
    register_command(hub, handle_get)
    register_command(hub, handle_subscribe)
    return True


@websocket_command({vol.Required("type"): "persistent_notification/get"})
def handle_get(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Every notification, as a list."""
    connection.send_result(
        msg["id"], [item.as_dict() for item in notifications(hub).items.values()]
    )


@websocket_command({vol.Required("type"): "persistent_notification/subscribe"})
def handle_subscribe(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """``null``, then the current notifications, then each change."""
    msg_id = msg["id"]
    store = notifications(hub)

    def forward(update_type: UpdateType, changed: dict[str, Notification]) -> None:
        connection.send_event(
            msg_id,
            {
                "type": str(update_type),
                "notifications": {key: item.as_dict() for key, item in changed.items()},
            },
        )

    connection.subscriptions[msg_id] = store.listen(forward)
    connection.send_result(msg_id)
    forward(UpdateType.CURRENT, dict(store.items))
