"""Area registry: unique names, ids from slugs, events, storage, clearing on delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_AREA_REGISTRY_UPDATED
from hub.exceptions import HubError
from hub.registry import AREA_REGISTRY
from hub.registry.area_registry import AreaEntry, normalize_area_name
from tests.conftest import START, HubFactory
from tests.hub.registry.conftest import Capture, Registries, Restart, stored

AREA_API_KEYS = {
    "aliases",
    "area_id",
    "floor_id",
    "icon",
    "labels",
    "name",
    "picture",
    "created_at",
    "modified_at",
}


async def test_create_gives_slug_id_and_api_shape(registries: Registries) -> None:
    area = registries.areas.create(
        "Living Room", icon="mdi:sofa", aliases=["lounge", "front room"], labels={"heated"}
    )
    assert area.id == "living_room"
    assert registries.areas.get("living_room") is area
    assert area.as_api() == {
        "aliases": ["front room", "lounge"],
        "area_id": "living_room",
        "floor_id": None,
        "icon": "mdi:sofa",
        "labels": ["heated"],
        "name": "Living Room",
        "picture": None,
        "created_at": START.timestamp(),
        "modified_at": START.timestamp(),
    }
    assert set(area.as_api()) == AREA_API_KEYS


@pytest.mark.parametrize(
    ("existing", "duplicate"),
    [("Living room", "living room"), ("Living room", "  LIVING   Room "), ("Küche", "KÜCHE")],
)
async def test_names_are_unique_case_and_space_insensitive(
    registries: Registries, existing: str, duplicate: str
) -> None:
    registries.areas.create(existing)
    with pytest.raises(HubError, match="already exists"):
        registries.areas.create(duplicate)
    found = registries.areas.get_by_name(duplicate)
    assert found is not None
    assert found.name == existing
    assert len(registries.areas.areas()) == 1


async def test_blank_name_is_refused(registries: Registries) -> None:
    with pytest.raises(HubError, match="needs a name"):
        registries.areas.create("   ")
    area = registries.areas.create("Hall")
    with pytest.raises(HubError, match="needs a name"):
        registries.areas.update(area.id, name="  ")
    assert registries.areas.get(area.id) == area


async def test_ids_are_made_unique(registries: Registries) -> None:
    first = registries.areas.create("Living room")
    second = registries.areas.create("Living-room")  # another name, same slug
    third = registries.areas.create("Living_room")
    assert [first.id, second.id, third.id] == ["living_room", "living_room_2", "living_room_3"]


def test_normalized_name() -> None:
    assert normalize_area_name("  Living\tROOM ") == "living room"
    assert AreaEntry(id="x", name=" Utility  Room").normalized_name == "utility room"


async def test_rename_checks_other_areas_only(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    events = capture(EVENT_AREA_REGISTRY_UPDATED)
    kitchen = registries.areas.create("Kitchen")
    registries.areas.create("Garage")
    await clock.advance(60)
    renamed = registries.areas.update(kitchen.id, name="KITCHEN")  # own name, new case
    assert renamed.name == "KITCHEN"
    assert renamed.id == "kitchen"
    assert renamed.created_at == START.timestamp()
    assert renamed.modified_at == START.timestamp() + 60
    with pytest.raises(HubError, match="already exists"):
        registries.areas.update(kitchen.id, name=" garage")
    assert registries.areas.get_by_name("kitchen") == renamed
    assert events == [
        {"action": "create", "area_id": "kitchen"},
        {"action": "create", "area_id": "garage"},
        {"action": "update", "area_id": "kitchen"},
    ]


async def test_update_without_change_fires_nothing(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    area = registries.areas.create("Attic", icon="mdi:home-roof", aliases=["loft"])
    events = capture(EVENT_AREA_REGISTRY_UPDATED)
    await clock.advance(5)
    assert registries.areas.update(area.id, icon="mdi:home-roof", aliases=["loft"]) is area
    assert events == []
    updated = registries.areas.update(area.id, floor_id="top", labels=["cold"])
    assert (updated.floor_id, updated.labels, updated.modified_at) == (
        "top",
        frozenset({"cold"}),
        START.timestamp() + 5,
    )
    assert events == [{"action": "update", "area_id": "attic"}]


async def test_get_or_create(registries: Registries) -> None:
    created = registries.areas.get_or_create("Study")
    assert registries.areas.get_or_create(" study ") is created
    assert len(registries.areas.areas()) == 1


async def test_delete_fires_and_clears_devices_and_entities(
    registries: Registries, capture: Capture
) -> None:
    area_events = capture(EVENT_AREA_REGISTRY_UPDATED)
    kitchen = registries.areas.create("Kitchen")
    garage = registries.areas.create("Garage")
    in_kitchen = registries.devices.get_or_create(
        "demo", {"identifiers": {("demo", "plug-1")}, "suggested_area": "Kitchen"}
    )
    in_garage = registries.devices.get_or_create(
        "demo", {"identifiers": {("demo", "charger")}, "suggested_area": "Garage"}
    )
    entry = registries.entities.get_or_create("sensor", "demo", "kitchen-temp")
    registries.entities.update(entry.entity_id, area_id=kitchen.id)
    other = registries.entities.get_or_create("sensor", "demo", "garage-temp")
    registries.entities.update(other.entity_id, area_id=garage.id)

    registries.areas.delete(kitchen.id)

    assert registries.areas.get(kitchen.id) is None
    assert area_events[-1] == {"action": "remove", "area_id": "kitchen"}
    device = registries.devices.get(in_kitchen.id)
    assert device is not None
    assert device.area_id is None
    areas_of_entities = {e.entity_id: e.area_id for e in registries.entities.entries()}
    # Others keep their area.
    assert areas_of_entities == {entry.entity_id: None, other.entity_id: "garage"}
    assert {d.id: d.area_id for d in registries.devices.devices()} == {
        in_kitchen.id: None,
        in_garage.id: "garage",
    }
    with pytest.raises(KeyError):
        registries.areas.delete(kitchen.id)


async def test_round_trip_through_storage(registries: Registries, restart: Restart) -> None:
    registries.areas.create("Kitchen", icon="mdi:stove", aliases=["cook"], picture="/p.jpg")
    registries.areas.create("Garden", floor_id="ground", labels=["outside", "lawn"])
    before = [area.as_api() for area in registries.areas.areas()]

    reloaded = await restart()

    assert reloaded.areas.areas() == registries.areas.areas()
    assert [area.as_api() for area in reloaded.areas.areas()] == before
    document = stored(reloaded.hub, "core.area_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    assert document["key"] == "core.area_registry"
    # Names still unique after loading.
    with pytest.raises(HubError):
        reloaded.areas.create("kitchen")


async def test_migrates_from_1_1(make_hub: HubFactory, old_storage: Path) -> None:
    hub = await make_hub("")
    areas = hub.data[AREA_REGISTRY]
    assert [area.as_api() for area in areas.areas()] == [
        {
            "aliases": [],
            "area_id": area_id,
            "floor_id": None,
            "icon": icon,
            "labels": [],
            "name": name,
            "picture": picture,
            "created_at": 0.0,
            "modified_at": 0.0,
        }
        for area_id, name, icon, picture in [
            ("living_room", "Living room", "mdi:sofa", None),
            ("kitchen", "Kitchen", None, None),
            (
                "utility_room",
                "Utility room",
                "mdi:washing-machine",
                "/api/image/serve/5b1c8a0e4d2f4f8c9e0a7d6b3c2a1f00/512x512",
            ),
            ("garden", "Garden", "mdi:flower", None),
        ]
    ]
    with pytest.raises(HubError, match="already exists"):
        areas.create("LIVING ROOM")
    # Loading alone does not rewrite the file; the next change saves the new format.
    assert stored(hub, "core.area_registry")["minor_version"] == 1
    areas.update("kitchen", aliases=["cooking"], floor_id="ground")
    await hub.stop()

    document = stored(hub, "core.area_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    items = document["data"]["areas"]
    assert [item["id"] for item in items] == ["living_room", "kitchen", "utility_room", "garden"]
    assert items[0] == {
        "id": "living_room",
        "name": "Living room",
        "aliases": [],
        "floor_id": None,
        "icon": "mdi:sofa",
        "labels": [],
        "picture": None,
        "created_at": 0.0,
        "modified_at": 0.0,
    }
    assert (items[1]["aliases"], items[1]["floor_id"], items[1]["modified_at"]) == (
        ["cooking"],
        "ground",
        START.timestamp(),
    )
