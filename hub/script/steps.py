"""The actions a script runs, compiled once from their validated configuration.

``compile_sequence`` turns a list of validated actions into ``Step`` objects; a run
calls ``await step.execute(run, variables)``, which returns the variables the next step
sees. Most steps change variables in place (``response_variable``, ``wait``,
``repeat``); the ``variables`` action returns a new mapping, so its names are local to
the sequence it is in (and the sequences nested below), exactly Home Assistant
2025.1's scoping. Conditions are built on first use and kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import voluptuous as vol

from hub.condition import Condition, condition_from_config
from hub.config.time_periods import positive_time_period
from hub.exceptions import ConditionError, TemplateError
from hub.script.action_schema import determine_action
from hub.script.const import (
    ACTION_CALL_SERVICE,
    ACTION_CHOOSE,
    ACTION_CONDITION,
    ACTION_DELAY,
    ACTION_DEVICE,
    ACTION_EVENT,
    ACTION_IF,
    ACTION_PARALLEL,
    ACTION_REPEAT,
    ACTION_SCENE,
    ACTION_SEQUENCE,
    ACTION_SET_CONVERSATION_RESPONSE,
    ACTION_STOP,
    ACTION_VARIABLES,
    ACTION_WAIT_FOR_TRIGGER,
    ACTION_WAIT_TEMPLATE,
    CONF_ALIAS,
    CONF_CHOOSE,
    CONF_CONDITIONS,
    CONF_CONTINUE_ON_ERROR,
    CONF_CONTINUE_ON_TIMEOUT,
    CONF_COUNT,
    CONF_DEFAULT,
    CONF_DELAY,
    CONF_DEVICE_ID,
    CONF_ELSE,
    CONF_ENABLED,
    CONF_ERROR,
    CONF_EVENT,
    CONF_EVENT_DATA,
    CONF_EVENT_DATA_TEMPLATE,
    CONF_FOR_EACH,
    CONF_IF,
    CONF_PARALLEL,
    CONF_REPEAT,
    CONF_RESPONSE_VARIABLE,
    CONF_SCENE,
    CONF_SEQUENCE,
    CONF_SET_CONVERSATION_RESPONSE,
    CONF_STOP,
    CONF_THEN,
    CONF_TIMEOUT,
    CONF_UNTIL,
    CONF_VARIABLES,
    CONF_WAIT_FOR_TRIGGER,
    CONF_WAIT_TEMPLATE,
    CONF_WHILE,
    REPEAT_TERMINATE_ITERATIONS,
    REPEAT_WARN_ITERATIONS,
)
from hub.script.errors import AbortScript, ConditionFail, StopScript, UnknownDevice
from hub.script.service_call import PreparedServiceCall, check_response_request
from hub.script.variables import ScriptVariables
from hub.template import Template, render_complex, track_template_result
from hub.trace import trace_path, trace_set_result, trace_update_result
from hub.trigger import TriggerInfo, attach_triggers

if TYPE_CHECKING:
    from hub.context import Context
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

# Sets up what ends a wait (given the function that ends it); returns its remover.
Arm = Callable[[Callable[[], None]], Awaitable[Callable[[], None]]]
CONF_CONDITION_PATH = "condition"


class Run(Protocol):
    """What a step sees of the run executing it (``engine._Run``)."""

    hub: Hub
    context: Context
    name: str
    domain: str
    conversation_response: Any

    @property
    def stop_requested(self) -> bool:
        """Whether the run has been asked to stop."""

    async def run_sequence(self, steps: list[Step], variables: dict[str, Any]) -> dict[str, Any]:
        """Run a nested sequence; returns its final variables."""

    async def run_parallel(self, branches: list[list[Step]], variables: dict[str, Any]) -> None:
        """Run branches concurrently, each on a copy of ``variables``."""

    async def wait(self, timeout: float | None, arm: Arm) -> bool:
        """Wait until the callback handed to ``arm`` is called (True) or ``timeout``
        passes (False). ``arm`` returns the function that disarms it."""


class Step:
    """One compiled action."""

    __slots__ = ("alias", "config", "continue_on_error", "enabled")
    kind: ClassVar[str] = ""
    # Whether running it may wait on the clock or on another run (``may_wait``).
    waits: ClassVar[bool] = False
    # Whether it runs nested sequences (their trace paths build on the step's path).
    nested: ClassVar[bool] = False
    # Whether it may change the run's variables (the trace records what changed).
    changes_variables: ClassVar[bool] = True

    @property
    def may_wait(self) -> bool:
        """Whether a run may wait here (a delay, a wait, a called script)."""
        return self.waits

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.alias: str | None = config.get(CONF_ALIAS)
        self.continue_on_error: bool = bool(config.get(CONF_CONTINUE_ON_ERROR, False))
        self.enabled: bool | Template = config.get(CONF_ENABLED, True)

    def is_enabled(self) -> bool:
        """``enabled: false``, or a limited template deciding it now."""
        enabled = self.enabled
        if enabled is True:
            return True
        if isinstance(enabled, Template):
            return bool(render_complex(enabled, {}, limited=True))
        return bool(enabled)

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        """Run the action; returns the variables for the next step."""
        raise NotImplementedError


class ServiceStep(Step):
    """``action: domain.service`` with target, data and ``response_variable``."""

    __slots__ = ("call",)
    kind = ACTION_CALL_SERVICE

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.call = PreparedServiceCall(config)

    @property
    def changes_variables(self) -> bool:  # type: ignore[override]
        return self.call.response_variable is not None

    @property
    def may_wait(self) -> bool:
        target = self.call.static_service
        return (
            target is None
            or target[0] in ("script", "python_script")
            or target
            == (
                "automation",
                "trigger",
            )
        )

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        params = self.call.render(variables)
        response_variable = self.call.response_variable
        check_response_request(run.hub, params, response_variable is not None)
        running_script = (params.domain, params.service) == ("automation", "trigger") or (
            params.domain in ("script", "python_script")
        )
        trace_set_result(params=params.as_dict(), running_script=running_script)
        response = await run.hub.services.call(
            params.domain,
            params.service,
            params.data,
            blocking=True,
            context=run.context,
            target=params.target,
            return_response=response_variable is not None,
        )
        if response_variable is not None:
            variables[response_variable] = response
        return variables


def _time_period(run: Run, value: Any, variables: Mapping[str, Any], key: str) -> float:
    """A duration that may be a template (or a mapping holding templates), in seconds."""
    try:
        rendered = render_complex(value, variables) if not isinstance(value, timedelta) else value
        return positive_time_period(rendered).total_seconds()
    except (TemplateError, vol.Invalid) as err:
        _LOGGER.error("%s: error rendering %s template: %s", run.name, key, err)
        raise AbortScript(str(err)) from err


class DelayStep(Step):
    """``delay:`` on the hub clock."""

    __slots__ = ()
    kind = ACTION_DELAY
    changes_variables = False
    waits = True

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        seconds = _time_period(run, self.config[CONF_DELAY], variables, CONF_DELAY)
        if not seconds:
            trace_set_result(delay=seconds, done=True)
            return variables
        trace_set_result(delay=seconds, done=False)
        await run.wait(seconds, _never)
        trace_set_result(delay=seconds, done=True)
        return variables


async def _never(_wake: Callable[[], None]) -> Callable[[], None]:
    """An ``arm`` for waits that only end by their timeout."""
    return _nothing


def _nothing() -> None:
    return None


def _timeout(run: Run, step: Step, variables: Mapping[str, Any]) -> float | None:
    if CONF_TIMEOUT not in step.config:
        return None
    return _time_period(run, step.config[CONF_TIMEOUT], variables, CONF_TIMEOUT)


def _timed_out(run: Run, step: Step, variables: dict[str, Any]) -> None:
    """A wait ran out: ``wait.remaining`` is 0; abort unless ``continue_on_timeout``."""
    wait = variables["wait"]
    wait["remaining"] = 0.0
    if not step.config.get(CONF_CONTINUE_ON_TIMEOUT, True):
        trace_set_result(wait=wait, timeout=True)
        raise AbortScript("Timeout reached, abort script.") from TimeoutError()


def template_true(value: Any) -> bool:
    """Home Assistant's truth of a wait/condition template result."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return False


class WaitTemplateStep(Step):
    """``wait_template:`` with ``timeout`` and ``continue_on_timeout``; sets ``wait``."""

    __slots__ = ()
    kind = ACTION_WAIT_TEMPLATE
    waits = True

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        timeout = _timeout(run, self, variables)
        wait: dict[str, Any] = {"remaining": timeout, "completed": False}
        variables["wait"] = wait
        trace_set_result(wait=wait)
        template: Template = self.config[CONF_WAIT_TEMPLATE]
        try:
            already = template_true(template.render(variables, parse_result=False))
        except TemplateError as err:
            _LOGGER.warning("%s: error in wait_template: %s", run.name, err)
            already = False
        if already:
            wait["completed"] = True
            return variables
        if timeout == 0:
            _timed_out(run, self, variables)
            return variables
        started = run.hub.clock.time()

        async def arm(wake: Callable[[], None]) -> Callable[[], None]:
            def changed(result: Any) -> None:
                if isinstance(result, Exception) or not template_true(result):
                    return
                wait["completed"] = True
                if timeout is not None:
                    wait["remaining"] = max(timeout - (run.hub.clock.time() - started), 0.0)
                wake()

            return track_template_result(run.hub, template, changed, variables)

        if not await run.wait(timeout, arm):
            _timed_out(run, self, variables)
        return variables


class WaitForTriggerStep(Step):
    """``wait_for_trigger:`` with ``timeout``; sets ``wait.trigger``."""

    __slots__ = ()
    kind = ACTION_WAIT_FOR_TRIGGER
    waits = True

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        timeout = _timeout(run, self, variables)
        trigger_variables = dict(variables)
        wait: dict[str, Any] = {"remaining": timeout, "completed": False, "trigger": None}
        variables["wait"] = wait
        trace_set_result(wait=wait)
        if timeout == 0:
            _timed_out(run, self, variables)
            return variables
        started = run.hub.clock.time()

        async def arm(wake: Callable[[], None]) -> Callable[[], None]:
            def fired(trigger_vars: Mapping[str, Any], _context: Context | None = None) -> None:
                if wait["completed"]:
                    return
                wait["completed"] = True
                wait["trigger"] = trigger_vars.get("trigger")
                if timeout is not None:
                    wait["remaining"] = max(timeout - (run.hub.clock.time() - started), 0.0)
                wake()

            info = TriggerInfo(
                domain=run.domain,
                name=run.name,
                variables=trigger_variables,
                trigger_data={},
                home_assistant_start=False,
            )
            return await attach_triggers(run.hub, self.config[CONF_WAIT_FOR_TRIGGER], fired, info)

        if not await run.wait(timeout, arm):
            _timed_out(run, self, variables)
        return variables


class EventStep(Step):
    """``event:`` with ``event_data`` (templates); a failing template is logged."""

    __slots__ = ()
    kind = ACTION_EVENT
    changes_variables = False

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        event_data: dict[str, Any] = {}
        for key in (CONF_EVENT_DATA, CONF_EVENT_DATA_TEMPLATE):
            if key not in self.config:
                continue
            try:
                event_data.update(render_complex(self.config[key], variables) or {})
            except TemplateError as err:
                _LOGGER.error("%s: error rendering event data template: %s", run.name, err)
        event_type = str(self.config[CONF_EVENT])
        trace_set_result(event=event_type, event_data=event_data)
        run.hub.bus.fire_internal(event_type, event_data, context=run.context)
        return variables


class ConditionSet:
    """Conditions built on first use (building may need the hub), tested in order."""

    __slots__ = ("_built", "configs")

    def __init__(self, configs: list[dict[str, Any]]) -> None:
        self.configs = configs
        self._built: list[Condition] | None = None

    async def build(self, hub: Hub) -> list[Condition]:
        """The condition functions."""
        if self._built is None:
            self._built = [await condition_from_config(hub, config) for config in self.configs]
        return self._built

    async def test(self, run: Run, variables: Mapping[str, Any], path: str) -> bool | None:
        """True when all pass, False at the first that fails, None when one could not be
        evaluated (logged; Home Assistant treats it as not passing, and ``until`` as
        done). Each is recorded under ``path/<index>``."""
        conditions = await self.build(run.hub)
        with trace_path(path):
            for index, condition in enumerate(conditions):
                with trace_path(str(index)):
                    try:
                        if condition.evaluate(variables) is False:
                            return False
                    except ConditionError as err:
                        _LOGGER.warning(
                            "%s: error in '%s[%d]' evaluation: %s", run.name, path, index, err
                        )
                        return None
        return True


class ConditionStep(Step):
    """A condition used as an action: false ends the sequence it is in."""

    __slots__ = ("_condition",)
    kind = ACTION_CONDITION
    changes_variables = False

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self._condition: Condition | None = None

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        if self._condition is None:
            config = {k: v for k, v in self.config.items() if k != CONF_CONTINUE_ON_ERROR}
            self._condition = await condition_from_config(run.hub, config)
        from hub.trace import current_step  # noqa: PLC0415 - keep the hot path lean

        step = current_step()
        if step is not None:
            step.reuse_by_child = True
        try:
            passed = self._condition(variables)
        except ConditionError as err:
            _LOGGER.warning("%s: error in 'condition' evaluation: %s", run.name, err)
            passed = False
        if step is not None:
            step.reuse_by_child = False
        trace_update_result(result=passed)
        if not passed:
            raise ConditionFail
        return variables


class ChooseStep(Step):
    """``choose:`` options (conditions + sequence) and ``default:``."""

    __slots__ = ("default", "options")
    kind = ACTION_CHOOSE
    nested = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.options = [
            (ConditionSet(option[CONF_CONDITIONS]), compile_sequence(option[CONF_SEQUENCE]))
            for option in config[CONF_CHOOSE]
        ]
        self.default = compile_sequence(config[CONF_DEFAULT]) if CONF_DEFAULT in config else None

    @property
    def may_wait(self) -> bool:
        return any(sequence_may_wait(seq) for _, seq in self.options) or (
            self.default is not None and sequence_may_wait(self.default)
        )

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        with trace_path(CONF_CHOOSE):
            for index, (conditions, sequence) in enumerate(self.options):
                with trace_path(str(index)):
                    if await conditions.test(run, variables, CONF_CONDITIONS):
                        trace_set_result(choice=index)
                        with trace_path(CONF_SEQUENCE):
                            await run.run_sequence(sequence, variables)
                        return variables
        if self.default is not None:
            trace_set_result(choice="default")
            with trace_path(CONF_DEFAULT):
                await run.run_sequence(self.default, variables)
        return variables


class IfStep(Step):
    """``if:`` conditions, ``then:`` and optional ``else:``."""

    __slots__ = ("conditions", "else_", "then")
    kind = ACTION_IF
    nested = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.conditions = ConditionSet(config[CONF_IF])
        self.then = compile_sequence(config[CONF_THEN])
        self.else_ = compile_sequence(config[CONF_ELSE]) if CONF_ELSE in config else None

    @property
    def may_wait(self) -> bool:
        return sequence_may_wait(self.then) or (
            self.else_ is not None and sequence_may_wait(self.else_)
        )

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        with trace_path(CONF_IF):
            passed = await self.conditions.test(run, variables, CONF_CONDITION_PATH)
        if passed:
            trace_set_result(choice=CONF_THEN)
            with trace_path(CONF_THEN):
                await run.run_sequence(self.then, variables)
        elif self.else_ is not None:
            trace_set_result(choice=CONF_ELSE)
            with trace_path(CONF_ELSE):
                await run.run_sequence(self.else_, variables)
        return variables


class RepeatStep(Step):
    """``repeat:`` by ``count``, ``for_each``, ``while`` or ``until``; sets ``repeat``."""

    __slots__ = ("sequence", "until", "while_")
    kind = ACTION_REPEAT
    nested = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        repeat = config[CONF_REPEAT]
        self.sequence = compile_sequence(repeat[CONF_SEQUENCE])
        self.while_ = ConditionSet(repeat[CONF_WHILE]) if CONF_WHILE in repeat else None
        self.until = ConditionSet(repeat[CONF_UNTIL]) if CONF_UNTIL in repeat else None

    @property
    def may_wait(self) -> bool:
        return sequence_may_wait(self.sequence)

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        repeat = self.config[CONF_REPEAT]
        saved = variables.get("repeat")
        with trace_path(CONF_REPEAT):
            if CONF_COUNT in repeat:
                await self._count(run, variables, repeat[CONF_COUNT])
            elif CONF_FOR_EACH in repeat:
                await self._for_each(run, variables, repeat[CONF_FOR_EACH])
            else:
                await self._conditional(run, variables)
        if saved is not None:
            variables["repeat"] = saved
        else:
            variables.pop("repeat", None)
        return variables

    async def _iteration(
        self, run: Run, variables: dict[str, Any], index: int, count: int | None, item: Any
    ) -> None:
        state: dict[str, Any] = {"first": index == 1, "index": index}
        if count:
            state["last"] = index == count
        if item is not None:
            state["item"] = item
        variables["repeat"] = state
        with trace_path(CONF_SEQUENCE):
            await run.run_sequence(self.sequence, variables)

    async def _count(self, run: Run, variables: dict[str, Any], count: Any) -> None:
        if isinstance(count, Template):
            try:
                count = int(count.render(variables))
            except (TemplateError, ValueError, TypeError) as err:
                _LOGGER.error("%s: error rendering repeat count template: %s", run.name, err)
                raise AbortScript(str(err)) from err
        for index in range(1, int(count) + 1):
            await self._iteration(run, variables, index, int(count), None)
            if run.stop_requested:
                break

    async def _for_each(self, run: Run, variables: dict[str, Any], items: Any) -> None:
        try:
            rendered = render_complex(items, variables)
        except TemplateError as err:
            _LOGGER.error("%s: error rendering repeat for_each template: %s", run.name, err)
            raise AbortScript(str(err)) from err
        if not isinstance(rendered, list):
            _LOGGER.error(
                "%s: repeat 'for_each' must be a list of items, got: %s", run.name, rendered
            )
            raise AbortScript("Repeat 'for_each' must be a list of items")
        for index, item in enumerate(rendered, 1):
            if run.stop_requested:
                break
            await self._iteration(run, variables, index, len(rendered), item)

    async def _conditional(self, run: Run, variables: dict[str, Any]) -> None:
        index = 0
        while True:
            index += 1
            variables["repeat"] = {"first": index == 1, "index": index}
            if self.while_ is not None and (
                run.stop_requested or not await self.while_.test(run, variables, CONF_WHILE)
            ):
                return
            await self._iteration(run, variables, index, None, None)
            if self.until is not None and (
                run.stop_requested
                or await self.until.test(run, variables, CONF_UNTIL) in (True, None)
            ):
                return
            _check_runaway(run, index, self.config[CONF_REPEAT])
            # A tight loop must not starve the event loop.
            await asyncio.sleep(0)


def _check_runaway(run: Run, index: int, repeat: Mapping[str, Any]) -> None:
    kind = CONF_WHILE if CONF_WHILE in repeat else CONF_UNTIL
    if index == REPEAT_WARN_ITERATIONS:
        _LOGGER.warning("%s: %s loop has run %d times", run.name, kind, index)
    if index >= REPEAT_TERMINATE_ITERATIONS:
        _LOGGER.critical("%s: %s loop stopped after %d iterations", run.name, kind, index)
        raise AbortScript(f"{kind.capitalize()} loop terminated because it looped {index} times")


class ParallelStep(Step):
    """``parallel:`` branches, each on its own copy of the variables."""

    __slots__ = ("branches",)
    kind = ACTION_PARALLEL
    nested = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.branches = [
            compile_sequence(branch[CONF_SEQUENCE]) for branch in config[CONF_PARALLEL]
        ]

    @property
    def may_wait(self) -> bool:
        # Branches run in their own tasks, tracked while they work.
        return True

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        with trace_path(CONF_PARALLEL):
            await run.run_parallel(self.branches, variables)
        return variables


class SequenceStep(Step):
    """``sequence:``: a nested group of actions."""

    __slots__ = ("sequence",)
    kind = ACTION_SEQUENCE
    nested = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.sequence = compile_sequence(config[CONF_SEQUENCE])

    @property
    def may_wait(self) -> bool:
        return sequence_may_wait(self.sequence)

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        with trace_path(CONF_SEQUENCE):
            await run.run_sequence(self.sequence, variables)
        return variables


class VariablesStep(Step):
    """``variables:``: new values for the rest of this sequence."""

    __slots__ = ("variables",)
    kind = ACTION_VARIABLES

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.variables = ScriptVariables(config[CONF_VARIABLES])

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        return self.variables.render(variables, as_defaults=False)


class StopStep(Step):
    """``stop:`` with ``error: true`` or a ``response_variable``."""

    __slots__ = ()
    kind = ACTION_STOP
    changes_variables = False

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        message = self.config[CONF_STOP]
        error = bool(self.config.get(CONF_ERROR, False))
        trace_set_result(stop=message, error=error)
        if error:
            _LOGGER.info("%s: error script sequence: %s", run.name, message)
            raise AbortScript(str(message))
        response = None
        if CONF_RESPONSE_VARIABLE in self.config:
            name = self.config[CONF_RESPONSE_VARIABLE]
            if name not in variables:
                raise AbortScript(f"Response variable '{name}' is not defined")
            response = variables[name]
        raise StopScript(str(message), response)


class DeviceStep(Step):
    """A device action. Validation refuses them (no integration provides device
    actions yet); one that reaches a run names its device."""

    __slots__ = ()
    kind = ACTION_DEVICE
    changes_variables = False

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        raise UnknownDevice(str(self.config[CONF_DEVICE_ID]))


class SceneStep(Step):
    """``scene: scene.x``: ``scene.turn_on``."""

    __slots__ = ()
    kind = ACTION_SCENE
    changes_variables = False
    waits = True  # a scene may run scripts

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        scene = self.config[CONF_SCENE]
        trace_set_result(scene=scene)
        await run.hub.services.call(
            "scene", "turn_on", {"entity_id": scene}, blocking=True, context=run.context
        )
        return variables


class ConversationResponseStep(Step):
    """``set_conversation_response:`` (kept on the run's result)."""

    __slots__ = ()
    kind = ACTION_SET_CONVERSATION_RESPONSE
    changes_variables = False

    async def execute(self, run: Run, variables: dict[str, Any]) -> dict[str, Any]:
        value = self.config[CONF_SET_CONVERSATION_RESPONSE]
        run.conversation_response = (
            None if value is None else value.render(variables, parse_result=False)
        )
        trace_set_result(conversation_response=run.conversation_response)
        return variables


_STEP_TYPES: dict[str, type[Step]] = {
    step.kind: step
    for step in (
        ServiceStep,
        DelayStep,
        WaitTemplateStep,
        WaitForTriggerStep,
        EventStep,
        ConditionStep,
        ChooseStep,
        IfStep,
        RepeatStep,
        ParallelStep,
        SequenceStep,
        VariablesStep,
        StopStep,
        DeviceStep,
        SceneStep,
        ConversationResponseStep,
    )
}


def compile_step(config: Mapping[str, Any]) -> Step:
    """The step for one validated action."""
    return _STEP_TYPES[determine_action(config)](config)


def compile_sequence(configs: list[dict[str, Any]]) -> list[Step]:
    """The steps for a validated sequence."""
    return [compile_step(config) for config in configs]


def sequence_may_wait(steps: list[Step]) -> bool:
    """Whether running ``steps`` may wait (see ``Step.may_wait``)."""
    return any(step.may_wait for step in steps)
