"""RestoreEntity: states saved every 15 minutes and at the final write, read back at add."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from hub.clock import ManualClock
from hub.entity import add_entities
from hub.entity.restore_state import (
    RESTORE_STATE,
    RestoredExtraData,
    RestoreEntity,
    StoredState,
    restore_state_data,
)
from hub.states import State
from hub.storage import write_document
from tests.conftest import HubFactory

STORE = Path(".storage") / "core.restore_state"


class Remembering(RestoreEntity):
    """A sensor-domain entity that restores its state and keeps a note beside it."""

    domain = "sensor"

    def __init__(self, object_id: str, value: str = "fresh") -> None:
        self.entity_id = f"sensor.{object_id}"
        self._attr_state = value
        self.note: dict[str, Any] = {"kept": 1}
        self.restored: State | None = None
        self.restored_extra: dict[str, Any] | None = None

    @property
    def extra_restore_state_data(self) -> RestoredExtraData:
        return RestoredExtraData(self.note)

    async def async_added_to_hub(self) -> None:
        self.restored = await self.async_get_last_state()
        extra = await self.async_get_last_extra_data()
        self.restored_extra = extra.as_dict() if extra is not None else None
        if self.restored is not None:
            self._attr_state = self.restored.state

    def set(self, value: str) -> None:
        self._attr_state = value
        self.write_state()


def _stored(config_dir: Path) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads((config_dir / STORE).read_bytes())
    return document


async def test_state_and_extra_data_come_back_after_a_restart(
    make_hub: HubFactory, config_dir: Path
) -> None:
    hub = await make_hub("sensor:\n")
    first = Remembering("boiler")
    await add_entities(hub, "test", [first])
    assert first.restored is None  # nothing stored yet
    first.note = {"kept": 42}
    first.set("warm")
    await hub.stop()  # the final write saves it

    document = _stored(config_dir)
    assert document["key"] == "core.restore_state"
    assert document["version"] == 1
    [item] = document["data"]["states"]
    assert item["state"]["entity_id"] == "sensor.boiler"
    assert item["state"]["state"] == "warm"
    assert item["extra_data"] == {"kept": 42}

    hub2 = await make_hub("sensor:\n")
    second = Remembering("boiler")
    await add_entities(hub2, "test", [second])
    assert second.restored is not None
    assert second.restored.state == "warm"
    assert second.restored.entity_id == "sensor.boiler"
    assert second.restored_extra == {"kept": 42}
    assert hub2.states.is_state("sensor.boiler", "warm")


async def test_saved_every_fifteen_minutes_of_hub_time(
    make_hub: HubFactory, config_dir: Path, clock: ManualClock
) -> None:
    hub = await make_hub("sensor:\n")
    entity = Remembering("tank")
    await add_entities(hub, "test", [entity])
    entity.set("40")
    await clock.advance(14 * 60)
    await hub.block_till_done()
    assert not (config_dir / STORE).exists()
    await clock.advance(60)
    await hub.block_till_done()
    assert [i["state"]["state"] for i in _stored(config_dir)["data"]["states"]] == ["40"]
    entity.set("41")
    await clock.advance(15 * 60)
    await hub.block_till_done()
    assert [i["state"]["state"] for i in _stored(config_dir)["data"]["states"]] == ["41"]


async def test_save_persistent_states_writes_now(make_hub: HubFactory, config_dir: Path) -> None:
    hub = await make_hub("sensor:\n")
    entity = Remembering("tank")
    await add_entities(hub, "test", [entity])
    await hub.services.call("homeassistant", "save_persistent_states", blocking=True)
    assert _stored(config_dir)["data"]["states"][0]["state"]["state"] == "fresh"


async def test_a_removed_entity_leaves_its_state_for_its_return(make_hub: HubFactory) -> None:
    hub = await make_hub("sensor:\n")
    entity = Remembering("pump")
    await add_entities(hub, "test", [entity])
    entity.note = {"kept": 7}
    entity.set("running")
    assert entity.platform is not None
    await entity.platform.remove_entity("sensor.pump")
    assert hub.states.get("sensor.pump") is None

    again = Remembering("pump")
    await add_entities(hub, "test", [again])
    assert again.restored is not None
    assert again.restored.state == "running"
    assert again.restored_extra == {"kept": 7}


async def test_states_of_long_gone_entities_expire(
    make_hub: HubFactory, config_dir: Path, clock: ManualClock
) -> None:
    old = State("sensor.gone", "x", {}, clock.time() - 8 * 86400)
    recent = State("sensor.away", "y", {}, clock.time() - 86400)
    items = [
        StoredState(old, None, clock.time() - 8 * 86400).as_dict(),
        StoredState(recent, None, clock.time() - 86400).as_dict(),
        {"state": {"entity_id": "sensor.broken"}, "last_seen": "never"},  # skipped
    ]
    write_document(
        config_dir / STORE,
        {"version": 1, "minor_version": 1, "key": "core.restore_state", "data": {"states": items}},
    )
    hub = await make_hub("sensor:\n")
    data = await restore_state_data(hub)
    assert set(data.last_states) == {"sensor.gone", "sensor.away"}
    assert data.last_states["sensor.away"].state.state == "y"
    await data.async_dump_states()
    kept = [i["state"]["entity_id"] for i in _stored(config_dir)["data"]["states"]]
    assert kept == ["sensor.away"]


async def test_restore_data_is_per_hub_and_loaded_once(make_hub: HubFactory) -> None:
    hub = await make_hub("sensor:\n")
    first = await restore_state_data(hub)
    assert await restore_state_data(hub) is first
    assert hub.data[RESTORE_STATE] is first
    assert first.loaded
