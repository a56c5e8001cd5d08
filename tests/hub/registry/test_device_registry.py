"""Device registry: finding devices again, merging what integrations tell, areas,
via devices, disabling and removal (with their entities), events and storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_DEVICE_REGISTRY_UPDATED, EVENT_ENTITY_REGISTRY_UPDATED
from hub.core import Hub
from hub.registry import DEVICE_REGISTRY, DeviceInfo, RegistryEntryDisabler
from hub.registry.device_registry import DeviceEntryDisabler
from hub.storage import write_document
from tests.conftest import START, HubFactory
from tests.hub.registry.conftest import Capture, Registries, Restart, stored

DEVICE_API_KEYS = {
    "area_id",
    "configuration_url",
    "config_entries",
    "connections",
    "created_at",
    "disabled_by",
    "entry_type",
    "hw_version",
    "id",
    "identifiers",
    "labels",
    "manufacturer",
    "model",
    "model_id",
    "modified_at",
    "name_by_user",
    "name",
    "primary_config_entry",
    "serial_number",
    "sw_version",
    "via_device_id",
}

METER: DeviceInfo = {
    "identifiers": {("p1", "E0026000012345678")},
    "connections": {("mac", "5C:CF:7F:12:34:56")},
    "name": "Electricity meter",
    "manufacturer": "Landis+Gyr",
    "model": "E360",
    "sw_version": "5.0",
}


async def test_create_and_api_shape(registries: Registries) -> None:
    device = registries.devices.get_or_create("p1", METER)
    assert len(device.id) == 32
    assert int(device.id, 16) >= 0
    assert device.integrations == frozenset({"p1"})
    api = device.as_api()
    assert set(api) == DEVICE_API_KEYS
    assert api == {
        "area_id": None,
        "configuration_url": None,
        "config_entries": [],
        "connections": [["mac", "5c:cf:7f:12:34:56"]],
        "created_at": START.timestamp(),
        "disabled_by": None,
        "entry_type": None,
        "hw_version": None,
        "id": device.id,
        "identifiers": [["p1", "E0026000012345678"]],
        "labels": [],
        "manufacturer": "Landis+Gyr",
        "model": "E360",
        "model_id": None,
        "modified_at": START.timestamp(),
        "name_by_user": None,
        "name": "Electricity meter",
        "primary_config_entry": None,
        "serial_number": None,
        "sw_version": "5.0",
        "via_device_id": None,
    }


async def test_needs_identifiers_or_connections(registries: Registries) -> None:
    with pytest.raises(ValueError, match="identifiers or connections"):
        registries.devices.get_or_create("demo", {"name": "Nameless"})
    assert registries.devices.devices() == []


async def test_found_again_by_identifier(registries: Registries, capture: Capture) -> None:
    events = capture(EVENT_DEVICE_REGISTRY_UPDATED)
    device = registries.devices.get_or_create("p1", METER)
    again = registries.devices.get_or_create("p1", {"identifiers": {("p1", "E0026000012345678")}})
    assert again is device
    assert registries.devices.find(identifiers=[("p1", "E0026000012345678")]) is device
    assert registries.devices.find(identifiers=[("p1", "other")]) is None
    assert events == [{"action": "create", "device_id": device.id}]


@pytest.mark.parametrize(
    "mac", ["5c:cf:7f:12:34:56", "5C-CF-7F-12-34-56", "5CCF7F123456", "5ccf.7f12.3456"]
)
async def test_found_again_by_normalized_mac(registries: Registries, mac: str) -> None:
    device = registries.devices.get_or_create("p1", METER)
    assert registries.devices.find(connections=[("mac", mac)]) == device
    other = registries.devices.get_or_create("other", {"connections": {("mac", mac)}})
    assert other.id == device.id
    assert other.connections == frozenset({("mac", "5c:cf:7f:12:34:56")})
    assert len(registries.devices.devices()) == 1


async def test_non_mac_connections_are_kept_verbatim(registries: Registries) -> None:
    device = registries.devices.get_or_create(
        "zigbee", {"connections": {("zigbee", "00:15:8D:00:01:02:03:04")}}
    )
    assert device.connections == frozenset({("zigbee", "00:15:8D:00:01:02:03:04")})
    assert registries.devices.find(connections=[("zigbee", "00:15:8d:00:01:02:03:04")]) is None


async def test_merges_identifiers_connections_and_info(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    device = registries.devices.get_or_create("p1", METER)
    events = capture(EVENT_DEVICE_REGISTRY_UPDATED)
    await clock.advance(30)
    merged = registries.devices.get_or_create(
        "dsmr_reader",
        {
            "connections": {("mac", "5c-cf-7f-12-34-56"), ("ip", "192.168.1.20")},
            "identifiers": {("dsmr_reader", "meter-1")},
            "sw_version": "5.1",
            "serial_number": "12345678",
        },
    )
    assert merged.id == device.id
    assert merged.identifiers == {("p1", "E0026000012345678"), ("dsmr_reader", "meter-1")}
    assert merged.connections == {("mac", "5c:cf:7f:12:34:56"), ("ip", "192.168.1.20")}
    assert merged.integrations == {"p1", "dsmr_reader"}
    assert (merged.sw_version, merged.serial_number, merged.name) == (
        "5.1",
        "12345678",
        "Electricity meter",
    )
    assert (merged.created_at, merged.modified_at) == (START.timestamp(), START.timestamp() + 30)
    # Found by the new identifier too.
    assert registries.devices.find(identifiers=[("dsmr_reader", "meter-1")]) == merged
    assert len(events) == 1
    event = events[0]
    assert (event["action"], event["device_id"]) == ("update", device.id)
    changes = event["changes"]
    # Old values (sets travel as lists).
    assert set(changes) == {
        "identifiers",
        "connections",
        "integrations",
        "sw_version",
        "serial_number",
    }
    assert changes["sw_version"] == "5.0"
    assert changes["serial_number"] is None
    assert changes["identifiers"] == [["p1", "E0026000012345678"]]
    assert changes["connections"] == [["mac", "5c:cf:7f:12:34:56"]]
    assert changes["integrations"] == ["p1"]


async def test_suggested_area_creates_the_area_once(registries: Registries) -> None:
    plug = registries.devices.get_or_create(
        "demo", {"identifiers": {("demo", "plug")}, "suggested_area": "Utility room"}
    )
    area = registries.areas.get_by_name("utility room")
    assert area is not None
    assert plug.area_id == area.id == "utility_room"
    boiler = registries.devices.get_or_create(
        "demo", {"identifiers": {("demo", "boiler")}, "suggested_area": "UTILITY ROOM"}
    )
    assert boiler.area_id == "utility_room"
    assert len(registries.areas.areas()) == 1
    # The homeowner's choice wins over a later suggestion.
    registries.devices.update(plug.id, area_id=None)
    again = registries.devices.get_or_create(
        "demo", {"identifiers": {("demo", "plug")}, "suggested_area": "Garage"}
    )
    assert again.area_id is None
    assert registries.areas.get_by_name("Garage") is None


async def test_via_device(registries: Registries) -> None:
    gateway = registries.devices.get_or_create(
        "zigbee", {"identifiers": {("zigbee", "coordinator")}, "name": "Coordinator"}
    )
    plug = registries.devices.get_or_create(
        "zigbee",
        {"identifiers": {("zigbee", "plug-1")}, "via_device": ("zigbee", "coordinator")},
    )
    assert plug.via_device_id == gateway.id
    orphan = registries.devices.get_or_create(
        "zigbee", {"identifiers": {("zigbee", "plug-2")}, "via_device": ("zigbee", "unknown")}
    )
    assert orphan.via_device_id is None
    # A via device announced later is picked up on the next sighting.
    hub_device = registries.devices.get_or_create(
        "zigbee", {"identifiers": {("zigbee", "unknown")}}
    )
    updated = registries.devices.get_or_create(
        "zigbee", {"identifiers": {("zigbee", "plug-2")}, "via_device": ("zigbee", "unknown")}
    )
    assert updated.via_device_id == hub_device.id


async def test_removing_a_via_device_clears_the_link(
    registries: Registries, capture: Capture
) -> None:
    gateway = registries.devices.get_or_create("zigbee", {"identifiers": {("zigbee", "gw")}})
    plug = registries.devices.get_or_create(
        "zigbee", {"identifiers": {("zigbee", "plug")}, "via_device": ("zigbee", "gw")}
    )
    events = capture(EVENT_DEVICE_REGISTRY_UPDATED)
    registries.devices.remove(gateway.id)
    remaining = registries.devices.get(plug.id)
    assert remaining is not None
    assert remaining.via_device_id is None
    assert events == [
        {"action": "update", "device_id": plug.id, "changes": {"via_device_id": gateway.id}},
        {"action": "remove", "device_id": gateway.id},
    ]


async def test_removing_a_merged_device_keeps_the_others_index(registries: Registries) -> None:
    by_serial = registries.devices.get_or_create("p1", {"identifiers": {("p1", "serial")}})
    by_mac = registries.devices.get_or_create("wifi", {"connections": {("mac", "aabbccddeeff")}})
    # One sighting names both: the identifier wins and the device takes the MAC too.
    merged = registries.devices.get_or_create(
        "p1", {"identifiers": {("p1", "serial")}, "connections": {("mac", "AA:BB:CC:DD:EE:FF")}}
    )
    assert merged.id == by_serial.id
    registries.devices.remove(by_mac.id)
    assert registries.devices.find(connections=[("mac", "aa:bb:cc:dd:ee:ff")]) == merged


async def test_stored_connections_are_normalized_on_load(hub: Hub) -> None:
    write_document(
        hub.path(".storage", "core.device_registry"),
        {
            "version": 1,
            "minor_version": 2,
            "key": "core.device_registry",
            "data": {
                "devices": [
                    {
                        **dict.fromkeys(DEVICE_API_KEYS),
                        "id": "0123456789abcdef0123456789abcdef",
                        "identifiers": [],
                        "connections": [["mac", "AABBCCDDEEFF"], ["zigbee", "00:15:8D"]],
                        "config_entries": [],
                        "labels": [],
                        "created_at": 0.0,
                        "modified_at": 0.0,
                    }
                ]
            },
        },
    )
    registries = await Registries.load(hub)
    device = registries.devices.find(connections=[("mac", "aa-bb-cc-dd-ee-ff")])
    assert device is not None
    assert device.connections == {("mac", "aa:bb:cc:dd:ee:ff"), ("zigbee", "00:15:8D")}
    assert device.integrations == frozenset()


async def test_update_fires_old_values(
    registries: Registries, clock: ManualClock, capture: Capture
) -> None:
    device = registries.devices.get_or_create("p1", METER)
    events = capture(EVENT_DEVICE_REGISTRY_UPDATED)
    await clock.advance(1)
    updated = registries.devices.update(
        device.id, name_by_user="Main meter", labels=["energy"], area_id="hall"
    )
    assert updated.display_name == "Main meter"
    assert updated.labels == frozenset({"energy"})
    assert updated.modified_at == START.timestamp() + 1
    assert registries.devices.devices_in_area("hall") == [updated]
    assert events == [
        {
            "action": "update",
            "device_id": device.id,
            "changes": {"name_by_user": None, "labels": [], "area_id": None},
        }
    ]
    assert registries.devices.update(device.id, name_by_user="Main meter") is updated
    assert len(events) == 1


async def test_disable_disables_entities_and_enable_restores_them(
    registries: Registries, capture: Capture
) -> None:
    device = registries.devices.get_or_create("p1", METER)
    power = registries.entities.get_or_create("sensor", "p1", "power", device_id=device.id)
    energy = registries.entities.get_or_create("sensor", "p1", "energy", device_id=device.id)
    mine = registries.entities.get_or_create("sensor", "p1", "voltage", device_id=device.id)
    registries.entities.update(mine.entity_id, disabled_by="user")
    unrelated = registries.entities.get_or_create("sensor", "demo", "x")
    entity_events = capture(EVENT_ENTITY_REGISTRY_UPDATED)

    disabled = registries.devices.update(device.id, disabled_by="user")

    assert disabled.disabled_by is DeviceEntryDisabler.USER
    assert disabled.disabled
    by = {e.entity_id: e.disabled_by for e in registries.entities.entries()}
    assert by == {
        power.entity_id: RegistryEntryDisabler.DEVICE,
        energy.entity_id: RegistryEntryDisabler.DEVICE,
        mine.entity_id: RegistryEntryDisabler.USER,
        unrelated.entity_id: None,
    }
    assert registries.entities.entries_for_device(device.id) == []
    assert {e["entity_id"] for e in entity_events} == {power.entity_id, energy.entity_id}
    assert entity_events[0]["changes"] == {"disabled_by": None}

    registries.devices.update(device.id, disabled_by=None)

    by = {e.entity_id: e.disabled_by for e in registries.entities.entries()}
    assert by == {
        power.entity_id: None,
        energy.entity_id: None,
        mine.entity_id: RegistryEntryDisabler.USER,  # the homeowner's choice stays
        unrelated.entity_id: None,
    }
    assert entity_events[-1]["changes"] == {"disabled_by": "device"}


async def test_remove_removes_its_entities(registries: Registries, capture: Capture) -> None:
    device = registries.devices.get_or_create("p1", METER)
    kept = registries.devices.get_or_create("demo", {"identifiers": {("demo", "kept")}})
    power = registries.entities.get_or_create("sensor", "p1", "power", device_id=device.id)
    hidden = registries.entities.get_or_create(
        "sensor", "p1", "hidden", device_id=device.id, disabled_by=RegistryEntryDisabler.USER
    )
    other = registries.entities.get_or_create("sensor", "demo", "kept", device_id=kept.id)
    device_events = capture(EVENT_DEVICE_REGISTRY_UPDATED)
    entity_events = capture(EVENT_ENTITY_REGISTRY_UPDATED)

    registries.devices.remove(device.id)

    assert registries.devices.get(device.id) is None
    assert registries.devices.find(identifiers=[("p1", "E0026000012345678")]) is None
    assert registries.devices.find(connections=[("mac", "5c:cf:7f:12:34:56")]) is None
    assert [e.entity_id for e in registries.entities.entries()] == [other.entity_id]
    assert registries.entities.get_entity_id("sensor", "p1", "power") is None
    assert device_events == [{"action": "remove", "device_id": device.id}]
    assert sorted(entity_events, key=lambda e: e["entity_id"]) == sorted(
        [
            {"action": "remove", "entity_id": power.entity_id},
            {"action": "remove", "entity_id": hidden.entity_id},
        ],
        key=lambda e: e["entity_id"],
    )
    # Seen again, it is a new device.
    again = registries.devices.get_or_create("p1", METER)
    assert again.id != device.id


async def test_round_trip_through_storage(registries: Registries, restart: Restart) -> None:
    gateway = registries.devices.get_or_create(
        "zigbee",
        {
            "identifiers": {("zigbee", "coordinator")},
            "connections": {("mac", "00:12:4B:00:1C:DD:00:01")},
            "name": "Coordinator",
            "entry_type": "service",
            "configuration_url": "http://192.168.1.5/",
        },
    )
    meter = registries.devices.get_or_create(
        "p1",
        {**METER, "via_device": ("zigbee", "coordinator"), "suggested_area": "Hall"},
    )
    registries.devices.update(meter.id, name_by_user="Meter", disabled_by="user", labels=["energy"])
    before = [device.as_api() for device in registries.devices.devices()]

    reloaded = await restart()

    assert reloaded.devices.devices() == registries.devices.devices()
    assert [device.as_api() for device in reloaded.devices.devices()] == before
    assert reloaded.devices.find(connections=[("mac", "5C-CF-7F-12-34-56")]) == (
        registries.devices.get(meter.id)
    )
    assert reloaded.devices.find(identifiers=[("zigbee", "coordinator")]) == gateway
    document = stored(reloaded.hub, "core.device_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    assert {item["id"]: item["integrations"] for item in document["data"]["devices"]} == {
        gateway.id: ["zigbee"],
        meter.id: ["p1"],
    }


METER_ID = "3f6d2c1b0a9e8d7c6b5a493827160504"
COORDINATOR_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
PLUG_ID = "0c1d2e3f405162738495a6b7c8d9eaf1"
INVERTER_ID = "ffeeddccbbaa99887766554433221100"


async def test_migrates_from_1_1(make_hub: HubFactory, old_storage: Path) -> None:
    hub = await make_hub("")
    devices = hub.data[DEVICE_REGISTRY]
    assert [device.id for device in devices.devices()] == [
        METER_ID,
        COORDINATOR_ID,
        PLUG_ID,
        INVERTER_ID,
    ]
    meter = devices.get(METER_ID)
    assert meter is not None
    assert meter.as_api() == {
        "area_id": "utility_room",
        "configuration_url": "http://192.168.1.42/",
        "config_entries": ["01JG8Y6W3Q9D1F4T2K7M5N0P01"],
        "connections": [["mac", "5c:cf:7f:12:34:56"]],
        "created_at": 0.0,
        "disabled_by": None,
        "entry_type": None,
        "hw_version": "2.1",
        "id": METER_ID,
        "identifiers": [["p1", "E0026000012345678"]],
        "labels": [],
        "manufacturer": "Landis+Gyr",
        "model": "E360",
        "model_id": None,
        "modified_at": 0.0,
        "name_by_user": "Main meter",
        "name": "Electricity meter",
        "primary_config_entry": "01JG8Y6W3Q9D1F4T2K7M5N0P01",
        "serial_number": None,
        "sw_version": "5.0",
        "via_device_id": None,
    }
    assert meter.integrations == {"p1"}
    plug = devices.get(PLUG_ID)
    assert plug is not None
    assert (plug.via_device_id, plug.display_name, plug.area_id) == (
        COORDINATOR_ID,
        "Dishwasher plug",
        "kitchen",
    )
    inverter = devices.get(INVERTER_ID)
    assert inverter is not None
    assert inverter.disabled_by is DeviceEntryDisabler.USER
    assert inverter.identifiers == {("demo", "pv-roof-south"), ("sma", "3005123456")}
    # Found again by identifier and by (normalised) connection, not duplicated.
    assert devices.find(connections=[("mac", "5C-CF-7F-12-34-56")]) == meter
    again = devices.get_or_create(
        "p1", {"identifiers": {("p1", "E0026000012345678")}, "model_id": "E360-1"}
    )
    assert again.id == METER_ID
    assert (again.model_id, again.created_at, again.modified_at) == (
        "E360-1",
        0.0,
        START.timestamp(),
    )
    assert len(devices.devices()) == 4
    await hub.stop()

    document = stored(hub, "core.device_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    items = {item["id"]: item for item in document["data"]["devices"]}
    assert set(items) == {METER_ID, COORDINATOR_ID, PLUG_ID, INVERTER_ID}
    assert all(set(item) == DEVICE_API_KEYS | {"integrations"} for item in items.values())
    assert items[INVERTER_ID]["disabled_by"] == "user"
    assert items[INVERTER_ID]["integrations"] == ["demo", "sma"]
    assert items[PLUG_ID]["via_device_id"] == COORDINATOR_ID
    assert items[METER_ID]["model_id"] == "E360-1"
