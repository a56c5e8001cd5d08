"""``zone`` triggers: an entity with a position enters or leaves a zone.

Fires when a state change moves the entity from outside to inside the zone (``enter``,
the default) or the other way (``leave``); changes without positions are ignored.
``trigger.zone`` is the zone's state. Without the ``zone`` integration, ``zone.home``
is the hub's configured location.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.model import resolve_entity_ids
from hub.condition.validators import entity_ids_or_uuids
from hub.condition.zone import entity_in_zone, has_location, zone_state
from hub.config import validators as cv
from hub.exceptions import ConditionError
from hub.tracking import track_state_change
from hub.trigger.base import TRIGGER_BASE_SCHEMA

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.states import State
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

_LOGGER = logging.getLogger(__name__)
_DESCRIPTION: Final = {"enter": "entering", "leave": "leaving"}

TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "zone",
        vol.Required("entity_id"): entity_ids_or_uuids,
        vol.Required("zone"): cv.entity_id,
        vol.Required("event", default="enter"): vol.Any("enter", "leave"),
    }
)


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Listen to the entities' moves."""
    entity_ids = resolve_entity_ids(hub, list(config["entity_id"]))
    zone_id: str = config["zone"]
    wanted: str = config["event"]

    def inside(zone: State, state: State | None) -> bool:
        if state is None:
            return False
        try:
            return entity_in_zone(hub, zone, state)
        except ConditionError as err:
            _LOGGER.debug("Zone trigger of '%s': %s", info.name, err)
            return False

    def moved(event: Event) -> None:
        entity_id: str = event.data["entity_id"]
        old: State | None = event.data["old_state"]
        new: State | None = event.data["new_state"]
        if (old is not None and not has_location(old)) or (
            new is not None and not has_location(new)
        ):
            return
        zone = zone_state(hub, zone_id)
        if zone is None:
            _LOGGER.warning(
                "Automation '%s' is referencing non-existing zone '%s' in a zone trigger",
                info.name,
                zone_id,
            )
            return
        was_inside, is_inside = inside(zone, old), inside(zone, new)
        if (wanted == "enter" and not was_inside and is_inside) or (
            wanted == "leave" and was_inside and not is_inside
        ):
            name = zone.attributes.get("friendly_name", zone.name)
            runner(
                {
                    "platform": "zone",
                    "entity_id": entity_id,
                    "from_state": old,
                    "to_state": new,
                    "zone": zone,
                    "event": wanted,
                    "description": f"{entity_id} {_DESCRIPTION[wanted]} {name}",
                },
                None if new is None else new.context,
            )

    return track_state_change(hub, entity_ids, moved)
