"""Template numbers: ``template: - number:`` with ``state``, ``min``/``max``/``step``
templates and a ``set_value`` action (``value`` holds the new number)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from components.template.actions import TemplateAction
from components.template.schemas import (
    CONF_MAX,
    CONF_MIN,
    CONF_OPTIMISTIC,
    CONF_SET_VALUE,
    CONF_STATE,
    CONF_STEP,
    CONF_UNIT,
)
from components.template.template_entity import TemplateEntity
from hub.domains.number import NumberEntity
from hub.exceptions import TemplateError
from hub.template import Template

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.loader.platforms import AddEntities

_LOGGER = logging.getLogger(__name__)


class TemplateNumber(TemplateEntity, NumberEntity):
    """A number whose value and range are templates."""

    def __init__(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        self.init_templates(hub, config, unique_id_prefix)
        self._optimistic = bool(config.get(CONF_OPTIMISTIC, False))
        self._attr_native_unit_of_measurement = config.get(CONF_UNIT)
        self._set_value = TemplateAction(
            hub, config[CONF_SET_VALUE], f"{self._attr_name or 'template number'} set_value"
        )
        self.add_template(config[CONF_STATE], self._update_value, "state")
        for key, attribute in (
            (CONF_MIN, "_attr_native_min_value"),
            (CONF_MAX, "_attr_native_max_value"),
            (CONF_STEP, "_attr_native_step"),
        ):
            value = config.get(key)
            if isinstance(value, Template) and not value.is_static:
                self.add_template(value, self._float_setter(attribute), key)
            elif value is not None:
                setattr(
                    self, attribute, float(value.render() if isinstance(value, Template) else value)
                )

    async def async_added_to_hub(self) -> None:
        self.start_templates_when_running()

    def _update_value(self, result: Any) -> None:
        self._attr_native_value = _as_float(result)

    def _float_setter(self, attribute: str) -> Callable[[Any], None]:
        def apply(result: Any) -> None:
            value = _as_float(result)
            if value is not None:
                setattr(self, attribute, value)

        return apply

    async def async_set_native_value(self, value: float) -> None:
        if self._optimistic:
            self._attr_native_value = value
            self.write_state()
        await self._set_value.run({**self.template_variables(), "value": value}, self._context)


def _as_float(result: Any) -> float | None:
    if isinstance(result, TemplateError) or result is None:
        return None
    try:
        return float(result)
    except (TypeError, ValueError):
        _LOGGER.warning("A template number rendered %r, which is not a number", result)
        return None


async def async_setup_platform(
    hub: Hub, config: Mapping[str, Any], add_entities: AddEntities
) -> None:
    """Template numbers exist only under ``template:`` (as in HA)."""
    _LOGGER.warning("Template number entities can only be configured under template:")
