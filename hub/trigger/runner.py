"""``TriggerRunner``: what a platform calls when its trigger fires.

It builds the run variables as Home Assistant does (``{"trigger": {id, idx, alias,
platform, ...}}``), renders the trigger's own ``variables:`` with them (merged at the
top level), and calls the action outside any traced run, starting it as a hub task
when it is a coroutine. It also writes the "why not" log for the platforms.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hub.exceptions import TemplateError
from hub.template import render_complex
from hub.trace import record_not_run, untraced

if TYPE_CHECKING:
    from hub.context import Context
    from hub.core import Hub
    from hub.trigger.models import TriggerAction, TriggerInfo

_LOGGER = logging.getLogger(__name__)


class TriggerRunner:
    """Calls the action for one attached trigger."""

    __slots__ = ("_action", "_variables", "hub", "info")

    def __init__(
        self,
        hub: Hub,
        action: TriggerAction,
        info: TriggerInfo,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        self.hub = hub
        self.info = info
        self._action = action
        self._variables = variables or None

    def __call__(self, payload: Mapping[str, Any], context: Context | None = None) -> None:
        """Fire: ``payload`` is the platform's part of ``trigger`` (``platform``,
        ``entity_id``, ``description``...)."""
        run_variables: dict[str, Any] = {"trigger": {**self.info.trigger_data, **payload}}
        if self._variables is not None:
            try:
                run_variables.update(self._render_variables(run_variables))
            except TemplateError as err:
                _LOGGER.warning("Error rendering trigger variables of %s: %s", self.info.name, err)
                return
        with untraced():
            result = self._action(run_variables, context)
            if inspect.iscoroutine(result):
                self.hub.create_task(result, f"{self.info.domain} {self.info.name} run")

    def _render_variables(self, run_variables: Mapping[str, Any]) -> dict[str, Any]:
        """Each trigger variable rendered in order, seeing those before it."""
        assert self._variables is not None
        rendered: dict[str, Any] = {}
        for key, value in self._variables.items():
            if key in run_variables:
                continue
            rendered[key] = render_complex(value, {**run_variables, **rendered})
        return rendered

    def not_run(self, reason: str, details: Mapping[str, Any]) -> None:
        """Tell the "why not" log that this trigger was held back."""
        if self.info.item_id is not None:
            record_not_run(
                self.hub,
                self.info.item_id,
                reason,
                {
                    "trigger": self.info.trigger_data.get("id"),
                    "idx": self.info.trigger_data.get("idx"),
                    **details,
                },
            )

    @property
    def variables(self) -> Mapping[str, Any]:
        """The attaching side's variables (``trigger_variables``)."""
        return self.info.variables

    @property
    def name(self) -> str:
        """The attaching automation's name, for log messages."""
        return self.info.name
