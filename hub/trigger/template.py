"""``template`` triggers: fire when a template's result becomes true.

The template is re-rendered when what it read changes (``track_template_result``'s
tracker). It fires on the change from not-true to true; one already true when attached
must become false first. With ``for`` it must stay true that long; a change back before
then is reported to the "why not" log. Truthy results: ``true``/``yes``/``on``/``1``
text, non-zero numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.validators import positive_time_period_template, template_value
from hub.exceptions import TemplateError
from hub.template import Template, TemplateTracker, TrackedTemplate, TrackUpdate, result_as_boolean
from hub.trace import REASON_FOR_INTERRUPTED
from hub.tracking import call_later
from hub.trigger.base import TRIGGER_BASE_SCHEMA, render_period

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

_LOGGER = logging.getLogger(__name__)
_UNSET: Final[Any] = object()

TRIGGER_SCHEMA: Final = vol.Schema(
    {
        **TRIGGER_BASE_SCHEMA,
        vol.Required("platform"): "template",
        vol.Required("value_template"): template_value,
        vol.Optional("for"): positive_time_period_template,
    }
)


class _TemplateTrigger:
    """One attached template trigger."""

    def __init__(
        self, hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
    ) -> None:
        self._hub = hub
        self._runner = runner
        self._name = info.name
        self._template: Template = config["value_template"]
        self._template.hub = hub
        self._for = config.get("for")
        self._armed = False
        self._last: Any = _UNSET
        self._cancel_delay: Callable[[], None] | None = None
        self._since = 0.0
        self._tracker = TemplateTracker(
            hub, [TrackedTemplate(self._template, info.variables)], self._changed
        )
        self._tracker.start()
        first = self._tracker.info(self._template)
        if first is None:
            return
        if first.exception is not None:
            _LOGGER.warning(
                "Error initializing 'template' trigger for '%s': %s", info.name, first.exception
            )
            return
        self._last = first.result
        self._armed = not result_as_boolean(first.result)

    def _changed(self, event: Event | None, updates: list[TrackUpdate]) -> None:
        result = updates[-1].result
        if isinstance(result, TemplateError):
            _LOGGER.warning("Error evaluating 'template' trigger for '%s': %s", self._name, result)
            return
        if self._last is not _UNSET and result == self._last:
            return
        self._last = result
        self._interrupt(result)
        if not result_as_boolean(result):
            self._armed = True
            return
        if not self._armed:
            return
        self._armed = False
        self._fire(event)

    def _interrupt(self, result: Any) -> None:
        if self._cancel_delay is None:
            return
        self._cancel_delay()
        self._cancel_delay = None
        self._runner.not_run(
            REASON_FOR_INTERRUPTED,
            {
                "template": self._template.template,
                "result": result,
                "held": self._hub.clock.time() - self._since,
            },
        )

    def _fire(self, event: Event | None) -> None:
        entity_id = None if event is None else event.data["entity_id"]
        new = None if event is None else event.data["new_state"]
        description = (
            f"{entity_id} via template"
            if entity_id is not None
            else "time change or manual update via template"
        )
        variables = {
            "platform": "template",
            "entity_id": entity_id,
            "from_state": None if event is None else event.data["old_state"],
            "to_state": new,
        }
        context = None if new is None else new.context
        if not self._for:
            self._runner({**variables, "for": None, "description": description}, context)
            return
        period = render_period(self._runner, self._for, {"trigger": variables})
        if period is None:
            return

        def elapsed(_now: Any) -> None:
            self._cancel_delay = None
            self._runner({**variables, "for": period, "description": description}, context)

        self._since = self._hub.clock.time()
        self._cancel_delay = call_later(self._hub, period, elapsed, "template trigger for")

    def remove(self) -> None:
        self._tracker.cancel()
        if self._cancel_delay is not None:
            self._cancel_delay()
            self._cancel_delay = None


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Track the template."""
    return _TemplateTrigger(hub, config, runner, info).remove
