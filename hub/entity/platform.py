"""``EntityPlatform``: one integration's entities of one domain.

Adding an entity gives it its entity id (from the registry when it has a unique id),
registers its device, runs its added hook and writes its first state. The platform also
polls entities that need it and applies registry changes (rename, disable) to live ones.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.entity.entity import Entity
from hub.registry.device_registry import DEVICE_REGISTRY
from hub.registry.entity_registry import ENTITY_REGISTRY, RegistryEntryDisabler, RegistryEntryHider
from hub.tracking import track_time_interval

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.entity.component import EntityComponent

_LOGGER = logging.getLogger(__name__)

# A poll that takes longer than this is abandoned and logged.
POLL_TIMEOUT: Final = 60.0


class EntityPlatform:
    """Entities that one integration provides for one domain."""

    def __init__(self, hub: Hub, component: EntityComponent, integration: str) -> None:
        self.hub = hub
        self.component = component
        self.domain = component.domain
        self.integration = integration
        self.entities: dict[str, Entity] = {}
        self._poll_cancel: Any = None
        self._polling = False

    async def add_entities(
        self, entities: Iterable[Entity], update_before_add: bool = False
    ) -> None:
        """Add entities to the hub. One entity failing is logged and skipped."""
        entities = list(entities)
        if update_before_add:
            await asyncio.gather(*(self._initial_update(entity) for entity in entities))
        for entity in entities:
            try:
                await self._add_entity(entity)
            except Exception:
                _LOGGER.exception("%s: could not add %r", self.integration, entity)
                await self._discard(entity)
        self._ensure_polling()

    async def _initial_update(self, entity: Entity) -> None:
        try:
            await entity.async_update()
        except Exception:
            _LOGGER.exception("%s: first update of %r failed", self.integration, entity)

    async def _add_entity(self, entity: Entity) -> None:
        if entity.domain != self.domain:
            raise ValueError(f"{entity!r} is a {entity.domain} entity, not {self.domain}")
        entity.hub = self.hub
        entity.platform = self
        if entity.unique_id is not None:
            if not self._register(entity):
                return
        else:
            self._assign_unregistered_id(entity)
        entity_id = entity.entity_id
        assert entity_id is not None
        if not self.hub.states.available(entity_id):
            _LOGGER.error(
                "%s: entity id %s is already in use; not adding %r",
                self.integration,
                entity_id,
                entity,
            )
            entity.entity_id = None
            return
        self.hub.states.reserve(entity_id)
        self.entities[entity_id] = entity
        self.component.entities[entity_id] = entity
        await entity.add_to_hub()

    def _register(self, entity: Entity) -> bool:
        """Give a unique-id entity its registry entry and device; False when disabled."""
        devices = self.hub.data[DEVICE_REGISTRY]
        registry = self.hub.data[ENTITY_REGISTRY]
        device = None
        if (info := entity.device_info) is not None:
            device = devices.get_or_create(self.integration, info)
        entity.device_entry = device
        unique_id = entity.unique_id
        assert unique_id is not None
        existing = registry.get_entity_id(self.domain, self.integration, unique_id)
        suggested = (
            None
            if existing
            else (entity.suggested_object_id() or f"{self.integration} {unique_id}")
        )
        name = entity.name
        entry = registry.get_or_create(
            self.domain,
            self.integration,
            unique_id,
            suggested_object_id=entity.entity_id.partition(".")[2]
            if entity.entity_id
            else suggested,
            disabled_by=None
            if entity.entity_registry_enabled_default
            else RegistryEntryDisabler.INTEGRATION,
            hidden_by=None
            if entity.entity_registry_visible_default
            else RegistryEntryHider.INTEGRATION,
            device_id=device.id if device is not None else None,
            has_entity_name=entity.has_entity_name,
            original_name=name if isinstance(name, str) else None,
            original_icon=entity.icon,
            original_device_class=entity.device_class,
            entity_category=entity.entity_category,
            supported_features=entity.supported_features or 0,
            unit_of_measurement=entity.unit_of_measurement,
            translation_key=entity.translation_key,
            capabilities=entity.capability_attributes,
        )
        if device is not None and device.disabled and entry.disabled_by is None:
            entry = registry.update(entry.entity_id, disabled_by=RegistryEntryDisabler.DEVICE)
        entity.registry_entry = entry
        entity.entity_id = entry.entity_id
        entity.refresh_cached_metadata()
        if entry.disabled:
            _LOGGER.debug("%s is disabled (%s); not adding it", entry.entity_id, entry.disabled_by)
            return False
        return True

    def _assign_unregistered_id(self, entity: Entity) -> None:
        if entity.entity_id is not None:
            entity.entity_id = entity.entity_id.lower()
            return
        suggested = entity.suggested_object_id() or f"{self.integration} unnamed"
        entity.entity_id = self.hub.data[ENTITY_REGISTRY].generate_entity_id(self.domain, suggested)

    async def _discard(self, entity: Entity) -> None:
        entity_id = entity.entity_id
        # Only undo what this entity claimed: a preset id may belong to a live entity.
        if entity_id is not None and self.entities.get(entity_id) is entity:
            self.entities.pop(entity_id, None)
            self.component.entities.pop(entity_id, None)
            self.hub.states.release(entity_id)
        await entity.remove_from_hub()

    async def remove_entity(self, entity_id: str) -> None:
        """Remove one live entity (its state goes away)."""
        entity = self.entities.pop(entity_id, None)
        if entity is None:
            return
        self.component.entities.pop(entity_id, None)
        await entity.remove_from_hub()

    async def reset(self) -> None:
        """Remove every entity of this platform (unload or reload)."""
        if self._poll_cancel is not None:
            self._poll_cancel()
            self._poll_cancel = None
        for entity_id in list(self.entities):
            await self.remove_entity(entity_id)

    async def apply_registry_change(self, entity: Entity, change: Mapping[str, Any]) -> None:
        """Bring a live entity in line with its changed registry entry."""
        old_entity_id = entity.entity_id
        assert old_entity_id is not None
        if change["action"] == "remove":
            await self.remove_entity(old_entity_id)
            return
        # Look the entry up by unique id, not by the event's entity id: a second rename
        # may already have happened when this runs, and the entry holds the latest id.
        registry = self.hub.data[ENTITY_REGISTRY]
        unique_id = entity.unique_id
        current_id = (
            registry.get_entity_id(self.domain, self.integration, unique_id)
            if unique_id is not None
            else None
        )
        entry = registry.get(current_id) if current_id is not None else None
        if entry is None:
            return
        if entry.disabled:
            await self.remove_entity(old_entity_id)
            return
        entity.registry_entry = entry
        entity.refresh_cached_metadata()
        if entry.entity_id == old_entity_id:
            entity.write_state()
            return
        # Renamed: the old state goes, the entity comes back under its new id.
        await self.remove_entity(old_entity_id)
        entity.entity_id = entry.entity_id
        self.hub.states.reserve(entry.entity_id)
        self.entities[entry.entity_id] = entity
        self.component.entities[entry.entity_id] = entity
        await entity.add_to_hub()

    # -- polling --------------------------------------------------------------------------

    def _ensure_polling(self) -> None:
        if self._poll_cancel is not None or not any(e.should_poll for e in self.entities.values()):
            return
        self._poll_cancel = track_time_interval(
            self.hub,
            self._poll,
            self.component.scan_interval,
            f"poll {self.domain}.{self.integration}",
        )

    async def _poll(self, _now: Any) -> None:
        if self._polling:
            _LOGGER.warning(
                "%s.%s: previous poll still running; skipping", self.domain, self.integration
            )
            return
        self._polling = True
        try:
            polled = [e for e in self.entities.values() if e.should_poll and e.added]
            await asyncio.wait_for(
                asyncio.gather(*(e.update_state(force_refresh=True) for e in polled)), POLL_TIMEOUT
            )
        except TimeoutError:
            _LOGGER.warning(
                "%s.%s: poll took longer than %s s", self.domain, self.integration, POLL_TIMEOUT
            )
        finally:
            self._polling = False


async def add_entities(
    hub: Hub, integration: str, entities: Iterable[Entity], update_before_add: bool = False
) -> None:
    """Add an integration's entities (any domains) to the hub.

    Each entity domain is set up on first use, so ``sensor.*`` services exist as soon as
    the first sensor does.
    """
    from hub.loader.setup import setup_domain_component  # noqa: PLC0415 - cycle

    by_domain: dict[str, list[Entity]] = {}
    for entity in entities:
        by_domain.setdefault(entity.domain, []).append(entity)
    for domain, group in by_domain.items():
        component = await setup_domain_component(hub, domain)
        await component.platform(integration).add_entities(group, update_before_add)
