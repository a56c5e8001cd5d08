"""Entity registry: stable entity ids, generated ids, renames, options, events, storage,
debounced saves and the final flush at stop."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from hub import storage
from hub.clock import ManualClock
from hub.const import EVENT_ENTITY_REGISTRY_UPDATED
from hub.core import Hub
from hub.exceptions import HubError
from hub.registry import (
    DEVICE_REGISTRY,
    ENTITY_REGISTRY,
    RegistryEntryDisabler,
    RegistryEntryHider,
)
from hub.registry.registry_store import SAVE_DELAY
from hub.states import valid_entity_id
from tests.conftest import START, HubFactory
from tests.hub.registry.conftest import Capture, Registries, Restart, stored

ENTITY_API_KEYS = {
    "area_id",
    "categories",
    "config_entry_id",
    "created_at",
    "device_id",
    "disabled_by",
    "entity_category",
    "entity_id",
    "has_entity_name",
    "hidden_by",
    "icon",
    "id",
    "labels",
    "modified_at",
    "name",
    "options",
    "original_name",
    "platform",
    "translation_key",
    "unique_id",
}
EXTENDED_EXTRA_KEYS = {
    "aliases",
    "capabilities",
    "device_class",
    "original_device_class",
    "original_icon",
}


async def test_create_and_api_shapes(registries: Registries) -> None:
    entry = registries.entities.get_or_create(
        "sensor",
        "dsmr",
        "abc",
        suggested_object_id="Grid import",
        has_entity_name=True,
        original_name="Grid import",
        original_device_class="energy",
        capabilities={"state_class": "total_increasing"},
        config_entry_id="01JG0000000000000000000000",
    )
    entry = registries.entities.update_options(
        entry.entity_id, "sensor", {"suggested_display_precision": 2}
    )
    assert entry.entity_id == "sensor.grid_import"
    assert len(entry.id) == 32
    api = entry.as_api()
    assert set(api) == ENTITY_API_KEYS
    assert api == {
        "area_id": None,
        "categories": {},
        "config_entry_id": "01JG0000000000000000000000",
        "created_at": START.timestamp(),
        "device_id": None,
        "disabled_by": None,
        "entity_category": None,
        "entity_id": "sensor.grid_import",
        "has_entity_name": True,
        "hidden_by": None,
        "icon": None,
        "id": entry.id,
        "labels": [],
        "modified_at": START.timestamp(),
        "name": None,
        "options": {"sensor": {"suggested_display_precision": 2}},
        "original_name": "Grid import",
        "platform": "dsmr",
        "translation_key": None,
        "unique_id": "abc",
    }
    extended = entry.as_extended_api()
    assert set(extended) == ENTITY_API_KEYS | EXTENDED_EXTRA_KEYS
    assert {key: extended[key] for key in EXTENDED_EXTRA_KEYS} == {
        "aliases": [],
        "capabilities": {"state_class": "total_increasing"},
        "device_class": None,
        "original_device_class": "energy",
        "original_icon": None,
    }


async def test_create_event_and_lookup(registries: Registries, capture: Capture) -> None:
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    entry = registries.entities.get_or_create("switch", "demo", "plug-1")
    assert entry.entity_id == "switch.demo_plug_1"  # "<platform> <unique id>" by default
    assert events == [{"action": "create", "entity_id": "switch.demo_plug_1"}]
    assert registries.entities.get_entity_id("switch", "demo", "plug-1") == entry.entity_id
    assert registries.entities.get_entity_id("sensor", "demo", "plug-1") is None
    assert registries.entities.get_entity_id("switch", "other", "plug-1") is None
    assert "switch.demo_plug_1" in registries.entities
    assert registries.entities.get("switch.demo_plug_1") is entry


async def test_get_or_create_refreshes_integration_fields_only(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    entry = registries.entities.get_or_create(
        "sensor", "demo", "t1", original_name="Temperature", supported_features=0
    )
    registries.entities.update(entry.entity_id, name="Living temperature", icon="mdi:thermometer")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    await clock.advance(10)
    again = registries.entities.get_or_create(
        "sensor",
        "demo",
        "t1",
        suggested_object_id="something else",
        disabled_by=RegistryEntryDisabler.INTEGRATION,
        original_name="Temp",
        unit_of_measurement="°C",
    )
    assert again.entity_id == entry.entity_id
    assert (again.name, again.icon) == ("Living temperature", "mdi:thermometer")
    assert (again.original_name, again.unit_of_measurement) == ("Temp", "°C")
    assert again.disabled_by is None  # only applies at creation
    assert again.modified_at == START.timestamp() + 10
    assert events == [
        {
            "action": "update",
            "entity_id": entry.entity_id,
            "changes": {"original_name": "Temperature", "unit_of_measurement": None},
        }
    ]
    # Nothing new: no event.
    registries.entities.get_or_create(
        "sensor", "demo", "t1", original_name="Temp", unit_of_measurement="°C"
    )
    assert len(events) == 1
    with pytest.raises(TypeError, match="name"):
        registries.entities.get_or_create("sensor", "demo", "t1", name="homeowner's")


async def test_stable_across_restart(registries: Registries, restart: Restart) -> None:
    first = registries.entities.get_or_create(
        "sensor", "p1", "E002-power", suggested_object_id="Power"
    )
    # Another entity wants the same id later: gets _2.
    clash = registries.entities.get_or_create("sensor", "other", "x", suggested_object_id="Power")
    assert (first.entity_id, clash.entity_id) == ("sensor.power", "sensor.power_2")

    reloaded = await restart()

    again = reloaded.entities.get_or_create(
        "sensor", "p1", "E002-power", suggested_object_id="Completely different"
    )
    assert again == first
    assert reloaded.entities.get_or_create("sensor", "other", "x") == clash
    # A new unique id does not take an id that is already registered.
    new = reloaded.entities.get_or_create("sensor", "new", "y", suggested_object_id="Power")
    assert new.entity_id == "sensor.power_3"


async def test_generate_entity_id(registries: Registries, hub: Hub) -> None:
    entities = registries.entities
    assert entities.generate_entity_id("sensor", "Grid Import (L1)") == "sensor.grid_import_l1"
    entities.get_or_create("sensor", "demo", "a", suggested_object_id="meter")
    assert entities.generate_entity_id("sensor", "Meter") == "sensor.meter_2"
    hub.states.set("sensor.meter_2", "1")  # a live entity without a registry entry
    hub.states.reserve("sensor.meter_3")  # being added right now
    assert entities.generate_entity_id("sensor", "meter") == "sensor.meter_4"
    assert (
        entities.generate_entity_id("sensor", "meter", taken={"sensor.meter_4", "sensor.meter_5"})
        == "sensor.meter_6"
    )
    # Other domains do not clash.
    assert entities.generate_entity_id("switch", "meter") == "switch.meter"


async def test_generate_entity_id_respects_max_length(registries: Registries) -> None:
    entities = registries.entities
    long_name = "x" * 300
    first = entities.generate_entity_id("sensor", long_name)
    assert len(first) == 255
    assert first == "sensor." + "x" * 248
    taken = {first}
    for _ in range(10):
        candidate = entities.generate_entity_id("sensor", long_name, taken=taken)
        assert len(candidate) <= 255
        assert candidate not in taken
        taken.add(candidate)
    assert "sensor." + "x" * 246 + "_2" in taken
    assert "sensor." + "x" * 245 + "_11" in taken


async def test_generated_ids_are_valid_when_cut_at_an_underscore(registries: Registries) -> None:
    entities = registries.entities
    words = "a " * 200  # slug "a_a_a_...": the cut at 255 falls on an underscore
    first = entities.generate_entity_id("sensor", words)
    assert valid_entity_id(first)
    assert first == "sensor." + "a_" * 123 + "a"
    taken = {first}
    for _ in range(12):
        candidate = entities.generate_entity_id("sensor", words, taken=taken)
        assert valid_entity_id(candidate), candidate
        assert len(candidate) <= 255
        assert candidate not in taken
        taken.add(candidate)


async def test_rename(registries: Registries, clock: ManualClock, capture: Capture) -> None:
    entry = registries.entities.get_or_create("sensor", "demo", "p", suggested_object_id="power")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    await clock.advance(3)
    renamed = registries.entities.update(
        "sensor.power", new_entity_id="sensor.grid_power", name="Grid"
    )
    assert renamed.entity_id == "sensor.grid_power"
    assert (renamed.id, renamed.unique_id, renamed.created_at) == (
        entry.id,
        "p",
        START.timestamp(),
    )
    assert renamed.modified_at == START.timestamp() + 3
    assert registries.entities.get("sensor.power") is None
    assert registries.entities.get("sensor.grid_power") is renamed
    assert registries.entities.get_entity_id("sensor", "demo", "p") == "sensor.grid_power"
    assert events == [
        {
            "action": "update",
            "entity_id": "sensor.grid_power",
            "changes": {"name": None, "entity_id": "sensor.power"},
            "old_entity_id": "sensor.power",
        }
    ]
    # The freed id can be used again.
    other = registries.entities.get_or_create("sensor", "demo", "q", suggested_object_id="power")
    assert other.entity_id == "sensor.power"
    # Renaming to its own id is no rename.
    assert registries.entities.update("sensor.grid_power", new_entity_id="sensor.grid_power") is (
        renamed
    )
    assert len(events) == 2  # only other's create


@pytest.mark.parametrize(
    ("new_entity_id", "message"),
    [
        ("sensor.Power", "Invalid entity id"),
        ("sensor.power__2", "Invalid entity id"),
        ("sensor_power", "Invalid entity id"),
        ("sensor." + "x" * 249, "Invalid entity id"),
        ("switch.power", "cannot change its domain"),
        ("sensor.taken", "already in use"),
        ("sensor.live", "already in use"),
    ],
)
async def test_rename_refused(
    registries: Registries, hub: Hub, capture: Capture, new_entity_id: str, message: str
) -> None:
    entry = registries.entities.get_or_create("sensor", "demo", "p", suggested_object_id="power")
    registries.entities.get_or_create("sensor", "demo", "t", suggested_object_id="taken")
    hub.states.set("sensor.live", "on")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    with pytest.raises(HubError, match=message):
        registries.entities.update("sensor.power", new_entity_id=new_entity_id, name="x")
    assert registries.entities.get("sensor.power") is entry
    assert events == []


async def test_update_homeowner_fields(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    entry = registries.entities.get_or_create("sensor", "demo", "p")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    updated = registries.entities.update(
        entry.entity_id,
        disabled_by="user",
        hidden_by="user",
        aliases=["power"],
        labels={"energy"},
        area_id="hall",
    )
    assert updated.disabled_by is RegistryEntryDisabler.USER
    assert updated.hidden_by is RegistryEntryHider.USER
    assert updated.disabled
    assert updated.hidden
    assert (updated.aliases, updated.labels) == (frozenset({"power"}), frozenset({"energy"}))
    assert registries.entities.entries_for_area("hall") == [updated]
    assert events == [
        {
            "action": "update",
            "entity_id": entry.entity_id,
            "changes": {
                "disabled_by": None,
                "hidden_by": None,
                "aliases": [],
                "labels": [],
                "area_id": None,
            },
        }
    ]
    again = registries.entities.update(entry.entity_id, disabled_by=None, hidden_by=None)
    assert not again.disabled
    assert not again.hidden
    assert events[-1]["changes"] == {"disabled_by": "user", "hidden_by": "user"}


async def test_update_options(registries: Registries, capture: Capture) -> None:
    entry = registries.entities.get_or_create("sensor", "dsmr", "abc")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    first = registries.entities.update_options(
        entry.entity_id, "sensor", {"suggested_display_precision": 2}
    )
    second = registries.entities.update_options(
        entry.entity_id, "conversation", {"should_expose": False}
    )
    third = registries.entities.update_options(
        entry.entity_id, "sensor", {"unit_of_measurement": "kWh"}
    )
    assert first.options == {"sensor": {"suggested_display_precision": 2}}
    assert second.options == {
        "sensor": {"suggested_display_precision": 2},
        "conversation": {"should_expose": False},
    }
    # One domain's options are replaced as a whole; others are kept.
    assert third.options == {
        "sensor": {"unit_of_measurement": "kWh"},
        "conversation": {"should_expose": False},
    }
    with pytest.raises(TypeError):
        third.options["sensor"]["unit_of_measurement"] = "Wh"  # type: ignore[index]
    assert [event["changes"] for event in events] == [
        {"options": {}},
        {"options": {"sensor": {"suggested_display_precision": 2}}},
        {
            "options": {
                "sensor": {"suggested_display_precision": 2},
                "conversation": {"should_expose": False},
            }
        },
    ]
    # Same options again: no change, no event.
    assert (
        registries.entities.update_options(
            entry.entity_id, "sensor", {"unit_of_measurement": "kWh"}
        )
        is third
    )
    assert len(events) == 3


async def test_update_categories_are_read_only(registries: Registries, capture: Capture) -> None:
    entry = registries.entities.get_or_create("sensor", "demo", "c")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    categories = {"helpers": "01JG0000000000000000000001"}
    updated = registries.entities.update(entry.entity_id, categories=categories)
    categories["helpers"] = "changed later"  # the caller's dict is not the entry's
    assert updated.categories == {"helpers": "01JG0000000000000000000001"}
    with pytest.raises(TypeError):
        updated.categories["automation"] = "x"  # type: ignore[index]
    assert events == [
        {"action": "update", "entity_id": entry.entity_id, "changes": {"categories": {}}}
    ]


async def test_remove(registries: Registries, capture: Capture) -> None:
    entry = registries.entities.get_or_create("sensor", "demo", "p")
    events = capture(EVENT_ENTITY_REGISTRY_UPDATED)
    registries.entities.remove(entry.entity_id)
    assert entry.entity_id not in registries.entities
    assert registries.entities.get_entity_id("sensor", "demo", "p") is None
    assert events == [{"action": "remove", "entity_id": entry.entity_id}]
    with pytest.raises(KeyError):
        registries.entities.remove(entry.entity_id)
    recreated = registries.entities.get_or_create("sensor", "demo", "p")
    assert recreated.entity_id == entry.entity_id
    assert recreated.id != entry.id


async def test_entries_for_device(registries: Registries) -> None:
    device = registries.devices.get_or_create("demo", {"identifiers": {("demo", "d")}})
    on = registries.entities.get_or_create("sensor", "demo", "on", device_id=device.id)
    off = registries.entities.get_or_create(
        "sensor", "demo", "off", device_id=device.id, disabled_by=RegistryEntryDisabler.INTEGRATION
    )
    registries.entities.get_or_create("sensor", "demo", "none")
    assert registries.entities.entries_for_device(device.id) == [on]
    assert registries.entities.entries_for_device(device.id, include_disabled=True) == [on, off]


async def test_round_trip_through_storage(registries: Registries, restart: Restart) -> None:
    device = registries.devices.get_or_create("dsmr", {"identifiers": {("dsmr", "m")}})
    entry = registries.entities.get_or_create(
        "sensor",
        "dsmr",
        "abc",
        suggested_object_id="Grid import",
        device_id=device.id,
        config_entry_id="01JG0000000000000000000000",
        has_entity_name=True,
        original_name="Grid import",
        original_icon="mdi:flash",
        original_device_class="energy",
        entity_category=None,
        capabilities={"state_class": "total_increasing"},
        supported_features=0,
        unit_of_measurement="kWh",
        translation_key="grid_import",
    )
    registries.entities.update(
        entry.entity_id,
        name="Import",
        icon="mdi:transmission-tower-import",
        device_class="energy",
        aliases=["import", "grid"],
        labels=["energy"],
        categories={"helpers": "01JG0000000000000000000001"},
        hidden_by="user",
        area_id="hall",
    )
    registries.entities.update_options(
        entry.entity_id, "sensor", {"suggested_display_precision": 2}
    )
    registries.entities.get_or_create(
        "binary_sensor",
        "demo",
        "door",
        entity_category="diagnostic",
        disabled_by=RegistryEntryDisabler.INTEGRATION,
    )
    before = [e.as_extended_api() for e in registries.entities.entries()]

    reloaded = await restart()

    assert reloaded.entities.entries() == registries.entities.entries()
    assert [e.as_extended_api() for e in reloaded.entities.entries()] == before
    loaded = reloaded.entities.get("sensor.grid_import")
    assert loaded is not None
    assert (loaded.supported_features, loaded.unit_of_measurement) == (0, "kWh")
    assert loaded.as_api()["categories"] == {"helpers": "01JG0000000000000000000001"}
    document = stored(reloaded.hub, "core.entity_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    assert len(document["data"]["entities"]) == 2


async def test_debounced_save_writes_once(
    registries: Registries,
    hub: Hub,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writes: list[str] = []
    original = storage.write_document

    def counting(path: Path, document: Mapping[str, Any], private: bool = False) -> None:
        writes.append(document["key"])
        original(path, document, private)

    monkeypatch.setattr(storage, "write_document", counting)
    path = hub.path(".storage", "core.entity_registry")
    for number in range(20):
        entry = registries.entities.get_or_create("sensor", "demo", f"s{number}")
        registries.entities.update(entry.entity_id, name=f"Sensor {number}")
    await clock.advance(SAVE_DELAY - 1, settle=hub.block_till_done)
    assert writes == []
    assert not path.exists()
    await clock.advance(1, settle=hub.block_till_done)
    assert writes == ["core.entity_registry"]
    assert len(stored(hub, "core.entity_registry")["data"]["entities"]) == 20
    # Nothing changed since: no further write.
    await clock.advance(SAVE_DELAY * 3, settle=hub.block_till_done)
    assert writes == ["core.entity_registry"]


async def test_pending_changes_are_flushed_at_stop(registries: Registries, hub: Hub) -> None:
    registries.areas.create("Hall")
    device = registries.devices.get_or_create("demo", {"identifiers": {("demo", "d")}})
    registries.entities.get_or_create("sensor", "demo", "p", device_id=device.id)
    assert not hub.path(".storage").exists()
    await hub.stop()
    assert [a["id"] for a in stored(hub, "core.area_registry")["data"]["areas"]] == ["hall"]
    assert [d["id"] for d in stored(hub, "core.device_registry")["data"]["devices"]] == [device.id]
    assert [e["entity_id"] for e in stored(hub, "core.entity_registry")["data"]["entities"]] == [
        "sensor.demo_p"
    ]


async def test_migrates_from_1_1(make_hub: HubFactory, old_storage: Path) -> None:
    hub = await make_hub("")
    entities = hub.data[ENTITY_REGISTRY]
    assert [entry.entity_id for entry in entities.entries()] == [
        "sensor.grid_import",
        "sensor.house_power",
        "switch.dishwasher",
        "sensor.inverter_energy",
        "sensor.zigbee_coordinator_rssi",
    ]
    grid = entities.get("sensor.grid_import")
    assert grid is not None
    assert grid.as_extended_api() == {
        "aliases": [],
        "area_id": None,
        "capabilities": {"state_class": "total_increasing"},
        "categories": {},
        "config_entry_id": "01JG8Y6W3Q9D1F4T2K7M5N0P01",
        "created_at": 0.0,
        "device_class": None,
        "device_id": "3f6d2c1b0a9e8d7c6b5a493827160504",
        "disabled_by": None,
        "entity_category": None,
        "entity_id": "sensor.grid_import",
        "has_entity_name": True,
        "hidden_by": None,
        "icon": None,
        "id": "5d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a",
        "labels": [],
        "modified_at": 0.0,
        "name": None,
        "options": {"sensor": {"suggested_display_precision": 2}},
        "original_device_class": "energy",
        "original_icon": None,
        "original_name": "Grid import",
        "platform": "p1",
        "translation_key": "electricity_import",
        "unique_id": "E0026000012345678_import",
    }
    assert (grid.supported_features, grid.unit_of_measurement) == (0, "kWh")
    power = entities.get("sensor.house_power")
    assert power is not None
    assert power.options == {
        "sensor": {"suggested_display_precision": 0, "unit_of_measurement": "W"},
        "sensor.private": {"suggested_unit_of_measurement": "kW"},
    }
    assert (power.name, power.icon, power.area_id) == (
        "House power",
        "mdi:home-lightning-bolt",
        "living_room",
    )
    dishwasher = entities.get("switch.dishwasher")
    assert dishwasher is not None
    assert (dishwasher.hidden_by, dishwasher.device_class) == (RegistryEntryHider.USER, "outlet")
    rssi = entities.get("sensor.zigbee_coordinator_rssi")
    assert rssi is not None
    assert (rssi.disabled_by, rssi.entity_category) == (
        RegistryEntryDisabler.INTEGRATION,
        "diagnostic",
    )
    # Same unique id after the migration: same entity id.
    assert (
        entities.get_or_create(
            "sensor", "p1", "E0026000012345678_import", suggested_object_id="Other"
        )
        == grid
    )
    # The stored links still work: re-enabling the inverter re-enables its entity.
    inverter_energy = entities.get("sensor.inverter_energy")
    assert inverter_energy is not None
    assert inverter_energy.disabled_by is RegistryEntryDisabler.DEVICE
    hub.data[DEVICE_REGISTRY].update("ffeeddccbbaa99887766554433221100", disabled_by=None)
    assert entities.get("sensor.inverter_energy") == dataclasses.replace(
        inverter_energy, disabled_by=None, modified_at=START.timestamp()
    )
    await hub.stop()

    document = stored(hub, "core.entity_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    items = {item["entity_id"]: item for item in document["data"]["entities"]}
    assert len(items) == 5
    stored_keys = (
        ENTITY_API_KEYS | EXTENDED_EXTRA_KEYS | {"supported_features", "unit_of_measurement"}
    )
    assert all(set(item) == stored_keys for item in items.values())
    assert items["sensor.house_power"]["options"] == {
        "sensor": {"suggested_display_precision": 0, "unit_of_measurement": "W"},
        "sensor.private": {"suggested_unit_of_measurement": "kW"},
    }
    assert items["sensor.inverter_energy"]["disabled_by"] is None
    assert items["sensor.inverter_energy"]["modified_at"] == START.timestamp()
    assert (items["switch.dishwasher"]["categories"], items["switch.dishwasher"]["labels"]) == (
        {},
        [],
    )
