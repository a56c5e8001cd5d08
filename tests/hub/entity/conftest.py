"""Test entities configured by keyword, a hub to add them to, and small helpers.

``MockEntity(unique_id="a", name="Power", state=3)`` sets ``_attr_unique_id``,
``_attr_name`` and ``_attr_state``; ``entity_id=`` presets the entity id. ``MockEntity``
is a plain ``Entity`` in the ``sensor`` domain (no sensor logic); ``MockSwitch`` is a
switch that records its service calls and updates.
"""

from __future__ import annotations

from typing import Any

import pytest

from hub.core import Hub
from hub.domains.switch import SwitchEntity
from hub.entity import Entity, add_entities
from hub.registry.device_registry import DEVICE_REGISTRY, DeviceInfo, DeviceRegistry
from hub.registry.entity_registry import ENTITY_REGISTRY, EntityRegistry
from tests.conftest import HubFactory


def _configure(entity: Entity, attrs: dict[str, Any]) -> None:
    if "entity_id" in attrs:
        entity.entity_id = attrs.pop("entity_id")
    for key, value in attrs.items():
        setattr(entity, f"_attr_{key}", value)


class MockEntity(Entity):
    """A plain entity; its state is ``_attr_state``."""

    domain = "sensor"

    def __init__(self, **attrs: Any) -> None:
        _configure(self, attrs)
        self.added_calls = 0
        self.removed_calls = 0
        self.updates = 0

    async def async_added_to_hub(self) -> None:
        self.added_calls += 1

    async def async_will_remove_from_hub(self) -> None:
        self.removed_calls += 1

    async def async_update(self) -> None:
        self.updates += 1


class MockSwitch(SwitchEntity):
    """A switch recording ``(service, kwargs)`` calls and update counts."""

    def __init__(self, **attrs: Any) -> None:
        self._attr_is_on = False
        _configure(self, attrs)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates = 0

    async def async_turn_on(self, **kwargs: Any) -> None:
        self.calls.append(("turn_on", kwargs))
        self._attr_is_on = True
        self.write_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        self.calls.append(("turn_off", kwargs))
        self._attr_is_on = False
        self.write_state()

    async def async_update(self) -> None:
        self.updates += 1


def device(serial: str = "1", name: str | None = "Plug") -> DeviceInfo:
    """Device info of a test device."""
    return {"identifiers": {("test", serial)}, "name": name}


async def add(hub: Hub, *entities: Entity, integration: str = "test") -> None:
    """Add entities as integration ``integration``."""
    await add_entities(hub, integration, list(entities))


def entity_registry(hub: Hub) -> EntityRegistry:
    """The hub's entity registry."""
    return hub.data[ENTITY_REGISTRY]


def device_registry(hub: Hub) -> DeviceRegistry:
    """The hub's device registry."""
    return hub.data[DEVICE_REGISTRY]


@pytest.fixture
async def entity_hub(make_hub: HubFactory) -> Hub:
    """A full hub (registries, entity domains on demand) with an empty configuration."""
    return await make_hub("")
