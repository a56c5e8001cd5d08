"""Every automation fixture in ``tests/fixtures/automations`` behaves as it says.

One fixture per behaviour (a trigger kind, a condition, an action, a mode...), old and
new syntax, each with the steps that drive it and what must follow (see
``fixture_runner``). A new behaviour is a new YAML file, not a new test function.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from hub.clock import ManualClock
from tests.conftest import HubFactory
from tests.hub.automation.fixture_runner import Recorder, run_steps

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "automations"
FILES = sorted(FIXTURES.glob("*.yaml"))

# What the corpus must cover (issue 5): every trigger, condition and action kind, both
# syntax generations and every mode.
REQUIRED_COVERAGE = {
    "syntax:old",
    "syntax:new",
    "trigger:state",
    "trigger:state:for",
    "trigger:state:attribute",
    "trigger:state:not_to",
    "trigger:numeric_state",
    "trigger:numeric_state:value_template",
    "trigger:time",
    "trigger:time:input_datetime",
    "trigger:time:sensor_offset",
    "trigger:time_pattern",
    "trigger:sun",
    "trigger:template",
    "trigger:event",
    "trigger:homeassistant:start",
    "trigger:homeassistant:shutdown",
    "trigger:webhook",
    "trigger:zone",
    "condition:and",
    "condition:or",
    "condition:not",
    "condition:state",
    "condition:numeric_state",
    "condition:template",
    "condition:template_shorthand",
    "condition:time",
    "condition:time:midnight",
    "condition:time:weekday",
    "condition:sun",
    "condition:trigger",
    "condition:zone",
    "action:service",
    "action:service:template",
    "action:response_variable",
    "action:delay",
    "action:wait_template",
    "action:wait_for_trigger",
    "action:continue_on_timeout",
    "action:event",
    "action:choose",
    "action:if",
    "action:repeat:count",
    "action:repeat:while",
    "action:repeat:until",
    "action:repeat:for_each",
    "action:parallel",
    "action:sequence",
    "action:variables",
    "action:stop",
    "action:stop:error",
    "action:condition",
    "action:continue_on_error",
    "action:enabled_false",
    "mode:single",
    "mode:restart",
    "mode:queued",
    "mode:parallel",
}


def _load(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text())
    assert isinstance(loaded, dict), path
    return loaded


def test_the_corpus_is_large_and_covers_everything() -> None:
    assert len(FILES) >= 40
    covered = {item for path in FILES for item in _load(path).get("covers", [])}
    assert REQUIRED_COVERAGE - covered == set()


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_fixture(path: Path, make_hub: HubFactory, clock: ManualClock) -> None:
    spec = _load(path)
    if "start" in spec:
        await clock.advance_to(datetime.fromisoformat(str(spec["start"])))
    hub = await make_hub(spec["config"])
    recorder = Recorder()
    recorder.install(hub, spec.get("mock_services"))
    await hub.start()
    await hub.block_till_done()
    await run_steps(hub, clock, recorder, spec["steps"])
