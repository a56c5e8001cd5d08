"""The shared benchmark configuration (``../shared/bench/gen_ha_config.py``: 100
input_number, 100 template sensors, 100 automations) loads unchanged; only
``recorder:`` is left out (it comes with issue 6), by the harness runner too."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from hub.bootstrap import build_hub, read_configuration
from hub.clock import ManualClock
from tests.conftest import TEST_HTTP

REPO = Path(__file__).resolve().parents[3]
GENERATOR = REPO.parent / "shared" / "bench" / "gen_ha_config.py"

pytestmark = pytest.mark.skipif(not GENERATOR.is_file(), reason="shared bench not available")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench_config(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(target)], check=True, capture_output=True
    )
    return target


def test_only_the_recorder_is_left_out(bench_config: Path) -> None:
    assert _load("api_bench").strip_missing_integrations(bench_config) == ["recorder"]
    configuration = read_configuration(bench_config)
    assert configuration.errors == []
    assert len(configuration.domains["automation"]) == 100


async def test_the_hub_runs_the_bench_automations(bench_config: Path, clock: ManualClock) -> None:
    _load("api_bench").strip_missing_integrations(bench_config)
    hub = await build_hub(bench_config, clock, TEST_HTTP)
    try:
        await hub.start()
        await hub.block_till_done()
        assert len(hub.states.entity_ids("automation")) == 100
        assert len(hub.states.entity_ids("input_number")) == 100
        high: list[object] = []
        hub.bus.listen("bench_high", lambda event: high.append(event.data["idx"]))
        await hub.services.call(
            "input_number",
            "set_value",
            {"entity_id": "input_number.bench_007", "value": 950},
            blocking=True,
        )
        await hub.block_till_done()
        assert hub.states.get("input_number.bench_057").state == "950.0"
        assert high == [7]
        assert hub.states.get("sensor.bench_tpl_057").state == "1900.0"
    finally:
        await hub.stop()
