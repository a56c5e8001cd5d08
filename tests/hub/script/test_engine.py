"""The script engine: modes, stopping, waits on the hub clock, variables, errors, traces
and how runs keep ``block_till_done`` honest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest
import voluptuous as vol

from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.exceptions import HubError, ServiceNotFound
from hub.script import SCRIPT_SCHEMA, Script, spawn
from hub.services import ServiceCall, SupportsResponse
from hub.trace import TraceRecorder, trace_path, trace_run


class Calls:
    """A ``test.record`` service that remembers what it was called with."""

    def __init__(self, hub: Hub) -> None:
        self.data: list[dict[str, Any]] = []
        self.contexts: list[Context] = []
        hub.services.register("test", "record", self._record)
        hub.services.register(
            "test", "answer", self._answer, supports_response=SupportsResponse.ONLY
        )
        hub.services.register("test", "fail", self._fail)

    def _record(self, call: ServiceCall) -> None:
        self.data.append(dict(call.data))
        self.contexts.append(call.context)

    def _answer(self, call: ServiceCall) -> dict[str, Any]:
        return {"double": call.data["value"] * 2}

    def _fail(self, call: ServiceCall) -> None:
        raise HubError("the device said no")

    @property
    def values(self) -> list[Any]:
        return [item.get("value") for item in self.data]


@pytest.fixture
def calls(hub: Hub) -> Calls:
    return Calls(hub)


def make(hub: Hub, sequence: list[dict[str, Any]], **options: Any) -> Script:
    return Script(hub, SCRIPT_SCHEMA(sequence), "test script", "script", **options)


def record(value: Any) -> dict[str, Any]:
    return {"action": "test.record", "data": {"value": value}}


async def settle(hub: Hub) -> None:
    await hub.block_till_done()


# -- modes ------------------------------------------------------------------------------


async def test_single_refuses_a_second_run(
    hub: Hub, clock: ManualClock, calls: Calls, caplog: pytest.LogCaptureFixture
) -> None:
    script = make(hub, [record(1), {"delay": 10}, record(2)], max_exceeded="error")
    first = spawn(hub, script.run(), "first")
    await settle(hub)
    with caplog.at_level(logging.ERROR):
        second = await script.run()
    assert second.script_execution == "failed_single" and not second.ran
    assert "test script: Already running" in caplog.text
    await clock.advance(11, settle=hub.block_till_done)
    assert (await first).script_execution == "finished"
    assert calls.values == [1, 2]


async def test_single_silent_logs_nothing(
    hub: Hub, calls: Calls, caplog: pytest.LogCaptureFixture
) -> None:
    script = make(hub, [{"delay": 10}], max_exceeded="silent")
    spawn(hub, script.run(), "first")
    await settle(hub)
    with caplog.at_level(logging.DEBUG):
        assert (await script.run()).script_execution == "failed_single"
    assert "Already running" not in caplog.text
    await script.stop()


async def test_restart_stops_the_running_one(hub: Hub, clock: ManualClock, calls: Calls) -> None:
    script = make(hub, [record("start"), {"delay": 10}, record("end")], mode="restart")
    first = spawn(hub, script.run(), "first")
    await settle(hub)
    await clock.advance(5, settle=hub.block_till_done)
    second = spawn(hub, script.run(), "second")
    await settle(hub)
    assert (await first).script_execution == "cancelled"
    assert script.runs == 1
    await clock.advance(11, settle=hub.block_till_done)
    assert (await second).script_execution == "finished"
    assert calls.values == ["start", "start", "end"]


async def test_queued_runs_in_order_up_to_max(hub: Hub, clock: ManualClock, calls: Calls) -> None:
    script = make(
        hub,
        [record("{{ n }}"), {"delay": 10}],
        mode="queued",
        max_runs=3,
    )
    runs = [spawn(hub, script.run({"n": n}), f"run {n}") for n in range(4)]
    await settle(hub)
    assert script.runs == 3  # the running one and two waiting
    assert calls.values == [0]
    await clock.advance(10, settle=hub.block_till_done)
    assert calls.values == [0, 1]
    await clock.advance(20, settle=hub.block_till_done)
    results = [await run for run in runs]
    assert [result.script_execution for result in results] == [
        "finished",
        "finished",
        "finished",
        "failed_max_runs",
    ]
    assert calls.values == [0, 1, 2]


async def test_parallel_runs_side_by_side(hub: Hub, clock: ManualClock, calls: Calls) -> None:
    script = make(hub, [{"delay": 10}, record("{{ n }}")], mode="parallel", max_runs=2)
    runs = [spawn(hub, script.run({"n": n}), f"run {n}") for n in range(3)]
    await settle(hub)
    assert script.runs == 2
    await clock.advance(10, settle=hub.block_till_done)
    assert sorted(calls.values) == [0, 1]
    assert [(await run).script_execution for run in runs][2] == "failed_max_runs"


async def test_a_queued_script_may_not_start_itself(hub: Hub, calls: Calls) -> None:
    script: Script | None = None

    async def again(call: ServiceCall) -> None:
        assert script is not None
        result = await script.run()
        calls.data.append({"value": result.script_execution})

    hub.services.register("test", "again", again)
    script = make(hub, [{"action": "test.again"}], mode="queued")
    await script.run()
    assert calls.values == ["disallowed_recursion_detected"]


# -- stopping ---------------------------------------------------------------------------


async def test_stop_from_outside_ends_a_waiting_run(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(hub, [{"delay": 100}, record("never")])
    task = asyncio.ensure_future(script.run())
    await asyncio.sleep(0)
    assert script.is_running
    await script.stop()
    result = await task
    assert result.script_execution == "cancelled"
    assert not script.is_running and calls.values == []


async def test_a_run_that_stops_its_own_script_ends_after_the_step(hub: Hub, calls: Calls) -> None:
    script: Script | None = None

    async def stop_me(call: ServiceCall) -> None:
        assert script is not None
        await script.stop()

    hub.services.register("test", "stop_me", stop_me)
    script = make(hub, [record(1), {"action": "test.stop_me"}, record(2)])
    result = await script.run()
    assert result.script_execution == "cancelled"
    assert calls.values == [1]


async def test_hub_stop_ends_running_scripts(hub: Hub, calls: Calls) -> None:
    script = make(hub, [{"delay": 3600}, record("never")])
    task = spawn(hub, script.run(), "long")
    await settle(hub)
    await hub.stop()
    assert (await task).script_execution == "cancelled"
    assert calls.values == []


# -- waits on the clock, and block_till_done ----------------------------------------------


async def test_block_till_done_does_not_wait_for_a_delay(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(hub, [record(1), {"delay": 60}, record(2)])
    spawn(hub, script.run(), "delayed")
    assert await hub.block_till_done(timeout=1)
    assert calls.values == [1]
    await clock.advance(59, settle=hub.block_till_done)
    assert calls.values == [1]
    await clock.advance(1, settle=hub.block_till_done)
    assert calls.values == [1, 2]
    assert not script.is_running


async def test_wait_template_completes_or_times_out(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(
        hub,
        [
            {"wait_template": "{{ is_state('sensor.door', 'closed') }}", "timeout": 30},
            record("{{ wait.completed }} {{ wait.remaining | int }}"),
        ],
    )
    hub.states.set("sensor.door", "open")
    spawn(hub, script.run(), "waiting")
    await settle(hub)
    await clock.advance(10, settle=hub.block_till_done)
    hub.states.set("sensor.door", "closed")
    await settle(hub)
    assert calls.values == ["True 20"]
    hub.states.set("sensor.door", "open")
    spawn(hub, script.run(), "waiting again")
    await settle(hub)
    await clock.advance(31, settle=hub.block_till_done)
    assert calls.values == ["True 20", "False 0"]


async def test_wait_template_already_true_does_not_wait(hub: Hub, calls: Calls) -> None:
    script = make(hub, [{"wait_template": "{{ true }}"}, record("{{ wait.completed }}")])
    assert (await script.run()).script_execution == "finished"
    assert calls.values == [True]


async def test_a_timeout_without_continue_aborts(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(
        hub,
        [
            {"wait_template": "{{ false }}", "timeout": 5, "continue_on_timeout": False},
            record("after"),
        ],
    )
    task = spawn(hub, script.run(), "abort")
    await settle(hub)
    await clock.advance(6, settle=hub.block_till_done)
    assert (await task).script_execution == "aborted"
    assert calls.values == []


async def test_wait_for_trigger_gives_the_trigger(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(
        hub,
        [
            {
                "wait_for_trigger": [{"trigger": "event", "event_type": "go"}],
                "timeout": {"minutes": 1},
            },
            record("{{ wait.trigger.event.data.n }} {{ wait.remaining | int }}"),
        ],
    )
    spawn(hub, script.run(), "waiting")
    await settle(hub)
    await clock.advance(15, settle=hub.block_till_done)
    hub.bus.fire("go", {"n": 7})
    await settle(hub)
    assert calls.values == ["7 45"]


async def test_delay_from_a_template(hub: Hub, clock: ManualClock, calls: Calls) -> None:
    script = make(hub, [{"delay": {"seconds": "{{ s }}"}}, record("done")])
    spawn(hub, script.run({"s": 20}), "templated delay")
    await settle(hub)
    await clock.advance(19, settle=hub.block_till_done)
    assert calls.values == []
    await clock.advance(1, settle=hub.block_till_done)
    assert calls.values == ["done"]


async def test_a_broken_delay_template_aborts(hub: Hub, calls: Calls) -> None:
    script = make(hub, [{"delay": "{{ 'soon' }}"}, record("never")])
    assert (await script.run()).script_execution == "aborted"
    assert calls.values == []


# -- variables, repeat, parallel ------------------------------------------------------------


async def test_variables_are_scoped_like_home_assistant(hub: Hub, calls: Calls) -> None:
    script = make(
        hub,
        [
            {"variables": {"a": "outer", "b": 1}},
            {
                "sequence": [
                    {"action": "test.answer", "data": {"value": 2}, "response_variable": "r"},
                    {"variables": {"a": "inner"}},
                    record("{{ a }}"),
                    {"action": "test.answer", "data": {"value": 5}, "response_variable": "s"},
                ]
            },
            record("{{ a }} {{ r.double }} {{ s is defined }}"),
        ],
        variables={"b": "default", "c": "{{ b }}"},
    )
    result = await script.run({"b": "given"})
    # Home Assistant 2025.1: a nested sequence shares its caller's variables until it
    # runs a `variables` action, which makes the rest of it local. So `r` (stored before)
    # reaches the outer sequence, `a` and `s` (after) do not. Script variables are
    # defaults under what the caller gave.
    assert calls.values == ["inner", "outer 4 False"]
    assert result.variables["c"] == "given"
    assert result.variables["b"] == 1


async def test_repeat_variables_and_nesting(hub: Hub, calls: Calls) -> None:
    script = make(
        hub,
        [
            {
                "repeat": {
                    "for_each": ["a", "b"],
                    "sequence": [
                        {
                            "repeat": {
                                "count": 2,
                                "sequence": [record("{{ repeat.index }}{{ repeat.last }}")],
                            }
                        },
                        record("{{ repeat.item }}{{ repeat.first }}"),
                    ],
                }
            },
            record("{{ repeat is defined }}"),
        ],
    )
    await script.run()
    assert calls.values == ["1False", "2True", "aTrue", "1False", "2True", "bFalse", False]


async def test_parallel_branches_and_their_errors(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(
        hub,
        [
            {
                "parallel": [
                    {"sequence": [{"delay": 2}, record("slow")]},
                    record("fast"),
                ]
            },
            record("after"),
        ],
    )
    spawn(hub, script.run(), "parallel")
    await settle(hub)
    assert calls.values == ["fast"]
    await clock.advance(2, settle=hub.block_till_done)
    assert calls.values == ["fast", "slow", "after"]
    failing = make(hub, [{"parallel": [{"action": "test.fail"}, record("other")]}])
    with pytest.raises(HubError, match="the device said no"):
        await failing.run()
    assert calls.values[-1] == "other"


# -- stop, errors, enabled ------------------------------------------------------------------


async def test_stop_with_a_response_and_with_an_error(hub: Hub, calls: Calls) -> None:
    answered = make(
        hub, [{"variables": {"out": {"x": 1}}}, {"stop": "ok", "response_variable": "out"}]
    )
    result = await answered.run()
    assert (result.script_execution, result.response) == ("finished", {"x": 1})
    missing = make(hub, [{"stop": "ok", "response_variable": "nothing"}])
    assert (await missing.run()).script_execution == "aborted"
    failed = make(hub, [{"stop": "bad", "error": True}, record("never")])
    assert (await failed.run()).script_execution == "aborted"
    assert calls.values == []


async def test_continue_on_error_skips_only_runtime_failures(hub: Hub, calls: Calls) -> None:
    skipping = make(hub, [{"action": "test.fail", "continue_on_error": True}, record("next")])
    assert (await skipping.run()).script_execution == "finished"
    assert calls.values == ["next"]
    not_found = make(hub, [{"action": "test.missing", "continue_on_error": True}])
    with pytest.raises(ServiceNotFound):
        await not_found.run()
    # A response the service does not give is a mistake in the script: not skipped.
    wrong = make(
        hub,
        [{"action": "test.record", "response_variable": "r", "continue_on_error": True}],
    )
    with pytest.raises(vol.Invalid, match="does not support 'response_variable'"):
        await wrong.run()
    plain = make(hub, [{"action": "test.fail"}, record("never")])
    with pytest.raises(HubError):
        await plain.run()
    assert calls.values == ["next"]


async def test_disabled_actions_are_skipped(hub: Hub, calls: Calls) -> None:
    script = make(
        hub,
        [
            {**record("off"), "enabled": False},
            {**record("template off"), "enabled": "{{ false }}"},
            {**record("template on"), "enabled": "{{ true }}"},
        ],
    )
    await script.run()
    assert calls.values == ["template on"]


async def test_condition_ends_only_its_own_sequence(hub: Hub, calls: Calls) -> None:
    script = make(
        hub,
        [
            {
                "if": "{{ true }}",
                "then": [
                    {"condition": "template", "value_template": "{{ false }}"},
                    record("never"),
                ],
            },
            record("outer"),
            {"condition": "template", "value_template": "{{ false }}"},
            record("never either"),
        ],
    )
    assert (await script.run()).script_execution == "aborted"
    assert calls.values == ["outer"]


async def test_choose_picks_the_first_match_else_default(hub: Hub, calls: Calls) -> None:
    script = make(
        hub,
        [
            {
                "choose": [
                    {"conditions": "{{ n == 1 }}", "sequence": [record("one")]},
                    {"conditions": "{{ n < 3 }}", "sequence": [record("small")]},
                ],
                "default": [record("big")],
            }
        ],
        mode="parallel",
    )
    for n in (1, 2, 5):
        await script.run({"n": n})
    assert calls.values == ["one", "small", "big"]


async def test_runs_carry_their_context(hub: Hub, calls: Calls) -> None:
    context = Context(user_id="u")
    script = make(hub, [record("{{ context.id }}")])
    await script.run(context=context)
    assert calls.contexts == [context]
    assert calls.values == [context.id]


async def test_the_event_action_fires_with_the_run_context(hub: Hub) -> None:
    seen: list[Any] = []
    hub.bus.listen("custom", lambda event: seen.append((dict(event.data), event.context)))
    context = Context()
    script = make(hub, [{"event": "custom", "event_data": {"n": "{{ 1 + 1 }}"}}])
    await script.run(context=context)
    assert seen == [({"n": 2}, context)]


# -- traces -------------------------------------------------------------------------------


async def test_steps_are_traced_at_home_assistant_paths(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    script = make(
        hub,
        [
            record(0),
            {"choose": [{"conditions": "{{ true }}", "sequence": [record(1)]}]},
            {"if": "{{ false }}", "then": [record("x")], "else": [record(2)]},
            {"repeat": {"count": 1, "sequence": [record(3)]}},
            {"parallel": [record(4)]},
            {"sequence": [record(5)]},
            {**record("off"), "enabled": False},
        ],
    )
    recorder = TraceRecorder("script", "test", Context(), {})
    with trace_run(hub, recorder), trace_path("sequence"):
        await script.run()
    assert set(recorder.trace) >= {
        "sequence/0",
        "sequence/1",
        "sequence/1/choose/0/conditions/0",
        "sequence/1/choose/0/sequence/0",
        "sequence/2/if/condition/0",
        "sequence/2/else/0",
        "sequence/3/repeat/sequence/0",
        "sequence/4/parallel/0/sequence/0",
        "sequence/5/sequence/0",
        "sequence/6",
    }
    assert recorder.steps("sequence/1")[0].result == {"choice": 0}
    assert recorder.steps("sequence/2")[0].result == {"choice": "else"}
    assert recorder.steps("sequence/6")[0].result == {"enabled": False}
    params = recorder.steps("sequence/0")[0].result
    assert params is not None and params["params"]["service"] == "record"
    assert recorder.script_execution == "finished"


async def test_an_error_is_recorded_on_its_step(hub: Hub, calls: Calls) -> None:
    script = make(hub, [{"action": "test.fail", "continue_on_error": True}])
    recorder = TraceRecorder("script", "test", Context(), {})
    with trace_run(hub, recorder), trace_path("sequence"):
        await script.run()
    assert recorder.steps("sequence/0")[0].error == "the device said no"


# -- change listener ------------------------------------------------------------------------


async def test_the_change_listener_hears_starts_and_ends(
    hub: Hub, clock: ManualClock, calls: Calls
) -> None:
    changes: list[int] = []
    script: Script | None = None

    def changed() -> None:
        assert script is not None
        changes.append(script.runs)

    # A run that never waits is announced once, when it ends (one state write).
    script = make(hub, [record(1)], change_listener=changed)
    await script.run()
    assert changes == [0]
    assert script.last_triggered == hub.clock.utcnow()
    # One that waits is announced before it waits, and again when it ends.
    changes.clear()
    script = make(hub, [{"delay": 5}, record(2)], change_listener=changed)
    spawn(hub, script.run(), "waits")
    await settle(hub)
    assert changes == [1]
    await clock.advance(5, settle=hub.block_till_done)
    assert changes == [1, 0]


def test_an_unknown_mode_is_a_programming_error(hub: Hub) -> None:
    with pytest.raises(ValueError, match="unknown script mode"):
        Script(hub, [], "x", "script", mode="sometimes")


Callback = Callable[[], None]
