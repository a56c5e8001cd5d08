"""Registry commands over the WebSocket, on the demo home: HA's shapes, admin-only
writes, update events seen by subscribers, and live effects (renames, disabling,
floor and label targets)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hub.core import Hub
from hub.registry import (
    AREA_REGISTRY,
    DEVICE_REGISTRY,
    ENTITY_REGISTRY,
    FLOOR_REGISTRY,
    LABEL_REGISTRY,
)
from tests.hub.websocket.conftest import Connect, WsClient

ENTITY_KEYS = {
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
EXTENDED_KEYS = ENTITY_KEYS | {
    "aliases",
    "capabilities",
    "device_class",
    "original_device_class",
    "original_icon",
}
DEVICE_KEYS = {
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
AREA_KEYS = {
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


def fridge_device_id(hub: Hub) -> str:
    entry = hub.data[ENTITY_REGISTRY].get("switch.fridge")
    assert entry is not None
    assert entry.device_id is not None
    return entry.device_id


async def ok(client: WsClient, type_: str, **fields: Any) -> Any:
    """The result of a command that must succeed."""
    answer = await client.command(type_, **fields)
    assert answer["success"] is True, answer
    return answer["result"]


async def error(client: WsClient, type_: str, **fields: Any) -> dict[str, Any]:
    """The error of a command that must fail."""
    answer = await client.command(type_, **fields)
    assert answer["success"] is False, answer
    err: dict[str, Any] = answer["error"]
    return err


async def subscribe(client: WsClient, event_type: str) -> int:
    answer = await client.command("subscribe_events", event_type=event_type)
    assert answer["success"], answer
    sub_id: int = answer["id"]
    return sub_id


# -- entity registry ------------------------------------------------------------------


async def test_entity_list_shape(connect: Connect, demo_hub: Hub) -> None:
    client = await connect("reader")
    listed = await ok(client, "config/entity_registry/list")
    registry = demo_hub.data[ENTITY_REGISTRY]
    assert [item["entity_id"] for item in listed] == [e.entity_id for e in registry.entries()]
    for item in listed:
        assert set(item) == ENTITY_KEYS
        assert isinstance(item["created_at"], float)
        assert isinstance(item["modified_at"], float)
    fridge = next(item for item in listed if item["entity_id"] == "switch.fridge")
    assert fridge["platform"] == "demo"
    assert fridge["device_id"] == fridge_device_id(demo_hub)
    assert (fridge["labels"], fridge["categories"], fridge["options"]) == ([], {}, {})
    assert (fridge["disabled_by"], fridge["hidden_by"], fridge["has_entity_name"]) == (
        None,
        None,
        True,
    )


async def test_list_for_display(connect: Connect, demo_hub: Hub) -> None:
    registry = demo_hub.data[ENTITY_REGISTRY]
    registry.update("sensor.fridge_power", icon="mdi:fridge", area_id="kitchen", labels=["cold"])
    registry.update("sensor.fridge_power", hidden_by="user")
    registry.update_options("sensor.fridge_power", "sensor", {"suggested_display_precision": 1})
    registry.update("sensor.fridge_energy", disabled_by="user")
    registry.update("switch.media", name="TV corner")
    await demo_hub.block_till_done()
    client = await connect("user")
    result = await ok(client, "config/entity_registry/list_for_display")
    assert result["entity_categories"] == {"0": "config", "1": "diagnostic"}
    shown = {item["ei"]: item for item in result["entities"]}
    device_id = fridge_device_id(demo_hub)
    # Only what is set; "lb" always.
    assert shown["switch.fridge"] == {
        "ei": "switch.fridge",
        "pl": "demo",
        "lb": [],
        "di": device_id,
        "hn": True,
    }
    assert shown["sensor.fridge_power"] == {
        "ei": "sensor.fridge_power",
        "pl": "demo",
        "ai": "kitchen",
        "lb": ["cold"],
        "di": device_id,
        "ic": "mdi:fridge",
        "hb": True,
        "hn": True,
        "en": "Power",
        "dp": 1,
    }
    assert shown["switch.media"]["en"] == "TV corner"
    assert "sensor.fridge_energy" not in shown  # disabled
    enabled = [e for e in registry.entries() if not e.disabled]
    assert len(result["entities"]) == len(enabled)


async def test_list_for_display_entity_category_index(connect: Connect, demo_hub: Hub) -> None:
    registry = demo_hub.data[ENTITY_REGISTRY]
    entry = registry.get_or_create(
        "sensor", "demo", "wifi", suggested_object_id="wifi signal", entity_category="diagnostic"
    )
    result = await ok(await connect(), "config/entity_registry/list_for_display")
    shown = {item["ei"]: item for item in result["entities"]}
    assert shown[entry.entity_id]["ec"] == 1
    assert result["entity_categories"][str(shown[entry.entity_id]["ec"])] == "diagnostic"


async def test_get_and_get_entries(connect: Connect, demo_hub: Hub) -> None:
    client = await connect("reader")
    entry = await ok(client, "config/entity_registry/get", entity_id="switch.fridge")
    assert set(entry) == EXTENDED_KEYS
    registry_entry = demo_hub.data[ENTITY_REGISTRY].get("switch.fridge")
    assert registry_entry is not None
    assert entry == registry_entry.as_extended_api()
    assert await error(client, "config/entity_registry/get", entity_id="switch.nope") == {
        "code": "not_found",
        "message": "Entity not found",
    }
    bad = await error(client, "config/entity_registry/get", entity_id="not an id")
    assert bad["code"] == "invalid_format"
    entries = await ok(
        client, "config/entity_registry/get_entries", entity_ids=["switch.fridge", "light.none"]
    )
    assert entries == {"switch.fridge": entry, "light.none": None}


async def test_update_fields_and_event(connect: Connect, demo_hub: Hub) -> None:
    watcher = await connect("user")  # non-admins may subscribe to registry events
    sub = await subscribe(watcher, "entity_registry_updated")
    admin = await connect("admin")
    result = await ok(
        admin,
        "config/entity_registry/update",
        entity_id="sensor.fridge_power",
        name="Fridge draw",
        icon="mdi:fridge",
        area_id="kitchen",
        device_class="power",
        aliases=[" fridge ", "", "cooler"],
        labels=["cold"],
        categories={"helpers": "kitchen_stuff"},
        options_domain="sensor",
        options={"display_precision": 0},
    )
    assert list(result) == ["entity_entry"]
    entry = result["entity_entry"]
    assert set(entry) == EXTENDED_KEYS
    assert (entry["name"], entry["icon"], entry["area_id"], entry["device_class"]) == (
        "Fridge draw",
        "mdi:fridge",
        "kitchen",
        "power",
    )
    assert (entry["aliases"], entry["labels"]) == (["cooler", "fridge"], ["cold"])
    assert entry["categories"] == {"helpers": "kitchen_stuff"}
    assert entry["options"] == {"sensor": {"display_precision": 0}}
    event = await watcher.event(sub)
    assert event["event_type"] == "entity_registry_updated"
    assert event["data"]["action"] == "update"
    assert event["data"]["entity_id"] == "sensor.fridge_power"
    assert event["data"]["changes"]["name"] is None
    assert event["data"]["changes"]["options"] == {}

    # A category scope set to null is removed; other scopes stay. Options null removes.
    result = await ok(
        admin,
        "config/entity_registry/update",
        entity_id="sensor.fridge_power",
        categories={"helpers": None, "energy": "meters"},
        options_domain="sensor",
        options=None,
    )
    assert result["entity_entry"]["categories"] == {"energy": "meters"}
    assert result["entity_entry"]["options"] == {}
    await demo_hub.block_till_done()
    state = demo_hub.states.get("sensor.fridge_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Fridge draw"
    assert state.attributes["icon"] == "mdi:fridge"


async def test_update_schema_limits(connect: Connect) -> None:
    admin = await connect()
    for fields in (
        {"disabled_by": "integration"},
        {"hidden_by": "integration"},
        {"options_domain": "sensor"},  # options_domain and options go together
        {"categories": {"Not a slug": "x"}},
    ):
        err = await error(
            admin, "config/entity_registry/update", entity_id="switch.fridge", **fields
        )
        assert err["code"] == "invalid_format", fields


@pytest.mark.parametrize(
    ("new_entity_id", "message"),
    [
        ("switch.media", "Entity with this ID is already registered"),
        ("switch.Bad Id", "Invalid entity ID"),
        ("sensor.fridge_2", "New entity ID should be same domain"),
    ],
)
async def test_rename_errors(connect: Connect, new_entity_id: str, message: str) -> None:
    admin = await connect()
    err = await error(
        admin,
        "config/entity_registry/update",
        entity_id="switch.fridge",
        new_entity_id=new_entity_id,
    )
    assert err == {"code": "invalid_info", "message": message}


async def test_update_unknown_entity(connect: Connect) -> None:
    err = await error(
        await connect(), "config/entity_registry/update", entity_id="switch.x", name="y"
    )
    assert err == {"code": "not_found", "message": "Entity not found"}


async def test_rename_moves_the_live_state(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    states = await subscribe(admin, "state_changed")
    registry_events = await subscribe(admin, "entity_registry_updated")
    result = await ok(
        admin,
        "config/entity_registry/update",
        entity_id="switch.fridge",
        new_entity_id="switch.kitchen_fridge",
    )
    assert result["entity_entry"]["entity_id"] == "switch.kitchen_fridge"
    event = await admin.event(registry_events)
    assert event["data"] == {
        "action": "update",
        "entity_id": "switch.kitchen_fridge",
        "changes": {"entity_id": "switch.fridge"},
        "old_entity_id": "switch.fridge",
    }
    removed = await admin.event(states)
    assert (removed["data"]["entity_id"], removed["data"]["new_state"]) == ("switch.fridge", None)
    added = await admin.event(states)
    assert added["data"]["entity_id"] == "switch.kitchen_fridge"
    assert added["data"]["old_state"] is None
    ids = {state["entity_id"] for state in await ok(admin, "get_states")}
    assert "switch.kitchen_fridge" in ids
    assert "switch.fridge" not in ids
    # The renamed entity answers services under its new id.
    await ok(
        admin,
        "call_service",
        domain="switch",
        service="turn_off",
        target={"entity_id": "switch.kitchen_fridge"},
    )
    assert demo_hub.states.is_state("switch.kitchen_fridge", "off")
    assert await error(admin, "config/entity_registry/get", entity_id="switch.fridge")


async def test_disable_and_enable(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    result = await ok(
        admin, "config/entity_registry/update", entity_id="switch.media", disabled_by="user"
    )
    assert result["entity_entry"]["disabled_by"] == "user"
    assert "require_restart" not in result
    await demo_hub.block_till_done()
    assert demo_hub.states.get("switch.media") is None
    result = await ok(
        admin, "config/entity_registry/update", entity_id="switch.media", disabled_by=None
    )
    assert result["entity_entry"]["disabled_by"] is None
    assert result["require_restart"] is True
    assert "reload_delay" not in result


async def test_hide(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    result = await ok(
        admin, "config/entity_registry/update", entity_id="switch.media", hidden_by="user"
    )
    assert result["entity_entry"]["hidden_by"] == "user"
    assert "require_restart" not in result
    await ok(
        admin,
        "call_service",
        domain="switch",
        service="turn_off",
        target={"area_id": "living_room"},
    )
    assert demo_hub.states.is_state("switch.media", "on")  # hidden: not reached by its area


async def test_entity_of_a_disabled_device_cannot_be_enabled(
    connect: Connect, demo_hub: Hub
) -> None:
    admin = await connect()
    device_id = fridge_device_id(demo_hub)
    await ok(admin, "config/device_registry/update", device_id=device_id, disabled_by="user")
    entry = demo_hub.data[ENTITY_REGISTRY].get("switch.fridge")
    assert entry is not None
    assert entry.disabled_by == "device"
    err = await error(
        admin, "config/entity_registry/update", entity_id="switch.fridge", disabled_by=None
    )
    assert err == {"code": "invalid_info", "message": "Device is disabled"}


async def test_remove(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    sub = await subscribe(admin, "entity_registry_updated")
    assert await ok(admin, "config/entity_registry/remove", entity_id="switch.media") is None
    assert (await admin.event(sub))["data"] == {"action": "remove", "entity_id": "switch.media"}
    await demo_hub.block_till_done()
    assert demo_hub.states.get("switch.media") is None
    assert "switch.media" not in demo_hub.data[ENTITY_REGISTRY]
    err = await error(admin, "config/entity_registry/remove", entity_id="switch.media")
    assert err == {"code": "not_found", "message": "Entity not found"}


# -- permissions ----------------------------------------------------------------------

WRITES: list[tuple[str, dict[str, Any]]] = [
    ("config/entity_registry/update", {"entity_id": "switch.fridge", "name": "x"}),
    ("config/entity_registry/remove", {"entity_id": "switch.fridge"}),
    ("config/device_registry/update", {"device_id": "x", "name_by_user": "x"}),
    ("config/device_registry/remove_config_entry", {"device_id": "x", "config_entry_id": "y"}),
    ("config/area_registry/create", {"name": "Attic"}),
    ("config/area_registry/update", {"area_id": "kitchen", "name": "x"}),
    ("config/area_registry/delete", {"area_id": "kitchen"}),
    ("config/floor_registry/create", {"name": "Ground"}),
    ("config/floor_registry/update", {"floor_id": "ground", "level": 1}),
    ("config/floor_registry/delete", {"floor_id": "ground"}),
    ("config/label_registry/create", {"name": "Night"}),
    ("config/label_registry/update", {"label_id": "night", "color": "red"}),
    ("config/label_registry/delete", {"label_id": "night"}),
]
LISTS = [
    "config/entity_registry/list",
    "config/entity_registry/list_for_display",
    "config/device_registry/list",
    "config/area_registry/list",
    "config/floor_registry/list",
    "config/label_registry/list",
]


@pytest.mark.parametrize("who", ["user", "reader"])
async def test_non_admins_may_list_but_not_write(connect: Connect, demo_hub: Hub, who: str) -> None:
    demo_hub.data[FLOOR_REGISTRY].create("Ground")
    demo_hub.data[LABEL_REGISTRY].create("Night")
    client = await connect(who)
    for command in LISTS:
        await ok(client, command)
    before = (
        [e.as_api() for e in demo_hub.data[ENTITY_REGISTRY].entries()],
        [a.as_api() for a in demo_hub.data[AREA_REGISTRY].areas()],
        [f.as_api() for f in demo_hub.data[FLOOR_REGISTRY].floors()],
        [label.as_api() for label in demo_hub.data[LABEL_REGISTRY].labels()],
    )
    for command, fields in WRITES:
        assert await error(client, command, **fields) == {
            "code": "unauthorized",
            "message": "Unauthorized",
        }, command
    after = (
        [e.as_api() for e in demo_hub.data[ENTITY_REGISTRY].entries()],
        [a.as_api() for a in demo_hub.data[AREA_REGISTRY].areas()],
        [f.as_api() for f in demo_hub.data[FLOOR_REGISTRY].floors()],
        [label.as_api() for label in demo_hub.data[LABEL_REGISTRY].labels()],
    )
    assert after == before


# -- device registry ------------------------------------------------------------------


async def test_device_list_and_update(connect: Connect, demo_hub: Hub) -> None:
    reader = await connect("reader")
    devices = await ok(reader, "config/device_registry/list")
    assert len(devices) == len(demo_hub.data[DEVICE_REGISTRY].devices())
    for device in devices:
        assert set(device) == DEVICE_KEYS
        assert isinstance(device["created_at"], float)
    device_id = fridge_device_id(demo_hub)
    fridge = next(device for device in devices if device["id"] == device_id)
    assert (fridge["name"], fridge["area_id"], fridge["manufacturer"]) == (
        "Fridge",
        "kitchen",
        "Watthub demo",
    )
    assert fridge["identifiers"] == [["demo", "plug_fridge"]]

    admin = await connect()
    sub = await subscribe(reader, "device_registry_updated")
    updated = await ok(
        admin,
        "config/device_registry/update",
        device_id=device_id,
        area_id="living_room",
        name_by_user="Old fridge",
        labels=["cold"],
    )
    assert set(updated) == DEVICE_KEYS
    assert (updated["area_id"], updated["name_by_user"], updated["labels"]) == (
        "living_room",
        "Old fridge",
        ["cold"],
    )
    event = await reader.event(sub)
    assert event["data"]["action"] == "update"
    assert event["data"]["device_id"] == device_id
    assert event["data"]["changes"]["area_id"] == "kitchen"
    await demo_hub.block_till_done()
    # The entities follow their device: its name is part of their friendly names.
    state = demo_hub.states.get("sensor.fridge_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Old fridge Power"


async def test_device_disable_and_errors(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    device_id = fridge_device_id(demo_hub)
    updated = await ok(
        admin, "config/device_registry/update", device_id=device_id, disabled_by="user"
    )
    assert updated["disabled_by"] == "user"
    await demo_hub.block_till_done()
    assert demo_hub.states.get("switch.fridge") is None
    err = await error(
        admin, "config/device_registry/update", device_id=device_id, disabled_by="integration"
    )
    assert err["code"] == "invalid_format"
    assert await error(
        admin, "config/device_registry/update", device_id="nope", name_by_user="x"
    ) == {
        "code": "not_found",
        "message": "Device not found",
    }
    err = await error(
        admin,
        "config/device_registry/remove_config_entry",
        device_id=device_id,
        config_entry_id="abc",
    )
    assert err == {"code": "home_assistant_error", "message": "Unknown config entry"}


# -- area registry --------------------------------------------------------------------


async def test_area_commands(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    watcher = await connect("user")
    sub = await subscribe(watcher, "area_registry_updated")
    listed = await ok(watcher, "config/area_registry/list")
    assert {area["area_id"] for area in listed} == {
        "utility_room",
        "roof",
        "kitchen",
        "living_room",
    }
    assert all(set(area) == AREA_KEYS for area in listed)

    created = await ok(
        admin,
        "config/area_registry/create",
        name="Attic",
        aliases=["loft"],
        floor_id="top",
        icon="mdi:home-roof",
        labels=["cold"],
        picture="/local/attic.jpg",
    )
    assert created == {
        "aliases": ["loft"],
        "area_id": "attic",
        "floor_id": "top",
        "icon": "mdi:home-roof",
        "labels": ["cold"],
        "name": "Attic",
        "picture": "/local/attic.jpg",
        "created_at": created["created_at"],
        "modified_at": created["created_at"],
    }
    assert isinstance(created["created_at"], float)
    assert (await watcher.event(sub))["data"] == {"action": "create", "area_id": "attic"}
    duplicate = await error(admin, "config/area_registry/create", name="attic")
    assert duplicate["code"] == "invalid_info"

    updated = await ok(
        admin, "config/area_registry/update", area_id="attic", name="Loft", floor_id=None, icon=None
    )
    assert (updated["name"], updated["floor_id"], updated["icon"]) == ("Loft", None, None)
    assert (await watcher.event(sub))["data"] == {"action": "update", "area_id": "attic"}
    assert (await error(admin, "config/area_registry/update", area_id="kitchen", name="loft"))[
        "code"
    ] == "invalid_info"
    assert await error(admin, "config/area_registry/update", area_id="nope", name="x") == {
        "code": "invalid_info",
        "message": "Area ID doesn't exist",
    }

    assert await ok(admin, "config/area_registry/delete", area_id="kitchen") == "success"
    assert (await watcher.event(sub))["data"] == {"action": "remove", "area_id": "kitchen"}
    await demo_hub.block_till_done()
    fridge = demo_hub.data[DEVICE_REGISTRY].get(fridge_device_id(demo_hub))
    assert fridge is not None
    assert fridge.area_id is None
    assert await error(admin, "config/area_registry/delete", area_id="kitchen") == {
        "code": "invalid_info",
        "message": "Area ID doesn't exist",
    }


# -- floor registry -------------------------------------------------------------------


async def test_floor_commands(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    watcher = await connect("reader")
    floors_sub = await subscribe(watcher, "floor_registry_updated")
    areas_sub = await subscribe(watcher, "area_registry_updated")
    assert await ok(watcher, "config/floor_registry/list") == []

    ground = await ok(
        admin,
        "config/floor_registry/create",
        name="Ground floor",
        aliases=["downstairs"],
        icon="mdi:home-floor-0",
        level=0,
    )
    assert ground == {
        "aliases": ["downstairs"],
        "created_at": ground["created_at"],
        "floor_id": "ground_floor",
        "icon": "mdi:home-floor-0",
        "level": 0,
        "name": "Ground floor",
        "modified_at": ground["created_at"],
    }
    assert isinstance(ground["created_at"], float)
    assert (await watcher.event(floors_sub))["data"] == {
        "action": "create",
        "floor_id": "ground_floor",
    }
    attic = await ok(admin, "config/floor_registry/create", name="Attic")
    assert (attic["level"], attic["icon"], attic["aliases"]) == (None, None, [])
    assert await error(admin, "config/floor_registry/create", name="ATTIC") == {
        "code": "invalid_info",
        "message": "The name ATTIC (attic) is already in use",
    }
    assert (await error(admin, "config/floor_registry/create", name="X", level="high"))[
        "code"
    ] == "invalid_format"
    listed = await ok(watcher, "config/floor_registry/list")
    assert [floor["floor_id"] for floor in listed] == ["ground_floor", "attic"]

    updated = await ok(
        admin, "config/floor_registry/update", floor_id="attic", level=2, name="Loft"
    )
    assert (updated["floor_id"], updated["name"], updated["level"]) == ("attic", "Loft", 2)
    assert await error(admin, "config/floor_registry/update", floor_id="nope", level=1) == {
        "code": "invalid_info",
        "message": "Floor ID doesn't exist",
    }

    await ok(admin, "config/area_registry/update", area_id="kitchen", floor_id="ground_floor")
    await ok(admin, "config/area_registry/update", area_id="roof", floor_id="attic")
    assert await ok(admin, "config/floor_registry/delete", floor_id="ground_floor") is None
    areas = {
        area["area_id"]: area["floor_id"] for area in await ok(admin, "config/area_registry/list")
    }
    assert (areas["kitchen"], areas["roof"]) == (None, "attic")
    floor_events = [(await watcher.event(floors_sub))["data"] for _ in range(3)]
    assert floor_events[1:] == [
        {"action": "update", "floor_id": "attic"},
        {"action": "remove", "floor_id": "ground_floor"},
    ]
    area_events = [(await watcher.event(areas_sub))["data"] for _ in range(3)]
    assert area_events[-1] == {"action": "update", "area_id": "kitchen"}  # floor cleared
    assert await error(admin, "config/floor_registry/delete", floor_id="ground_floor") == {
        "code": "invalid_info",
        "message": "Floor ID doesn't exist",
    }


async def test_floors_and_labels_are_stored(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    await ok(admin, "config/floor_registry/create", name="Ground", level=0)
    await ok(admin, "config/label_registry/create", name="Night", color="indigo")
    await demo_hub.data[FLOOR_REGISTRY].flush()
    await demo_hub.data[LABEL_REGISTRY].flush()
    floors = json.loads(demo_hub.path(".storage", "core.floor_registry").read_text())
    labels = json.loads(demo_hub.path(".storage", "core.label_registry").read_text())
    assert [floor["floor_id"] for floor in floors["data"]["floors"]] == ["ground"]
    assert [label["label_id"] for label in labels["data"]["labels"]] == ["night"]
    assert labels["data"]["labels"][0]["color"] == "indigo"


# -- label registry -------------------------------------------------------------------


async def test_label_commands(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    watcher = await connect("user")
    labels_sub = await subscribe(watcher, "label_registry_updated")
    entities_sub = await subscribe(watcher, "entity_registry_updated")

    night = await ok(
        admin,
        "config/label_registry/create",
        name="Night",
        color="indigo",
        description="After dark",
        icon="mdi:weather-night",
    )
    assert night == {
        "color": "indigo",
        "created_at": night["created_at"],
        "description": "After dark",
        "icon": "mdi:weather-night",
        "label_id": "night",
        "name": "Night",
        "modified_at": night["created_at"],
    }
    assert (await watcher.event(labels_sub))["data"] == {"action": "create", "label_id": "night"}
    for bad in ({"color": "reddish"}, {"icon": "no-prefix"}, {"color": "#12345"}):
        err = await error(admin, "config/label_registry/create", name="Other", **bad)
        assert err["code"] == "invalid_format", bad
    hex_label = await ok(admin, "config/label_registry/create", name="Solar", color="#FFAA00")
    assert hex_label["color"] == "#FFAA00"

    updated = await ok(
        admin, "config/label_registry/update", label_id="night", color=None, description=None
    )
    assert (updated["color"], updated["description"], updated["name"]) == (None, None, "Night")
    assert await error(admin, "config/label_registry/update", label_id="nope", name="x") == {
        "code": "invalid_info",
        "message": "Label ID doesn't exist",
    }
    assert (await error(admin, "config/label_registry/update", label_id="solar", name="night"))[
        "code"
    ] == "invalid_info"

    await ok(admin, "config/entity_registry/update", entity_id="switch.media", labels=["night"])
    assert await ok(admin, "config/label_registry/delete", label_id="night") is None
    entry = await ok(admin, "config/entity_registry/get", entity_id="switch.media")
    assert entry["labels"] == []
    entity_events = [(await watcher.event(entities_sub))["data"] for _ in range(2)]
    assert entity_events[1] == {
        "action": "update",
        "entity_id": "switch.media",
        "changes": {"labels": ["night"]},
    }
    assert [label["label_id"] for label in await ok(watcher, "config/label_registry/list")] == [
        "solar"
    ]
    assert await error(admin, "config/label_registry/delete", label_id="night") == {
        "code": "invalid_info",
        "message": "Label ID doesn't exist",
    }


# -- service targets ------------------------------------------------------------------

SWITCHES = ["switch.fridge", "switch.washing_machine", "switch.media"]


async def turn_all_switches_on(client: WsClient) -> None:
    await ok(
        client, "call_service", domain="switch", service="turn_on", target={"entity_id": SWITCHES}
    )


async def test_switch_turn_off_by_label(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    await ok(admin, "config/label_registry/create", name="Appliances")
    await ok(
        admin,
        "config/entity_registry/update",
        entity_id="switch.washing_machine",
        labels=["appliances"],
    )
    await ok(
        admin,
        "config/device_registry/update",
        device_id=fridge_device_id(demo_hub),
        labels=["appliances"],
    )
    await turn_all_switches_on(admin)
    user = await connect("user")
    await ok(
        user,
        "call_service",
        domain="switch",
        service="turn_off",
        target={"label_id": "appliances"},
    )
    assert demo_hub.states.is_state("switch.washing_machine", "off")
    assert demo_hub.states.is_state("switch.fridge", "off")
    assert demo_hub.states.is_state("switch.media", "on")


async def test_switch_turn_on_by_floor(connect: Connect, demo_hub: Hub) -> None:
    admin = await connect()
    await ok(admin, "config/floor_registry/create", name="Ground")
    for area_id in ("kitchen", "living_room"):
        await ok(admin, "config/area_registry/update", area_id=area_id, floor_id="ground")
    await turn_all_switches_on(admin)
    await ok(
        admin,
        "call_service",
        domain="switch",
        service="turn_off",
        target={"floor_id": ["ground"]},
    )
    assert demo_hub.states.is_state("switch.fridge", "off")
    assert demo_hub.states.is_state("switch.media", "off")
    assert demo_hub.states.is_state("switch.washing_machine", "on")  # utility room: no floor
