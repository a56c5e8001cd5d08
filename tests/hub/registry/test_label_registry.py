"""Label registry: unique names, slug ids, events, storage, label taken off on delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.clock import ManualClock
from hub.const import (
    EVENT_AREA_REGISTRY_UPDATED,
    EVENT_DEVICE_REGISTRY_UPDATED,
    EVENT_ENTITY_REGISTRY_UPDATED,
    EVENT_LABEL_REGISTRY_UPDATED,
)
from hub.exceptions import HubError
from hub.registry import LABEL_REGISTRY, LabelEntry
from tests.conftest import START, HubFactory
from tests.hub.registry.conftest import Capture, Registries, Restart, stored

LABEL_API_KEYS = {"color", "created_at", "description", "icon", "label_id", "name", "modified_at"}


async def test_create_gives_slug_id_and_api_shape(registries: Registries) -> None:
    label = registries.labels.create(
        "Flexible load", color="amber", description="Runs on cheap power", icon="mdi:flash"
    )
    assert label.label_id == "flexible_load"
    assert registries.labels.get("flexible_load") is label
    assert label.as_api() == {
        "color": "amber",
        "created_at": START.timestamp(),
        "description": "Runs on cheap power",
        "icon": "mdi:flash",
        "label_id": "flexible_load",
        "name": "Flexible load",
        "modified_at": START.timestamp(),
    }
    assert set(label.as_api()) == LABEL_API_KEYS


async def test_names_unique_and_ids_made_unique(registries: Registries) -> None:
    registries.labels.create("Night")
    with pytest.raises(HubError, match=r"The name NIGHT \(night\) is already in use"):
        registries.labels.create("NIGHT")
    with pytest.raises(HubError, match="needs a name"):
        registries.labels.create(" ")
    assert registries.labels.create("Night!").label_id == "night_2"
    assert [label.name for label in registries.labels.labels()] == ["Night", "Night!"]


async def test_update(registries: Registries, clock: ManualClock, capture: Capture) -> None:
    label = registries.labels.create("Heating")
    events = capture(EVENT_LABEL_REGISTRY_UPDATED)
    await clock.advance(10)
    assert registries.labels.update(label.label_id, color=None, name="Heating") is label
    updated = registries.labels.update(
        label.label_id, color="#ff8800", description="Warm things", icon="mdi:fire", name="Heat"
    )
    assert updated.as_api() == {
        "color": "#ff8800",
        "created_at": START.timestamp(),
        "description": "Warm things",
        "icon": "mdi:fire",
        "label_id": "heating",
        "name": "Heat",
        "modified_at": START.timestamp() + 10,
    }
    assert events == [{"action": "update", "label_id": "heating"}]
    with pytest.raises(TypeError, match="aliases"):
        registries.labels.update(label.label_id, aliases=["warm"])
    with pytest.raises(KeyError):
        registries.labels.update("missing", name="X")


async def test_delete_takes_the_label_off_everything(
    registries: Registries, capture: Capture
) -> None:
    night = registries.labels.create("Night")
    registries.labels.create("Solar")
    area = registries.areas.create("Bedroom", labels=["night", "solar"])
    other_area = registries.areas.create("Roof", labels=["solar"])
    device = registries.devices.get_or_create("demo", {"identifiers": {("demo", "plug")}})
    registries.devices.update(device.id, labels=["night"])
    entry = registries.entities.get_or_create("switch", "demo", "plug")
    registries.entities.update(entry.entity_id, labels=["night", "solar"])
    untouched = registries.entities.get_or_create("sensor", "demo", "power")
    events = {
        kind: capture(kind)
        for kind in (
            EVENT_LABEL_REGISTRY_UPDATED,
            EVENT_AREA_REGISTRY_UPDATED,
            EVENT_DEVICE_REGISTRY_UPDATED,
            EVENT_ENTITY_REGISTRY_UPDATED,
        )
    }

    registries.labels.delete(night.label_id)

    assert registries.labels.get("night") is None
    assert {a.id: a.labels for a in registries.areas.areas()} == {
        area.id: {"solar"},
        other_area.id: {"solar"},
    }
    assert {d.id: d.labels for d in registries.devices.devices()} == {device.id: frozenset()}
    assert {e.entity_id: e.labels for e in registries.entities.entries()} == {
        entry.entity_id: {"solar"},
        untouched.entity_id: frozenset(),
    }
    assert events[EVENT_LABEL_REGISTRY_UPDATED] == [{"action": "remove", "label_id": "night"}]
    assert events[EVENT_AREA_REGISTRY_UPDATED] == [{"action": "update", "area_id": "bedroom"}]
    assert events[EVENT_DEVICE_REGISTRY_UPDATED] == [
        {"action": "update", "device_id": device.id, "changes": {"labels": ["night"]}}
    ]
    (entity_event,) = events[EVENT_ENTITY_REGISTRY_UPDATED]
    assert (entity_event["action"], entity_event["entity_id"]) == ("update", entry.entity_id)
    assert sorted(entity_event["changes"]["labels"]) == ["night", "solar"]
    with pytest.raises(KeyError):
        registries.labels.delete("night")


async def test_lookups_by_label(registries: Registries) -> None:
    registries.labels.create("Heating")
    area = registries.areas.create("Bathroom", labels=["heating"])
    device = registries.devices.get_or_create("demo", {"identifiers": {("demo", "boiler")}})
    registries.devices.update(device.id, labels=["heating"])
    entry = registries.entities.get_or_create("switch", "demo", "boiler")
    registries.entities.update(entry.entity_id, labels=["heating"])
    registries.entities.get_or_create("sensor", "demo", "power")
    assert [a.id for a in registries.areas.areas_for_label("heating")] == [area.id]
    assert [d.id for d in registries.devices.devices_for_label("heating")] == [device.id]
    assert [e.entity_id for e in registries.entities.entries_for_label("heating")] == [
        entry.entity_id
    ]
    assert registries.entities.entries_for_label("cooling") == []


async def test_round_trip_through_storage(registries: Registries, restart: Restart) -> None:
    registries.labels.create("Night", color="indigo", description="After dark")
    registries.labels.create("Solar", icon="mdi:solar-power")
    before = [label.as_api() for label in registries.labels.labels()]

    reloaded = await restart()

    assert [label.as_api() for label in reloaded.labels.labels()] == before
    document = stored(reloaded.hub, "core.label_registry")
    assert (document["version"], document["minor_version"], document["key"]) == (
        1,
        2,
        "core.label_registry",
    )
    assert document["data"]["labels"][0] == {
        "color": "indigo",
        "description": "After dark",
        "icon": None,
        "label_id": "night",
        "name": "Night",
        "created_at": START.timestamp(),
        "modified_at": START.timestamp(),
    }


async def test_migrates_from_1_1(make_hub: HubFactory, old_storage: Path) -> None:
    hub = await make_hub("")
    labels = hub.data[LABEL_REGISTRY]
    assert labels.labels() == [
        LabelEntry(
            label_id="flexible_load",
            name="Flexible load",
            color="amber",
            description="Runs on cheap power",
            icon="mdi:flash",
        ),
        LabelEntry(label_id="night", name="Night"),
    ]
    assert [label.created_at for label in labels.labels()] == [0.0, 0.0]
    labels.update("night", color="indigo")
    await hub.stop()
    document = stored(hub, "core.label_registry")
    assert (document["version"], document["minor_version"]) == (1, 2)
    assert document["data"]["labels"][1]["modified_at"] == START.timestamp()
    assert document["data"]["labels"][0]["created_at"] == 0.0
