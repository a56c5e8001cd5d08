"""Recording runs: paths, steps, results, errors, changed variables, child runs, and the
short and extended wire forms of Home Assistant's traces."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import orjson
import pytest

from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.states import State
from hub.trace import (
    STATE_RUNNING,
    STATE_STOPPED,
    TraceRecorder,
    current_run,
    script_execution_set,
    trace_changed_variables,
    trace_child,
    trace_dumps,
    trace_path,
    trace_path_get,
    trace_set_child_id,
    trace_set_result,
    trace_step,
    trace_store,
    trace_update_result,
    untraced,
)
from hub.trace.run import trace_run


def automation(item_id: str = "kitchen") -> TraceRecorder:
    return TraceRecorder(
        "automation", item_id, Context(user_id="u1"), {"id": item_id, "alias": "Kitchen"}
    )


async def test_steps_are_kept_per_path_with_results(hub: Hub, clock: ManualClock) -> None:
    recorder = automation()
    with trace_run(hub, recorder):
        trace_step({"trigger": {"id": "0"}}, path="trigger/0")
        with trace_path("condition/0"), trace_step({"trigger": {"id": "0"}}):
            trace_set_result(result=True, state="on", wanted_state="on")
        with trace_path("action"):
            assert trace_path_get() == "action"
            with trace_path("0"), trace_step({"trigger": {"id": "0"}}):
                await clock.advance(2)
                trace_update_result(params={"domain": "light"})
                trace_update_result(running_script=False)
        script_execution_set("finished")
    trace = recorder.as_extended_dict()["trace"]
    assert list(trace) == ["trigger/0", "condition/0", "action/0"]
    assert trace["condition/0"][0]["result"] == {
        "result": True,
        "state": "on",
        "wanted_state": "on",
    }
    assert trace["action/0"][0]["result"] == {
        "params": {"domain": "light"},
        "running_script": False,
    }
    assert trace["trigger/0"][0]["timestamp"] == "2026-01-15T12:00:00+00:00"
    assert recorder.state == STATE_STOPPED
    assert recorder.script_execution == "finished"
    assert recorder.as_short_dict()["last_step"] == "action/0"


async def test_only_changed_variables_are_recorded(hub: Hub) -> None:
    recorder = automation()
    with trace_run(hub, recorder):
        trace_step({"trigger": {"id": "0"}, "this": None}, path="trigger/0")
        with trace_path("action/0"), trace_step({"trigger": {"id": "0"}, "this": None}):
            trace_changed_variables({"trigger": {"id": "0"}, "this": None, "answer": 42})
        trace_step({"trigger": {"id": "1"}, "this": None, "answer": 42}, path="action/1")
    trace = recorder.as_extended_dict()["trace"]
    assert trace["trigger/0"][0]["changed_variables"] == {"trigger": {"id": "0"}, "this": None}
    assert trace["action/0"][0]["changed_variables"] == {"answer": 42}
    assert trace["action/1"][0]["changed_variables"] == {"trigger": {"id": "1"}}


async def test_an_exception_leaving_a_step_is_its_error(hub: Hub) -> None:
    class StopRun(Exception):
        trace_as_error = False

    recorder = automation()
    with trace_run(hub, recorder):
        with pytest.raises(ValueError), trace_path("action/0"), trace_step({}):
            raise ValueError("boom")
        with pytest.raises(StopRun), trace_path("action/1"), trace_step({}):
            raise StopRun
    trace = recorder.as_extended_dict()["trace"]
    assert trace["action/0"][0]["error"] == "boom"
    assert "error" not in trace["action/1"][0]


async def test_a_run_that_fails_records_the_error(hub: Hub) -> None:
    recorder = automation()
    with pytest.raises(RuntimeError), trace_run(hub, recorder):
        raise RuntimeError("the service is gone")
    short = recorder.as_short_dict()
    assert short["error"] == "the service is gone"
    assert short["state"] == STATE_STOPPED


async def test_a_run_inside_a_run_is_linked_as_child(hub: Hub) -> None:
    parent = automation()
    child = TraceRecorder("script", "lights", Context(), {"sequence": []})
    with trace_run(hub, parent), trace_path("action/0"), trace_step({}):
        with trace_run(hub, child):
            assert current_run() is child
            trace_step({}, path="sequence/0")
        assert current_run() is parent
    step = parent.as_extended_dict()["trace"]["action/0"][0]
    assert step["child_id"] == {"domain": "script", "item_id": "lights", "run_id": child.run_id}
    assert list(child.as_extended_dict()["trace"]) == ["sequence/0"]
    assert "trigger" not in child.as_short_dict()  # scripts have no trigger key


async def test_untraced_code_records_nothing_and_starts_unlinked_runs(hub: Hub) -> None:
    parent = automation()
    other = automation("hall")
    with trace_run(hub, parent), trace_path("action/0"), trace_step({}) as step:
        with untraced():
            trace_set_result(result="lost")
            with trace_run(hub, other):
                pass
        assert step.result is None
        assert step.child_id is None
        trace_set_child_id("script.x", "abc")
        assert step.child_id == {"domain": "script", "item_id": "x", "run_id": "abc"}


async def test_parallel_branches_keep_their_own_paths(hub: Hub) -> None:
    recorder = automation()

    async def branch(index: int) -> None:
        with trace_path(["parallel", str(index)]), trace_step({}):
            await asyncio.sleep(0)
            trace_set_result(branch=index)

    with trace_run(hub, recorder), trace_path("action/0"):
        await asyncio.gather(branch(0), branch(1))
    trace = recorder.as_extended_dict()["trace"]
    assert trace["action/0/parallel/0"][0]["result"] == {"branch": 0}
    assert trace["action/0/parallel/1"][0]["result"] == {"branch": 1}


async def test_trace_child_reuses_a_step_handed_over(hub: Hub) -> None:
    recorder = automation()
    with trace_run(hub, recorder), trace_path("action/0"), trace_step({}) as step:
        step.reuse_by_child = True
        with trace_child({}) as child:
            trace_set_result(result=False)
        assert child is step
        with trace_child({}) as other:
            assert other is not step
    trace = recorder.as_extended_dict()["trace"]
    assert trace["action/0"][0]["result"] == {"result": False}
    assert len(trace["action/0"]) == 2


async def test_short_and_extended_forms_have_home_assistants_shape(
    hub: Hub, clock: ManualClock
) -> None:
    recorder = automation()
    with trace_run(hub, recorder):
        assert recorder.as_short_dict()["state"] == STATE_RUNNING
        assert recorder.as_short_dict()["timestamp"]["finish"] is None
        recorder.set_trigger_description("state of binary_sensor.hall")
        trace_step({"trigger": {"for": timedelta(minutes=5)}}, path="trigger/0")
        await clock.advance(1.5)
        script_execution_set("finished")
    short = recorder.as_short_dict()
    assert list(short) == [
        "last_step",
        "run_id",
        "state",
        "script_execution",
        "timestamp",
        "domain",
        "item_id",
        "trigger",
    ]
    assert len(short["run_id"]) == 32
    assert short["timestamp"] == {
        "start": "2026-01-15T12:00:00+00:00",
        "finish": "2026-01-15T12:00:01.500000+00:00",
    }
    assert short["trigger"] == "state of binary_sensor.hall"
    extended = orjson.loads(trace_dumps(recorder.as_extended_dict()))
    assert set(extended) == set(short) | {"trace", "config", "blueprint_inputs", "context"}
    assert extended["context"] == {"id": recorder.context.id, "parent_id": None, "user_id": "u1"}
    assert extended["config"] == {"id": "kitchen", "alias": "Kitchen"}
    assert extended["blueprint_inputs"] is None
    assert extended["trace"]["trigger/0"][0]["changed_variables"]["trigger"]["for"] == {
        "__type": "<class 'datetime.timedelta'>",
        "total_seconds": 300.0,
    }
    assert recorder.as_extended_dict() is recorder.as_extended_dict()  # cached once stopped


def test_trace_json_encodes_states_and_odd_values() -> None:
    state = State("light.x", "on", {"brightness": 3}, 1_700_000_000.0)

    class Odd:
        def __repr__(self) -> str:
            return "<odd>"

    encoded = orjson.loads(trace_dumps({"state": state, "odd": Odd(), "raw": b"ab"}))
    assert encoded["state"]["entity_id"] == "light.x"
    assert encoded["state"]["attributes"] == {"brightness": 3}
    assert encoded["odd"]["repr"] == "<odd>"
    assert encoded["raw"] == "ab"


async def test_failed_condition_names_the_step_that_failed(hub: Hub) -> None:
    recorder = automation()
    with trace_run(hub, recorder):
        with trace_path("condition/0"), trace_step({}):
            trace_set_result(result=True)
        with trace_path("condition/1"), trace_step({}):
            trace_set_result(result=False)
            with trace_path("entity_id/0"), trace_step({}):
                trace_set_result(result=False, state="off", wanted_state="on")
    assert recorder.failed_condition() == (
        "condition/1/entity_id/0",
        {"result": False, "state": "off", "wanted_state": "on"},
    )


async def test_recording_outside_a_run_does_nothing(hub: Hub) -> None:
    step = trace_step({"a": 1})
    trace_set_result(result=True)
    assert step.result is None
    assert trace_store(hub).list_traces("automation") == []
