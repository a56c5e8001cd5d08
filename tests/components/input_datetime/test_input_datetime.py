"""input_datetime: the three formats, attributes, set_datetime, restore, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import voluptuous as vol

from hub.exceptions import ServiceValidationError
from tests.components.helper_checks import config_errors
from tests.conftest import HubFactory

CONFIG = """
homeassistant:
  time_zone: Europe/Amsterdam
input_datetime:
  both:
    name: Both
    has_date: true
    has_time: true
    initial: "2026-03-01 06:30:15"
  day:
    has_date: true
    initial: "2026-02-14"
  wake:
    has_time: true
    initial: "07:00"
  empty:
    has_date: true
    has_time: true
"""
AMS = ZoneInfo("Europe/Amsterdam")


async def test_formats_and_attributes(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    both = hub.states.get("input_datetime.both")
    assert both is not None
    assert both.state == "2026-03-01 06:30:15"
    assert dict(both.attributes) == {
        "has_date": True,
        "has_time": True,
        "editable": False,
        "year": 2026,
        "month": 3,
        "day": 1,
        "hour": 6,
        "minute": 30,
        "second": 15,
        "timestamp": datetime(2026, 3, 1, 6, 30, 15, tzinfo=AMS).timestamp(),
        "friendly_name": "Both",
    }
    day = hub.states.get("input_datetime.day")
    assert day is not None
    assert day.state == "2026-02-14"
    assert day.attributes["timestamp"] == datetime(2026, 2, 14, tzinfo=AMS).timestamp()
    assert "hour" not in day.attributes
    wake = hub.states.get("input_datetime.wake")
    assert wake is not None
    assert wake.state == "07:00:00"
    assert wake.attributes["timestamp"] == 7 * 3600
    assert "year" not in wake.attributes
    # No initial and nothing stored: today (hub time zone) at midnight.
    assert hub.states.is_state("input_datetime.empty", "2026-01-15 00:00:00")


async def _set(hub: object, entity: str, **data: object) -> None:
    await hub.services.call(  # type: ignore[attr-defined]
        "input_datetime",
        "set_datetime",
        {"entity_id": f"input_datetime.{entity}", **data},
        blocking=True,
    )


async def test_set_datetime(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _set(hub, "both", time="22:15")
    assert hub.states.is_state("input_datetime.both", "2026-03-01 22:15:00")
    await _set(hub, "both", date="2026-12-24")
    assert hub.states.is_state("input_datetime.both", "2026-12-24 22:15:00")
    await _set(hub, "both", datetime="2026-07-01T10:00:00+00:00")  # shown in local time
    assert hub.states.is_state("input_datetime.both", "2026-07-01 12:00:00")
    stamp = datetime(2026, 1, 20, 5, 0, tzinfo=UTC).timestamp()
    await _set(hub, "both", timestamp=stamp)
    assert hub.states.is_state("input_datetime.both", "2026-01-20 06:00:00")
    await _set(hub, "wake", datetime="2026-05-05 06:45:00")  # only the time is kept
    assert hub.states.is_state("input_datetime.wake", "06:45:00")
    await _set(hub, "day", date="2027-01-01", time="08:00")
    assert hub.states.is_state("input_datetime.day", "2027-01-01")
    with pytest.raises(ServiceValidationError, match="nothing to set"):
        await _set(hub, "wake", date="2026-01-01")
    with pytest.raises(vol.Invalid, match="only one of"):
        await _set(hub, "both", date="2026-01-01", timestamp=stamp)
    with pytest.raises(vol.Invalid):
        await _set(hub, "both", time="25:99")
    with pytest.raises(vol.Invalid, match="at least one"):
        await _set(hub, "both")


async def test_restored_unless_initial(make_hub: HubFactory) -> None:
    hub = await make_hub(CONFIG)
    await _set(hub, "empty", datetime="2026-06-01 18:00:00")
    await _set(hub, "wake", time="05:55:00")
    await hub.stop()
    hub2 = await make_hub(CONFIG)
    assert hub2.states.is_state("input_datetime.empty", "2026-06-01 18:00:00")
    assert hub2.states.is_state("input_datetime.wake", "07:00:00")  # initial wins


def test_config_errors(config_dir: Path) -> None:
    errors = config_errors(config_dir, "input_datetime:\n  a:\n    name: neither\n")
    assert len(errors) == 1
    assert "at least a date or a time" in errors[0].message
    assert errors[0].line == 2
    errors = config_errors(
        config_dir, "input_datetime:\n  a:\n    has_time: true\n    initial: noon\n"
    )
    assert errors[0].line == 4
    assert "can't be parsed as a time" in errors[0].message
    errors = config_errors(
        config_dir, 'input_datetime:\n  a:\n    has_date: true\n    initial: "07:00"\n'
    )
    assert "as a date" in errors[0].message
