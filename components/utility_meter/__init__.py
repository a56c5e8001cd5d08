"""``utility_meter``: consumption per cycle (quarter-hour .. year), optionally per tariff.

YAML as in Home Assistant::

    utility_meter:
      daily_energy:
        source: sensor.grid_import      # a growing total (kWh...)
        name: Daily energy              # default: the meter id
        unique_id: daily_energy         # optional: puts its entities in the registry
        cycle: daily                    # quarter-hourly, hourly, daily, weekly, monthly,
                                        # bimonthly, quarterly, yearly; none: never resets
        offset: {hours: 6}              # shift the reset inside the cycle
        delta_values: false             # the source reports increments, not a total
        net_consumption: false          # count drops (negative consumption)
        periodically_resetting: true    # the source itself may reset to zero
        always_available: false         # stay available while the source is not
        tariffs: [peak, offpeak]        # one sensor per tariff and select.<meter>

Entities: ``sensor.<name>`` (or ``sensor.<name>_<tariff>`` per tariff), state class
``total_increasing`` (``total`` with ``net_consumption``), unit and device class from the
source; attributes ``source``, ``status`` (``collecting`` / ``paused``), ``last_period``,
``last_valid_state``, ``meter_period``, ``tariff``, ``last_reset``, ``next_reset``. With
tariffs, ``select.<name>`` picks the tariff that counts (``select.select_option``).
Cycles follow the hub's time zone (DST-correct; see ``cycles``). Counts survive restarts.

Services: ``utility_meter.reset`` (target the select to reset all tariffs of a meter, or
a meter's sensor), ``utility_meter.calibrate`` (``value``; target a sensor) and
``utility_meter.reload``. A ``cron`` pattern is not supported: use ``cycle`` and
``offset``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from components.utility_meter.cycles import CYCLES, MAX_OFFSET
from components.utility_meter.entities import Meter, MeterConfig
from hub.config.time_periods import time_period
from hub.config.validators import boolean, ensure_list, entity_id, slug, string
from hub.entity.platform import add_entities
from hub.entity.service_schema import entity_service_schema
from hub.entity.target import select_entities
from hub.loader.reload import register_reload_service
from hub.services import ServiceCall

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "utility_meter"


def _offset_fits_cycle(config: dict[str, Any]) -> dict[str, Any]:
    if "cron" in config:
        raise vol.Invalid("cron patterns are not supported; use cycle (and offset)", path=["cron"])
    if "meter_type" in config:  # Home Assistant's old name
        config.setdefault("cycle", config.pop("meter_type"))
    cycle, offset = config.get("cycle"), config["offset"]
    if offset < timedelta(0):
        raise vol.Invalid("offset must not be negative", path=["offset"])
    if cycle is not None and offset >= MAX_OFFSET[cycle] and offset != timedelta(0):
        raise vol.Invalid(
            f"offset must be shorter than {MAX_OFFSET[cycle]} for a {cycle} cycle",
            path=["offset"],
        )
    return config


def _tariffs(value: Any) -> list[str]:
    tariffs = [string(item) for item in ensure_list(value)]
    if len(set(tariffs)) != len(tariffs):
        raise vol.Invalid("tariffs must be unique")
    return tariffs


METER_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            vol.Required("source"): entity_id,
            vol.Optional("name"): string,
            vol.Optional("unique_id"): string,
            vol.Optional("cycle"): vol.In(CYCLES),
            vol.Optional("meter_type"): vol.In(CYCLES),
            vol.Optional("cron"): string,
            vol.Optional("offset", default=timedelta(0)): time_period,
            vol.Optional("delta_values", default=False): boolean,
            vol.Optional("net_consumption", default=False): boolean,
            vol.Optional("periodically_resetting", default=True): boolean,
            vol.Optional("tariffs", default=[]): _tariffs,
            vol.Optional("always_available", default=False): boolean,
        }
    ),
    _offset_fits_cycle,
)
CONFIG_SCHEMA: Final = vol.Schema({slug: METER_SCHEMA})


def _meter_config(meter_id: str, item: dict[str, Any]) -> MeterConfig:
    return MeterConfig(
        meter_id=meter_id,
        source=item["source"],
        name=str(item.get("name") or meter_id),
        unique_id=item.get("unique_id"),
        cycle=item.get("cycle"),
        offset=item["offset"],
        delta_values=item["delta_values"],
        net_consumption=item["net_consumption"],
        periodically_resetting=item["periodically_resetting"],
        tariffs=[str(tariff) for tariff in item["tariffs"]],
        always_available=item["always_available"],
    )


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise vol.Invalid("expected a number") from None
    if not number.is_finite():
        raise vol.Invalid("expected a finite number")
    return number


class UtilityMeters:
    """Every configured meter, for the services and the reload."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.meters: list[Meter] = []

    async def load(self, config: dict[str, Any]) -> None:
        """(Re)create the meters; counts come back through state restoration."""
        for meter in self.meters:
            for entity in reversed(meter.entities):
                if entity.platform is not None and entity.entity_id is not None:
                    await entity.platform.remove_entity(entity.entity_id)
        self.meters = [Meter(_meter_config(key, dict(item))) for key, item in config.items()]
        entities = [entity for meter in self.meters for entity in meter.entities]
        if entities:
            await add_entities(self.hub, DOMAIN, entities)

    def targeted(self, call: ServiceCall) -> list[tuple[Meter, str]]:
        """(meter, entity id) for each entity of a meter the call targets."""
        selected = select_entities(self.hub, call.data)
        wanted = selected.all_ids
        return [
            (meter, entity_id)
            for meter in self.meters
            for entity_id in sorted(meter.entity_ids())
            if entity_id in wanted
        ]

    def reset(self, call: ServiceCall) -> None:
        """``utility_meter.reset``: the select resets every tariff; a sensor itself."""
        for meter, target in self.targeted(call):
            whole_meter = meter.select is not None and target == meter.select.entity_id
            for sensor in meter.sensors:
                if whole_meter or sensor.entity_id == target:
                    sensor.reset()

    def calibrate(self, call: ServiceCall) -> None:
        """``utility_meter.calibrate``: set a sensor's count."""
        for meter, target in self.targeted(call):
            for sensor in meter.sensors:
                if sensor.entity_id == target:
                    sensor.calibrate(call.data["value"])


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the meters and the services."""
    meters = UtilityMeters(hub)
    hub.services.register(DOMAIN, "reset", meters.reset, entity_service_schema())
    hub.services.register(
        DOMAIN,
        "calibrate",
        meters.calibrate,
        entity_service_schema({vol.Required("value"): _decimal}),
    )
    await meters.load(config)
    register_reload_service(hub, DOMAIN, meters.load)
    return True
