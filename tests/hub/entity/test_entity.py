"""Entity: naming, state strings and attributes, availability, context of service calls."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_STATE_CHANGED
from hub.context import Context
from hub.core import Hub
from hub.entity import EntityCategory
from hub.entity.entity import CONTEXT_RECENT_TIME
from hub.events import Event
from hub.exceptions import HubError
from tests.hub.entity.conftest import (
    MockEntity,
    MockSwitch,
    add,
    device,
    device_registry,
    entity_registry,
)

# -- naming -----------------------------------------------------------------------------


async def test_has_entity_name_prefixes_the_device_name(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device())
    await add(entity_hub, entity)
    assert entity.entity_id == "sensor.plug_power"
    state = entity_hub.states.get("sensor.plug_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Plug Power"


async def test_has_entity_name_with_name_none_is_the_device(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="p", name=None, has_entity_name=True, device_info=device())
    await add(entity_hub, entity)
    assert entity.entity_id == "sensor.plug"
    state = entity_hub.states.get("sensor.plug")
    assert state is not None
    assert state.attributes["friendly_name"] == "Plug"


async def test_without_has_entity_name_the_name_stands_alone(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="p", name="Grid power", device_info=device())
    await add(entity_hub, entity)
    assert entity.entity_id == "sensor.grid_power"
    state = entity_hub.states.get("sensor.grid_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Grid power"


async def test_no_name_gives_no_friendly_name_and_an_id_from_the_unique_id(
    entity_hub: Hub,
) -> None:
    entity = MockEntity(unique_id="abc123")
    await add(entity_hub, entity)
    assert entity.entity_id == "sensor.test_abc123"
    state = entity_hub.states.get("sensor.test_abc123")
    assert state is not None
    assert "friendly_name" not in state.attributes
    assert state.name == "test abc123"


async def test_registry_name_replaces_the_whole_friendly_name(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device())
    await add(entity_hub, entity)
    entity_registry(entity_hub).update("sensor.plug_power", name="Boiler plug")
    await entity_hub.block_till_done()
    state = entity_hub.states.get("sensor.plug_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Boiler plug"
    assert entity.entity_id == "sensor.plug_power"  # a name is not an id


async def test_device_rename_refreshes_friendly_name_not_entity_id(entity_hub: Hub) -> None:
    power = MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device())
    named = MockEntity(unique_id="e", name="Energy", has_entity_name=True, device_info=device())
    await add(entity_hub, power, named)
    entity_registry(entity_hub).update("sensor.plug_energy", name="My meter")
    await entity_hub.block_till_done()
    assert power.device_entry is not None
    device_registry(entity_hub).update(power.device_entry.id, name_by_user="Kitchen plug")
    await entity_hub.block_till_done()
    state = entity_hub.states.get("sensor.plug_power")
    assert state is not None
    assert state.attributes["friendly_name"] == "Kitchen plug Power"
    energy = entity_hub.states.get("sensor.plug_energy")
    assert energy is not None
    assert energy.attributes["friendly_name"] == "My meter"  # the homeowner's name wins
    assert entity_hub.states.entity_ids("sensor") == ["sensor.plug_power", "sensor.plug_energy"]


async def test_device_user_name_is_used_for_new_entity_ids(entity_hub: Hub) -> None:
    first = MockEntity(unique_id="p", name="Power", has_entity_name=True, device_info=device())
    await add(entity_hub, first)
    assert first.device_entry is not None
    device_registry(entity_hub).update(first.device_entry.id, name_by_user="Boiler")
    later = MockEntity(unique_id="v", name="Voltage", has_entity_name=True, device_info=device())
    await add(entity_hub, later)
    assert later.entity_id == "sensor.boiler_voltage"
    assert first.entity_id == "sensor.plug_power"


# -- state strings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1 + 0.2, "0.3"),
        (1 / 3, "0.33333333333333"),
        (12.0, "12.0"),
        (1e20, "1e+20"),
        (42, "42"),
        (Decimal("0.10"), "0.10"),
        (None, "unknown"),
        ("heating", "heating"),
        (True, "True"),
    ],
)
async def test_state_is_stringified(entity_hub: Hub, value: Any, expected: str) -> None:
    await add(entity_hub, MockEntity(entity_id="sensor.value", state=value))
    state = entity_hub.states.get("sensor.value")
    assert state is not None
    assert state.state == expected


async def test_state_over_255_characters_is_unknown_with_one_error(
    entity_hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    entity = MockEntity(entity_id="sensor.long", state="x" * 256, icon="mdi:text")
    with caplog.at_level(logging.ERROR, logger="hub.entity.entity"):
        await add(entity_hub, entity)
        state = entity_hub.states.get("sensor.long")
        assert state is not None
        assert state.state == "unknown"
        assert state.attributes["icon"] == "mdi:text"
        entity._attr_state = "y" * 300
        entity.write_state()
    errors = [r for r in caplog.records if "longer than 255" in r.getMessage()]
    assert len(errors) == 1
    assert "sensor.long" in errors[0].getMessage()
    entity._attr_state = "x" * 255  # exactly the limit is fine
    entity.write_state()
    state = entity_hub.states.get("sensor.long")
    assert state is not None
    assert state.state == "x" * 255


async def test_info_attributes(entity_hub: Hub) -> None:
    entity = MockEntity(
        entity_id="sensor.info",
        name="Info",
        state=1,
        icon="mdi:flash",
        entity_picture="/local/p.png",
        device_class="power",
        unit_of_measurement="W",
        supported_features=0,
        assumed_state=True,
        attribution="Data from the meter",
        extra_state_attributes={"phase": 2},
    )
    await add(entity_hub, entity)
    state = entity_hub.states.get("sensor.info")
    assert state is not None
    assert dict(state.attributes) == {
        "phase": 2,
        "unit_of_measurement": "W",
        "attribution": "Data from the meter",
        "assumed_state": True,
        "friendly_name": "Info",
        "icon": "mdi:flash",
        "entity_picture": "/local/p.png",
        "device_class": "power",
        "supported_features": 0,
    }


class CapableEntity(MockEntity):
    """An entity with capability and state attributes."""

    @property
    def capability_attributes(self) -> dict[str, Any]:
        return {"options": ["a", "b"]}

    @property
    def state_attributes(self) -> dict[str, Any]:
        return {"current": "a"}


async def test_unavailable_keeps_capabilities_and_info_only(entity_hub: Hub) -> None:
    entity = CapableEntity(
        entity_id="sensor.capable",
        name="Capable",
        state="a",
        extra_state_attributes={"extra": 1},
    )
    await add(entity_hub, entity)
    state = entity_hub.states.get("sensor.capable")
    assert state is not None
    assert state.state == "a"
    assert state.attributes["current"] == "a"
    entity._attr_available = False
    entity.write_state()
    state = entity_hub.states.get("sensor.capable")
    assert state is not None
    assert state.state == "unavailable"
    assert dict(state.attributes) == {"options": ["a", "b"], "friendly_name": "Capable"}


async def test_write_state_before_added_is_refused(entity_hub: Hub) -> None:
    entity = MockEntity(entity_id="sensor.early")
    with pytest.raises(HubError, match="before it was added"):
        entity.write_state()
    assert entity_hub.states.get("sensor.early") is None


async def test_force_update_moves_last_changed(entity_hub: Hub, clock: ManualClock) -> None:
    plain = MockEntity(entity_id="sensor.plain", state=1)
    forced = MockEntity(entity_id="sensor.forced", state=1, force_update=True)
    await add(entity_hub, plain, forced)
    await clock.advance(10)
    plain.write_state()
    forced.write_state()
    plain_state = entity_hub.states.get("sensor.plain")
    forced_state = entity_hub.states.get("sensor.forced")
    assert plain_state is not None
    assert forced_state is not None
    assert plain_state.last_changed_timestamp == clock.time() - 10
    assert plain_state.last_reported_timestamp == clock.time()
    assert forced_state.last_changed_timestamp == clock.time()


async def test_remove_runs_hooks_and_cleanups_once(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="r", name="Removable")
    cleaned: list[str] = []
    await add(entity_hub, entity)
    entity.async_on_remove(lambda: cleaned.append("listener"))
    assert entity.added
    assert entity.platform is not None
    await entity.platform.remove_entity("sensor.removable")
    await entity.remove_from_hub()  # a second removal does nothing
    assert (entity.added_calls, entity.removed_calls) == (1, 1)
    assert cleaned == ["listener"]
    assert not entity.added
    assert entity_hub.states.get("sensor.removable") is None


async def test_failing_cleanup_is_logged_and_others_run(
    entity_hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    entity = MockEntity(unique_id="r", name="Removable")
    cleaned: list[str] = []
    await add(entity_hub, entity)

    def broken() -> None:
        raise RuntimeError("cleanup broke")

    entity.async_on_remove(broken)
    entity.async_on_remove(lambda: cleaned.append("second"))
    await entity.remove_from_hub()
    assert cleaned == ["second"]
    assert "Cleanup of sensor.removable failed" in caplog.text
    assert entity_hub.states.get("sensor.removable") is None


# -- context ----------------------------------------------------------------------------


async def test_service_context_is_carried_into_the_state(
    entity_hub: Hub, clock: ManualClock
) -> None:
    switch = MockSwitch(unique_id="s", name="Boiler")
    await add(entity_hub, switch)
    changes: list[Event] = []
    entity_hub.bus.listen(EVENT_STATE_CHANGED, changes.append)
    context = Context(user_id="abc")
    await entity_hub.services.call(
        "switch", "turn_on", {"entity_id": "switch.boiler"}, blocking=True, context=context
    )
    state = entity_hub.states.get("switch.boiler")
    assert state is not None
    assert state.state == "on"
    assert state.context.id == context.id
    assert state.context.user_id == "abc"
    assert changes[-1].context.id == context.id

    # A device report within HA's 5 s window is still attributed to the call...
    await clock.advance(CONTEXT_RECENT_TIME - 1)
    switch._attr_is_on = False
    switch.write_state()
    state = entity_hub.states.get("switch.boiler")
    assert state is not None
    assert state.context.id == context.id

    # ...and after it, to no one (a fresh context).
    await clock.advance(2)
    switch._attr_is_on = True
    switch.write_state()
    state = entity_hub.states.get("switch.boiler")
    assert state is not None
    assert state.context.id != context.id
    assert state.context.user_id is None


async def test_entity_category_is_stored_in_the_registry(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="c", name="Firmware", entity_category=EntityCategory.DIAGNOSTIC)
    await add(entity_hub, entity)
    entry = entity_registry(entity_hub).get("sensor.firmware")
    assert entry is not None
    assert entry.entity_category == "diagnostic"


async def test_has_entity_name_without_a_device_is_the_name_alone(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="n", name="Outdoor", has_entity_name=True)
    await add(entity_hub, entity)
    state = entity_hub.states.get("sensor.outdoor")
    assert state is not None
    assert state.attributes["friendly_name"] == "Outdoor"


async def test_name_is_cached_until_refresh(entity_hub: Hub) -> None:
    entity = MockEntity(unique_id="n", name="Old name")
    await add(entity_hub, entity)
    entity._attr_name = "New name"
    entity.write_state()
    state = entity_hub.states.get("sensor.old_name")
    assert state is not None
    assert state.attributes["friendly_name"] == "Old name"  # computed once (hot path)
    entity.refresh_cached_metadata()
    entity.write_state()
    state = entity_hub.states.get("sensor.old_name")
    assert state is not None
    assert state.attributes["friendly_name"] == "New name"
