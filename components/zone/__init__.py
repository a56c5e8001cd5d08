"""``zone``: named circles on the map (home, work, school) for presence automations.

``zone.home`` comes from the core configuration (``homeassistant:`` ``name``,
``latitude``, ``longitude``, ``radius``) and follows its changes; more zones come from
YAML, as in Home Assistant::

    zone:
      - name: School
        latitude: 52.3731
        longitude: 4.8922
        radius: 250         # metres, default 100
        passive: false      # passive zones trigger automations but hold nobody
        icon: mdi:school

Entity ``zone.<slug of the name>``; state: the number of persons in the zone (0 until
the hub tracks persons); attributes ``latitude``, ``longitude``, ``radius``,
``passive``, ``persons``, ``editable``, ``friendly_name``, ``icon``. Service
``zone.reload``. ``in_zone(state, latitude, longitude, radius)`` tells whether a
position (with its accuracy radius) is inside a zone, for zone triggers and conditions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean, ensure_list, icon, latitude, longitude, string
from hub.const import EVENT_CORE_CONFIG_UPDATE
from hub.entity.component import EntityComponent
from hub.entity.entity import Entity
from hub.entity.platform import add_entities
from hub.entity.yaml_collection import ATTR_EDITABLE
from hub.loader.reload import register_reload_service

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.states import State

DOMAIN: Final = "zone"
HOME_ZONE: Final = "home"
ICON_HOME: Final = "mdi:home"
DEFAULT_RADIUS: Final = 100.0
EARTH_RADIUS_M: Final = 6371008.8

ZONE_SCHEMA: Final = vol.Schema(
    {
        vol.Required("name"): string,
        vol.Required("latitude"): latitude,
        vol.Required("longitude"): longitude,
        vol.Optional("radius", default=DEFAULT_RADIUS): vol.All(
            vol.Coerce(float), vol.Range(min=0)
        ),
        vol.Optional("passive", default=False): boolean,
        vol.Optional("icon"): icon,
    }
)
CONFIG_SCHEMA: Final = vol.All(lambda value: value or [], ensure_list, [ZONE_SCHEMA])


def distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def in_zone(zone: State, latitude: float, longitude: float, radius: float = 0) -> bool:
    """Whether a position, give or take ``radius`` metres, touches ``zone``."""
    attributes = zone.attributes
    try:
        zone_distance = distance(
            latitude, longitude, float(attributes["latitude"]), float(attributes["longitude"])
        )
        return zone_distance - radius < float(attributes["radius"])
    except (KeyError, TypeError, ValueError):
        return False


class Zone(Entity):
    """One zone."""

    domain = DOMAIN
    _attr_should_poll = False

    def __init__(self, config: dict[str, Any], editable: bool, entity_id: str | None = None):
        self.editable = editable
        if entity_id is not None:
            self.entity_id = entity_id
        self.apply(config)

    def apply(self, config: dict[str, Any]) -> None:
        """Use a (new) configuration."""
        self._config = config
        self._attr_name = config["name"]
        self._attr_icon = config.get("icon")
        self.refresh_cached_metadata()

    @property
    def state(self) -> int:
        return 0  # persons in the zone: none tracked yet

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        config = self._config
        return {
            "latitude": config["latitude"],
            "longitude": config["longitude"],
            "radius": config["radius"],
            "passive": config["passive"],
            "persons": [],
            ATTR_EDITABLE: self.editable,
        }


def _home_config(hub: Hub) -> dict[str, Any]:
    core = hub.config
    return {
        "name": core.name,
        "latitude": core.latitude,
        "longitude": core.longitude,
        "radius": float(core.radius),
        "passive": False,
        "icon": ICON_HOME,
    }


async def async_setup(hub: Hub, config: list[dict[str, Any]]) -> bool:
    """``zone.home`` and the YAML zones."""
    EntityComponent(hub, DOMAIN)
    home = Zone(_home_config(hub), editable=True, entity_id=f"{DOMAIN}.{HOME_ZONE}")
    await add_entities(hub, DOMAIN, [home])

    def core_config_changed(_event: Event) -> None:
        if home.added:
            home.apply(_home_config(hub))
            home.write_state()

    hub.bus.listen(EVENT_CORE_CONFIG_UPDATE, core_config_changed)
    yaml_zones: list[Zone] = []

    async def load(zones: list[dict[str, Any]]) -> None:
        for zone in yaml_zones:
            if zone.platform is not None and zone.entity_id is not None:
                await zone.platform.remove_entity(zone.entity_id)
        yaml_zones[:] = [Zone(item, editable=False) for item in zones]
        await add_entities(hub, DOMAIN, yaml_zones)

    await load(config)
    register_reload_service(hub, DOMAIN, load)
    return True
