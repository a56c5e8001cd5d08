"""EntityComponent: entity services and the entities their targets reach."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
import voluptuous as vol

from hub.core import Hub
from hub.entity import Entity, EntityCategory
from hub.entity.component import ENTITY_COMPONENTS, EntityComponent
from hub.exceptions import ServiceValidationError
from hub.registry.area_registry import AREA_REGISTRY
from hub.services import SupportsResponse
from tests.hub.entity.conftest import MockSwitch, add, device, entity_registry


@dataclass(slots=True)
class Home:
    """Switches around a kitchen plug, with the ids of its device and areas."""

    hub: Hub
    switches: dict[str, MockSwitch]
    plug_device_id: str
    kitchen: str
    garage: str

    def called(self) -> list[str]:
        """The entity ids of the switches that were turned on, sorted."""
        return sorted(
            entity_id
            for entity_id, switch in self.switches.items()
            if any(name == "turn_on" for name, _ in switch.calls)
        )

    async def turn_on(self, **target: Any) -> None:
        await self.hub.services.call("switch", "turn_on", target, blocking=True)


@pytest.fixture
async def home(entity_hub: Hub) -> Home:
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
        "switch.lonely": MockSwitch(unique_id="lonely", name="Lonely"),
    }
    for entity_id, switch in switches.items():
        if entity_id.startswith("switch.kitchen_plug"):
            switch._attr_device_info = plug
    await add(entity_hub, *switches.values())
    assert sorted(entity_hub.states.entity_ids()) == sorted(switches)
    garage = entity_hub.data[AREA_REGISTRY].get_or_create("Garage").id
    registry = entity_registry(entity_hub)
    registry.update("switch.garage_relay", area_id=garage)
    registry.update("switch.kitchen_plug_usb", area_id=garage)  # its own area wins
    await entity_hub.block_till_done()
    device_entry = switches["switch.kitchen_plug"].device_entry
    assert device_entry is not None
    assert device_entry.area_id == "kitchen"
    return Home(entity_hub, switches, device_entry.id, "kitchen", garage)


async def test_explicit_entity_ids(home: Home) -> None:
    await home.turn_on(entity_id=["switch.lonely", "switch.kitchen_plug_led"])
    assert home.called() == ["switch.kitchen_plug_led", "switch.lonely"]


async def test_comma_separated_entity_ids(home: Home) -> None:
    await home.turn_on(entity_id="switch.lonely, switch.garage_relay")
    assert home.called() == ["switch.garage_relay", "switch.lonely"]


async def test_all_means_every_entity_of_the_domain(home: Home) -> None:
    await home.turn_on(entity_id="all")
    assert home.called() == sorted(home.switches)


async def test_device_target_skips_hidden_and_category_entities(home: Home) -> None:
    await home.turn_on(device_id=home.plug_device_id)
    assert home.called() == ["switch.kitchen_plug", "switch.kitchen_plug_usb"]


async def test_area_target_goes_through_devices_without_their_own_area(home: Home) -> None:
    await home.turn_on(area_id=home.kitchen)
    assert home.called() == ["switch.kitchen_plug"]


async def test_area_target_includes_entities_placed_there(home: Home) -> None:
    await home.turn_on(area_id=[home.garage])
    assert home.called() == ["switch.garage_relay", "switch.kitchen_plug_usb"]


async def test_explicit_target_reaches_hidden_and_category_entities(home: Home) -> None:
    await home.turn_on(
        entity_id=["switch.kitchen_plug_child_lock", "switch.kitchen_plug_led"],
        area_id=home.kitchen,
    )
    assert home.called() == [
        "switch.kitchen_plug",
        "switch.kitchen_plug_child_lock",
        "switch.kitchen_plug_led",
    ]


async def test_missing_explicit_entity_is_a_warning(
    home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        await home.turn_on(entity_id=["switch.lonely", "switch.gone"])
    assert home.called() == ["switch.lonely"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "switch.turn_on" in warnings[0].getMessage()
    assert "switch.gone" in warnings[0].getMessage()


async def test_missing_device_and_area_do_nothing(home: Home) -> None:
    await home.turn_on(device_id="nope", area_id="nowhere")
    assert home.called() == []


async def test_unavailable_entities_are_skipped(home: Home) -> None:
    lonely = home.switches["switch.lonely"]
    lonely._attr_available = False
    lonely.write_state()
    await home.turn_on(entity_id=["switch.lonely", "switch.garage_relay"])
    assert home.called() == ["switch.garage_relay"]


async def test_entities_of_other_domains_are_ignored(home: Home) -> None:
    await home.turn_on(entity_id=["sensor.lonely", "switch.lonely"])
    assert home.called() == ["switch.lonely"]


# -- required features ------------------------------------------------------------------


def component(hub: Hub, domain: str = "switch") -> EntityComponent:
    return hub.data[ENTITY_COMPONENTS][domain]


async def boost(entity: Entity, data: dict[str, Any]) -> None:
    assert isinstance(entity, MockSwitch)
    entity.calls.append(("boost", data))


@pytest.fixture
async def featured(entity_hub: Hub) -> dict[str, MockSwitch]:
    switches = {
        "switch.none": MockSwitch(unique_id="0", name="None", device_info=device()),
        "switch.one": MockSwitch(
            unique_id="1", name="One", supported_features=1, device_info=device()
        ),
        "switch.both": MockSwitch(
            unique_id="3", name="Both", supported_features=3, device_info=device()
        ),
    }
    await add(entity_hub, *switches.values())
    component(entity_hub).register_entity_service(
        "boost", {vol.Optional("minutes", default=30): int}, boost, required_features=1
    )
    component(entity_hub).register_entity_service("boost_both", None, boost, required_features=3)
    return switches


def boosted(switches: dict[str, MockSwitch]) -> list[str]:
    return sorted(eid for eid, s in switches.items() if s.calls)


async def test_unsupported_explicit_entity_is_an_error(
    entity_hub: Hub, featured: dict[str, MockSwitch]
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await entity_hub.services.call(
            "switch", "boost", {"entity_id": ["switch.none", "switch.one"]}, blocking=True
        )
    assert "switch.none does not support action switch.boost" in str(err.value)
    assert err.value.translation_key == "entity_service_not_supported"
    assert boosted(featured) == []


async def test_unsupported_indirect_entity_is_skipped(
    entity_hub: Hub, featured: dict[str, MockSwitch]
) -> None:
    device_id = featured["switch.one"].device_entry
    assert device_id is not None
    await entity_hub.services.call("switch", "boost", {"device_id": device_id.id}, blocking=True)
    assert boosted(featured) == ["switch.both", "switch.one"]
    assert featured["switch.one"].calls == [("boost", {"minutes": 30})]


async def test_all_skips_unsupported_entities(
    entity_hub: Hub, featured: dict[str, MockSwitch]
) -> None:
    await entity_hub.services.call("switch", "boost", {"entity_id": "all"}, blocking=True)
    assert boosted(featured) == ["switch.both", "switch.one"]


async def test_every_required_feature_bit_is_needed(
    entity_hub: Hub, featured: dict[str, MockSwitch]
) -> None:
    await entity_hub.services.call("switch", "boost_both", {"entity_id": "all"}, blocking=True)
    assert boosted(featured) == ["switch.both"]
    with pytest.raises(ServiceValidationError):
        await entity_hub.services.call(
            "switch", "boost_both", {"entity_id": "switch.one"}, blocking=True
        )


# -- schema, responses, errors, polling -------------------------------------------------


async def test_schema_requires_a_target_and_refuses_extra_keys(entity_hub: Hub) -> None:
    await add(entity_hub, MockSwitch(unique_id="s", name="Plug"))
    with pytest.raises(vol.Invalid, match="must contain at least one of entity_id"):
        await entity_hub.services.call("switch", "turn_on", {}, blocking=True)
    with pytest.raises(vol.Invalid):
        await entity_hub.services.call(
            "switch", "turn_on", {"entity_id": "switch.plug", "brightness": 3}, blocking=True
        )
    with pytest.raises(vol.Invalid):
        await entity_hub.services.call(
            "switch", "turn_on", {"entity_id": "not an id"}, blocking=True
        )


async def test_target_argument_is_merged_into_the_data(entity_hub: Hub) -> None:
    switch = MockSwitch(unique_id="s", name="Plug")
    await add(entity_hub, switch)
    await entity_hub.services.call(
        "switch", "turn_on", target={"entity_id": "switch.plug"}, blocking=True
    )
    assert switch.calls == [("turn_on", {})]


async def test_response_maps_entity_ids_to_results(entity_hub: Hub) -> None:
    await add(entity_hub, MockSwitch(unique_id="a", name="A"), MockSwitch(unique_id="b", name="B"))

    async def report(entity: Entity, data: dict[str, Any]) -> dict[str, Any]:
        return {"on": entity.state == "on"}

    component(entity_hub).register_entity_service(
        "report", None, report, supports_response=SupportsResponse.ONLY
    )
    response = await entity_hub.services.call(
        "switch", "report", {"entity_id": "all"}, blocking=True, return_response=True
    )
    assert response == {"switch.a": {"on": False}, "switch.b": {"on": False}}


async def test_entity_error_reaches_the_caller_after_all_ran(entity_hub: Hub) -> None:
    class Broken(MockSwitch):
        async def async_turn_on(self, **kwargs: Any) -> None:
            raise ConnectionError("plug offline")

    fine = MockSwitch(unique_id="f", name="Fine")
    await add(entity_hub, Broken(unique_id="b", name="Broken"), fine)
    with pytest.raises(ConnectionError, match="plug offline"):
        await entity_hub.services.call("switch", "turn_on", {"entity_id": "all"}, blocking=True)
    assert fine.calls == [("turn_on", {})]


async def test_polling_entity_is_refreshed_after_a_service_call(entity_hub: Hub) -> None:
    polled = MockSwitch(unique_id="p", name="Polled", should_poll=True)
    pushed = MockSwitch(unique_id="q", name="Pushed")
    await add(entity_hub, polled, pushed)
    await entity_hub.services.call("switch", "turn_on", {"entity_id": "all"}, blocking=True)
    assert polled.updates == 1
    assert pushed.updates == 0
