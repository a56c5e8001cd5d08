"""The utility meter's entities: one sensor per tariff (or one without tariffs) and the
tariff select. The counting rules live in ``readings``, the reset times in ``cycles``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final

from components.utility_meter.cycles import next_reset
from components.utility_meter.readings import adjustment, counts, parse_reading
from hub.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE
from hub.domains.select import SelectEntity
from hub.domains.sensor import SensorEntity
from hub.entity.restore_state import RestoredExtraData, RestoreEntity
from hub.timestamps import parse_datetime
from hub.tracking import track_point_in_time, track_state_change
from hub.units import SensorDeviceClass, SensorStateClass

if TYPE_CHECKING:
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

COLLECTING: Final = "collecting"
PAUSED: Final = "paused"
# Device classes a meter takes over from its source.
PASSED_ON_DEVICE_CLASSES: Final = frozenset(
    {SensorDeviceClass.ENERGY, SensorDeviceClass.GAS, SensorDeviceClass.WATER}
)


@dataclass(slots=True)
class MeterConfig:
    """One validated ``utility_meter:`` entry."""

    meter_id: str
    source: str
    name: str
    unique_id: str | None
    cycle: str | None
    offset: timedelta
    delta_values: bool
    net_consumption: bool
    periodically_resetting: bool
    tariffs: list[str]
    always_available: bool


class Meter:
    """One configured meter: its sensors and, with tariffs, its select."""

    def __init__(self, config: MeterConfig) -> None:
        self.config = config
        self.select = TariffSelect(self) if config.tariffs else None
        tariffs: list[str | None] = list(config.tariffs) or [None]
        self.sensors = [UtilityMeterSensor(self, tariff) for tariff in tariffs]

    @property
    def entities(self) -> list[Any]:
        """The select first (sensors read its state when they are added)."""
        return [*([self.select] if self.select is not None else []), *self.sensors]

    def entity_ids(self) -> set[str]:
        """Ids of every live entity of this meter."""
        return {entity.entity_id for entity in self.entities if entity.entity_id}


class TariffSelect(RestoreEntity, SelectEntity):
    """``select.<meter>``: which tariff is counting now."""

    _attr_should_poll = False

    def __init__(self, meter: Meter) -> None:
        config = meter.config
        self._attr_name = config.name
        self._attr_unique_id = config.unique_id
        self._attr_icon = "mdi:clock-outline"
        self._attr_options = list(config.tariffs)
        self._attr_current_option = config.tariffs[0]

    async def async_added_to_hub(self) -> None:
        last = await self.async_get_last_state()
        if last is not None and last.state in self.options:
            self._attr_current_option = last.state

    async def async_select_option(self, option: str) -> None:
        self._attr_current_option = option
        self.write_state()


class UtilityMeterSensor(RestoreEntity, SensorEntity):
    """The consumption of one meter (and tariff) in the current cycle."""

    _attr_should_poll = False
    _attr_native_value: Decimal | None = None

    def __init__(self, meter: Meter, tariff: str | None) -> None:
        self._meter = meter
        config = meter.config
        self._tariff = tariff
        self._attr_name = f"{config.name} {tariff}" if tariff else config.name
        if config.unique_id is not None:
            self._attr_unique_id = f"{config.unique_id}_{tariff}" if tariff else config.unique_id
        self._attr_icon = "mdi:counter"
        self._attr_state_class = (
            SensorStateClass.TOTAL if config.net_consumption else SensorStateClass.TOTAL_INCREASING
        )
        self._last_period = Decimal(0)
        self._last_valid: Decimal | None = None
        self._last_reset: datetime | None = None
        self._next_reset: datetime | None = None
        self._collecting: Callable[[], None] | None = None
        self._cancel_tariff: Callable[[], None] | None = None
        self._cancel_reset: Callable[[], None] | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def async_added_to_hub(self) -> None:
        self._last_reset = self.hub.clock.utcnow()
        await self._restore()
        config = self._meter.config
        select = self._meter.select
        if select is not None and select.entity_id is not None:
            self._cancel_tariff = track_state_change(
                self.hub, select.entity_id, self._tariff_changed
            )
            current = self.hub.states.get(select.entity_id)
            self._set_collecting(current is not None and current.state == self._tariff)
        else:
            self._set_collecting(True)
        if config.cycle is not None:
            self._catch_up_missed_reset()
            self._schedule_reset()

    async def async_will_remove_from_hub(self) -> None:
        self._set_collecting(False)
        for cancel in (self._cancel_tariff, self._cancel_reset):
            if cancel is not None:
                cancel()
        self._cancel_tariff = self._cancel_reset = None

    async def _restore(self) -> None:
        extra = await self.async_get_last_extra_data()
        if extra is None:
            return
        data = extra.as_dict()
        try:
            value = data.get("native_value")
            self._attr_native_value = Decimal(str(value)) if value is not None else None
            self._attr_native_unit_of_measurement = data.get("native_unit_of_measurement")
            self._last_period = Decimal(str(data.get("last_period") or 0))
            last_valid = data.get("last_valid_state")
            self._last_valid = Decimal(str(last_valid)) if last_valid is not None else None
            device_class = data.get("input_device_class")
            self._set_device_class(device_class)
            if (last_reset := data.get("last_reset")) is not None:
                self._last_reset = parse_datetime(str(last_reset)) or self._last_reset
        except (InvalidOperation, ValueError):
            _LOGGER.warning("%s: stored meter data does not read: %s", self.entity_id, data)

    @property
    def extra_restore_state_data(self) -> RestoredExtraData:
        value = self._attr_native_value
        return RestoredExtraData(
            {
                "native_value": str(value) if value is not None else None,
                "native_unit_of_measurement": self._attr_native_unit_of_measurement,
                "last_period": str(self._last_period),
                "last_reset": self._last_reset.isoformat() if self._last_reset else None,
                "last_valid_state": str(self._last_valid) if self._last_valid is not None else None,
                "status": COLLECTING if self._collecting is not None else PAUSED,
                "input_device_class": self._attr_device_class,
            }
        )

    def _set_device_class(self, device_class: Any) -> None:
        try:
            parsed = SensorDeviceClass(device_class) if device_class else None
        except ValueError:
            parsed = None
        self._attr_device_class = parsed if parsed in PASSED_ON_DEVICE_CLASSES else None

    # -- collecting --------------------------------------------------------------------

    def _set_collecting(self, collecting: bool) -> None:
        if collecting and self._collecting is None:
            self._collecting = track_state_change(
                self.hub, self._meter.config.source, self._source_changed
            )
        elif not collecting and self._collecting is not None:
            self._collecting()
            self._collecting = None

    def _tariff_changed(self, event: Event) -> None:
        new_state = event.data["new_state"]
        if new_state is None:
            return
        self._set_collecting(new_state.state == self._tariff)
        # Which tariff the change across the switch belongs to cannot be known: start
        # from the next reading (HA does the same).
        self._last_valid = None
        self.write_state()

    def _source_changed(self, event: Event) -> None:
        config = self._meter.config
        new_state = event.data["new_state"]
        if new_state is None or new_state.state == STATE_UNAVAILABLE:
            if not config.always_available:
                self._attr_available = False
                self.write_state()
            return
        self._attr_available = True
        new_value = parse_reading(new_state.state)
        if new_value is None:
            _LOGGER.debug("%s: ignoring reading %r", self.entity_id, new_state.state)
            return
        if self._attr_native_value is None:
            self._start(new_state.attributes)
        old_state = event.data["old_state"]
        change = adjustment(
            old_state.state if old_state is not None else None,
            new_value,
            self._last_valid,
            delta_values=config.delta_values,
            periodically_resetting=config.periodically_resetting,
        )
        if change is not None and counts(change, config.net_consumption):
            self._attr_native_value = (self._attr_native_value or Decimal(0)) + change
        self._set_device_class(new_state.attributes.get(ATTR_DEVICE_CLASS))
        self._attr_native_unit_of_measurement = new_state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
        self._last_valid = new_value
        self.write_state()

    def _start(self, attributes: Any) -> None:
        """The first valid reading: every tariff sensor of the meter starts at zero."""
        for sensor in self._meter.sensors:
            if sensor._attr_native_value is None:
                sensor._attr_native_value = Decimal(0)
                sensor._attr_native_unit_of_measurement = attributes.get(ATTR_UNIT_OF_MEASUREMENT)
                if sensor is not self and sensor.added:
                    sensor.write_state()

    # -- resets and calibration --------------------------------------------------------

    def _catch_up_missed_reset(self) -> None:
        """A cycle boundary passed while the hub was down: reset now."""
        config = self._meter.config
        if self._last_reset is None or config.cycle is None:
            return
        due = next_reset(config.cycle, config.offset, self._last_reset, self.hub.clock.time_zone)
        if due <= self.hub.clock.utcnow():
            self.reset(write=False)

    def _schedule_reset(self) -> None:
        config = self._meter.config
        assert config.cycle is not None
        self._next_reset = next_reset(
            config.cycle, config.offset, self.hub.clock.utcnow(), self.hub.clock.time_zone
        )
        self._cancel_reset = track_point_in_time(
            self.hub, self._cycle_ended, self._next_reset, "meter reset"
        )

    def _cycle_ended(self, _now: datetime) -> None:
        self._schedule_reset()
        self.reset()

    def reset(self, write: bool = True) -> None:
        """Start a new period: the count moves to ``last_period`` and starts at zero."""
        self._last_period = self._attr_native_value or Decimal(0)
        self._attr_native_value = Decimal(0)
        self._last_reset = self.hub.clock.utcnow()
        if write:
            self.write_state()

    def calibrate(self, value: Decimal) -> None:
        """Set the count (after fixing a wrong reading)."""
        self._attr_native_value = value
        self.write_state()

    # -- state -------------------------------------------------------------------------

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        config = self._meter.config
        attributes: dict[str, Any] = {
            "source": config.source,
            "status": COLLECTING if self._collecting is not None else PAUSED,
            "last_period": str(self._last_period),
            "last_valid_state": str(self._last_valid),
        }
        if config.cycle is not None:
            attributes["meter_period"] = config.cycle
        if self._tariff is not None:
            attributes["tariff"] = self._tariff
        if self._last_reset is not None:
            attributes["last_reset"] = self._last_reset.isoformat()
        if self._next_reset is not None:
            attributes["next_reset"] = self._next_reset.isoformat()
        return attributes
