"""Recording one run of an automation or script, in Home Assistant's trace model.

A run's trace maps a *path* (``"trigger/0"``, ``"condition/1/entity_id/0"``,
``"action/2/then/0"``) to the steps recorded there, in order. A step holds its time, the
variables that changed since the previous step, its result (what a condition compared,
what a service call returned), its error and, when it started another traced run (a
script), that run's id.

Context variables carry the current run, the current path and the stack of open steps,
so code deep inside a run records without being handed a recorder. Each asyncio task
has its own copy: the branches of a ``parallel`` action keep their own paths while
writing into the same run. Outside a run every function here is a cheap no-op.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from hub.timestamps import iso_utc

if TYPE_CHECKING:
    from hub.clock import Clock
    from hub.context import Context

STATE_RUNNING: Final = "running"
STATE_STOPPED: Final = "stopped"

_RUN: ContextVar[TraceRecorder | None] = ContextVar("trace_run", default=None)
_PATH: ContextVar[tuple[str, ...]] = ContextVar("trace_path", default=())
_STACK: ContextVar[tuple[TraceStep, ...]] = ContextVar("trace_stack", default=())
# The variables the previous step saw: a step records only what changed since then.
_VARIABLES: ContextVar[Mapping[str, Any] | None] = ContextVar("trace_variables", default=None)


class TraceStep:
    """One recorded step (HA's ``TraceElement``).

    Use it as a context manager to make it the *current* step while it runs: results,
    child runs and errors then land on it, and an exception leaving the block is
    recorded as its error (unless the exception says ``trace_as_error = False``, as
    control flow like a failed condition or ``stop`` does).
    """

    __slots__ = (
        "_token",
        "changed_variables",
        "child_id",
        "error",
        "path",
        "result",
        "reuse_by_child",
        "timestamp",
    )

    def __init__(self, path: str, timestamp: float, variables: Mapping[str, Any] | None) -> None:
        self.path = path
        self.timestamp = timestamp
        self.changed_variables: dict[str, Any] = _changed_variables(variables)
        self.result: dict[str, Any] | None = None
        self.error: str | None = None
        self.child_id: dict[str, str] | None = None
        # Set by a step that hands its place to the first child step recorded at the
        # same path (a condition used as an action records into the action's step).
        self.reuse_by_child = False
        self._token: Token[tuple[TraceStep, ...]] | None = None

    def set_result(self, **result: Any) -> None:
        """Replace the step's result."""
        self.result = result

    def update_result(self, **result: Any) -> None:
        """Add to the step's result."""
        self.result = {**(self.result or {}), **result}

    def set_error(self, error: BaseException | str) -> None:
        """Record an error (its text is what the trace shows)."""
        self.error = str(error)

    def set_child_id(self, key: str, run_id: str) -> None:
        """Record the run this step started (``"script.lights"``, its run id)."""
        domain, _, item_id = key.partition(".")
        self.child_id = {"domain": domain, "item_id": item_id, "run_id": run_id}

    def update_variables(self, variables: Mapping[str, Any] | None) -> None:
        """Record what the step changed: the variables after it against those before."""
        self.changed_variables = _changed_variables(variables)

    def as_dict(self) -> dict[str, Any]:
        """HA's wire form (key order as HA sends it)."""
        result: dict[str, Any] = {"path": self.path, "timestamp": iso_utc(self.timestamp)}
        if self.child_id is not None:
            result["child_id"] = self.child_id
        if self.changed_variables:
            result["changed_variables"] = self.changed_variables
        if self.error is not None:
            result["error"] = self.error
        if self.result is not None:
            result["result"] = self.result
        return result

    def __enter__(self) -> TraceStep:
        self._token = _STACK.set((*_STACK.get(), self))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(exc, Exception) and getattr(exc, "trace_as_error", True):
            cause = exc.__cause__ if getattr(exc, "trace_use_cause", False) else None
            self.set_error(cause or exc)
        if self._token is not None:
            _STACK.reset(self._token)
            self._token = None

    def __repr__(self) -> str:
        return f"<TraceStep {self.path} result={self.result} error={self.error}>"


def _changed_variables(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    """The variables that differ from the previous step's, and remember these."""
    current = dict(variables) if variables else {}
    previous = _VARIABLES.get()
    _VARIABLES.set(current)
    if not previous:
        return current
    return {
        key: value
        for key, value in current.items()
        if key not in previous or not _same(previous[key], value)
    }


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
    try:
        return bool(old == new)
    except Exception:  # exotic values that refuse comparison count as changed
        return False


class TraceRecorder:
    """The trace of one run of an automation or script.

    Created by the automation or script engine and started with ``trace_run`` (which
    stores it, so ``trace/list`` shows it while it runs, and makes it current).
    """

    def __init__(
        self,
        domain: str,
        item_id: str,
        context: Context,
        config: Mapping[str, Any],
        blueprint_inputs: Mapping[str, Any] | None = None,
    ) -> None:
        self.domain = domain
        self.item_id = item_id
        self.key = f"{domain}.{item_id}"
        self.context = context
        self.config = config
        self.blueprint_inputs = blueprint_inputs
        self.run_id: str = uuid.uuid4().hex
        self.state: str = STATE_RUNNING
        self.script_execution: str | None = None
        self.error: str | None = None
        self.trigger_description: str | None = None
        self.trace: dict[str, list[TraceStep]] = {}
        self._clock: Clock | None = None
        self._start = 0.0
        self._finish: float | None = None
        self._short: dict[str, Any] | None = None
        self._extended: dict[str, Any] | None = None

    # -- life cycle (trace_run calls these) -------------------------------------------

    def begin(self, clock: Clock) -> None:
        """Start the run's clock (its start time is now)."""
        self._clock = clock
        self._start = clock.time()

    def finish(self) -> None:
        """The run has ended: stopped, with its finish time."""
        self._finish = self.now()
        self.state = STATE_STOPPED

    def now(self) -> float:
        """The run's clock time (epoch seconds)."""
        return time.time() if self._clock is None else self._clock.time()

    # -- what engines record -----------------------------------------------------------

    def set_error(self, error: BaseException | str) -> None:
        """The run failed with ``error``."""
        self.error = str(error)

    def set_trigger_description(self, description: str | None) -> None:
        """What started an automation run (``"state of binary_sensor.hall"``)."""
        self.trigger_description = description

    def append(self, step: TraceStep) -> None:
        """Add a step at its path."""
        self.trace.setdefault(step.path, []).append(step)

    def steps(self, path: str) -> list[TraceStep]:
        """The steps recorded at ``path`` (empty when none)."""
        return self.trace.get(path, [])

    def failed_condition(self) -> tuple[str, dict[str, Any]] | None:
        """The innermost condition step that failed: its path and result (what it
        compared), or its error. For the "why not" log."""
        found: tuple[str, dict[str, Any]] | None = None
        for path, steps in self.trace.items():
            if not path.startswith("condition"):
                continue
            for step in steps:
                if step.error is not None:
                    found = (path, {"error": step.error, **(step.result or {})})
                elif step.result is not None and step.result.get("result") is False:
                    found = (path, dict(step.result))
        return found

    # -- wire forms --------------------------------------------------------------------

    @property
    def last_step(self) -> str | None:
        """The path recorded last (HA's ``last_step``)."""
        return next(reversed(self.trace), None) if self.trace else None

    def as_short_dict(self) -> dict[str, Any]:
        """HA's ``trace/list`` item; fixed (and cached) once the run stopped."""
        if self._short is not None:
            return self._short
        result: dict[str, Any] = {
            "last_step": self.last_step,
            "run_id": self.run_id,
            "state": self.state,
            "script_execution": self.script_execution,
            "timestamp": {
                "start": iso_utc(self._start),
                "finish": None if self._finish is None else iso_utc(self._finish),
            },
            "domain": self.domain,
            "item_id": self.item_id,
        }
        if self.error is not None:
            result["error"] = self.error
        if self.domain == "automation":
            result["trigger"] = self.trigger_description
        if self.state == STATE_STOPPED:
            self._short = result
        return result

    def as_extended_dict(self) -> dict[str, Any]:
        """HA's ``trace/get`` answer: the short form plus the steps, the configuration,
        the blueprint inputs and the context."""
        if self._extended is not None:
            return self._extended
        result = {
            **self.as_short_dict(),
            "trace": {
                path: [step.as_dict() for step in steps] for path, steps in self.trace.items()
            },
            "config": self.config,
            "blueprint_inputs": self.blueprint_inputs,
            "context": self.context.as_dict(),
        }
        if self.state == STATE_STOPPED:
            self._extended = result
        return result

    @property
    def context_id(self) -> str:
        """The id of the context the run carried."""
        return self.context.id

    def __repr__(self) -> str:
        return f"<TraceRecorder {self.key} {self.run_id} {self.state}>"


# -- context-variable API --------------------------------------------------------------


def current_run() -> TraceRecorder | None:
    """The run being recorded in this task, if any."""
    return _RUN.get()


def current_step() -> TraceStep | None:
    """The innermost open step of this task's run, if any."""
    stack = _STACK.get()
    return stack[-1] if stack else None


def trace_path_get() -> str:
    """The current path, ``/``-joined."""
    return "/".join(_PATH.get())


@contextmanager
def trace_path(suffix: str | list[str] | tuple[str, ...]) -> Iterator[None]:
    """Record the steps opened inside under ``suffix`` (one part, or several)."""
    parts = (suffix,) if isinstance(suffix, str) else tuple(suffix)
    token = _PATH.set((*_PATH.get(), *parts))
    try:
        yield
    finally:
        _PATH.reset(token)


def trace_step(variables: Mapping[str, Any] | None = None, path: str | None = None) -> TraceStep:
    """Record a step at the current path (or ``path``) and return it.

    ``variables`` are the run's variables as the step starts; the step keeps those that
    changed since the previous step. Use the step as a context manager to make it the
    current one while it runs.
    """
    run = _RUN.get()
    where = trace_path_get() if path is None else path
    if run is None:
        return TraceStep(where, 0.0, None)
    step = TraceStep(where, run.now(), variables)
    run.append(step)
    return step


@contextmanager
def trace_child(variables: Mapping[str, Any] | None = None) -> Iterator[TraceStep]:
    """Open a step at the current path for the duration of the block (a condition
    check), or record into the current step when it was handed over with
    ``reuse_by_child`` (a condition used as an action records into the action's step).
    An exception leaving the block is recorded as the step's error."""
    step = current_step()
    if step is not None and step.reuse_by_child:
        step.reuse_by_child = False
        try:
            yield step
        except Exception as exc:
            step.set_error(exc)
            raise
        return
    with trace_step(variables) as opened:
        yield opened


def trace_set_result(**result: Any) -> None:
    """Replace the current step's result (``result=True, state="on", wanted_state="on"``)."""
    step = current_step()
    if step is not None:
        step.set_result(**result)


def trace_update_result(**result: Any) -> None:
    """Add to the current step's result."""
    step = current_step()
    if step is not None:
        step.update_result(**result)


def trace_set_error(error: BaseException | str) -> None:
    """Record an error on the current step."""
    step = current_step()
    if step is not None:
        step.set_error(error)


def trace_changed_variables(variables: Mapping[str, Any] | None) -> None:
    """Record on the current step what it changed: ``variables`` as they are after it,
    against those it started with (a ``variables:`` action, a ``response_variable``)."""
    step = current_step()
    if step is not None:
        step.update_variables(variables)


def trace_set_child_id(key: str, run_id: str) -> None:
    """Record on the current step the traced run it started."""
    step = current_step()
    if step is not None:
        step.set_child_id(key, run_id)


def script_execution_set(reason: str) -> None:
    """How the current run ended: ``finished``, ``cancelled``, ``aborted``, ``error``,
    ``failed_conditions``, ``failed_single``, ``failed_max_runs``..."""
    run = _RUN.get()
    if run is not None:
        run.script_execution = reason


def script_execution_get() -> str | None:
    """How the current run ended so far (None while undecided)."""
    run = _RUN.get()
    return None if run is None else run.script_execution


@contextmanager
def untraced() -> Iterator[None]:
    """Run the block outside any run: what it records goes nowhere, and runs it starts
    are not children of the current one (a trigger firing while another automation's
    action changes a state)."""
    tokens = (_RUN.set(None), _PATH.set(()), _STACK.set(()), _VARIABLES.set(None))
    try:
        yield
    finally:
        _VARIABLES.reset(tokens[3])
        _STACK.reset(tokens[2])
        _PATH.reset(tokens[1])
        _RUN.reset(tokens[0])


@contextmanager
def activate(run: TraceRecorder) -> Iterator[TraceRecorder]:
    """Make ``run`` this task's current run, with an empty path and step stack; the
    previous run (a caller's) is current again afterwards."""
    tokens = (
        _RUN.set(run),
        _PATH.set(()),
        _STACK.set(()),
        _VARIABLES.set(None),
    )
    try:
        yield run
    finally:
        _VARIABLES.reset(tokens[3])
        _STACK.reset(tokens[2])
        _PATH.reset(tokens[1])
        _RUN.reset(tokens[0])
