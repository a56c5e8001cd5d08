"""``EntityComponent``: all entities of one domain, and that domain's entity services.

Created by the domain's setup (``sensor``, ``switch``...). Integrations never use it
directly: they call ``add_entities`` and the component gives them a platform.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from hub.const import EVENT_DEVICE_REGISTRY_UPDATED, EVENT_ENTITY_REGISTRY_UPDATED
from hub.entity.service_schema import TARGET_FIELDS, entity_service_schema
from hub.entity.target import select_entities
from hub.exceptions import ServiceValidationError
from hub.hub_data import HubKey
from hub.services import ServiceCall, ServiceResponse, SupportsResponse

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.entity.entity import Entity
    from hub.entity.platform import EntityPlatform
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=30)

EntityServiceMethod = Callable[["Entity", dict[str, Any]], Awaitable[ServiceResponse | None]]


class EntityComponent:
    """The entities of one domain."""

    def __init__(
        self, hub: Hub, domain: str, scan_interval: timedelta = DEFAULT_SCAN_INTERVAL
    ) -> None:
        self.hub = hub
        self.domain = domain
        self.scan_interval = scan_interval
        self.entities: dict[str, Entity] = {}
        self.platforms: dict[str, EntityPlatform] = {}
        hub.data.setdefault(ENTITY_COMPONENTS, {})[domain] = self
        hub.bus.listen(EVENT_ENTITY_REGISTRY_UPDATED, self._entity_registry_changed)
        hub.bus.listen(EVENT_DEVICE_REGISTRY_UPDATED, self._device_registry_changed)

    def platform(self, integration: str) -> EntityPlatform:
        """The platform through which ``integration`` adds entities of this domain."""
        from hub.entity.platform import EntityPlatform  # noqa: PLC0415 - cycle

        platform = self.platforms.get(integration)
        if platform is None:
            platform = self.platforms[integration] = EntityPlatform(self.hub, self, integration)
        return platform

    def get_entity(self, entity_id: str) -> Entity | None:
        """The live entity with this id."""
        return self.entities.get(entity_id)

    # -- services -----------------------------------------------------------------------

    def register_entity_service(
        self,
        name: str,
        fields: Mapping[Any, Any] | None,
        method: str | EntityServiceMethod,
        required_features: int | None = None,
        supports_response: SupportsResponse = SupportsResponse.NONE,
    ) -> None:
        """Register ``<domain>.<name>`` acting on targeted entities of this domain.

        ``method`` is the entity's coroutine method name (called with the service fields
        as keyword arguments) or a function ``(entity, data)``. An entity is called only
        if it is available and supports every bit in ``required_features``.
        """

        async def handle(call: ServiceCall) -> ServiceResponse:
            return await self._handle_entity_service(call, method, required_features)

        self.hub.services.register(
            self.domain, name, handle, entity_service_schema(fields), supports_response
        )

    async def _handle_entity_service(
        self,
        call: ServiceCall,
        method: str | EntityServiceMethod,
        required_features: int | None,
    ) -> ServiceResponse:
        entities = self._targeted_entities(call, required_features)
        data = {key: value for key, value in call.data.items() if key not in TARGET_FIELDS}
        for entity in entities:
            entity.set_context(call.context)
        results: list[ServiceResponse | BaseException | None]
        if len(entities) == 1:  # the common case: no task per call
            results = [await self._call_entity(entities[0], method, data)]
        else:
            results = await asyncio.gather(
                *(self._call_entity(entity, method, data) for entity in entities),
                return_exceptions=True,
            )
            errors = [result for result in results if isinstance(result, BaseException)]
            if errors:
                raise errors[0]
        polled = [entity for entity in entities if entity.should_poll and entity.added]
        if polled:
            await asyncio.gather(*(entity.update_state(force_refresh=True) for entity in polled))
        if not call.return_response:
            return None
        return {
            entity.entity_id: result
            for entity, result in zip(entities, results, strict=True)
            if entity.entity_id is not None
        }

    def _targeted_entities(self, call: ServiceCall, required_features: int | None) -> list[Entity]:
        selected = select_entities(self.hub, call.data)
        if selected.match_all:
            candidates = list(self.entities.values())
            explicit: set[str] = set()
        else:
            explicit = {eid for eid in selected.referenced if eid.partition(".")[0] == self.domain}
            wanted = explicit | {
                eid
                for eid in selected.indirectly_referenced
                if eid.partition(".")[0] == self.domain
            }
            candidates = [self.entities[eid] for eid in sorted(wanted) if eid in self.entities]
            missing = explicit - self.entities.keys()
            if missing:
                _LOGGER.warning(
                    "%s.%s: referenced entities %s are missing or not currently available",
                    call.domain,
                    call.service,
                    ", ".join(sorted(missing)),
                )
        chosen = []
        for entity in candidates:
            if not entity.available:
                continue
            features = entity.supported_features or 0
            if required_features and features & required_features != required_features:
                if entity.entity_id in explicit:
                    raise ServiceValidationError(
                        f"Entity {entity.entity_id} does not support action "
                        f"{call.domain}.{call.service}",
                        translation_key="entity_service_not_supported",
                        translation_placeholders={"entity_id": entity.entity_id or ""},
                    )
                continue
            chosen.append(entity)
        return chosen

    @staticmethod
    async def _call_entity(
        entity: Entity, method: str | EntityServiceMethod, data: dict[str, Any]
    ) -> ServiceResponse | None:
        if isinstance(method, str):
            result: ServiceResponse | None = await getattr(entity, method)(**data)
            return result
        return await method(entity, data)

    # -- registry changes ---------------------------------------------------------------

    def _entity_registry_changed(self, event: Event) -> None:
        entity_id = event.data.get("old_entity_id") or event.data["entity_id"]
        entity = self.entities.get(entity_id)
        if entity is None or entity.platform is None:
            return
        self.hub.create_task(
            entity.platform.apply_registry_change(entity, event.data),
            f"registry change {entity_id}",
        )

    def _device_registry_changed(self, event: Event) -> None:
        if event.data["action"] != "update":
            return
        device_id = event.data["device_id"]
        from hub.registry.device_registry import DEVICE_REGISTRY  # noqa: PLC0415 - cycle

        device = self.hub.data[DEVICE_REGISTRY].get(device_id)
        for entity in list(self.entities.values()):
            if entity.device_entry is not None and entity.device_entry.id == device_id:
                entity.device_entry = device
                entity.refresh_cached_metadata()
                if entity.added:
                    entity.write_state()


ENTITY_COMPONENTS: Final = HubKey[dict[str, EntityComponent]]("entity_components")
