"""``automation.<name>`` entities: on when enabled; each runs its actions when triggered.

A trigger firing becomes a run (``trigger``): a new context whose ``parent_id`` is the
triggering context, a trace (``automation.<id>``, the last ``stored_traces`` kept), the
automation's ``variables`` rendered over the trigger's, the conditions, then
``automation_triggered`` and the actions (with the automation's mode). A trigger that
did not lead to a run is written to the "why not" log: which condition failed and what
it compared, or that the mode refused the run.

State: ``on``/``off``, restored across restarts unless ``initial_state`` says otherwise
(default on). Attributes as Home Assistant 2025.1: ``id`` (when configured),
``last_triggered``, ``mode``, ``current``, ``max`` (queued/parallel), ``friendly_name``.
Triggers are attached once the hub has started (``homeassistant: start`` triggers fire
then).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.automation.config import (
    CONF_ACTIONS,
    CONF_CONDITIONS,
    CONF_ID,
    CONF_INITIAL_STATE,
    CONF_TRIGGER_VARIABLES,
    CONF_TRIGGERS,
    CONF_VARIABLES,
    DOMAIN,
)
from hub.condition import ConditionList, conditions_from_config
from hub.const import ATTR_ENTITY_ID, EVENT_HUB_STARTED, STATE_ON
from hub.context import Context
from hub.core import CoreState
from hub.entity.restore_state import RestoreEntity
from hub.entity.toggle import ToggleEntity
from hub.exceptions import HubError, ServiceNotFound, TemplateError
from hub.script import Script, ScriptRunResult, ScriptVariables
from hub.script.busy import start
from hub.script.const import ATTR_CUR, ATTR_LAST_TRIGGERED, ATTR_MAX, ATTR_MODE
from hub.script.validation import ValidatedItem
from hub.timestamps import parse_datetime
from hub.trace import (
    REASON_CONDITION,
    REASON_MODE,
    TraceRecorder,
    record_not_run,
    script_execution_set,
    trace_path,
    trace_run,
    trace_step,
)
from hub.trigger import TriggerInfo, attach_triggers

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

_LOGGER = logging.getLogger(__name__)

EVENT_AUTOMATION_TRIGGERED: Final = "automation_triggered"
DEFAULT_INITIAL_STATE: Final = True


class BaseAutomationEntity(ToggleEntity, RestoreEntity):
    """What working and unavailable automations share."""

    domain = DOMAIN
    _attr_should_poll = False

    def __init__(self, index: int, item: ValidatedItem) -> None:
        config = item.config or item.raw_config or {}
        self.item = item
        self.index = index
        alias = config.get("alias")
        self._attr_name = str(alias) if alias else f"{DOMAIN} {index}"
        automation_id = config.get(CONF_ID)
        self._attr_unique_id = str(automation_id) if automation_id is not None else None

    @property
    def raw_config(self) -> dict[str, Any] | None:
        """The configuration as written (``automation/config``)."""
        return self.item.raw_config

    @property
    def capability_attributes(self) -> dict[str, Any] | None:
        if self.unique_id is not None:
            return {CONF_ID: self.unique_id}
        return None

    @property
    def service_context(self) -> Context | None:
        """The context of the service call acting on this entity right now."""
        return self._context

    @property
    def trace_item_id(self) -> str:
        """The trace key's item: the automation id (else the entity's object id)."""
        if self.unique_id is not None:
            return self.unique_id
        return (self.entity_id or f"{DOMAIN}.{DOMAIN}_{self.index}").partition(".")[2]

    async def trigger(
        self,
        run_variables: dict[str, Any],
        context: Context | None = None,
        skip_condition: bool = False,
    ) -> ScriptRunResult | None:
        """Run the actions (``automation.trigger``)."""
        return None


class UnavailableAutomationEntity(BaseAutomationEntity):
    """An automation whose configuration is invalid: shown unavailable, never run."""

    _attr_available = False

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Nothing to enable."""

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Nothing to disable."""


class AutomationEntity(BaseAutomationEntity):
    """A working automation."""

    def __init__(self, hub: Hub, index: int, item: ValidatedItem) -> None:
        super().__init__(index, item)
        config = item.config or {}
        self.config = config
        name = self._attr_name if isinstance(self._attr_name, str) else DOMAIN
        self.script = Script(
            hub,
            config[CONF_ACTIONS],
            name,
            DOMAIN,
            mode=config["mode"],
            max_runs=config["max"],
            max_exceeded=config["max_exceeded"],
            change_listener=self._script_changed,
            logger=logging.getLogger(f"{__name__}.{name}"),
        )
        self._trigger_config: list[dict[str, Any]] = config[CONF_TRIGGERS]
        self._initial_state: bool | None = config.get(CONF_INITIAL_STATE)
        self.stored_traces: int = (config.get("trace") or {}).get("stored_traces", 5)
        self._variables = _combined_variables(config)
        self._trigger_variables = (
            ScriptVariables(config[CONF_TRIGGER_VARIABLES])
            if CONF_TRIGGER_VARIABLES in config
            else None
        )
        self._conditions: ConditionList | None = None
        self._conditions_ready = CONF_CONDITIONS not in config
        self._detach: Callable[[], None] | None = None
        self._enabled = False
        self._unlisten_started: Callable[[], None] | None = None

    # -- state ------------------------------------------------------------------------

    @property
    def is_on(self) -> bool:
        return self._detach is not None or self._enabled

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            ATTR_LAST_TRIGGERED: self.script.last_triggered,
            ATTR_MODE: self.script.script_mode,
            ATTR_CUR: self.script.runs,
        }
        if self.script.supports_max:
            attributes[ATTR_MAX] = self.script.max_runs
        return attributes

    def _script_changed(self) -> None:
        if self.added:
            self.write_state()

    # -- life cycle ---------------------------------------------------------------------

    async def async_added_to_hub(self) -> None:
        if self._variables is not None:
            self._variables.attach(self.hub)
        if self._trigger_variables is not None:
            self._trigger_variables.attach(self.hub)
        state = await self.async_get_last_state()
        enable = DEFAULT_INITIAL_STATE
        if state is not None:
            enable = state.state == STATE_ON
            last = state.attributes.get(ATTR_LAST_TRIGGERED)
            if isinstance(last, str):
                self.script.last_triggered = parse_datetime(last)
        if self._initial_state is not None:
            enable = self._initial_state
        if enable:
            await self._enable()

    async def async_will_remove_from_hub(self) -> None:
        await self._disable()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """``automation.turn_on``: attach the triggers."""
        await self._enable()
        self.write_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """``automation.turn_off``: detach; ``stop_actions`` (default) stops runs."""
        await self._disable(bool(kwargs.get("stop_actions", True)))
        self.write_state()

    async def _enable(self) -> None:
        if self._enabled:
            return
        self._enabled = True
        if self.hub.state is not CoreState.NOT_RUNNING:
            self._detach = await self._attach(home_assistant_start=False)
            return
        self._unlisten_started = self.hub.bus.listen_once(EVENT_HUB_STARTED, self._hub_started)

    async def _hub_started(self, _event: Event) -> None:
        self._unlisten_started = None
        if not self._enabled or self._detach is not None:
            return
        self._detach = await self._attach(home_assistant_start=True)
        if self.added:
            self.write_state()

    async def _disable(self, stop_actions: bool = True) -> None:
        if not self._enabled and not self.script.runs:
            return
        self._enabled = False
        if self._unlisten_started is not None:
            self._unlisten_started()
            self._unlisten_started = None
        if self._detach is not None:
            self._detach()
            self._detach = None
        if stop_actions:
            await self.script.stop()

    async def _attach(self, home_assistant_start: bool) -> Callable[[], None] | None:
        if not self._conditions_ready and not await self._build_conditions():
            return None
        this = self._this()
        variables: dict[str, Any] = {"this": this}
        if self._trigger_variables is not None:
            try:
                variables = self._trigger_variables.render(variables, limited=True)
            except TemplateError as err:
                _LOGGER.error("%s: error rendering trigger variables: %s", self.entity_id, err)
                return None
        info = TriggerInfo(
            domain=DOMAIN,
            name=str(self.name),
            variables=variables,
            home_assistant_start=home_assistant_start,
            item_id=self.entity_id,
        )
        try:
            return await attach_triggers(self.hub, self._trigger_config, self._triggered, info)
        except (HubError, vol.Invalid) as err:
            _LOGGER.error("%s: could not set up triggers: %s", self.entity_id, err)
            return None

    async def _build_conditions(self) -> bool:
        try:
            self._conditions = await conditions_from_config(
                self.hub, self.config[CONF_CONDITIONS], str(self.name)
            )
        except (HubError, vol.Invalid) as err:
            # Only the running hub can tell (an unknown device): shown unavailable.
            _LOGGER.error("%s: invalid condition, automation disabled: %s", self.entity_id, err)
            self._attr_available = False
            return False
        self._conditions_ready = True
        return True

    def _this(self) -> dict[str, Any] | None:
        state = self.hub.states.get(self.entity_id) if self.entity_id else None
        return state.as_dict() if state is not None else None

    # -- running ----------------------------------------------------------------------

    def _triggered(self, run_variables: dict[str, Any], context: Context | None = None) -> None:
        """A trigger fired: run in the background (the trigger's caller must not wait)."""
        if not self._enabled:
            return
        start(
            self.hub,
            self.trigger(run_variables, context),
            f"automation {self.entity_id}",
            self.script.may_wait,
        )

    async def trigger(
        self,
        run_variables: dict[str, Any],
        context: Context | None = None,
        skip_condition: bool = False,
    ) -> ScriptRunResult | None:
        """Check the conditions and run the actions; errors are logged and traced."""
        trigger_context = Context(parent_id=context.id if context is not None else None)
        recorder = TraceRecorder(
            DOMAIN,
            self.trace_item_id,
            trigger_context,
            self.item.raw_config or {},
            self.item.blueprint_inputs,
        )
        with trace_run(self.hub, recorder, self.stored_traces):
            variables: dict[str, Any] = {"this": self._this(), **run_variables}
            if self._variables is not None:
                try:
                    variables = self._variables.render(variables)
                except TemplateError as err:
                    _LOGGER.error("%s: error rendering variables: %s", self.entity_id, err)
                    recorder.set_error(err)
                    return None
            trigger = variables.get("trigger")
            trigger = trigger if isinstance(trigger, Mapping) else {}
            description = trigger.get("description")
            recorder.set_trigger_description(description)
            path = f"trigger/{trigger['idx']}" if "idx" in trigger else "trigger"
            trace_step(variables, path=path)
            if not skip_condition and not self._conditions_pass(variables, recorder):
                script_execution_set("failed_conditions")
                return None
            return await self._run_actions(variables, trigger_context, description, recorder)

    def _conditions_pass(self, variables: dict[str, Any], recorder: TraceRecorder) -> bool:
        conditions = self._conditions
        if conditions is None or conditions(variables):
            return True
        failed = recorder.failed_condition()
        details: dict[str, Any] = {"trigger": _trigger_summary(variables)}
        if failed is not None:
            details["path"], details["result"] = failed
        elif conditions.failed_index is not None:
            details["path"] = f"condition/{conditions.failed_index}"
        if conditions.failed_error is not None:
            details["error"] = str(conditions.failed_error)
        if self.entity_id is not None:
            record_not_run(self.hub, self.entity_id, REASON_CONDITION, details)
        return False

    async def _run_actions(
        self,
        variables: dict[str, Any],
        context: Context,
        description: str | None,
        recorder: TraceRecorder,
    ) -> ScriptRunResult | None:
        self.set_context(context)
        event_data: dict[str, Any] = {"name": self.name, ATTR_ENTITY_ID: self.entity_id}
        if description is not None:
            event_data["source"] = description

        def started() -> None:
            self.hub.bus.fire_internal(EVENT_AUTOMATION_TRIGGERED, event_data, context=context)

        try:
            with trace_path("action"):
                result = await self.script.run(variables, context, started)
        except ServiceNotFound as err:
            _LOGGER.error("Error while executing automation %s: %s", self.entity_id, err)
            recorder.set_error(err)
            return None
        except (vol.Invalid, HubError) as err:
            _LOGGER.error("Error while executing automation %s: %s", self.entity_id, err)
            recorder.set_error(err)
            return None
        except Exception as err:
            _LOGGER.exception("While executing automation %s", self.entity_id)
            recorder.set_error(err)
            return None
        if not result.ran and self.entity_id is not None:
            record_not_run(
                self.hub,
                self.entity_id,
                REASON_MODE,
                {
                    "trigger": _trigger_summary(variables),
                    "mode": self.script.script_mode,
                    "script_execution": result.script_execution,
                    "current": self.script.runs,
                    "max": self.script.max_runs,
                },
            )
        return result


def _combined_variables(config: Mapping[str, Any]) -> ScriptVariables | None:
    """``trigger_variables`` then ``variables``, rendered (as defaults) per run."""
    combined: dict[str, Any] = {}
    combined.update(config.get(CONF_TRIGGER_VARIABLES) or {})
    combined.update(config.get(CONF_VARIABLES) or {})
    return ScriptVariables(combined) if combined else None


def _trigger_summary(variables: Mapping[str, Any]) -> dict[str, Any]:
    trigger = variables.get("trigger")
    if not isinstance(trigger, Mapping):
        return {}
    summary = {key: trigger.get(key) for key in ("id", "idx", "platform", "description")}
    if "entity_id" in trigger:
        summary["entity_id"] = trigger["entity_id"]
    to_state = trigger.get("to_state")
    if to_state is not None and hasattr(to_state, "state"):
        summary["to_state"] = to_state.state
    return summary
