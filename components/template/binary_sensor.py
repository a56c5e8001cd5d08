"""Template binary sensors: ``template: - binary_sensor:`` and the legacy
``binary_sensor: - platform: template``. ``delay_on`` / ``delay_off`` hold a change back
until the template has kept its new value that long (hub clock)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from components.template.schemas import (
    BINARY_SENSOR_PLATFORM_SCHEMA,
    CONF_AUTO_OFF,
    CONF_DELAY_OFF,
    CONF_DELAY_ON,
    CONF_DEVICE_CLASS,
    CONF_SENSORS,
    CONF_STATE,
    legacy_to_modern,
)
from components.template.template_entity import TemplateEntity
from hub.config.time_periods import positive_time_period
from hub.const import STATE_OFF, STATE_ON
from hub.domains.binary_sensor import BinarySensorEntity
from hub.entity.restore_state import RestoreEntity
from hub.exceptions import TemplateError
from hub.template import Template, result_as_boolean
from hub.tracking import call_later

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.loader.platforms import AddEntities

_LOGGER = logging.getLogger(__name__)

PLATFORM_SCHEMA: Final = BINARY_SENSOR_PLATFORM_SCHEMA

Delay = timedelta | Template | None


class TemplateBinarySensor(TemplateEntity, BinarySensorEntity, RestoreEntity):
    """A binary sensor whose value is a template. With a delay it starts from the state
    it had before a restart (as HA does), so a restart does not wait out the delay."""

    _cancel_delay: Callable[[], None] | None = None

    def __init__(
        self, hub: Hub, config: Mapping[str, Any], unique_id_prefix: str | None = None
    ) -> None:
        self.init_templates(hub, config, unique_id_prefix)
        self._attr_device_class = config.get(CONF_DEVICE_CLASS)
        self._delay_on: Delay = config.get(CONF_DELAY_ON)
        self._delay_off: Delay = config.get(CONF_DELAY_OFF)
        self._auto_off: Delay = config.get(CONF_AUTO_OFF)
        self._cancel_auto_off: Callable[[], None] | None = None
        self.add_template(config[CONF_STATE], self._update_state, "state")

    async def async_added_to_hub(self) -> None:
        self.async_on_remove(self._cancel_pending)
        if self._delay_on is not None or self._delay_off is not None:
            last = await self.async_get_last_state()
            if last is not None and last.state in (STATE_ON, STATE_OFF):
                self._attr_is_on = last.state == STATE_ON
        self.start_templates_when_running()

    def _cancel_pending(self) -> None:
        if self._cancel_delay is not None:
            self._cancel_delay()
            self._cancel_delay = None
        if self._cancel_auto_off is not None:
            self._cancel_auto_off()
            self._cancel_auto_off = None

    def after_template_updates(self) -> None:
        """Trigger-based: ``auto_off`` turns the sensor off again after a while."""
        if not self.trigger_based or self._auto_off is None or not self._attr_is_on:
            return
        delay = self._delay(self._auto_off)
        if delay is None:
            return
        if self._cancel_auto_off is not None:
            self._cancel_auto_off()

        def off(_now: Any) -> None:
            self._cancel_auto_off = None
            self._attr_is_on = False
            if self.added:
                self.write_state()

        self._cancel_auto_off = call_later(self.hub, delay, off, f"{self.entity_id} auto_off")

    def _update_state(self, result: Any) -> None:
        if self._cancel_delay is not None:
            self._cancel_delay()
            self._cancel_delay = None
        state = None if isinstance(result, TemplateError) else result_as_boolean(result)
        if state == self._attr_is_on:
            return
        delay = self._delay(self._delay_on if state else self._delay_off)
        if delay is None or state is None:
            self._attr_is_on = state
            return

        def apply(_now: Any) -> None:
            self._cancel_delay = None
            self._attr_is_on = state
            if self.added:
                self.write_state()

        self._cancel_delay = call_later(self.hub, delay, apply, f"{self.entity_id} delay")

    def _delay(self, delay: Delay) -> timedelta | None:
        if delay is None or isinstance(delay, timedelta):
            return delay or None
        try:
            return positive_time_period(delay.render(self.template_variables()))
        except (TemplateError, vol.Invalid) as err:
            _LOGGER.error("%s: invalid delay template: %s", self.entity_id, err)
            return None


async def async_setup_platform(
    hub: Hub, config: Mapping[str, Any], add_entities: AddEntities
) -> None:
    """The legacy form: one binary sensor per ``sensors:`` key (its object id)."""
    sensors = [
        TemplateBinarySensor(hub, legacy_to_modern(object_id, item))
        for object_id, item in config[CONF_SENSORS].items()
    ]
    await add_entities(sensors, False)
