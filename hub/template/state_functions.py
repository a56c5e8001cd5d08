"""State functions: ``is_state``, ``state_attr``, ``is_state_attr``, ``has_value``,
``expand``, ``closest``, ``distance`` and ``state_translated``. Every lookup records the
entity it read, so a tracked template re-renders when that entity changes."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from hub.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.states import State, valid_entity_id
from hub.template.locations import (
    ATTR_LATITUDE,
    ATTR_LONGITUDE,
    as_float,
    closest_state,
    has_location,
    vincenty_metres,
)
from hub.template.render_info import collect_entity
from hub.template.state_access import (
    TemplateState,
    get_state,
    get_state_if_valid,
    resolve_state,
)

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger("hub.template")
_ATTR_PERSONS: Final = "persons"
_GROUP: Final = "group"
_ZONE: Final = "zone"
_METRES: Final = "m"


class StateFunctions:
    """The state functions of one hub."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    def is_state(self, entity_id: str, state: Any) -> bool:
        """Whether the entity's state is ``state`` (or one of a list of states)."""
        found = get_state(self._hub, entity_id)
        if found is None:
            return False
        current = found.state
        return current == state or (isinstance(state, list) and current in state)

    def state_attr(self, entity_id: str, name: str) -> Any:
        """An attribute of an entity's state, or None."""
        found = get_state(self._hub, entity_id)
        return found.attributes.get(name) if found is not None else None

    def is_state_attr(self, entity_id: str, name: str, value: Any) -> bool:
        """Whether an attribute has this value (a missing attribute never matches)."""
        attribute = self.state_attr(entity_id, name)
        return attribute is not None and attribute == value

    def has_value(self, entity_id: str) -> bool:
        """Whether the entity exists and is neither unknown nor unavailable."""
        found = get_state(self._hub, entity_id)
        return found is not None and found.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)

    def state_translated(self, entity_id: str) -> str:
        """The state as shown to people. Watthub has no translations yet: the state."""
        found = get_state_if_valid(self._hub, entity_id)
        return STATE_UNKNOWN if found is None else found.state

    def expand(self, *args: Any) -> list[TemplateState | State]:
        """The member states of entity ids, states, groups and zones (recursively),
        de-duplicated and sorted by entity id."""
        search = list(args)
        found: dict[str, TemplateState | State] = {}
        hub = self._hub
        while search:
            item = search.pop()
            if isinstance(item, str):
                entity_id = item
                resolved = get_state(hub, item)
                if resolved is None:
                    continue
                entity: TemplateState | State = resolved
            elif isinstance(item, State | TemplateState):
                entity, entity_id = item, item.entity_id
            elif isinstance(item, Iterable):
                search.extend(item)
                continue
            else:
                continue
            if entity_id in found:
                continue
            domain = entity_id.partition(".")[0]
            if domain == _GROUP:
                search.extend(entity.attributes.get(ATTR_ENTITY_ID) or ())
            elif domain == _ZONE:
                search.extend(entity.attributes.get(_ATTR_PERSONS) or ())
            else:
                collect_entity(entity_id)
                found[entity_id] = entity
        return sorted(found.values(), key=_entity_id)

    def closest(self, *args: Any) -> Any:
        """The nearest entity with a location: to home, to an entity, or to a point."""
        hub = self._hub
        if len(args) == 1:
            latitude: float | None = hub.config.latitude
            longitude: float | None = hub.config.longitude
            entities = args[0]
        elif len(args) == 2:
            point = resolve_state(hub, args[0])
            if point is None:
                _LOGGER.warning("Closest:Unable to find state %s", args[0])
                return None
            if not has_location(point):
                _LOGGER.warning("Closest:State does not contain valid location: %s", point)
                return None
            latitude = point.attributes.get(ATTR_LATITUDE)
            longitude = point.attributes.get(ATTR_LONGITUDE)
            entities = args[1]
        else:
            latitude, longitude = as_float(args[0]), as_float(args[1])
            if latitude is None or longitude is None:
                _LOGGER.warning("Closest:Received invalid coordinates: %s, %s", args[0], args[1])
                return None
            entities = args[2]
        assert latitude is not None and longitude is not None
        return closest_state(latitude, longitude, self.expand(entities))

    def closest_filter(self, *args: Any) -> Any:
        """``entities | closest(...)``: the filtered value goes last."""
        return self.closest(*args[1:], args[0])

    def distance(self, *args: Any) -> float | None:
        """Distance from home to a point, or between two points (entities or lat/lon
        pairs), in the hub's length unit."""
        points: list[tuple[float, float]] = []
        pending = list(args)
        while pending:
            value = pending.pop(0)
            point = None
            if not (isinstance(value, str) and not valid_entity_id(value)):
                point = resolve_state(self._hub, value)
            if point is None:
                if not pending:
                    _LOGGER.warning("Distance:Expected latitude and longitude, got %s", value)
                    return None
                second = pending.pop(0)
                latitude, longitude = as_float(value), as_float(second)
                if latitude is None or longitude is None:
                    _LOGGER.warning(
                        "Distance:Unable to process latitude and longitude: %s, %s",
                        value,
                        second,
                    )
                    return None
                points.append((latitude, longitude))
                continue
            if not has_location(point):
                _LOGGER.warning("Distance:State does not contain valid location: %s", point)
                return None
            points.append((point.attributes[ATTR_LATITUDE], point.attributes[ATTR_LONGITUDE]))
        return self._distance(points)

    def _distance(self, points: list[tuple[float, float]]) -> float | None:
        hub = self._hub
        if not points:
            return None
        if len(points) == 1:
            points.insert(0, (hub.config.latitude, hub.config.longitude))
        metres = vincenty_metres(*points[0], *points[1])
        if metres is None:
            return None
        return hub.units.length(metres, _METRES)


def _entity_id(state: TemplateState | State) -> str:
    return state.entity_id
