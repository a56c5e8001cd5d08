"""``Script``: runs a sequence of actions with Home Assistant's modes and semantics.

Modes, when a run is asked for while others are going:

- ``single``: refused ("Already running", logged at ``max_exceeded``; the run's trace
  says ``failed_single``);
- ``restart``: the running ones are stopped first;
- ``queued``: waits for the running one, in order (at most ``max`` runs, counting the
  waiting ones);
- ``parallel``: runs alongside (at most ``max``).

A run executes in the task that calls ``run()`` (no task per run); ``spawn`` (in
``busy``) gives callers that must not wait (an automation's trigger, ``script.turn_on``)
a background task. Stopping a run cancels the task executing it and takes the
cancellation back once the run has ended, so the caller of ``run()`` just gets a result
with ``script_execution == "cancelled"``. A run that stops itself (a script that turns
its own automation off) only sets the flag: the next step does not start.

Every step is recorded in the current trace (``hub.trace``) when one is active; without
one the step loop does no trace work at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final
from weakref import WeakSet

import voluptuous as vol

from hub.config.validators import LOG_LEVELS
from hub.const import EVENT_HUB_STOP
from hub.context import Context
from hub.exceptions import HubError, ServiceNotFound, TemplateError
from hub.hub_data import HubKey
from hub.script.busy import BusyToken, current_token
from hub.script.const import (
    DEFAULT_MAX,
    DEFAULT_MAX_EXCEEDED,
    SCRIPT_MODE_PARALLEL,
    SCRIPT_MODE_QUEUED,
    SCRIPT_MODE_RESTART,
    SCRIPT_MODE_SINGLE,
    SCRIPT_MODES,
)
from hub.script.errors import AbortScript, ConditionFail, HaltScript, StopScript
from hub.script.steps import Arm, Step, compile_sequence, sequence_may_wait
from hub.script.variables import ScriptVariables
from hub.services import ServiceResponse
from hub.trace import (
    current_run,
    script_execution_set,
    trace_path,
    trace_path_get,
    trace_step,
)

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

# The scripts running in this task's call chain (recursion guard for restart/queued).
_STACK: ContextVar[tuple[int, ...]] = ContextVar("script_stack", default=())

_LEVELS: Final = LOG_LEVELS


@dataclass(slots=True)
class ScriptRunResult:
    """What a run ended with."""

    script_execution: str = "finished"
    service_response: ServiceResponse = None
    variables: dict[str, Any] = field(default_factory=dict)
    conversation_response: Any = None

    @property
    def response(self) -> ServiceResponse:
        """The ``stop`` response (``response_variable``), if any."""
        return self.service_response

    @property
    def ran(self) -> bool:
        """Whether the run was allowed to start (not refused by its mode)."""
        return self.script_execution not in (
            "failed_single",
            "failed_max_runs",
            "disallowed_recursion_detected",
        )


def ignorable(error: BaseException) -> bool:
    """Whether ``continue_on_error`` may skip ``error``: runtime failures of the hub, not
    mistakes in the script (bad data, templates, unknown services)."""
    if isinstance(error, vol.Invalid | TemplateError | ServiceNotFound | HaltScript):
        return False
    return isinstance(error, HubError)


class _Run:
    """One run of a script."""

    __slots__ = (
        "_cancel_sent",
        "_stop_requested",
        "context",
        "conversation_response",
        "domain",
        "finished",
        "hub",
        "name",
        "script",
        "task",
        "variables",
    )

    def __init__(self, script: Script, variables: dict[str, Any], context: Context) -> None:
        self.script = script
        self.hub = script.hub
        self.name = script.name
        self.domain = script.domain
        self.variables = variables
        self.context = context
        self.conversation_response: Any = None
        self.task: asyncio.Task[Any] | None = asyncio.current_task()
        self.finished: asyncio.Future[None] = self.hub.loop.create_future()
        self._stop_requested = False
        self._cancel_sent = False

    @property
    def stop_requested(self) -> bool:
        """Whether the run has been asked to stop."""
        return self._stop_requested

    def request_stop(self) -> None:
        """Ask the run to stop: its task is cancelled unless it is the caller's own."""
        if self._stop_requested:
            return
        self._stop_requested = True
        task = self.task
        if task is None or task.done() or task is asyncio.current_task():
            return
        self._cancel_sent = True
        task.cancel()

    def _take_back_cancel(self) -> bool:
        """After a CancelledError: True when it was ours alone (the run just stops)."""
        if not self._cancel_sent or self.task is None:
            return False
        self._cancel_sent = False
        return self.task.uncancel() == 0

    async def execute(self) -> ScriptRunResult:
        """Run the whole sequence and say how it ended."""
        result = ScriptRunResult(variables=self.variables)
        stack = _STACK.set((*_STACK.get(), id(self.script)))
        try:
            result.variables = await self._sequence(self.script.sequence, self.variables)
            result.script_execution = "cancelled" if self._stop_requested else "finished"
        except ConditionFail:
            result.script_execution = "aborted"
        except AbortScript:
            result.script_execution = "aborted"
        except StopScript as stop:
            result.script_execution = "finished"
            result.service_response = stop.response
        except asyncio.CancelledError:
            result.script_execution = "cancelled"
            if not self._take_back_cancel():
                script_execution_set("cancelled")
                raise
        except Exception:
            script_execution_set("error")
            raise
        finally:
            _STACK.reset(stack)
            self.script._finish(self)
        result.conversation_response = self.conversation_response
        script_execution_set(result.script_execution)
        return result

    # -- sequences and steps ----------------------------------------------------------

    async def _sequence(self, steps: list[Step], variables: dict[str, Any]) -> dict[str, Any]:
        prefix: str | None = None
        if current_run() is not None:
            base = trace_path_get()
            prefix = f"{base}/" if base else ""
        for index, step in enumerate(steps):
            if self._stop_requested:
                break
            if prefix is None:
                variables = await self._step(step, variables)
            elif step.nested:
                with trace_path(str(index)):
                    variables = await self._traced_step(step, None, variables)
            else:
                variables = await self._traced_step(step, f"{prefix}{index}", variables)
        return variables

    async def run_sequence(self, steps: list[Step], variables: dict[str, Any]) -> dict[str, Any]:
        """A nested sequence: a false ``condition`` ends only this sequence."""
        try:
            return await self._sequence(steps, variables)
        except ConditionFail:
            return variables

    async def _step(self, step: Step, variables: dict[str, Any]) -> dict[str, Any]:
        try:
            if step.enabled is not True and not step.is_enabled():
                return variables
            return await step.execute(self, variables)
        except HaltScript:
            raise
        except Exception as err:
            if not (step.continue_on_error and ignorable(err)):
                raise
            _LOGGER.warning("%s: %s failed, continuing: %s", self.name, step.kind, err)
            return variables

    async def _traced_step(
        self, step: Step, path: str | None, variables: dict[str, Any]
    ) -> dict[str, Any]:
        """Run a step as a trace step at ``path`` (None: the current path)."""
        with trace_step(variables, path) as element:
            try:
                if step.enabled is not True and not step.is_enabled():
                    element.set_result(enabled=False)
                    return variables
                variables = await step.execute(self, variables)
            except HaltScript:
                raise
            except Exception as err:
                if not (step.continue_on_error and ignorable(err)):
                    raise
                element.set_error(err)
                _LOGGER.warning("%s: %s failed, continuing: %s", self.name, step.kind, err)
            finally:
                if step.changes_variables:
                    element.update_variables(variables)
        return variables

    # -- waiting and parallel branches -----------------------------------------------

    async def wait(self, timeout: float | None, arm: Arm) -> bool:
        """Wait until woken (True) or until ``timeout`` seconds of hub time (False)."""
        loop = self.hub.loop
        future: asyncio.Future[bool] = loop.create_future()
        token = current_token.get()

        def finish(woken: bool) -> None:
            if future.done():
                return
            if token is not None:
                token.take()  # tracked again before the run continues
            future.set_result(woken)

        flush_changes(self.hub)
        remove = await arm(lambda: finish(True))
        timer = self.hub.clock.call_later(timeout, finish, False) if timeout is not None else None
        if token is not None and not future.done():
            token.release()
        try:
            return await future
        finally:
            if timer is not None:
                timer.cancel()
            remove()
            if token is not None:
                token.take()

    async def run_parallel(self, branches: list[list[Step]], variables: dict[str, Any]) -> None:
        """Each branch in its own task on a copy of ``variables``; the first error wins."""
        loop = self.hub.loop
        token = current_token.get()
        errors: list[BaseException | None] = [None] * len(branches)
        remaining = [len(branches)]

        async def branch(index: int, steps: list[Step], own: BusyToken) -> None:
            current_token.set(own)
            try:
                with trace_path([str(index), "sequence"]):
                    await self.run_sequence(steps, dict(variables))
            except Exception as err:
                errors[index] = err
            finally:
                own.release()
                remaining[0] -= 1
                if remaining[0] == 0 and token is not None:
                    token.take()  # the parent continues: tracked before it wakes

        tasks = []
        for index, steps in enumerate(branches):
            own = BusyToken(self.hub, f"{self.name} parallel {index}")
            own.take()
            tasks.append(loop.create_task(branch(index, steps, own)))
        flush_changes(self.hub)
        if token is not None:
            token.release()
        try:
            await asyncio.wait(tasks)
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)
            raise
        for error in errors:
            if error is not None:
                raise error


class _ScriptRegistry:
    """The hub's live scripts: runs in progress are stopped when the hub stops.

    It also holds the scripts whose "a run started" change is not announced yet: a run
    that ends without ever waiting announces only its end (one state write instead of
    two); one that waits announces its start before it waits (``flush_changes``).
    """

    def __init__(self, hub: Hub) -> None:
        self.scripts: WeakSet[Script] = WeakSet()
        self.pending: set[Script] = set()
        hub.bus.listen(EVENT_HUB_STOP, self._stop_all)

    def flush(self) -> None:
        pending, self.pending = self.pending, set()
        for script in pending:
            if script._change_pending:
                script._change_pending = False
                script._changed()

    def _stop_all(self, _event: Event) -> None:
        for script in list(self.scripts):
            for run in list(script._runs):
                run.request_stop()


_REGISTRY: Final = HubKey[_ScriptRegistry]("script_registry")


def flush_changes(hub: Hub) -> None:
    """Announce the starts of runs about to wait (call before any wait)."""
    registry = hub.data.get(_REGISTRY)
    if registry is not None and registry.pending:
        registry.flush()


class Script:
    """A sequence of actions and how runs of it may overlap."""

    def __init__(
        self,
        hub: Hub,
        sequence: list[dict[str, Any]],
        name: str,
        domain: str,
        *,
        mode: str = SCRIPT_MODE_SINGLE,
        max_runs: int = DEFAULT_MAX,
        max_exceeded: str = DEFAULT_MAX_EXCEEDED,
        variables: ScriptVariables | Mapping[str, Any] | None = None,
        item_id: str | None = None,
        change_listener: Callable[[], None] | None = None,
        logger: logging.Logger | None = None,
    ) -> None:
        if mode not in SCRIPT_MODES:
            raise ValueError(f"unknown script mode {mode!r}")
        from hub.template import attach  # noqa: PLC0415 - the template package is heavy

        self.hub = hub
        self.config = sequence
        attach(hub, sequence)
        self.sequence: list[Step] = compile_sequence(sequence)
        self.name = name
        self.domain = domain
        self.item_id = item_id
        self.script_mode = mode
        self.max_runs = max_runs
        self.max_exceeded = max_exceeded.upper()
        if variables is not None and not isinstance(variables, ScriptVariables):
            variables = ScriptVariables(variables)
        if variables is not None:
            variables.attach(hub)
        self.variables: ScriptVariables | None = variables
        self.change_listener = change_listener
        self.logger = logger or _LOGGER
        # Whether a run may wait (queue, delay, wait, called script): such runs are
        # started in background tasks with a busy token (``busy.spawn``).
        self.may_wait = mode == SCRIPT_MODE_QUEUED or sequence_may_wait(self.sequence)
        self.last_triggered: datetime | None = None
        self._runs: list[_Run] = []
        self._active: _Run | None = None  # queued mode: the run that has its turn
        self._queue: deque[tuple[_Run, asyncio.Future[None], BusyToken | None]] = deque()
        registry = hub.data.get(_REGISTRY)
        if registry is None:
            registry = hub.data.setdefault(_REGISTRY, _ScriptRegistry(hub))
        registry.scripts.add(self)
        self._registry = registry
        self._change_pending = False

    # -- state ------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """Whether any run is in progress (or waiting its turn)."""
        return bool(self._runs)

    @property
    def runs(self) -> int:
        """How many runs are in progress (HA's ``current``)."""
        return len(self._runs)

    @property
    def supports_max(self) -> bool:
        """Whether ``max`` applies (queued and parallel modes)."""
        return self.script_mode in (SCRIPT_MODE_PARALLEL, SCRIPT_MODE_QUEUED)

    def _changed(self) -> None:
        if self.change_listener is not None:
            self.change_listener()

    def _started(self) -> None:
        """A run started: announced when it first waits, or together with its end."""
        if self.change_listener is None or self._change_pending:
            return
        self._change_pending = True
        self._registry.pending.add(self)

    # -- running ----------------------------------------------------------------------

    async def run(
        self,
        variables: Mapping[str, Any] | None = None,
        context: Context | None = None,
        started_action: Callable[[], None] | None = None,
    ) -> ScriptRunResult:
        """Run the script (in this task) unless its mode refuses; see the module doc.

        ``started_action`` is called once the run is allowed, before the first step
        (an automation fires ``automation_triggered`` there). Errors of steps that
        are not skipped by ``continue_on_error`` are raised after the run has ended.
        """
        if context is None:
            context = Context()
        refused = self._refusal()
        if refused is not None:
            script_execution_set(refused)
            return ScriptRunResult(script_execution=refused)
        run_variables = self._initial_variables(variables, context)
        if (
            self.script_mode in (SCRIPT_MODE_RESTART, SCRIPT_MODE_QUEUED)
            and id(self) in _STACK.get()
        ):
            self.logger.warning(
                "%s: disallowed recursion detected: %s.%s tried to start itself",
                self.name,
                self.domain,
                self.name,
            )
            script_execution_set("disallowed_recursion_detected")
            return ScriptRunResult(script_execution="disallowed_recursion_detected")
        run = _Run(self, run_variables, context)
        others = [existing for existing in self._runs if existing is not run]
        self._runs.append(run)
        try:
            if self.script_mode == SCRIPT_MODE_RESTART and others:
                self.logger.info("%s: restarting", self.name)
                await self._stop_runs(others)
            if started_action is not None:
                started_action()
            self.last_triggered = self.hub.clock.utcnow()
            self._started()
            if self.script_mode == SCRIPT_MODE_QUEUED:
                await self._wait_turn(run)
        except asyncio.CancelledError:
            self._finish(run)
            if run._take_back_cancel():
                return ScriptRunResult(script_execution="cancelled")
            raise
        return await run.execute()

    def _refusal(self) -> str | None:
        if not self._runs:
            return None
        if self.script_mode == SCRIPT_MODE_SINGLE:
            self._log_exceeded("Already running")
            return "failed_single"
        if self.script_mode != SCRIPT_MODE_RESTART and len(self._runs) >= self.max_runs:
            self._log_exceeded("Maximum number of runs exceeded")
            return "failed_max_runs"
        return None

    def _log_exceeded(self, message: str) -> None:
        if self.max_exceeded != "SILENT":
            level = _LEVELS.get(self.max_exceeded, logging.WARNING)
            self.logger.log(level, "%s: %s", self.name, message)

    def _initial_variables(
        self, variables: Mapping[str, Any] | None, context: Context
    ) -> dict[str, Any]:
        if self.variables is not None:
            rendered = self.variables.render(variables)
        else:
            rendered = dict(variables) if variables else {}
        rendered["context"] = context
        return rendered

    async def _wait_turn(self, run: _Run) -> None:
        if self._active is None:
            self._active = run
            return
        future: asyncio.Future[None] = self.hub.loop.create_future()
        token = current_token.get()
        self._queue.append((run, future, token))
        flush_changes(self.hub)
        if token is not None:
            token.release()
        try:
            await future
        finally:
            if token is not None:
                token.take()

    def _finish(self, run: _Run) -> None:
        """A run ended (or was dropped before starting)."""
        if run in self._runs:
            self._runs.remove(run)
        if not run.finished.done():
            run.finished.set_result(None)
        self._queue = deque(item for item in self._queue if item[0] is not run)
        if self._active is run:
            self._active = None
            self._next_turn()
        if self._change_pending:
            self._change_pending = False
            self._registry.pending.discard(self)
        self._changed()

    def _next_turn(self) -> None:
        while self._queue:
            run, future, token = self._queue.popleft()
            if future.done():
                continue
            self._active = run
            if token is not None:
                token.take()
            future.set_result(None)
            return

    async def stop(self) -> None:
        """Stop every run and wait until they have ended (HA's ``async_stop``)."""
        await self._stop_runs(list(self._runs))

    async def _stop_runs(self, runs: list[_Run]) -> None:
        current = asyncio.current_task()
        waiting = []
        for run in runs:
            run.request_stop()
            if run.task is not current:
                waiting.append(run.finished)
        if waiting:
            flush_changes(self.hub)
            await asyncio.wait(waiting)
