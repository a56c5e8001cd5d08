"""``zone`` conditions (and the test the ``zone`` trigger uses): an entity with a
position (``latitude``/``longitude`` attributes) is inside a zone.

Zones are ``zone.*`` entities with ``latitude``, ``longitude`` and ``radius``
attributes. When the ``zone`` integration is not set up, ``zone.home`` is the hub's
location from the core configuration (``homeassistant: latitude/longitude/radius``).
The entity's ``gps_accuracy`` widens it, as in Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.condition.errors import ConditionErrorContainer, ConditionErrorMessage
from hub.condition.model import Check, Variables
from hub.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.exceptions import ConditionError
from hub.states import State
from hub.template.locations import vincenty_metres

if TYPE_CHECKING:
    from hub.core import Hub

HOME_ZONE: Final = "zone.home"
ATTR_LATITUDE: Final = "latitude"
ATTR_LONGITUDE: Final = "longitude"
ATTR_RADIUS: Final = "radius"
ATTR_GPS_ACCURACY: Final = "gps_accuracy"


def zone_state(hub: Hub, zone_entity_id: str) -> State | None:
    """The zone's state, or for ``zone.home`` without one the core location."""
    state = hub.states.get(zone_entity_id)
    if state is not None or zone_entity_id != HOME_ZONE:
        return state
    core = hub.config
    return State(
        HOME_ZONE,
        "0",
        {
            ATTR_LATITUDE: core.latitude,
            ATTR_LONGITUDE: core.longitude,
            ATTR_RADIUS: float(core.radius),
            "friendly_name": core.name,
        },
    )


def has_location(state: State | None) -> bool:
    """Whether the state carries a numeric position."""
    if state is None:
        return False
    return all(_is_number(state.attributes.get(key)) for key in (ATTR_LATITUDE, ATTR_LONGITUDE))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def in_zone(zone: State, latitude: float, longitude: float, radius: float = 0) -> bool:
    """Whether the position, give or take ``radius`` metres, is inside ``zone``."""
    if zone.state == STATE_UNAVAILABLE:
        return False
    try:
        distance = vincenty_metres(
            latitude,
            longitude,
            float(zone.attributes[ATTR_LATITUDE]),
            float(zone.attributes[ATTR_LONGITUDE]),
        )
        zone_radius = float(zone.attributes[ATTR_RADIUS])
    except (KeyError, TypeError, ValueError):
        return False
    return distance is not None and distance - radius < zone_radius


def entity_in_zone(hub: Hub, zone: State | str, entity: State | str) -> bool:
    """Whether the entity is in the zone; ``ConditionError`` when either is unknown or
    the entity has no position."""
    if isinstance(zone, str):
        found_zone = zone_state(hub, zone)
        if found_zone is None:
            raise ConditionErrorMessage("zone", f"unknown zone {zone}")
        zone = found_zone
    if isinstance(entity, str):
        found = hub.states.get(entity)
        if found is None:
            raise ConditionErrorMessage("zone", f"unknown entity {entity}")
        entity = found
    if entity.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return False
    latitude: Any = entity.attributes.get(ATTR_LATITUDE)
    longitude: Any = entity.attributes.get(ATTR_LONGITUDE)
    if not _is_number(latitude):
        raise ConditionErrorMessage(
            "zone", f"entity {entity.entity_id} has no 'latitude' attribute"
        )
    if not _is_number(longitude):
        raise ConditionErrorMessage(
            "zone", f"entity {entity.entity_id} has no 'longitude' attribute"
        )
    accuracy: Any = entity.attributes.get(ATTR_GPS_ACCURACY, 0)
    return in_zone(zone, float(latitude), float(longitude), float(accuracy or 0))


def zone_check(hub: Hub, config: Mapping[str, Any], entity_ids: list[str]) -> Check:
    """The check of a validated ``zone`` condition: every entity is in one of the
    zones."""
    zones: list[str] = config["zone"]

    def check(variables: Variables) -> bool:
        errors: list[ConditionError] = []
        all_inside = True
        for entity_id in entity_ids:
            inside = False
            for zone_id in zones:
                try:
                    if entity_in_zone(hub, zone_id, entity_id):
                        inside = True
                except ConditionErrorMessage as err:
                    errors.append(
                        ConditionErrorMessage(
                            "zone", f"error matching {entity_id} with {zone_id}: {err.message}"
                        )
                    )
            if not inside:
                all_inside = False
        if errors and not all_inside:
            raise ConditionErrorContainer("zone", errors)
        return all_inside

    return check
