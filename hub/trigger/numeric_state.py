"""``numeric_state`` triggers: an entity's value crosses into a range.

Home Assistant's rules: the trigger fires when the value *enters* the range (above
and/or below), not while it stays there. An entity already in range when the trigger is
attached must leave it first ("armed" entities are those outside the range). With
``for`` the value must stay in range that long; leaving earlier is reported to the "why
not" log. ``value_template`` sees the state as ``state``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.model import resolve_entity_ids
from hub.condition.numeric_state import numeric_state_matches
from hub.condition.validators import (
    entity_ids_or_uuids,
    has_at_least_one_key,
    numeric_threshold,
    positive_time_period_template,
    template_value,
)
from hub.config import validators as cv
from hub.exceptions import ConditionError
from hub.template import Template
from hub.trace import REASON_FOR_INTERRUPTED, untraced
from hub.tracking import track_state_change
from hub.trigger.base import TRIGGER_BASE_SCHEMA, render_period
from hub.trigger.same_state import HeldState

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.states import State
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

_LOGGER = logging.getLogger(__name__)


def _above_below_sane(config: dict[str, Any]) -> dict[str, Any]:
    above, below = config.get("above"), config.get("below")
    if isinstance(above, float) and isinstance(below, float) and above > below:
        raise vol.Invalid(
            f"A value can never be above {above} and below {below} at the same time. "
            "You probably want two different triggers."
        )
    return config


TRIGGER_SCHEMA: Final = vol.All(
    vol.Schema(
        {
            **TRIGGER_BASE_SCHEMA,
            vol.Required("platform"): "numeric_state",
            vol.Required("entity_id"): entity_ids_or_uuids,
            vol.Optional("below"): numeric_threshold,
            vol.Optional("above"): numeric_threshold,
            vol.Optional("value_template"): template_value,
            vol.Optional("for"): positive_time_period_template,
            vol.Optional("attribute"): cv.match_all,
        }
    ),
    has_at_least_one_key("below", "above"),
    _above_below_sane,
)


class _NumericStateTrigger:
    """One attached numeric_state trigger."""

    def __init__(
        self, hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
    ) -> None:
        self._hub = hub
        self._runner = runner
        self._name = info.name
        self._below = config.get("below")
        self._above = config.get("above")
        self._value_template: Template | None = config.get("value_template")
        self._attribute = config.get("attribute")
        self._for = config.get("for")
        self._armed: set[str] = set()
        self._held: dict[str, HeldState] = {}
        entity_ids = resolve_entity_ids(hub, list(config["entity_id"]))
        for entity_id in entity_ids:
            try:
                if not self._in_range(entity_id, entity_id):
                    self._armed.add(entity_id)
            except ConditionError as err:
                _LOGGER.warning("Error initializing '%s' trigger: %s", info.name, err)
        self._unlisten = track_state_change(hub, entity_ids, self._changed)

    def _variables(self, entity_id: str) -> dict[str, Any]:
        trigger = {
            "platform": "numeric_state",
            "entity_id": entity_id,
            "below": self._below,
            "above": self._above,
            "attribute": self._attribute,
        }
        return {**self._runner.variables, "trigger": trigger}

    def _in_range(self, entity_id: str, state: State | str) -> bool:
        with untraced():
            return numeric_state_matches(
                self._hub,
                state,
                self._below,
                self._above,
                self._value_template,
                self._variables(entity_id),
                self._attribute,
            )

    def _changed(self, event: Event) -> None:
        entity_id: str = event.data["entity_id"]
        new: State | None = event.data["new_state"]
        if new is None:
            return
        try:
            matching = self._in_range(entity_id, new)
        except ConditionError as err:
            _LOGGER.warning("Error in '%s' trigger: %s", self._name, err)
            return
        if not matching:
            self._armed.add(entity_id)
            return
        if entity_id not in self._armed:
            return
        self._armed.discard(entity_id)
        payload: dict[str, Any] = {
            "platform": "numeric_state",
            "entity_id": entity_id,
            "below": self._below,
            "above": self._above,
            "from_state": event.data["old_state"],
            "to_state": new,
        }
        if not self._for:
            self._runner(_finish(payload, None), new.context)
            return
        period = render_period(self._runner, self._for, self._variables(entity_id))
        if period is not None:
            self._hold(payload, period, new)

    def _hold(self, payload: dict[str, Any], period: timedelta, new: State) -> None:
        entity_id: str = payload["entity_id"]

        def still_in_range(_entity: str, _old: State | None, current: State | None) -> bool:
            if current is None:
                return False
            try:
                return self._in_range(entity_id, current)
            except ConditionError:
                return False  # the main listener logs it

        def elapsed() -> None:
            self._runner(_finish(payload, period), new.context)

        def interrupted(current: State | None, held_for: float) -> None:
            self._runner.not_run(
                REASON_FOR_INTERRUPTED,
                {
                    "entity_id": entity_id,
                    "above": _shown(self._above),
                    "below": _shown(self._below),
                    "state": None if current is None else current.state,
                    "for": period.total_seconds(),
                    "held": held_for,
                },
            )

        previous = self._held.pop(entity_id, None)
        if previous is not None:
            previous.cancel()
        self._held[entity_id] = HeldState(
            self._hub, entity_id, period, elapsed, still_in_range, interrupted
        )

    def remove(self) -> None:
        self._unlisten()
        for pending in self._held.values():
            pending.cancel()
        self._held.clear()


def _shown(bound: Any) -> Any:
    return bound.template if isinstance(bound, Template) else bound


def _finish(payload: dict[str, Any], period: timedelta | None) -> dict[str, Any]:
    return {**payload, "for": period, "description": f"numeric state of {payload['entity_id']}"}


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Arm the entities outside the range and listen to their changes."""
    return _NumericStateTrigger(hub, config, runner, info).remove
