"""``event`` triggers: an event of a type (or one of several), optionally with data
and a context that match.

``event_data`` must be a subset of the event's data (equal values, nested mappings
matched key by key); ``context`` matches ``id``/``parent_id``/``user_id``, a list
meaning any of. Types and data may be limited templates, rendered when attached.
``state_reported`` cannot be listened to, as in Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config import validators as cv
from hub.const import EVENT_STATE_REPORTED
from hub.exceptions import ConfigError
from hub.template import Template, render_complex
from hub.template.validators import template_complex
from hub.trigger.base import TRIGGER_BASE_SCHEMA

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner


def _event_types(value: Any) -> list[Any]:
    types = [
        item if isinstance(item, Template) else template_complex(cv.string(item))
        for item in cv.ensure_list(value)
    ]
    if EVENT_STATE_REPORTED in types:
        raise vol.Invalid(f"Can't listen to {EVENT_STATE_REPORTED} in event trigger")
    return types


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise vol.Invalid("expected a mapping")
    result: dict[str, Any] = template_complex(dict(value))
    return result


TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "event",
        vol.Required("event_type"): _event_types,
        vol.Optional("event_data"): _mapping,
        vol.Optional("context"): _mapping,
    }
)


def data_matches(wanted: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether every wanted key is in ``data`` with an equal value (mappings matched
    key by key)."""
    for key, value in wanted.items():
        if key not in data:
            return False
        actual = data[key]
        if isinstance(value, Mapping):
            if not isinstance(actual, Mapping) or not data_matches(value, actual):
                return False
        elif actual != value:
            return False
    return True


def context_matches(wanted: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    """Whether the event's context has the wanted ids (a list: any of them)."""
    for key, value in wanted.items():
        actual = context.get(key)
        if isinstance(value, list):
            if actual not in value:
                return False
        elif actual != value:
            return False
    return True


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Listen to the event types."""
    variables = info.variables
    event_types = [
        str(render_complex(item, variables, limited=True)) if isinstance(item, Template) else item
        for item in config["event_type"]
    ]
    if EVENT_STATE_REPORTED in event_types:
        raise ConfigError(f"Can't listen to {EVENT_STATE_REPORTED} in event trigger")
    wanted_data: dict[str, Any] | None = None
    if "event_data" in config:
        wanted_data = dict(render_complex(config["event_data"], variables, limited=True))
    wanted_context: dict[str, Any] | None = None
    if "context" in config:
        wanted_context = dict(render_complex(config["context"], variables, limited=True))

    def matches(event: Event) -> bool:
        if wanted_data and not data_matches(wanted_data, event.data):
            return False
        return not wanted_context or context_matches(wanted_context, event.context.as_dict())

    def handle(event: Event) -> None:
        runner(
            {
                "platform": "event",
                "event": event,
                "description": f"event '{event.event_type}'",
            },
            event.context,
        )

    event_filter = matches if wanted_data or wanted_context else None
    removes = [hub.bus.listen(event_type, handle, event_filter) for event_type in event_types]

    def remove() -> None:
        for unlisten in removes:
            unlisten()
        removes.clear()

    return remove
