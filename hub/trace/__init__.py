"""Traces of automation and script runs (Home Assistant's model and wire format), and
the "why not" log of runs that did not happen.

How an engine records a run::

    recorder = TraceRecorder("automation", item_id, context, raw_config, blueprint_inputs)
    with trace_run(hub, recorder, stored_traces=5):
        recorder.set_trigger_description(variables["trigger"]["description"])
        trace_step(variables, path="trigger/0")           # the trigger's variables
        if not conditions_pass(variables):                 # conditions record themselves
            script_execution_set("failed_conditions")
            return
        with trace_path("action"):
            with trace_path("0"), trace_step(variables) as step:
                ...                                        # run the action
                trace_set_result(params={...}, running_script=False)
            script_execution_set("finished")

Inside a run, ``trace_path`` nests paths, ``trace_step`` opens a step at the current
path (as a context manager it is the *current* step: ``trace_set_result``,
``trace_update_result``, ``trace_changed_variables`` and ``trace_set_child_id`` act on
it, and an exception leaving it is its error). ``trace_child`` is what conditions use.
Runs are kept per item (the last ``stored_traces``, default 5), saved in
``.storage/trace.saved_traces`` and served by the ``trace/list``, ``trace/get`` and
``trace/contexts`` WebSocket commands, which ``trace_store(hub)`` registers.
"""

from __future__ import annotations

from hub.trace.not_run import (
    REASON_CONDITION,
    REASON_FOR_INTERRUPTED,
    REASON_MODE,
    NotRun,
    not_run_log,
    record_not_run,
)
from hub.trace.recorder import (
    STATE_RUNNING,
    STATE_STOPPED,
    TraceRecorder,
    TraceStep,
    current_run,
    current_step,
    script_execution_get,
    script_execution_set,
    trace_changed_variables,
    trace_child,
    trace_path,
    trace_path_get,
    trace_set_child_id,
    trace_set_error,
    trace_set_result,
    trace_step,
    trace_update_result,
    untraced,
)
from hub.trace.run import trace_run
from hub.trace.serialize import trace_dumps, trace_json_default
from hub.trace.store import (
    DEFAULT_STORED_TRACES,
    TRACE_DOMAINS,
    RestoredTrace,
    TraceStore,
    trace_store,
)

__all__ = [
    "DEFAULT_STORED_TRACES",
    "REASON_CONDITION",
    "REASON_FOR_INTERRUPTED",
    "REASON_MODE",
    "STATE_RUNNING",
    "STATE_STOPPED",
    "TRACE_DOMAINS",
    "NotRun",
    "RestoredTrace",
    "TraceRecorder",
    "TraceStep",
    "TraceStore",
    "current_run",
    "current_step",
    "not_run_log",
    "record_not_run",
    "script_execution_get",
    "script_execution_set",
    "trace_changed_variables",
    "trace_child",
    "trace_dumps",
    "trace_json_default",
    "trace_path",
    "trace_path_get",
    "trace_run",
    "trace_set_child_id",
    "trace_set_error",
    "trace_set_result",
    "trace_step",
    "trace_store",
    "trace_update_result",
    "untraced",
]
