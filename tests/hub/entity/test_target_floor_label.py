"""Floor and label targets: a floor means its areas; a label means the entities, devices
and areas carrying it. Indirect targets skip hidden and config/diagnostic entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from hub.core import Hub
from hub.entity import EntityCategory
from hub.entity.target import select_entities
from hub.registry import AREA_REGISTRY, FLOOR_REGISTRY, LABEL_REGISTRY
from tests.hub.entity.conftest import MockSwitch, add, device, device_registry, entity_registry


@dataclass(slots=True)
class Home:
    """Two floors: ground (kitchen with a plug, garage), first (bedroom)."""

    hub: Hub
    switches: dict[str, MockSwitch]
    plug_device_id: str

    def called(self, service: str = "turn_off") -> list[str]:
        """The switches that got ``service``, sorted."""
        return sorted(
            entity_id
            for entity_id, switch in self.switches.items()
            if any(name == service for name, _ in switch.calls)
        )

    async def turn_off(self, **target: Any) -> list[str]:
        await self.hub.services.call("switch", "turn_off", target, blocking=True)
        return self.called()


@pytest.fixture
async def home(entity_hub: Hub) -> Home:
    floors = entity_hub.data[FLOOR_REGISTRY]
    areas = entity_hub.data[AREA_REGISTRY]
    labels = entity_hub.data[LABEL_REGISTRY]
    ground = floors.create("Ground", level=0).floor_id
    first = floors.create("First", level=1).floor_id
    areas.create("Kitchen", floor_id=ground)
    areas.create("Garage", floor_id=ground)
    areas.create("Bedroom", floor_id=first)
    areas.create("Shed")  # on no floor
    for name in ("Night", "Plugs", "Upstairs", "Unused"):
        labels.create(name)
    plug = {**device("plug", "Kitchen plug"), "suggested_area": "Kitchen"}
    switches = {
        "switch.kitchen_plug": MockSwitch(unique_id="main", name=None, has_entity_name=True),
        "switch.kitchen_plug_child_lock": MockSwitch(
            unique_id="lock",
            name="Child lock",
            has_entity_name=True,
            entity_category=EntityCategory.CONFIG,
        ),
        "switch.kitchen_plug_led": MockSwitch(
            unique_id="led", name="LED", has_entity_name=True, entity_registry_visible_default=False
        ),
        "switch.kitchen_plug_usb": MockSwitch(unique_id="usb", name="USB", has_entity_name=True),
        "switch.garage_relay": MockSwitch(unique_id="relay", name="Garage relay"),
        "switch.bedside": MockSwitch(unique_id="bedside", name="Bedside"),
        "switch.shed": MockSwitch(unique_id="shed", name="Shed"),
        "switch.lonely": MockSwitch(unique_id="lonely", name="Lonely"),
    }
    for entity_id, switch in switches.items():
        if entity_id.startswith("switch.kitchen_plug"):
            switch._attr_device_info = plug
    await add(entity_hub, *switches.values())
    registry = entity_registry(entity_hub)
    registry.update("switch.garage_relay", area_id="garage")
    registry.update("switch.bedside", area_id="bedroom")
    registry.update("switch.shed", area_id="shed")
    registry.update("switch.kitchen_plug_usb", area_id="bedroom")  # its own area wins
    await entity_hub.block_till_done()
    plug_device = switches["switch.kitchen_plug"].device_entry
    assert plug_device is not None
    return Home(entity_hub, switches, plug_device.id)


async def test_floor_means_the_areas_on_it(home: Home) -> None:
    called = await home.turn_off(floor_id="ground")
    # Kitchen through the plug device (not its USB switch: that is in the bedroom; not its
    # hidden LED or config child lock), and the garage relay.
    assert called == ["switch.garage_relay", "switch.kitchen_plug"]


async def test_upper_floor(home: Home) -> None:
    assert await home.turn_off(floor_id=["first"]) == ["switch.bedside", "switch.kitchen_plug_usb"]


async def test_floor_selection_details(home: Home) -> None:
    selected = select_entities(home.hub, {"floor_id": ["ground", "cellar"]})
    assert selected.referenced_areas == {"kitchen", "garage"}
    assert selected.referenced_devices == {home.plug_device_id}
    assert selected.missing_floors == {"cellar"}
    assert selected.indirectly_referenced == {"switch.kitchen_plug", "switch.garage_relay"}


async def test_label_on_entities(home: Home) -> None:
    registry = entity_registry(home.hub)
    registry.update("switch.lonely", labels=["night"])
    registry.update("switch.kitchen_plug_child_lock", labels=["night"])  # config: skipped
    registry.update("switch.kitchen_plug_led", labels=["night"])  # hidden: skipped
    assert await home.turn_off(label_id="night") == ["switch.lonely"]


async def test_label_on_a_device_means_all_its_entities(home: Home) -> None:
    device_registry(home.hub).update(home.plug_device_id, labels=["plugs"])
    selected = select_entities(home.hub, {"label_id": "plugs"})
    assert selected.referenced_devices == {home.plug_device_id}
    # Its entities wherever they are placed, except hidden and config ones.
    assert await home.turn_off(label_id="plugs") == [
        "switch.kitchen_plug",
        "switch.kitchen_plug_usb",
    ]


async def test_label_on_an_area(home: Home) -> None:
    home.hub.data[AREA_REGISTRY].update("bedroom", labels=["upstairs"])
    assert await home.turn_off(label_id="upstairs") == [
        "switch.bedside",
        "switch.kitchen_plug_usb",
    ]


async def test_targets_add_up(home: Home) -> None:
    entity_registry(home.hub).update("switch.lonely", labels=["night"])
    called = await home.turn_off(entity_id="switch.shed", floor_id="first", label_id="night")
    assert called == [
        "switch.bedside",
        "switch.kitchen_plug_usb",
        "switch.lonely",
        "switch.shed",
    ]


async def test_explicit_entity_still_reaches_config_entities(home: Home) -> None:
    entity_registry(home.hub).update("switch.kitchen_plug_child_lock", labels=["night"])
    called = await home.turn_off(entity_id="switch.kitchen_plug_child_lock", label_id="night")
    assert called == ["switch.kitchen_plug_child_lock"]


async def test_unknown_and_none_reach_nothing(home: Home) -> None:
    selected = select_entities(home.hub, {"floor_id": "cellar", "label_id": ["nope", "unused"]})
    assert selected.missing_floors == {"cellar"}
    assert selected.missing_labels == {"nope"}  # "unused" exists, it is just on nothing
    assert selected.all_ids == set()
    none = select_entities(home.hub, {"floor_id": "none", "label_id": "none"})
    assert none.missing_floors == none.missing_labels == set()
    assert await home.turn_off(floor_id="cellar", label_id="unused") == []


async def test_registry_changes_apply_to_the_next_call(home: Home) -> None:
    registry = entity_registry(home.hub)
    registry.update("switch.lonely", labels=["night"])
    assert select_entities(home.hub, {"label_id": "night"}).all_ids == {"switch.lonely"}
    home.hub.data[LABEL_REGISTRY].delete("night")
    selected = select_entities(home.hub, {"label_id": "night"})
    assert selected.all_ids == set()
    assert selected.missing_labels == {"night"}
    home.hub.data[FLOOR_REGISTRY].delete("first")
    bedroom = home.hub.data[AREA_REGISTRY].get("bedroom")
    assert bedroom is not None
    assert bedroom.floor_id is None
    assert select_entities(home.hub, {"floor_id": "first"}).all_ids == set()
    home.hub.data[AREA_REGISTRY].update("shed", floor_id="ground")
    assert await home.turn_off(floor_id="ground") == [
        "switch.garage_relay",
        "switch.kitchen_plug",
        "switch.shed",
    ]


async def test_generic_homeassistant_turn_off_with_a_label(home: Home) -> None:
    entity_registry(home.hub).update("switch.bedside", labels=["night"])
    entity_registry(home.hub).update("switch.lonely", labels=["night"])
    await home.hub.services.call("homeassistant", "turn_off", {"label_id": "night"}, blocking=True)
    assert home.called() == ["switch.bedside", "switch.lonely"]
