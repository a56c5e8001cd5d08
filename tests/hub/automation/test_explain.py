"""How ``watthub explain`` words what the hub recorded."""

from __future__ import annotations

from typing import Any

import pytest

from hub.automation.explain import describe_not_run, describe_run


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        (
            {
                "reason": "condition",
                "details": {
                    "trigger": {"description": "state of sensor.x"},
                    "path": "condition/1",
                    "result": {"result": False, "state": "off", "wanted_state": "on"},
                },
            },
            "trigger 'state of sensor.x' fired; not run: condition/1 was false "
            "(state='off', wanted_state='on')",
        ),
        (
            {
                "reason": "condition",
                "details": {"trigger": {"id": "door"}, "path": "condition/0", "error": "boom"},
            },
            "trigger door fired; not run: condition/0 could not be evaluated: boom",
        ),
        (
            {
                "reason": "mode",
                "details": {"trigger": {}, "mode": "single", "script_execution": "failed_single"},
            },
            "a trigger fired; not run: already running (mode: single)",
        ),
        (
            {
                "reason": "mode",
                "details": {"trigger": {}, "mode": "queued", "script_execution": "failed_max_runs"},
            },
            "a trigger fired; not run: the maximum number of runs was reached",
        ),
        (
            {
                "reason": "for_interrupted",
                "details": {"trigger": "0", "idx": "0", "state": "off", "for": 300.0, "held": 42.0},
            },
            "trigger 0 held back: its `for:` was interrupted (state='off', for=300.0, held=42.0)",
        ),
        ({"reason": "other", "details": {"x": 1}}, "not run (other): x=1"),
    ],
)
def test_not_runs_read_as_sentences(entry: dict[str, Any], text: str) -> None:
    assert describe_not_run(entry) == text


def test_runs_read_as_sentences() -> None:
    assert describe_run({"trigger": "event 'go'", "script_execution": "finished"}) == (
        "triggered by event 'go'; ran (finished)"
    )
    assert describe_run(
        {"trigger": None, "script_execution": "error", "error": "Service x.y not found."}
    ) == ("triggered by a manual trigger; ran (error), error: Service x.y not found.")
    failed = {
        "trigger": "state of a.b",
        "script_execution": "failed_conditions",
        "trace": {"condition/0": [{"result": {"result": False, "state": "on"}}]},
    }
    assert describe_run(failed) == (
        "triggered by state of a.b; did not run: condition/0 was false (state='on')"
    )
