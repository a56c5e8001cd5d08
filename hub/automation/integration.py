"""The ``automation`` integration: entities, services, reload.

Services (Home Assistant 2025.1): ``automation.trigger`` (``variables``,
``skip_condition`` default true), ``automation.turn_on``, ``automation.turn_off``
(``stop_actions`` default true), ``automation.toggle``, ``automation.reload`` (re-reads
the YAML through ``hub.loader.reload``; an invalid file keeps the running automations
and the call fails naming file and line; automations whose configuration did not change
keep running; ``automation_reloaded`` is fired). WebSocket: ``automation/config``, and
the engine commands in ``websocket``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.automation.config import CONF_ID, DOMAIN, validate_config_block
from hub.automation.entity import (
    AutomationEntity,
    BaseAutomationEntity,
    UnavailableAutomationEntity,
)
from hub.blueprint import clear_cache, populate
from hub.config import validators as cv
from hub.entity.component import EntityComponent
from hub.entity.platform import add_entities
from hub.hub_data import HubKey
from hub.script.const import ATTR_VARIABLES
from hub.script.validation import ValidatedItem
from hub.trace import trace_store
from hub.websocket.commands import ERR_NOT_FOUND, register_command, websocket_command

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

_LOGGER = logging.getLogger(__name__)

EVENT_AUTOMATION_RELOADED: Final = "automation_reloaded"
CONF_SKIP_CONDITION: Final = "skip_condition"
CONF_STOP_ACTIONS: Final = "stop_actions"

__all__ = [
    "AUTOMATIONS",
    "CONF_ID",
    "DOMAIN",
    "Automations",
    "async_setup",
    "validate_config_block",
]


class Automations:
    """The live automations of one hub."""

    def __init__(self, hub: Hub, component: EntityComponent) -> None:
        self.hub = hub
        self.component = component
        self.entities: list[BaseAutomationEntity] = []

    def get(self, entity_id: str) -> BaseAutomationEntity | None:
        """An automation entity by entity id."""
        entity = self.component.get_entity(entity_id)
        return entity if isinstance(entity, BaseAutomationEntity) else None

    async def apply(self, items: Sequence[ValidatedItem]) -> None:
        """Make the live automations match ``items``: unchanged ones keep running."""
        kept, fresh = _match(self.entities, list(items))
        for entity in self.entities:
            if entity not in kept and entity.platform is not None and entity.entity_id:
                await entity.platform.remove_entity(entity.entity_id)
        created: list[BaseAutomationEntity] = []
        for index, item in enumerate(items):
            if index not in fresh:
                continue
            created.append(self._create(index, item))
        self.entities = [*kept, *created]
        await add_entities(self.hub, DOMAIN, created)

    def _create(self, index: int, item: ValidatedItem) -> BaseAutomationEntity:
        if item.valid:
            return AutomationEntity(self.hub, index, item)
        _LOGGER.error("Disabled (invalid configuration): %s", item.error_text)
        return UnavailableAutomationEntity(index, item)

    async def reload(self, items: Sequence[ValidatedItem]) -> None:
        """``automation.reload`` with the freshly validated block."""
        await self.hub.add_executor_job(clear_cache)
        await self.apply(items)
        self.hub.bus.fire_internal(EVENT_AUTOMATION_RELOADED, {})


def _match(
    entities: list[BaseAutomationEntity], items: list[ValidatedItem]
) -> tuple[list[BaseAutomationEntity], set[int]]:
    """Which live entities stay (same id or, without id, same name and configuration)
    and which item indexes need a new entity (Home Assistant's matching)."""
    kept: list[BaseAutomationEntity] = []
    fresh = set(range(len(items)))
    by_id = {
        str(item.config_id): index for index, item in enumerate(items) if item.config_id is not None
    }
    for entity in entities:
        if entity.unique_id is not None:
            index = by_id.get(entity.unique_id)
            if index is not None and index in fresh and _same(entity, items[index], index):
                kept.append(entity)
                fresh.discard(index)
            continue
        for index in sorted(fresh):
            if items[index].config_id is None and _same(entity, items[index], index):
                kept.append(entity)
                fresh.discard(index)
                break
    return kept, fresh


def _same(entity: BaseAutomationEntity, item: ValidatedItem, index: int) -> bool:
    config = item.config or item.raw_config or {}
    name = config.get("alias") or f"{DOMAIN} {index}"
    return (
        entity.name == name
        and entity.item.valid == item.valid
        and entity.item.raw_config == item.raw_config
        and entity.item.blueprint_inputs == item.blueprint_inputs
    )


AUTOMATIONS: Final = HubKey[Automations]("automations")


async def async_setup(hub: Hub, config: list[ValidatedItem]) -> bool:
    """Set up the automations of the ``automation:`` blocks."""
    from hub.automation.websocket import register_commands  # noqa: PLC0415 - cycle
    from hub.loader.reload import register_reload_service  # noqa: PLC0415 - optional

    await hub.add_executor_job(populate, hub.config_dir, DOMAIN)
    trace_store(hub)
    component = EntityComponent(hub, DOMAIN)
    automations = Automations(hub, component)
    hub.data[AUTOMATIONS] = automations

    async def trigger_service(entity: Any, data: dict[str, Any]) -> None:
        if isinstance(entity, BaseAutomationEntity):
            await entity.trigger(
                {**data[ATTR_VARIABLES], "trigger": {"platform": None}},
                entity.service_context,
                skip_condition=data[CONF_SKIP_CONDITION],
            )

    component.register_entity_service(
        "trigger",
        {
            vol.Optional(ATTR_VARIABLES, default=dict): dict,
            vol.Optional(CONF_SKIP_CONDITION, default=True): cv.boolean,
        },
        trigger_service,
    )
    component.register_entity_service("turn_on", None, "async_turn_on")
    component.register_entity_service(
        "turn_off", {vol.Optional(CONF_STOP_ACTIONS, default=True): cv.boolean}, "async_turn_off"
    )
    component.register_entity_service("toggle", None, "async_toggle")
    register_reload_service(hub, DOMAIN, automations.reload)
    register_command(hub, handle_automation_config)
    register_commands(hub)
    await automations.apply(config or [])
    return True


@websocket_command({vol.Required("type"): "automation/config", vol.Required("entity_id"): str})
def handle_automation_config(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The configuration of one automation, as written."""
    automations = hub.data.get(AUTOMATIONS)
    entity = automations.get(msg["entity_id"]) if automations is not None else None
    if entity is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Entity not found")
        return
    connection.send_result(msg["id"], {"config": entity.raw_config})
