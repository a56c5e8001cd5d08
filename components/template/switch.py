"""Template switches: ``template: - switch:`` with ``state``, ``turn_on`` and
``turn_off``, and the legacy ``switch: - platform: template`` with ``switches:``.
Without a ``state`` template (or with ``optimistic: true``) the switch assumes the state
its last command asked for."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from components.template.actions import TemplateAction
from components.template.schemas import (
    CONF_OPTIMISTIC,
    CONF_STATE,
    CONF_SWITCHES,
    CONF_TURN_OFF,
    CONF_TURN_ON,
    SWITCH_PLATFORM_SCHEMA,
    legacy_to_modern,
)
from components.template.template_entity import TemplateEntity
from hub.const import STATE_ON
from hub.domains.switch import SwitchEntity
from hub.exceptions import TemplateError

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.loader.platforms import AddEntities

_LOGGER = logging.getLogger(__name__)

PLATFORM_SCHEMA: Final = SWITCH_PLATFORM_SCHEMA


class TemplateSwitch(TemplateEntity, SwitchEntity):
    """A switch whose state is a template and whose commands are actions."""

    def __init__(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        self.init_templates(hub, config, unique_id_prefix)
        state = config.get(CONF_STATE)
        self._optimistic = bool(config.get(CONF_OPTIMISTIC, state is None))
        self._attr_assumed_state = self._optimistic
        name = f"{self._attr_name or 'template switch'}"
        self._on = _action(hub, config.get(CONF_TURN_ON), f"{name} turn_on")
        self._off = _action(hub, config.get(CONF_TURN_OFF), f"{name} turn_off")
        if state is not None:
            self.add_template(state, self._update_state, "state")

    async def async_added_to_hub(self) -> None:
        self.start_templates_when_running()

    def _update_state(self, result: Any) -> None:
        if isinstance(result, TemplateError):
            self._attr_is_on = None
        elif isinstance(result, bool):
            self._attr_is_on = result
        elif isinstance(result, str):
            self._attr_is_on = result.lower() in ("true", STATE_ON)
        else:
            self._attr_is_on = False

    async def async_turn_on(self, **kwargs: Any) -> None:
        await self._command(self._on, True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        await self._command(self._off, False)

    async def _command(self, action: TemplateAction | None, is_on: bool) -> None:
        if action is not None:
            await action.run(self.template_variables(), self._context)
        if self._optimistic:
            self._attr_is_on = is_on
            self.write_state()


def _action(hub: Hub, sequence: Any, name: str) -> TemplateAction | None:
    return TemplateAction(hub, sequence, name) if sequence else None


async def async_setup_platform(
    hub: Hub, config: Mapping[str, Any], add_entities: AddEntities
) -> None:
    """The legacy form: one switch per ``switches:`` key (its object id)."""
    switches = [
        TemplateSwitch(hub, legacy_to_modern(object_id, item))
        for object_id, item in config[CONF_SWITCHES].items()
    ]
    await add_entities(switches, False)
