"""The ``script`` integration: ``script:`` YAML to entities and services.

- one ``script.<object_id>`` entity per script (unavailable when its configuration is
  invalid, as Home Assistant does);
- ``script.<object_id>``: runs it and waits (``return_response`` gives the ``stop``
  response); ``script.turn_on`` starts targeted scripts in the background with
  ``variables``; ``script.turn_off`` stops them; ``script.toggle``; ``script.reload``
  (re-reads the YAML; scripts whose configuration did not change keep running);
- WebSocket ``script/config``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.blueprint import populate
from hub.entity.component import EntityComponent
from hub.entity.platform import add_entities
from hub.hub_data import HubKey
from hub.script.config import DOMAIN, validate_config_block
from hub.script.const import ATTR_VARIABLES
from hub.script.entity import BaseScriptEntity, ScriptEntity, UnavailableScriptEntity
from hub.script.validation import ValidatedItem
from hub.services import ServiceCall, ServiceResponse, SupportsResponse
from hub.websocket.commands import ERR_NOT_FOUND, register_command, websocket_command

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection

_LOGGER = logging.getLogger(__name__)

__all__ = ["DOMAIN", "Scripts", "async_setup", "validate_config_block"]


def _any_data(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise vol.Invalid("expected a mapping of script variables")
    return value


class Scripts:
    """The live scripts of one hub."""

    def __init__(self, hub: Hub, component: EntityComponent) -> None:
        self.hub = hub
        self.component = component
        self.entities: dict[str, BaseScriptEntity] = {}

    def get(self, entity_id: str) -> BaseScriptEntity | None:
        """A script entity by entity id."""
        entity = self.component.get_entity(entity_id)
        return entity if isinstance(entity, BaseScriptEntity) else None

    async def apply(self, config: dict[str, ValidatedItem]) -> None:
        """Make the live scripts match ``config``: unchanged ones keep running."""
        for object_id, live in list(self.entities.items()):
            item = config.get(object_id)
            if item is not None and _same(live.item, item):
                continue
            await self._remove(object_id, live)
        added = []
        for object_id, item in config.items():
            if object_id in self.entities:
                continue
            entity: BaseScriptEntity
            if item.valid:
                entity = ScriptEntity(self.hub, object_id, item)
            else:
                _LOGGER.error("Disabled (invalid configuration): %s", item.error_text)
                entity = UnavailableScriptEntity(object_id, item)
            self.entities[object_id] = entity
            added.append(entity)
            if isinstance(entity, ScriptEntity):
                self._register_service(object_id, entity)
        await add_entities(self.hub, DOMAIN, added)

    async def _remove(self, object_id: str, entity: BaseScriptEntity) -> None:
        del self.entities[object_id]
        self.hub.services.remove(DOMAIN, object_id)
        if entity.platform is not None and entity.entity_id is not None:
            await entity.platform.remove_entity(entity.entity_id)

    def _register_service(self, object_id: str, entity: ScriptEntity) -> None:
        async def handle(call: ServiceCall) -> ServiceResponse:
            response = await entity.run_script(call.data, call.context, wait=True)
            if call.return_response:
                return response if response is not None else {}
            return None

        self.hub.services.register(
            DOMAIN,
            object_id,
            handle,
            _any_data,
            supports_response=SupportsResponse.OPTIONAL,
            description={
                "name": entity.name if isinstance(entity.name, str) else object_id,
                "description": entity.description,
                "fields": entity.fields,
            },
        )

    async def reload(self, config: dict[str, ValidatedItem]) -> None:
        """``script.reload`` with the freshly validated block."""
        await self.apply(config)


def _same(old: ValidatedItem, new: ValidatedItem) -> bool:
    return (
        old.valid == new.valid
        and old.raw_config == new.raw_config
        and (old.blueprint_inputs == new.blueprint_inputs)
    )


SCRIPTS: Final = HubKey[Scripts]("scripts")


async def async_setup(hub: Hub, config: dict[str, ValidatedItem]) -> bool:
    """Set up the scripts of the ``script:`` block."""
    from hub.automation.websocket import register_commands  # noqa: PLC0415 - cycle
    from hub.loader.reload import register_reload_service  # noqa: PLC0415 - optional

    await hub.add_executor_job(populate, hub.config_dir, DOMAIN)
    component = EntityComponent(hub, DOMAIN)
    scripts = Scripts(hub, component)
    hub.data[SCRIPTS] = scripts
    component.register_entity_service(
        "turn_on", {vol.Optional(ATTR_VARIABLES): dict}, "async_turn_on"
    )
    component.register_entity_service("turn_off", None, "async_turn_off")
    component.register_entity_service("toggle", None, "async_toggle")
    register_reload_service(hub, DOMAIN, scripts.reload)
    register_command(hub, handle_script_config)
    register_commands(hub)
    await scripts.apply(config or {})
    return True


@websocket_command({vol.Required("type"): "script/config", vol.Required("entity_id"): str})
def handle_script_config(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The configuration of one script, as written."""
    scripts = hub.data.get(SCRIPTS)
    entity = scripts.get(msg["entity_id"]) if scripts is not None else None
    if entity is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Entity not found")
        return
    connection.send_result(msg["id"], {"config": entity.raw_config})
