"""Floor registry: unique names, slug ids, events, storage, areas cleared on delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_AREA_REGISTRY_UPDATED, EVENT_FLOOR_REGISTRY_UPDATED
from hub.exceptions import HubError
from hub.registry import FLOOR_REGISTRY, FloorEntry
from tests.conftest import START, HubFactory
from tests.hub.registry.conftest import Capture, Registries, Restart, stored

FLOOR_API_KEYS = {"aliases", "created_at", "floor_id", "icon", "level", "name", "modified_at"}


async def test_create_gives_slug_id_and_api_shape(registries: Registries) -> None:
    floor = registries.floors.create(
        "Ground Floor", aliases=[" downstairs ", "", "entrance"], icon="mdi:home-floor-0", level=0
    )
    assert floor.floor_id == "ground_floor"
    assert registries.floors.get("ground_floor") is floor
    assert "ground_floor" in registries.floors
    assert floor.as_api() == {
        "aliases": ["downstairs", "entrance"],
        "created_at": START.timestamp(),
        "floor_id": "ground_floor",
        "icon": "mdi:home-floor-0",
        "level": 0,
        "name": "Ground Floor",
        "modified_at": START.timestamp(),
    }
    assert set(floor.as_api()) == FLOOR_API_KEYS
    assert isinstance(floor.as_api()["created_at"], float)


async def test_defaults(registries: Registries) -> None:
    floor = registries.floors.create("  Attic ")
    assert floor == FloorEntry(
        floor_id="attic", name="Attic", created_at=START.timestamp(), modified_at=START.timestamp()
    )


@pytest.mark.parametrize("duplicate", ["ground floor", "  GROUND   Floor "])
async def test_names_are_unique_case_and_space_insensitive(
    registries: Registries, duplicate: str
) -> None:
    registries.floors.create("Ground floor")
    with pytest.raises(HubError, match=r"The name .* \(ground floor\) is already in use"):
        registries.floors.create(duplicate)
    found = registries.floors.get_by_name(duplicate)
    assert found is not None
    assert found.name == "Ground floor"
    assert len(registries.floors.floors()) == 1


async def test_blank_name_is_refused(registries: Registries) -> None:
    with pytest.raises(HubError, match="needs a name"):
        registries.floors.create("  ")
    floor = registries.floors.create("Cellar")
    with pytest.raises(HubError, match="needs a name"):
        registries.floors.update(floor.floor_id, name="")
    assert registries.floors.get(floor.floor_id) == floor


async def test_ids_are_made_unique(registries: Registries) -> None:
    ids = [registries.floors.create(name).floor_id for name in ("First", "First!", "First?")]
    assert ids == ["first", "first_2", "first_3"]


async def test_update_fires_only_on_change(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    events = capture(EVENT_FLOOR_REGISTRY_UPDATED)
    floor = registries.floors.create("Upstairs", level=1)
    registries.floors.create("Cellar", level=-1)
    await clock.advance(30)
    assert registries.floors.update(floor.floor_id, level=1, name="Upstairs") is floor
    renamed = registries.floors.update(
        floor.floor_id, name="First floor", aliases=["up"], icon="mdi:stairs-up"
    )
    assert renamed.floor_id == "upstairs"  # the id stays
    assert (renamed.name, renamed.aliases, renamed.icon) == (
        "First floor",
        frozenset({"up"}),
        "mdi:stairs-up",
    )
    assert (renamed.created_at, renamed.modified_at) == (
        START.timestamp(),
        START.timestamp() + 30,
    )
    assert registries.floors.update(floor.floor_id, name="FIRST FLOOR").name == "FIRST FLOOR"
    with pytest.raises(HubError, match="already in use"):
        registries.floors.update(floor.floor_id, name="cellar")
    assert events == [
        {"action": "create", "floor_id": "upstairs"},
        {"action": "create", "floor_id": "cellar"},
        {"action": "update", "floor_id": "upstairs"},
        {"action": "update", "floor_id": "upstairs"},
    ]


async def test_update_refuses_unknown_fields_and_ids(registries: Registries) -> None:
    floor = registries.floors.create("Loft")
    with pytest.raises(TypeError, match="color"):
        registries.floors.update(floor.floor_id, color="red")
    with pytest.raises(KeyError):
        registries.floors.update("nowhere", level=3)


async def test_delete_clears_the_floor_of_its_areas(
    registries: Registries, capture: Capture
) -> None:
    ground = registries.floors.create("Ground")
    first = registries.floors.create("First")
    kitchen = registries.areas.create("Kitchen", floor_id=ground.floor_id)
    hall = registries.areas.create("Hall", floor_id=ground.floor_id)
    bedroom = registries.areas.create("Bedroom", floor_id=first.floor_id)
    floor_events = capture(EVENT_FLOOR_REGISTRY_UPDATED)
    area_events = capture(EVENT_AREA_REGISTRY_UPDATED)

    registries.floors.delete(ground.floor_id)

    assert registries.floors.get(ground.floor_id) is None
    assert floor_events == [{"action": "remove", "floor_id": "ground"}]
    assert {area.id: area.floor_id for area in registries.areas.areas()} == {
        kitchen.id: None,
        hall.id: None,
        bedroom.id: "first",
    }
    assert area_events == [
        {"action": "update", "area_id": "kitchen"},
        {"action": "update", "area_id": "hall"},
    ]
    assert registries.areas.areas_for_floor("first") == [registries.areas.get(bedroom.id)]
    with pytest.raises(KeyError):
        registries.floors.delete(ground.floor_id)


async def test_round_trip_through_storage(registries: Registries, restart: Restart) -> None:
    registries.floors.create("Ground", aliases=["downstairs"], level=0, icon="mdi:home")
    registries.floors.create("Roof")
    before = [floor.as_api() for floor in registries.floors.floors()]

    reloaded = await restart()

    assert reloaded.floors.floors() == registries.floors.floors()
    assert [floor.as_api() for floor in reloaded.floors.floors()] == before
    document = stored(reloaded.hub, "core.floor_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    assert document["key"] == "core.floor_registry"
    assert document["data"]["floors"][0] == {
        "aliases": ["downstairs"],
        "floor_id": "ground",
        "icon": "mdi:home",
        "level": 0,
        "name": "Ground",
        "created_at": START.timestamp(),
        "modified_at": START.timestamp(),
    }
    with pytest.raises(HubError):
        reloaded.floors.create("ground")


async def test_migrates_from_1_1(make_hub: HubFactory, old_storage: Path) -> None:
    hub = await make_hub("")
    floors = hub.data[FLOOR_REGISTRY]
    assert floors.floors() == [
        FloorEntry(
            floor_id="ground_floor",
            name="Ground floor",
            aliases=frozenset({"downstairs"}),
            icon="mdi:home-floor-0",
            level=0,
        ),
        FloorEntry(floor_id="attic", name="Attic"),
    ]
    assert floors.floors()[0].as_api()["created_at"] == 0.0
    # Loading alone does not rewrite the file; the next change saves the new format.
    assert stored(hub, "core.floor_registry")["minor_version"] == 1
    floors.update("attic", level=2)
    await hub.stop()

    document = stored(hub, "core.floor_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    assert document["data"]["floors"][1] == {
        "aliases": [],
        "floor_id": "attic",
        "icon": None,
        "level": 2,
        "name": "Attic",
        "created_at": 0.0,
        "modified_at": START.timestamp(),
    }
