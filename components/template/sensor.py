"""Template sensors: ``template: - sensor:`` and the legacy ``sensor: - platform:
template`` with ``sensors:`` / ``value_template``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from components.template.schemas import (
    CONF_DEVICE_CLASS,
    CONF_LAST_RESET,
    CONF_SENSORS,
    CONF_STATE,
    CONF_STATE_CLASS,
    CONF_UNIT,
    SENSOR_PLATFORM_SCHEMA,
    legacy_to_modern,
)
from components.template.template_entity import TemplateEntity
from hub.domains.sensor import SensorEntity
from hub.exceptions import TemplateError
from hub.template.times import parse_datetime
from hub.units import SensorDeviceClass

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.loader.platforms import AddEntities

_LOGGER = logging.getLogger(__name__)

PLATFORM_SCHEMA: Final = SENSOR_PLATFORM_SCHEMA


class TemplateSensor(TemplateEntity, SensorEntity):
    """A sensor whose value is a template."""

    def __init__(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        self.init_templates(hub, config, unique_id_prefix)
        self._attr_native_unit_of_measurement = config.get(CONF_UNIT)
        self._attr_device_class = config.get(CONF_DEVICE_CLASS)
        self._attr_state_class = config.get(CONF_STATE_CLASS)
        self.add_template(config[CONF_STATE], self._update_state, "state")
        if (last_reset := config.get(CONF_LAST_RESET)) is not None:
            self.add_template(last_reset, self._update_last_reset, "last_reset")

    async def async_added_to_hub(self) -> None:
        self.start_templates_when_running()

    def _update_state(self, result: Any) -> None:
        if isinstance(result, TemplateError) or result is None:
            self._attr_native_value = None
            return
        device_class = self.device_class
        if device_class == SensorDeviceClass.TIMESTAMP:
            self._attr_native_value = self._parse_datetime(result, require_zone=True)
        elif device_class == SensorDeviceClass.DATE:
            parsed = self._parse_datetime(result, require_zone=False)
            self._attr_native_value = parsed.date() if parsed is not None else None
        else:
            self._attr_native_value = result

    def _parse_datetime(self, value: Any, require_zone: bool) -> datetime | None:
        if isinstance(value, datetime):
            parsed: datetime | None = value
        elif isinstance(value, date):
            parsed = datetime(value.year, value.month, value.day)
        else:
            parsed = parse_datetime(str(value))
        if parsed is None or (require_zone and parsed.tzinfo is None):
            _LOGGER.warning(
                "%s rendered an invalid %s: %r", self.entity_id, self.device_class, value
            )
            return None
        return parsed

    def _update_last_reset(self, result: Any) -> None:
        if isinstance(result, TemplateError) or result is None:
            self._attr_last_reset = None
            return
        self._attr_last_reset = self._parse_datetime(result, require_zone=True)


async def async_setup_platform(
    hub: Hub, config: Mapping[str, Any], add_entities: AddEntities
) -> None:
    """The legacy form: one sensor per ``sensors:`` key (its object id)."""
    sensors = [
        TemplateSensor(hub, legacy_to_modern(object_id, item))
        for object_id, item in config[CONF_SENSORS].items()
    ]
    await add_entities(sensors, False)
