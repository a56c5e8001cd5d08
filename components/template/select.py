"""Template selects: ``template: - select:`` with ``state``, an ``options`` template
and a ``select_option`` action (``option`` holds the chosen option)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from components.template.actions import TemplateAction
from components.template.schemas import (
    CONF_OPTIMISTIC,
    CONF_OPTIONS,
    CONF_SELECT_OPTION,
    CONF_STATE,
)
from components.template.template_entity import TemplateEntity
from hub.domains.select import SelectEntity
from hub.exceptions import TemplateError

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.loader.platforms import AddEntities

_LOGGER = logging.getLogger(__name__)


class TemplateSelect(TemplateEntity, SelectEntity):
    """A select whose option and options are templates."""

    def __init__(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        self.init_templates(hub, config, unique_id_prefix)
        self._attr_options = []
        self._optimistic = bool(config.get(CONF_OPTIMISTIC, False))
        self._select = TemplateAction(
            hub, config[CONF_SELECT_OPTION], f"{self._attr_name or 'template select'} select"
        )
        self.add_template(config[CONF_OPTIONS], self._update_options, "options")
        self.add_template(config[CONF_STATE], self._update_option, "state")

    async def async_added_to_hub(self) -> None:
        self.start_templates_when_running()

    def _update_option(self, result: Any) -> None:
        if isinstance(result, TemplateError) or result is None:
            self._attr_current_option = None
        else:
            self._attr_current_option = str(result)

    def _update_options(self, result: Any) -> None:
        if isinstance(result, TemplateError):
            self._attr_options = []
        elif isinstance(result, list | tuple | set):
            self._attr_options = [str(option) for option in result]
        else:
            self._attr_options = [str(result)]

    async def async_select_option(self, option: str) -> None:
        if self._optimistic:
            self._attr_current_option = option
            self.write_state()
        await self._select.run({**self.template_variables(), "option": option}, self._context)


async def async_setup_platform(
    hub: Hub, config: Mapping[str, Any], add_entities: AddEntities
) -> None:
    """Template selects exist only under ``template:`` (as in HA)."""
    _LOGGER.warning("Template select entities can only be configured under template:")
