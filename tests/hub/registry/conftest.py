"""Fixtures for the registry tests: the registries on a bare hub, a restart that
loads them from disk into a second hub, an event recorder, and a configuration directory
holding registries stored in the old format (1.1, ``tests/fixtures/storage``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hub.bootstrap import load_registries
from hub.clock import ManualClock
from hub.core import Hub
from hub.events import Event
from hub.registry import (
    AREA_REGISTRY,
    DEVICE_REGISTRY,
    ENTITY_REGISTRY,
    FLOOR_REGISTRY,
    LABEL_REGISTRY,
    AreaRegistry,
    DeviceRegistry,
    EntityRegistry,
    FloorRegistry,
    LabelRegistry,
)

STORAGE_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "storage"


@dataclass(slots=True)
class Registries:
    """The area, device, entity, floor and label registries of one hub."""

    hub: Hub
    areas: AreaRegistry
    devices: DeviceRegistry
    entities: EntityRegistry
    floors: FloorRegistry
    labels: LabelRegistry

    @classmethod
    async def load(cls, hub: Hub) -> Registries:
        """Create and load the registries of ``hub`` as bootstrap does."""
        await load_registries(hub)
        return cls(
            hub,
            hub.data[AREA_REGISTRY],
            hub.data[DEVICE_REGISTRY],
            hub.data[ENTITY_REGISTRY],
            hub.data[FLOOR_REGISTRY],
            hub.data[LABEL_REGISTRY],
        )

    async def flush(self) -> None:
        """Write every pending save now."""
        await self.areas.flush()
        await self.devices.flush()
        await self.entities.flush()
        await self.floors.flush()
        await self.labels.flush()


@pytest.fixture
async def registries(hub: Hub) -> Registries:
    """The registries of the bare ``hub``, loaded from its (empty) ``.storage``."""
    return await Registries.load(hub)


Restart = Callable[[], Awaitable[Registries]]


@pytest.fixture
async def restart(
    tmp_path: Path, clock: ManualClock, registries: Registries
) -> AsyncIterator[Restart]:
    """Flush the registries and load fresh instances from disk in a second hub."""
    hubs: list[Hub] = []

    async def _restart() -> Registries:
        await registries.flush()
        other = Hub(tmp_path, clock=clock)
        hubs.append(other)
        return await Registries.load(other)

    yield _restart
    for other in hubs:
        await other.stop()


Capture = Callable[[str], list[dict[str, Any]]]


@pytest.fixture
def capture(hub: Hub) -> Capture:
    """``capture(event_type)``: a list that collects the data of every such event."""

    def _capture(event_type: str) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []

        def record(event: Event) -> None:
            # Through the wire form: event data must be JSON-serialisable.
            seen.append(json.loads(event.json)["data"])

        hub.bus.listen(event_type, record)
        return seen

    return _capture


def stored(hub: Hub, key: str) -> dict[str, Any]:
    """The document a store wrote under ``.storage``."""
    document: dict[str, Any] = json.loads(hub.path(".storage", key).read_text())
    return document


@pytest.fixture
def old_storage(config_dir: Path) -> Path:
    """``config_dir/.storage`` holding the 1.1 area, device and entity registries."""
    storage = config_dir / ".storage"
    storage.mkdir()
    for fixture in sorted(STORAGE_FIXTURES.glob("core.*_registry.v1_1")):
        shutil.copyfile(fixture, storage / fixture.stem)  # without the ".v1_1"
    return storage
