"""Helpers defined in YAML (``input_boolean: {object_id: config}``) and their reload.

``YamlHelperEntity`` is the common part of every YAML helper: its entity id and unique
id are the object id (so it is in the entity registry and can be renamed there), its
name and icon come from the configuration, ``editable`` is false (YAML is edited in
YAML), and it restores its state across restarts.

``YamlCollection`` keeps the live helpers in step with a configuration mapping: on a
reload, helpers still configured get their new configuration (keeping their value, as
in Home Assistant), removed ones leave the hub and the entity registry, new ones are
added.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from hub.entity.platform import add_entities
from hub.entity.restore_state import RestoreEntity
from hub.registry.entity_registry import ENTITY_REGISTRY

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

ATTR_EDITABLE = "editable"


def none_as_empty(value: Any) -> Any:
    """``helper_id:`` with nothing under it is a helper with default settings."""
    return {} if value is None else value


class YamlHelperEntity(RestoreEntity):
    """A helper configured in YAML under ``<domain>: {object_id: config}``."""

    _attr_should_poll = False

    def __init__(self, object_id: str, config: Mapping[str, Any]) -> None:
        self.object_id = object_id
        self._attr_unique_id = object_id
        self.entity_id = f"{self.domain}.{object_id}"
        self.editable = False
        self._config: dict[str, Any] = dict(config)
        self._apply_naming()

    def _apply_naming(self) -> None:
        # No name, no friendly_name (Home Assistant's helpers do the same).
        self._attr_name = self._config.get("name")
        self._attr_icon = self._config.get("icon")
        self.refresh_cached_metadata()

    async def async_update_config(self, config: Mapping[str, Any]) -> None:
        """A reload changed this helper's configuration; its value stays."""
        self._config = dict(config)
        self._apply_naming()
        self.config_updated()
        self.write_state()

    def config_updated(self) -> None:
        """Apply ``self._config`` to the helper's own settings (override)."""


E = TypeVar("E", bound=YamlHelperEntity)


class YamlCollection(Generic[E]):
    """The YAML helpers of one domain, by object id."""

    def __init__(self, hub: Hub, domain: str, factory: Callable[[str, dict[str, Any]], E]) -> None:
        self.hub = hub
        self.domain = domain
        self._factory = factory
        self.entities: dict[str, E] = {}

    async def load(self, config: Mapping[str, Any]) -> None:
        """Make the live helpers match ``config`` (object id -> validated config)."""
        wanted = {object_id: dict(item or {}) for object_id, item in config.items()}
        for object_id in [key for key in self.entities if key not in wanted]:
            await self._remove(object_id)
        new: list[E] = []
        for object_id, item in wanted.items():
            entity = self.entities.get(object_id)
            if entity is None:
                entity = self._factory(object_id, item)
                self.entities[object_id] = entity
                new.append(entity)
            elif entity.added:
                await entity.async_update_config(item)
        if new:
            await add_entities(self.hub, self.domain, new)
        for entity in new:
            if not entity.added:  # disabled in the registry, or its id is taken
                self.entities.pop(entity.object_id, None)

    async def _remove(self, object_id: str) -> None:
        entity = self.entities.pop(object_id)
        entity_id = entity.entity_id
        if entity.platform is not None and entity_id is not None:
            await entity.platform.remove_entity(entity_id)
        registry = self.hub.data.get(ENTITY_REGISTRY)
        if registry is not None and entity_id is not None and entity_id in registry:
            registry.remove(entity_id)
        _LOGGER.debug("Removed %s (no longer configured)", entity_id)
