"""``script.<object_id>`` entities: on while the script runs.

Attributes as Home Assistant 2025.1: ``last_triggered`` (restored across restarts),
``mode``, ``current`` (runs in progress), ``max`` (queued and parallel modes),
``friendly_name`` and ``icon``. Each run fires ``script_started`` and records a trace
(``script.<object_id>``, the last ``stored_traces`` kept).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.const import ATTR_ENTITY_ID
from hub.context import Context
from hub.entity.restore_state import RestoreEntity
from hub.entity.toggle import ToggleEntity
from hub.script.busy import start
from hub.script.const import ATTR_CUR, ATTR_LAST_TRIGGERED, ATTR_MAX, ATTR_MODE, CONF_ALIAS
from hub.script.engine import Script, ScriptRunResult
from hub.script.validation import ValidatedItem
from hub.services import ServiceResponse
from hub.timestamps import parse_datetime
from hub.trace import TraceRecorder, trace_path, trace_run

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "script"
EVENT_SCRIPT_STARTED: Final = "script_started"


class BaseScriptEntity(ToggleEntity, RestoreEntity):
    """What working and unavailable scripts share: id, name, raw configuration."""

    domain = DOMAIN
    _attr_should_poll = False

    def __init__(self, object_id: str, item: ValidatedItem) -> None:
        self.object_id = object_id
        self.item = item
        config = item.config or item.raw_config or {}
        self._attr_unique_id = object_id
        self.entity_id = f"{DOMAIN}.{object_id}"
        self._attr_name = str(config.get(CONF_ALIAS) or object_id)
        self._attr_icon = config.get("icon")

    @property
    def raw_config(self) -> dict[str, Any] | None:
        """The configuration as written (HA's ``script/config``)."""
        return self.item.raw_config

    async def run_script(
        self, variables: Mapping[str, Any] | None, context: Context | None, wait: bool = True
    ) -> ServiceResponse:
        """Start the script; with ``wait`` return its ``stop`` response."""
        return None

    async def stop_script(self) -> None:
        """Stop every run."""


class UnavailableScriptEntity(BaseScriptEntity):
    """A script whose configuration is invalid: shown, never run."""

    _attr_available = False

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Nothing to run."""

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Nothing to stop."""


class ScriptEntity(BaseScriptEntity):
    """A working script."""

    def __init__(self, hub: Hub, object_id: str, item: ValidatedItem) -> None:
        super().__init__(object_id, item)
        config = item.config or {}
        self.fields: dict[str, Any] = dict(config.get("fields") or {})
        self.description: str = config.get("description") or ""
        self.stored_traces: int = (config.get("trace") or {}).get("stored_traces", 5)
        self.script = Script(
            hub,
            config["sequence"],
            self._attr_name if isinstance(self._attr_name, str) else object_id,
            DOMAIN,
            mode=config["mode"],
            max_runs=config["max"],
            max_exceeded=config["max_exceeded"],
            variables=config.get("variables"),
            item_id=object_id,
            change_listener=self._script_changed,
            logger=logging.getLogger(f"{__name__}.{object_id}"),
        )
        self._start_waiters: list[asyncio.Future[None]] = []

    @property
    def is_on(self) -> bool:
        return self.script.is_running

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
        waiters, self._start_waiters = self._start_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        if self.added:
            self.write_state()

    async def async_added_to_hub(self) -> None:
        state = await self.async_get_last_state()
        if state is not None:
            last = state.attributes.get(ATTR_LAST_TRIGGERED)
            if isinstance(last, str):
                self.script.last_triggered = parse_datetime(last)

    async def async_will_remove_from_hub(self) -> None:
        await self.script.stop()

    # -- running ----------------------------------------------------------------------

    def _with_defaults(self, variables: Mapping[str, Any] | None) -> dict[str, Any]:
        defaults = {
            name: spec["default"]
            for name, spec in self.fields.items()
            if isinstance(spec, Mapping) and "default" in spec
        }
        return {**defaults, **(variables or {})}

    async def _run(self, variables: dict[str, Any], context: Context) -> ScriptRunResult:
        self.hub.bus.fire_internal(
            EVENT_SCRIPT_STARTED,
            {"name": self.script.name, ATTR_ENTITY_ID: self.entity_id},
            context=context,
        )
        recorder = TraceRecorder(
            DOMAIN,
            self.object_id,
            context,
            self.item.raw_config or {},
            self.item.blueprint_inputs,
        )
        with trace_run(self.hub, recorder, self.stored_traces), trace_path("sequence"):
            state = self.hub.states.get(self.entity_id) if self.entity_id else None
            run_variables = {"this": state.as_dict() if state else None, **variables}
            return await self.script.run(run_variables, context)

    async def _run_logged(self, variables: dict[str, Any], context: Context) -> None:
        """A background run: nobody waits for it, so its error is logged here."""
        try:
            await self._run(variables, context)
        except Exception as err:
            _LOGGER.error("Error executing script %s: %s", self.entity_id, err)

    async def run_script(
        self, variables: Mapping[str, Any] | None, context: Context | None, wait: bool = True
    ) -> ServiceResponse:
        context = context or Context()
        run_variables = self._with_defaults(variables)
        if wait:
            result = await self._run(run_variables, context)
            return result.service_response
        # Background: return once the run has started (its state is written).
        started: asyncio.Future[None] = self.hub.loop.create_future()
        self._start_waiters.append(started)
        task = start(
            self.hub,
            self._run_logged(run_variables, context),
            f"script {self.object_id}",
            self.script.may_wait,
        )
        waiting: list[asyncio.Future[Any]] = [task, started]
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if started in self._start_waiters:
            self._start_waiters.remove(started)
        return None

    async def stop_script(self) -> None:
        await self.script.stop()

    async def async_turn_on(self, **kwargs: Any) -> None:
        """``script.turn_on``: start in the background with ``variables``."""
        await self.run_script(kwargs.get("variables"), self._context, wait=False)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """``script.turn_off``: stop every run."""
        await self.script.stop()

    async def async_toggle(self, **kwargs: Any) -> None:
        """``script.toggle``: stop when running, else start."""
        if self.script.is_running:
            await self.async_turn_off()
        else:
            await self.async_turn_on(**kwargs)
