"""``homeassistant`` triggers: the hub starts (when automations are attached during
start-up, not on a reload) or stops."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.const import EVENT_HUB_STOP
from hub.trigger.base import TRIGGER_BASE_SCHEMA

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "homeassistant",
        vol.Required("event"): vol.Any("start", "shutdown"),
    }
)


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Fire now for ``start`` during start-up; listen to the stop for ``shutdown``."""
    if config["event"] == "shutdown":

        def stopping(event: Event) -> None:
            runner(
                {
                    "platform": "homeassistant",
                    "event": event,
                    "description": "Home Assistant stopping",
                },
                event.context,
            )

        return hub.bus.listen_once(EVENT_HUB_STOP, stopping)
    if info.home_assistant_start:
        runner(
            {
                "platform": "homeassistant",
                "event": "start",
                "description": "Home Assistant starting",
            }
        )
    return lambda: None
