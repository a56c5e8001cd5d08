"""zone: zone.home from the core config, YAML zones, in_zone, reload, errors."""

from __future__ import annotations

from pathlib import Path

from components.zone import distance, in_zone
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
homeassistant:
  name: Cottage
  latitude: 52.0
  longitude: 5.0
  radius: 250
zone:
  - name: School
    latitude: 52.01
    longitude: 5.02
    radius: 300
    icon: mdi:school
  - name: Shop
    latitude: 52.1
    longitude: 5.1
    passive: true
"""


async def test_home_and_yaml_zones(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    home = hub.states.get("zone.home")
    assert home is not None
    assert home.state == "0"
    assert dict(home.attributes) == {
        "latitude": 52.0,
        "longitude": 5.0,
        "radius": 250.0,
        "passive": False,
        "persons": [],
        "editable": True,
        "friendly_name": "Cottage",
        "icon": "mdi:home",
    }
    school = hub.states.get("zone.school")
    assert school is not None
    assert school.attributes["radius"] == 300.0
    assert school.attributes["editable"] is False
    assert school.attributes["icon"] == "mdi:school"
    shop = hub.states.get("zone.shop")
    assert shop is not None
    assert shop.attributes["passive"] is True
    assert shop.attributes["radius"] == 100.0


async def test_home_follows_the_core_config(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await hub.services.call(
        "homeassistant", "set_location", {"latitude": 51.5, "longitude": 4.5}, blocking=True
    )
    home = hub.states.get("zone.home")
    assert home is not None
    assert (home.attributes["latitude"], home.attributes["longitude"]) == (51.5, 4.5)


async def test_in_zone(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    home = hub.states.get("zone.home")
    assert home is not None
    assert in_zone(home, 52.0, 5.0)
    assert in_zone(home, 52.001, 5.001)  # ~130 m away
    assert not in_zone(home, 52.01, 5.0)  # ~1.1 km away
    assert in_zone(home, 52.01, 5.0, radius=1000)  # within its accuracy
    assert 1100 < distance(52.0, 5.0, 52.01, 5.0) < 1120


async def test_reload(make_hub: HubFactory, config_dir: Path) -> None:
    hub = await make_hub(CONFIG)
    (config_dir / "configuration.yaml").write_text(
        "zone:\n  - name: Work\n    latitude: 52.2\n    longitude: 4.9\n"
    )
    await hub.services.call("zone", "reload", blocking=True)
    assert sorted(hub.states.entity_ids("zone")) == ["zone.home", "zone.work"]


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, "zone:\n  - name: X\n    latitude: 95\n    longitude: 1\n")
    assert len(errors) == 1
    assert errors[0].line == 3
    errors = config_errors(config_dir, "zone:\n  - latitude: 5\n    longitude: 1\n")
    assert "name" in errors[0].message
