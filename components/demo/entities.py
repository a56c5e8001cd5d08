"""The demo home's entities: thin views of ``HomeSnapshot`` values plus commands.

Each entity reads its value from the latest snapshot and writes a state only when the
shown value changed, so a 5-second tick costs a handful of comparisons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components.demo.household import HomeSnapshot
from components.demo.simulation import DemoSimulation
from components.demo.water_tank import OperationMode
from hub.const import STATE_OFF
from hub.domains.binary_sensor import BinarySensorDeviceClass, BinarySensorEntity
from hub.domains.sensor import SensorEntity
from hub.domains.switch import SwitchDeviceClass, SwitchEntity
from hub.domains.water_heater import (
    STATE_ECO,
    STATE_ELECTRIC,
    STATE_PERFORMANCE,
    WaterHeaterEntity,
    WaterHeaterEntityFeature,
)
from hub.entity.entity import Entity
from hub.registry.device_registry import DeviceInfo
from hub.units import (
    SensorDeviceClass,
    SensorStateClass,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfVolume,
)

DOMAIN = "demo"
MANUFACTURER = "Watthub demo"


def device(key: str, name: str, model: str, area: str | None = None) -> DeviceInfo:
    """Device info of one simulated device."""
    info = DeviceInfo(
        identifiers={(DOMAIN, key)}, name=name, manufacturer=MANUFACTURER, model=model
    )
    if area is not None:
        info["suggested_area"] = area
    return info


def water_heater_device(volume_l: float) -> DeviceInfo:
    """The water heater; its model names the configured ``tank_volume``."""
    model = f"{volume_l:g} L electric storage water heater"
    return device("water_heater", "Water heater", model, "Utility room")


def solar_device(peak_power_w: float) -> DeviceInfo:
    """The PV inverter; its model names the configured ``pv_peak_power``."""
    return device("solar", "Solar", f"{peak_power_w / 1000:g} kWp PV inverter", "Roof")


ELECTRICITY_METER = device(
    "electricity_meter", "Electricity meter", "Smart meter (import/export)", "Utility room"
)
WATER_METER = device("water_meter", "Water meter", "Cold water meter", "Utility room")
PLUG_NAMES = {"washing_machine": "Washing machine", "fridge": "Fridge", "media": "Media"}
PLUG_AREAS = {"washing_machine": "Utility room", "fridge": "Kitchen", "media": "Living room"}


class DemoEntity(Entity):
    """An entity fed by the simulation."""

    _attr_has_entity_name = True

    def __init__(self, sim: DemoSimulation, key: str, info: DeviceInfo, name: str | None) -> None:
        self._sim = sim
        self._attr_unique_id = key
        self._attr_device_info = info
        self._attr_name = name
        self._last_value: Any = object()

    def value(self, snapshot: HomeSnapshot) -> Any:
        """What the entity shows for this snapshot (compared to decide on a write)."""
        raise NotImplementedError

    def apply(self, value: Any) -> None:
        """Store ``value`` where the domain class reads it."""
        raise NotImplementedError

    async def async_added_to_hub(self) -> None:
        self._update(self._sim.snapshot, write=False)
        self.async_on_remove(self._sim.add_listener(self._update))

    def _update(self, snapshot: HomeSnapshot, write: bool = True) -> None:
        value = self.value(snapshot)
        if value == self._last_value:
            return
        self._last_value = value
        self.apply(value)
        if write:
            self.write_state()


class DemoSensor(DemoEntity, SensorEntity):
    """A numeric reading of the home."""

    def __init__(
        self,
        sim: DemoSimulation,
        key: str,
        info: DeviceInfo,
        name: str | None,
        read: Callable[[HomeSnapshot], float],
        unit: str,
        device_class: SensorDeviceClass,
        state_class: SensorStateClass,
        digits: int,
    ) -> None:
        super().__init__(sim, key, info, name)
        self._read = read
        self._digits = digits
        self._attr_native_unit_of_measurement = unit
        self._attr_device_class = device_class
        self._attr_state_class = state_class
        self._attr_suggested_display_precision = digits

    def value(self, snapshot: HomeSnapshot) -> float:
        return round(self._read(snapshot), self._digits)

    def apply(self, value: Any) -> None:
        self._attr_native_value = value


class DemoHeatingSensor(DemoEntity, BinarySensorEntity):
    """Whether the water heater's element is on."""

    _attr_device_class = BinarySensorDeviceClass.RUNNING

    def value(self, snapshot: HomeSnapshot) -> bool:
        return snapshot.water_heater.element_on

    def apply(self, value: Any) -> None:
        self._attr_is_on = value


class DemoPlugSwitch(DemoEntity, SwitchEntity):
    """The relay of a smart plug."""

    _attr_device_class = SwitchDeviceClass.OUTLET

    def __init__(self, sim: DemoSimulation, plug: str, info: DeviceInfo) -> None:
        super().__init__(sim, f"plug_{plug}", info, None)
        self._plug = plug

    def value(self, snapshot: HomeSnapshot) -> bool:
        return snapshot.plug(self._plug).on

    def apply(self, value: Any) -> None:
        self._attr_is_on = value

    async def async_turn_on(self, **kwargs: Any) -> None:
        self._sim.command(lambda home: home.set_plug(self._plug, True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        self._sim.command(lambda home: home.set_plug(self._plug, False))


# The tank's modes as water_heater operation modes (HA's names).
_MODES = {
    OperationMode.ECO: STATE_ECO,
    OperationMode.ELECTRIC: STATE_ELECTRIC,
    OperationMode.PERFORMANCE: STATE_PERFORMANCE,
    OperationMode.OFF: STATE_OFF,
}


class DemoWaterHeater(DemoEntity, WaterHeaterEntity):
    """The simulated storage water heater."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_operation_list = list(_MODES.values())
    _attr_supported_features = (
        WaterHeaterEntityFeature.TARGET_TEMPERATURE
        | WaterHeaterEntityFeature.OPERATION_MODE
        | WaterHeaterEntityFeature.ON_OFF
    )
    _attr_precision = 0.1

    def __init__(self, sim: DemoSimulation, info: DeviceInfo) -> None:
        super().__init__(sim, "water_heater", info, None)
        tank = sim.home.tank
        self._attr_min_temp = tank.spec.min_target_c
        self._attr_max_temp = tank.spec.max_target_c
        # turn_on restores this; a mode restored from storage counts as the last one set.
        mode = tank.operation_mode
        self._last_on_mode = OperationMode.ELECTRIC if mode is OperationMode.OFF else mode

    def value(self, snapshot: HomeSnapshot) -> tuple[float, float, str]:
        tank = snapshot.water_heater
        return (
            round(tank.temperature_c, 1),
            tank.target_temperature_c,
            _MODES[tank.operation_mode],
        )

    def apply(self, value: Any) -> None:
        (
            self._attr_current_temperature,
            self._attr_target_temperature,
            self._attr_current_operation,
        ) = value

    async def async_set_temperature(self, temperature: float) -> None:
        self._sim.command(lambda home: home.tank.set_target_temperature(temperature))

    async def async_set_operation_mode(self, operation_mode: str) -> None:
        mode = next(key for key, value in _MODES.items() if value == operation_mode)
        if mode is not OperationMode.OFF:
            self._last_on_mode = mode
        self._sim.command(lambda home: home.tank.set_operation_mode(mode))

    async def async_turn_on(self) -> None:
        mode = self._last_on_mode
        self._sim.command(lambda home: home.tank.set_operation_mode(mode))

    async def async_turn_off(self) -> None:
        current = self._sim.home.tank.operation_mode
        if current is not OperationMode.OFF:
            self._last_on_mode = current
        self._sim.command(lambda home: home.tank.set_operation_mode(OperationMode.OFF))


def build_entities(sim: DemoSimulation, pv_peak_w: float = 3000.0) -> list[Entity]:
    """Every entity of the demo home."""
    saved = sim.saved
    water_heater = water_heater_device(sim.home.tank.spec.volume_l)
    solar = solar_device(pv_peak_w)
    kwh, watt = UnitOfEnergy.KILO_WATT_HOUR, UnitOfPower.WATT
    energy = (SensorDeviceClass.ENERGY, SensorStateClass.TOTAL_INCREASING)
    power = (SensorDeviceClass.POWER, SensorStateClass.MEASUREMENT)
    entities: list[Entity] = [
        DemoWaterHeater(sim, water_heater),
        DemoHeatingSensor(sim, "water_heater_heating", water_heater, "Heating"),
        DemoSensor(
            sim,
            "water_heater_power",
            water_heater,
            "Power",
            lambda s: s.water_heater.element_power_w,
            watt,
            *power,
            0,
        ),
        DemoSensor(
            sim,
            "water_heater_energy",
            water_heater,
            "Energy",
            lambda s: saved.element_kwh + s.water_heater.element_meter_wh / 1000,
            kwh,
            *energy,
            3,
        ),
        DemoSensor(
            sim,
            "water_heater_tank_temperature",
            water_heater,
            "Tank temperature",
            lambda s: s.water_heater.temperature_c,
            UnitOfTemperature.CELSIUS,
            SensorDeviceClass.TEMPERATURE,
            SensorStateClass.MEASUREMENT,
            1,
        ),
        DemoSensor(
            sim, "grid_power", ELECTRICITY_METER, "Power", lambda s: s.grid_power_w, watt, *power, 0
        ),
        DemoSensor(
            sim,
            "grid_import",
            ELECTRICITY_METER,
            "Energy import",
            lambda s: saved.grid_import_kwh + s.grid_import_kwh,
            kwh,
            *energy,
            3,
        ),
        DemoSensor(
            sim,
            "grid_export",
            ELECTRICITY_METER,
            "Energy export",
            lambda s: saved.grid_export_kwh + s.grid_export_kwh,
            kwh,
            *energy,
            3,
        ),
        DemoSensor(
            sim,
            "water",
            WATER_METER,
            None,
            lambda s: saved.water_m3 + s.water_m3,
            UnitOfVolume.CUBIC_METERS,
            SensorDeviceClass.WATER,
            SensorStateClass.TOTAL_INCREASING,
            3,
        ),
        DemoSensor(sim, "solar_power", solar, "Power", lambda s: s.pv_power_w, watt, *power, 0),
        DemoSensor(
            sim,
            "solar_energy",
            solar,
            "Energy",
            lambda s: saved.pv_kwh + s.pv_energy_wh / 1000,
            kwh,
            *energy,
            3,
        ),
    ]
    for plug, name in PLUG_NAMES.items():
        info = device(f"plug_{plug}", name, "Metering smart plug", PLUG_AREAS[plug])
        entities.append(DemoPlugSwitch(sim, plug, info))
        entities.append(
            DemoSensor(sim, f"plug_{plug}_power", info, "Power", _plug_power(plug), watt, *power, 1)
        )
        entities.append(
            DemoSensor(
                sim,
                f"plug_{plug}_energy",
                info,
                "Energy",
                _plug_energy(plug, saved.plug_kwh.get(plug, 0.0)),
                kwh,
                *energy,
                3,
            )
        )
    return entities


def _plug_power(plug: str) -> Callable[[HomeSnapshot], float]:
    return lambda snapshot: snapshot.plug(plug).power_w


def _plug_energy(plug: str, offset_kwh: float) -> Callable[[HomeSnapshot], float]:
    return lambda snapshot: offset_kwh + snapshot.plug(plug).energy_wh / 1000
