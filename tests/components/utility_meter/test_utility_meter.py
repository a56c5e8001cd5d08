"""utility_meter: counting rules, cycles in local time (DST), tariffs, services, restore."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import voluptuous as vol

from components.utility_meter.cycles import next_reset
from hub.clock import ManualClock
from hub.core import Hub
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

ENERGY = {"unit_of_measurement": "kWh", "device_class": "energy"}
CORE = "homeassistant:\n  time_zone: Europe/Amsterdam\n"
AMS = ZoneInfo("Europe/Amsterdam")


def _meter(meter_id: str, **options: Any) -> str:
    lines = [f"  {meter_id}:", "    source: sensor.grid"]
    lines += [f"    {key}: {value}" for key, value in options.items()]
    return CORE + "utility_meter:\n" + "\n".join(lines) + "\n"


def _read(hub: Hub, value: str, attributes: dict[str, Any] | None = None) -> None:
    hub.states.set("sensor.grid", value, ENERGY if attributes is None else attributes)


def _state(hub: Hub, entity_id: str) -> Any:
    state = hub.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def test_counts_increases_and_ignores_drops(make_hub: HubFactory) -> None:
    hub = await make_hub(_meter("energy", cycle="daily"))
    assert _state(hub, "sensor.energy").state == "unknown"
    for value in ("100", "101.5", "103", "50", "52"):
        _read(hub, value)
    meter = _state(hub, "sensor.energy")
    assert meter.state == "5.0"  # 1.5 + 1.5, the drop to 50 ignored, + 2 (Decimal)
    assert dict(meter.attributes) == {
        "state_class": "total_increasing",
        "source": "sensor.grid",
        "status": "collecting",
        "last_period": "0",
        "last_valid_state": "52",
        "meter_period": "daily",
        "last_reset": "2026-01-15T12:00:00+00:00",
        "next_reset": "2026-01-15T23:00:00+00:00",
        "unit_of_measurement": "kWh",
        "device_class": "energy",
        "friendly_name": "energy",
        "icon": "mdi:counter",
    }
    _read(hub, "unknown")  # not a reading
    _read(hub, "53")  # after a gap: a new baseline
    assert _state(hub, "sensor.energy").state == "5.0"
    _read(hub, "54")
    assert _state(hub, "sensor.energy").state == "6.0"


async def test_daily_reset_at_local_midnight(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(_meter("energy", cycle="daily", name="Daily energy"))
    _read(hub, "10")
    _read(hub, "14")
    midnight = datetime(2026, 1, 16, tzinfo=AMS)  # 23:00 UTC
    await clock.advance_to(midnight - timedelta(seconds=1))
    assert _state(hub, "sensor.daily_energy").state == "4"
    await clock.advance_to(midnight)
    meter = _state(hub, "sensor.daily_energy")
    assert meter.state == "0"
    assert meter.attributes["last_period"] == "4"
    assert meter.attributes["last_reset"] == "2026-01-15T23:00:00+00:00"
    assert meter.attributes["next_reset"] == "2026-01-16T23:00:00+00:00"
    _read(hub, "15")
    assert _state(hub, "sensor.daily_energy").state == "1"


async def test_the_spring_forward_day_has_23_hours(
    make_hub: HubFactory, clock: ManualClock
) -> None:
    await clock.advance_to(datetime(2026, 3, 28, 12, tzinfo=UTC))
    hub = await make_hub(_meter("energy", cycle="daily"))
    assert _state(hub, "sensor.energy").attributes["next_reset"] == "2026-03-28T23:00:00+00:00"
    await clock.advance_to(datetime(2026, 3, 28, 23, tzinfo=UTC))
    after_first = _state(hub, "sensor.energy").attributes
    assert after_first["last_reset"] == "2026-03-28T23:00:00+00:00"
    assert after_first["next_reset"] == "2026-03-29T22:00:00+00:00"  # 00:00 CEST
    _read(hub, "1")
    _read(hub, "3")
    await clock.advance_to(datetime(2026, 3, 29, 22, tzinfo=UTC))
    meter = _state(hub, "sensor.energy")
    assert meter.state == "0"
    assert meter.attributes["last_period"] == "2"
    assert meter.attributes["last_reset"] == "2026-03-29T22:00:00+00:00"


def test_cycle_boundaries() -> None:
    after = datetime(2026, 1, 15, 12, 7, tzinfo=UTC)  # a Thursday, 13:07 local
    quarter = next_reset("quarter-hourly", timedelta(minutes=5), after, AMS)
    assert quarter == datetime(2026, 1, 15, 12, 20, tzinfo=UTC)
    assert next_reset("hourly", timedelta(0), after, AMS) == datetime(2026, 1, 15, 13, tzinfo=UTC)
    assert next_reset("weekly", timedelta(0), after, AMS) == datetime(2026, 1, 19, tzinfo=AMS)
    monthly = next_reset("monthly", timedelta(days=1, hours=6), after, AMS)
    assert monthly == datetime(2026, 2, 2, 6, tzinfo=AMS)
    assert next_reset("bimonthly", timedelta(0), after, AMS) == datetime(2026, 3, 1, tzinfo=AMS)
    assert next_reset("quarterly", timedelta(0), after, AMS) == datetime(2026, 4, 1, tzinfo=AMS)
    assert next_reset("yearly", timedelta(0), after, AMS) == datetime(2027, 1, 1, tzinfo=AMS)
    # Fall back (2026-10-25, 03:00 CEST -> 02:00 CET): hourly resets every real hour.
    autumn = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    first = next_reset("hourly", timedelta(0), autumn, AMS)
    second = next_reset("hourly", timedelta(0), first, AMS)
    assert (first, second - first) == (datetime(2026, 10, 25, 1, tzinfo=UTC), timedelta(hours=1))
    # A daily reset at 02:30 on the spring-forward day happens at 03:00 CEST.
    spring = next_reset(
        "daily", timedelta(hours=2, minutes=30), datetime(2026, 3, 29, tzinfo=UTC), AMS
    )
    assert spring == datetime(2026, 3, 29, 1, tzinfo=UTC)
    # Half-hour zones: hourly is on the local hour.
    kolkata = next_reset("hourly", timedelta(0), after, ZoneInfo("Asia/Kolkata"))
    assert kolkata == datetime(2026, 1, 15, 12, 30, tzinfo=UTC)


async def test_quarter_hourly_with_offset(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(_meter("quarter", cycle="quarter-hourly", offset='"00:05:00"'))
    resets = []
    for _ in range(4):
        next_at = datetime.fromisoformat(_state(hub, "sensor.quarter").attributes["next_reset"])
        await clock.advance_to(next_at)
        resets.append(_state(hub, "sensor.quarter").attributes["last_reset"][11:16])
    assert resets == ["12:05", "12:20", "12:35", "12:50"]


async def test_tariffs_switch_which_sensor_counts(make_hub: HubFactory, clock: ManualClock) -> None:
    hub = await make_hub(_meter("energy", cycle="daily", tariffs="[peak, offpeak]"))
    select = _state(hub, "select.energy")
    assert select.state == "peak"
    assert select.attributes["options"] == ["peak", "offpeak"]
    _read(hub, "100")
    _read(hub, "103")
    assert _state(hub, "sensor.energy_peak").state == "3"
    assert _state(hub, "sensor.energy_offpeak").state == "0"
    assert _state(hub, "sensor.energy_offpeak").attributes["status"] == "paused"
    await hub.services.call(
        "select",
        "select_option",
        {"entity_id": "select.energy", "option": "offpeak"},
        blocking=True,
    )
    assert _state(hub, "sensor.energy_peak").attributes["status"] == "paused"
    assert _state(hub, "sensor.energy_offpeak").attributes["status"] == "collecting"
    assert _state(hub, "sensor.energy_offpeak").attributes["tariff"] == "offpeak"
    _read(hub, "110")
    assert _state(hub, "sensor.energy_peak").state == "3"
    assert _state(hub, "sensor.energy_offpeak").state == "7"
    await hub.services.call("utility_meter", "reset", {"entity_id": "select.energy"}, blocking=True)
    for tariff, before in (("peak", "3"), ("offpeak", "7")):
        meter = _state(hub, f"sensor.energy_{tariff}")
        assert (meter.state, meter.attributes["last_period"]) == ("0", before)


async def test_reset_and_calibrate_services(make_hub: HubFactory) -> None:
    hub = await make_hub(_meter("energy"))  # no cycle: never resets by itself
    assert "next_reset" not in _state(hub, "sensor.energy").attributes
    _read(hub, "1")
    _read(hub, "2")
    await hub.services.call(
        "utility_meter",
        "calibrate",
        {"entity_id": "sensor.energy", "value": "100.25"},
        blocking=True,
    )
    assert _state(hub, "sensor.energy").state == "100.25"
    _read(hub, "3")
    assert _state(hub, "sensor.energy").state == "101.25"
    with pytest.raises(vol.Invalid):
        await hub.services.call(
            "utility_meter",
            "calibrate",
            {"entity_id": "sensor.energy", "value": "lots"},
            blocking=True,
        )
    await hub.services.call(
        "utility_meter", "reset", target={"entity_id": "sensor.energy"}, blocking=True
    )
    meter = _state(hub, "sensor.energy")
    assert (meter.state, meter.attributes["last_period"]) == ("0", "101.25")


async def test_delta_values_and_net_consumption(make_hub: HubFactory) -> None:
    hub = await make_hub(
        _meter("deltas", delta_values="true")
        + "  net:\n    source: sensor.grid\n    net_consumption: true\n"
    )
    for value in ("5", "2", "4", "1"):
        _read(hub, value)
    assert _state(hub, "sensor.deltas").state == "12"  # every reading is an increment
    assert _state(hub, "sensor.net").state == "-4"  # 5 -> 2 -> 4 -> 1: drops count
    assert _state(hub, "sensor.net").attributes["state_class"] == "total"


async def test_source_gaps_and_periodic_resets(make_hub: HubFactory) -> None:
    hub = await make_hub(
        _meter("resetting")
        + "  steady:\n    source: sensor.grid\n    periodically_resetting: false\n"
        + "  sticky:\n    source: sensor.grid\n    always_available: true\n"
    )
    _read(hub, "10")
    _read(hub, "12")
    _read(hub, "unavailable")
    assert _state(hub, "sensor.resetting").state == "unavailable"
    assert _state(hub, "sensor.sticky").state == "2"
    _read(hub, "15")
    # After the gap: a resetting source's first reading is a new baseline; a steady one
    # counts from its last valid reading.
    assert _state(hub, "sensor.resetting").state == "2"
    assert _state(hub, "sensor.steady").state == "5"


async def test_counts_survive_a_restart_and_missed_resets_happen(
    make_hub: HubFactory, clock: ManualClock
) -> None:
    config = _meter("energy", cycle="daily", unique_id="energy_meter")
    hub = await make_hub(config)
    _read(hub, "10")
    _read(hub, "16")
    await hub.stop()
    hub2 = await make_hub(config)
    meter = _state(hub2, "sensor.energy")
    assert meter.state == "6"
    assert meter.attributes["last_valid_state"] == "16"
    _read(hub2, "17")  # the source's first state after the restart
    assert _state(hub2, "sensor.energy").state == "6"  # a baseline, not a jump
    _read(hub2, "18")
    assert _state(hub2, "sensor.energy").state == "7"
    await hub2.stop()
    await clock.advance(86400)  # down across midnight
    hub3 = await make_hub(config)
    meter = _state(hub3, "sensor.energy")
    assert (meter.state, meter.attributes["last_period"]) == ("0", "7")


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, _meter("a", cycle="hourly", offset='"02:00:00"'))
    assert len(errors) == 1
    assert "shorter than" in errors[0].message
    assert errors[0].line is not None
    errors = config_errors(config_dir, _meter("a", cron='"0 0 * * *"'))
    assert "cron" in errors[0].message
    errors = config_errors(config_dir, _meter("a", cycle="fortnightly"))
    assert errors[0].line == 6
    errors = config_errors(config_dir, _meter("a", tariffs="[x, x]"))
    assert "unique" in errors[0].message


async def test_reload_keeps_the_counts(make_hub: HubFactory, config_dir: Path) -> None:
    hub = await make_hub(_meter("energy", cycle="daily"))
    _read(hub, "1")
    _read(hub, "4")
    (config_dir / "configuration.yaml").write_text(
        _meter("energy", cycle="weekly") + "  water:\n    source: sensor.tap\n"
    )
    await hub.services.call("utility_meter", "reload", blocking=True)
    meter = _state(hub, "sensor.energy")
    assert (meter.state, meter.attributes["meter_period"]) == ("3", "weekly")
    assert _state(hub, "sensor.water").state == "unknown"
    _read(hub, "5")
    assert _state(hub, "sensor.energy").state == "4"
