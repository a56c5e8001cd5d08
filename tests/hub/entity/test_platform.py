"""EntityPlatform: entity ids, the registry across restarts, failures while adding,
registry changes applied to live entities, and polling."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from hub.clock import ManualClock
from hub.const import STORAGE_DIR
from hub.core import Hub
from hub.entity import EntityPlatform, add_entities
from hub.entity.component import DEFAULT_SCAN_INTERVAL, ENTITY_COMPONENTS
from hub.registry.entity_registry import RegistryEntryDisabler
from tests.conftest import HubFactory
from tests.hub.entity.conftest import (
    MockEntity,
    MockSwitch,
    add,
    device,
    device_registry,
    entity_registry,
)


def platform(hub: Hub, domain: str = "sensor", integration: str = "test") -> EntityPlatform:
    return hub.data[ENTITY_COMPONENTS][domain].platform(integration)


# -- entity ids -------------------------------------------------------------------------


async def test_entity_ids_are_stable_across_a_restart(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await add(
        hub,
        MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device()),
        MockEntity(unique_id="e", name="Energy", has_entity_name=True, device_info=device()),
    )
    assert hub.states.entity_ids() == ["sensor.plug_power", "sensor.plug_energy"]
    await hub.stop()  # the registry is written in the final-write stage

    stored = json.loads((hub.path(STORAGE_DIR, "core.entity_registry")).read_text())
    assert sorted(e["entity_id"] for e in stored["data"]["entities"]) == [
        "sensor.plug_energy",
        "sensor.plug_power",
    ]

    # Same config dir, other order, and the integration renamed its entity meanwhile.
    again = await make_hub("")
    energy = MockEntity(unique_id="e", name="Energy", has_entity_name=True, device_info=device())
    power = MockEntity(unique_id="p", name="Watts", has_entity_name=True, device_info=device())
    await add(again, energy, power)
    assert energy.entity_id == "sensor.plug_energy"
    assert power.entity_id == "sensor.plug_power"
    state = again.states.get("sensor.plug_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Plug Watts"


async def test_registry_changes_survive_a_restart(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    await add(hub, MockSwitch(unique_id="s", name="Boiler"))
    entity_registry(hub).update("switch.boiler", new_entity_id="switch.tank", icon="mdi:fire")
    await hub.block_till_done()
    await hub.stop()

    again = await make_hub("")
    switch = MockSwitch(unique_id="s", name="Boiler")
    await add(again, switch)
    assert switch.entity_id == "switch.tank"
    state = again.states.get("switch.tank")
    assert state is not None
    assert state.attributes["icon"] == "mdi:fire"


async def test_entities_without_unique_id_are_not_registered(entity_hub: Hub) -> None:
    first = MockEntity(name="Outdoor temperature", state=3)
    second = MockEntity(name="Outdoor temperature", state=4)
    preset = MockEntity(entity_id="sensor.My_Own_Id", name="Mine")
    nameless = MockEntity()
    await add(entity_hub, first, second, preset, nameless)
    assert first.entity_id == "sensor.outdoor_temperature"
    assert second.entity_id == "sensor.outdoor_temperature_2"
    assert preset.entity_id == "sensor.my_own_id"
    assert nameless.entity_id == "sensor.test_unnamed"
    assert entity_registry(entity_hub).entries() == []
    state = entity_hub.states.get("sensor.outdoor_temperature_2")
    assert state is not None
    assert state.state == "4"


async def test_generated_id_avoids_registered_ids(entity_hub: Hub) -> None:
    registered = MockEntity(unique_id="a", name="Power", entity_registry_enabled_default=False)
    await add(entity_hub, registered)
    assert entity_hub.states.get("sensor.power") is None  # disabled, but the id is taken
    unregistered = MockEntity(name="Power")
    await add(entity_hub, unregistered)
    assert unregistered.entity_id == "sensor.power_2"


async def test_duplicate_entity_id_is_refused_others_added(
    entity_hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    original = MockEntity(unique_id="a", name="Power", state=1)
    same_unique_id = MockEntity(unique_id="a", name="Power", state=2)
    same_entity_id = MockEntity(entity_id="sensor.power", state=3)
    other = MockEntity(unique_id="b", name="Voltage", state=230)
    with caplog.at_level(logging.ERROR):
        await add(entity_hub, original, same_unique_id, same_entity_id, other)
    errors = [r for r in caplog.records if "already in use" in r.getMessage()]
    assert len(errors) == 2
    assert all("sensor.power" in r.getMessage() for r in errors)
    state = entity_hub.states.get("sensor.power")
    assert state is not None
    assert state.state == "1"
    assert entity_hub.states.entity_ids() == ["sensor.power", "sensor.voltage"]
    assert not same_unique_id.added
    assert not same_entity_id.added
    assert platform(entity_hub).entities["sensor.power"] is original


class FailsOnAdd(MockEntity):
    async def async_added_to_hub(self) -> None:
        raise RuntimeError("device not answering")


class FailsOnAddAndRemove(FailsOnAdd):
    async def async_will_remove_from_hub(self) -> None:
        raise RuntimeError("nothing to tear down")


@pytest.mark.parametrize("failing", [FailsOnAdd, FailsOnAddAndRemove])
async def test_entity_failing_in_added_hook_does_not_stop_the_others(
    entity_hub: Hub, caplog: pytest.LogCaptureFixture, failing: type[MockEntity]
) -> None:
    broken = failing(unique_id="b", name="Broken")
    await add(
        entity_hub,
        MockEntity(unique_id="a", name="First"),
        broken,
        MockEntity(unique_id="c", name="Third"),
    )
    assert entity_hub.states.entity_ids() == ["sensor.first", "sensor.third"]
    assert "test: could not add <" in caplog.text
    assert "sensor.broken" not in platform(entity_hub).entities
    # The id is free again for whoever comes next.
    assert entity_hub.states.available("sensor.broken")


async def test_failing_entity_does_not_take_a_live_entity_with_it(entity_hub: Hub) -> None:
    live = MockSwitch(unique_id="a", name="Boiler")
    await add(entity_hub, live)
    # A preset id that is taken plus device info the registry refuses (no identifiers).
    bad = MockSwitch(unique_id="b", entity_id="switch.boiler", device_info={"name": "x"})
    await add(entity_hub, bad)
    assert platform(entity_hub, "switch").entities == {"switch.boiler": live}
    await entity_hub.services.call("switch", "turn_on", {"entity_id": "switch.boiler"}, True)
    assert live.calls == [("turn_on", {})]
    assert bad.calls == []


async def test_entity_of_another_domain_is_refused(
    entity_hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    await add(entity_hub, MockEntity(unique_id="a", name="Fine"))
    await platform(entity_hub).add_entities([MockSwitch(unique_id="s", name="Wrong")])
    assert entity_hub.states.entity_ids() == ["sensor.fine"]
    assert "is a switch entity, not sensor" in caplog.text


async def test_disabled_by_default_entities_are_registered_not_added(entity_hub: Hub) -> None:
    hidden = MockEntity(unique_id="h", name="Signal", entity_registry_enabled_default=False)
    await add(entity_hub, hidden, MockEntity(unique_id="v", name="Voltage"))
    assert entity_hub.states.entity_ids() == ["sensor.voltage"]
    entry = entity_registry(entity_hub).get("sensor.signal")
    assert entry is not None
    assert entry.disabled_by is RegistryEntryDisabler.INTEGRATION
    assert not hidden.added
    assert hidden.added_calls == 0


async def test_entities_of_a_disabled_device_are_not_added(entity_hub: Hub) -> None:
    first = MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device())
    await add(entity_hub, first)
    assert first.device_entry is not None
    device_registry(entity_hub).update(first.device_entry.id, disabled_by="user")
    await entity_hub.block_till_done()
    assert entity_hub.states.get("sensor.plug_power") is None
    later = MockEntity(unique_id="v", name="Voltage", has_entity_name=True, device_info=device())
    await add(entity_hub, later)
    assert entity_hub.states.entity_ids() == []
    entry = entity_registry(entity_hub).get("sensor.plug_voltage")
    assert entry is not None
    assert entry.disabled_by is RegistryEntryDisabler.DEVICE


async def test_update_before_add(entity_hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    class Measuring(MockEntity):
        async def async_update(self) -> None:
            self._attr_state = 42

    class Offline(MockEntity):
        async def async_update(self) -> None:
            raise ConnectionError("no answer")

    entity = Measuring(unique_id="m", name="Measured")
    offline = Offline(unique_id="o", name="Offline", state=None)
    await add_entities(entity_hub, "test", [entity, offline], update_before_add=True)
    state = entity_hub.states.get("sensor.measured")
    assert state is not None
    assert state.state == "42"
    assert entity_hub.states.is_state("sensor.offline", "unknown")  # added all the same
    assert "first update of <Offline" in caplog.text


# -- registry changes -------------------------------------------------------------------


async def test_rename_moves_the_state_and_the_entity_stays_controllable(
    entity_hub: Hub,
) -> None:
    switch = MockSwitch(unique_id="s", name="Boiler")
    await add(entity_hub, switch)
    entity_registry(entity_hub).update("switch.boiler", new_entity_id="switch.water_heater")
    await entity_hub.block_till_done()
    assert entity_hub.states.get("switch.boiler") is None
    state = entity_hub.states.get("switch.water_heater")
    assert state is not None
    assert state.attributes["friendly_name"] == "Boiler"
    assert switch.entity_id == "switch.water_heater"
    await entity_hub.services.call(
        "switch", "turn_on", {"entity_id": "switch.water_heater"}, blocking=True
    )
    state = entity_hub.states.get("switch.water_heater")
    assert state is not None
    assert state.state == "on"


async def test_two_quick_renames_end_at_the_last_id(entity_hub: Hub) -> None:
    switch = MockSwitch(unique_id="s", name="Boiler")
    await add(entity_hub, switch)
    registry = entity_registry(entity_hub)
    registry.update("switch.boiler", new_entity_id="switch.tank")
    registry.update("switch.tank", new_entity_id="switch.hot_water")
    await entity_hub.block_till_done()
    assert entity_hub.states.entity_ids() == ["switch.hot_water"]
    await entity_hub.services.call(
        "switch", "turn_on", {"entity_id": "switch.hot_water"}, blocking=True
    )
    assert switch.calls == [("turn_on", {})]


async def test_rename_with_a_failing_removal_hook_still_moves_the_entity(
    entity_hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    class Stubborn(MockSwitch):
        async def async_will_remove_from_hub(self) -> None:
            raise RuntimeError("cannot let go")

    switch = Stubborn(unique_id="s", name="Boiler")
    await add(entity_hub, switch)
    entity_registry(entity_hub).update("switch.boiler", new_entity_id="switch.tank")
    await entity_hub.block_till_done()
    assert entity_hub.states.entity_ids() == ["switch.tank"]
    assert "Removal hook of switch.boiler failed" in caplog.text


async def test_disable_removes_the_entity(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="a", name="Power")
    await add(entity_hub, entity)
    entity_registry(entity_hub).update("sensor.power", disabled_by="user")
    await entity_hub.block_till_done()
    assert entity_hub.states.get("sensor.power") is None
    assert not entity.added
    assert entity.removed_calls == 1
    assert "sensor.power" not in platform(entity_hub).entities


async def test_registry_remove_removes_the_entity(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="a", name="Power")
    await add(entity_hub, entity)
    entity_registry(entity_hub).remove("sensor.power")
    await entity_hub.block_till_done()
    assert entity_hub.states.get("sensor.power") is None
    assert not entity.added


async def test_removing_the_device_removes_its_entities(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device())
    other = MockEntity(unique_id="o", name="Other")
    await add(entity_hub, entity, other)
    assert entity.device_entry is not None
    device_registry(entity_hub).remove(entity.device_entry.id)
    await entity_hub.block_till_done()
    assert entity_hub.states.entity_ids() == ["sensor.other"]
    assert entity_registry(entity_hub).get("sensor.plug_power") is None


async def test_customize_follows_a_rename(make_hub: HubFactory) -> None:
    hub = await make_hub(
        """
        homeassistant:
          customize:
            sensor.tank:
              icon: mdi:water-boiler
        """
    )
    await add(hub, MockEntity(unique_id="t", name="Boiler"))
    state = hub.states.get("sensor.boiler")
    assert state is not None
    assert "icon" not in state.attributes
    entity_registry(hub).update("sensor.boiler", new_entity_id="sensor.tank")
    await hub.block_till_done()
    state = hub.states.get("sensor.tank")
    assert state is not None
    assert state.attributes["icon"] == "mdi:water-boiler"


async def test_icon_and_device_class_overrides_appear(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="a", name="Power", icon="mdi:flash", device_class="power")
    await add(entity_hub, entity)
    entity_registry(entity_hub).update(
        "sensor.power", icon="mdi:lightning-bolt", device_class="apparent_power"
    )
    await entity_hub.block_till_done()
    state = entity_hub.states.get("sensor.power")
    assert state is not None
    assert state.attributes["icon"] == "mdi:lightning-bolt"
    assert state.attributes["device_class"] == "apparent_power"
    entity_registry(entity_hub).update("sensor.power", icon=None)
    await entity_hub.block_till_done()
    state = entity_hub.states.get("sensor.power")
    assert state is not None
    assert state.attributes["icon"] == "mdi:flash"


# -- polling ----------------------------------------------------------------------------


async def test_polling_entities_update_every_scan_interval(
    entity_hub: Hub, clock: ManualClock
) -> None:
    class Counter(MockEntity):
        async def async_update(self) -> None:
            self.updates += 1
            self._attr_state = self.updates

    polled = Counter(unique_id="p", name="Polled", should_poll=True)
    quiet = Counter(unique_id="q", name="Quiet")
    await add(entity_hub, polled, quiet)
    interval = DEFAULT_SCAN_INTERVAL.total_seconds()
    assert interval == 30
    await clock.advance(interval - 1)
    assert polled.updates == 0
    await clock.advance(1)
    await entity_hub.block_till_done()
    assert polled.updates == 1
    state = entity_hub.states.get("sensor.polled")
    assert state is not None
    assert state.state == "1"
    await clock.advance(60)
    await entity_hub.block_till_done()
    assert polled.updates == 3
    assert quiet.updates == 0


async def test_a_failing_poll_is_logged_and_others_still_update(
    entity_hub: Hub, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(MockEntity):
        async def async_update(self) -> None:
            raise ConnectionError("meter offline")

    broken = Broken(unique_id="b", name="Broken", should_poll=True, state=5)
    fine = MockEntity(unique_id="f", name="Fine", should_poll=True)
    await add(entity_hub, broken, fine)
    await clock.advance(30)
    await entity_hub.block_till_done()
    assert fine.updates == 1
    assert "Update of sensor.broken failed" in caplog.text
    state = entity_hub.states.get("sensor.broken")
    assert state is not None
    assert state.state == "5"


async def test_a_poll_still_running_makes_the_next_one_skip(
    entity_hub: Hub, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    release = asyncio.Event()

    class Slow(MockEntity):
        async def async_update(self) -> None:
            self.updates += 1
            await release.wait()

    slow = Slow(unique_id="s", name="Slow", should_poll=True)
    await add(entity_hub, slow)
    await clock.advance(30)
    await clock.advance(30)
    assert slow.updates == 1
    assert "sensor.test: previous poll still running; skipping" in caplog.text
    release.set()
    await entity_hub.block_till_done()
    await clock.advance(30)
    await entity_hub.block_till_done()
    assert slow.updates == 2


async def test_reset_removes_entities_and_stops_polling(
    entity_hub: Hub, clock: ManualClock
) -> None:
    polled = MockEntity(unique_id="p", name="Polled", should_poll=True)
    await add(entity_hub, polled)
    await platform(entity_hub).reset()
    assert entity_hub.states.entity_ids() == []
    await clock.advance(120)
    await entity_hub.block_till_done()
    assert polled.updates == 0


async def test_each_integration_gets_its_own_platform(entity_hub: Hub) -> None:
    switch = MockSwitch(unique_id="s", name="Plug")
    same_unique_id = MockSwitch(unique_id="s", name="Relay")
    await add(entity_hub, switch, integration="other")
    await add(entity_hub, same_unique_id)
    assert switch.platform is platform(entity_hub, "switch", "other")
    assert same_unique_id.entity_id == "switch.relay"
    entry = entity_registry(entity_hub).get("switch.plug")
    assert entry is not None
    assert entry.platform == "other"
