"""select_entities: what entity_id / device_id / area_id in a call's data mean."""

from __future__ import annotations

from hub.core import Hub
from hub.entity.target import select_entities
from hub.registry.area_registry import AREA_REGISTRY
from tests.hub.entity.conftest import MockEntity, add, device, device_registry, entity_registry


async def test_entity_ids_only(entity_hub: Hub) -> None:
    selected = select_entities(entity_hub, {"entity_id": "Sensor.A, sensor.b"})
    assert selected.referenced == {"sensor.a", "sensor.b"}
    assert selected.indirectly_referenced == set()
    assert not selected.match_all


async def test_all_and_none(entity_hub: Hub) -> None:
    assert select_entities(entity_hub, {"entity_id": "all"}).match_all
    none = select_entities(entity_hub, {"entity_id": "none", "device_id": "none"})
    assert not none.match_all
    assert none.all_ids == set()
    assert none.missing_devices == set()


async def test_devices_and_areas(entity_hub: Hub) -> None:
    heater = {**device("h", "Heater"), "suggested_area": "Attic"}
    entities = [
        MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=heater),
        MockEntity(unique_id="t", name="Temp", has_entity_name=True, device_info=heater),
        MockEntity(unique_id="x", name="Elsewhere"),
    ]
    await add(entity_hub, *entities)
    registry = entity_registry(entity_hub)
    registry.update("sensor.heater_temp", disabled_by="user")
    registry.update("sensor.elsewhere", area_id="attic")
    heater_id = entities[0].device_entry
    assert heater_id is not None

    by_device = select_entities(entity_hub, {"device_id": heater_id.id})
    assert by_device.indirectly_referenced == {"sensor.heater_power"}  # disabled left out

    by_area = select_entities(entity_hub, {"area_id": "attic", "entity_id": "sensor.x"})
    assert by_area.referenced == {"sensor.x"}
    assert by_area.indirectly_referenced == {"sensor.heater_power", "sensor.elsewhere"}
    assert by_area.all_ids == {"sensor.x", "sensor.heater_power", "sensor.elsewhere"}


async def test_missing_devices_and_areas_are_reported(entity_hub: Hub) -> None:
    entity_hub.data[AREA_REGISTRY].get_or_create("Hall")
    selected = select_entities(entity_hub, {"device_id": ["gone"], "area_id": ["hall", "nowhere"]})
    assert selected.missing_devices == {"gone"}
    assert selected.missing_areas == {"nowhere"}
    assert selected.all_ids == set()


async def test_device_moved_out_of_the_area(entity_hub: Hub) -> None:
    plug = {**device("p", "Plug"), "suggested_area": "Hall"}
    entity = MockEntity(unique_id="p", name=None, has_entity_name=True, device_info=plug)
    await add(entity_hub, entity)
    assert select_entities(entity_hub, {"area_id": "hall"}).indirectly_referenced == {"sensor.plug"}
    assert entity.device_entry is not None
    device_registry(entity_hub).update(entity.device_entry.id, area_id=None)
    assert select_entities(entity_hub, {"area_id": "hall"}).indirectly_referenced == set()
