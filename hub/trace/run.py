"""``trace_run``: record one run, from its start to its end, into the hub's store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from hub.trace.recorder import TraceRecorder, activate, current_run, trace_set_child_id
from hub.trace.store import DEFAULT_STORED_TRACES, trace_store

if TYPE_CHECKING:
    from hub.core import Hub


@contextmanager
def trace_run(
    hub: Hub, recorder: TraceRecorder, stored_traces: int = DEFAULT_STORED_TRACES
) -> Iterator[TraceRecorder]:
    """Record a run of an automation or script::

        recorder = TraceRecorder("automation", item_id, context, raw_config)
        with trace_run(hub, recorder, stored_traces=config_trace_limit):
            trace_step(variables, path=f"trigger/{idx}")
            ...

    On entry the run starts on the hub's clock, is stored (``trace/list`` shows it
    running), becomes this task's current run and, when it was started from inside
    another traced run (a script called by an automation), is linked as that run's
    current step's child. An exception leaving the block is the run's error. On exit it
    is finished (stopped, with its ``script_execution``) and a save is scheduled; the
    caller's run, if any, is current again.
    """
    recorder.begin(hub.clock)
    if current_run() is not None:
        trace_set_child_id(recorder.key, recorder.run_id)
    store = trace_store(hub)
    store.add(recorder, stored_traces)
    try:
        with activate(recorder):
            yield recorder
    except Exception as exc:
        recorder.set_error(exc)
        raise
    finally:
        recorder.finish()
        store.run_finished()
