"""The helper definitions of the shared Home Assistant corpus load and run unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.bootstrap import read_configuration
from tests.conftest import HubFactory

HELPERS = Path(__file__).resolve().parents[3] / "shared" / "acceptance" / "ha_yaml" / "helpers.yaml"

pytestmark = pytest.mark.skipif(not HELPERS.is_file(), reason="HA YAML corpus not present")

EXPECTED = {
    "input_boolean": 26,
    "input_button": 1,
    "input_datetime": 6,
    "input_number": 16,
    "input_select": 7,
    "input_text": 1,
    "counter": 3,
    "timer": 3,
}


def test_helpers_validate(config_dir: Path) -> None:
    (config_dir / "configuration.yaml").write_text(HELPERS.read_text(encoding="utf-8"))
    configuration = read_configuration(config_dir)
    assert configuration.errors == []
    assert {domain: len(configuration.domains[domain]) for domain in EXPECTED} == EXPECTED


async def test_helpers_run(make_hub: HubFactory) -> None:
    hub = await make_hub(HELPERS.read_text(encoding="utf-8"))
    assert {domain: hub.states.count(domain) for domain in EXPECTED} == EXPECTED
    assert hub.states.is_state("input_datetime.balcony_irrigation_time", "07:00:00")
    assert hub.states.is_state("input_select.sleep_mode", "off")
    assert hub.states.is_state("input_number.garage_light_minutes", "5.0")
    assert hub.states.is_state("timer.dishwasher_drying", "idle")
    dishwasher = hub.states.get("timer.dishwasher_drying")
    assert dishwasher is not None
    assert dishwasher.attributes["duration"] == "1:00:00"
