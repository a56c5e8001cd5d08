"""``state`` triggers: an entity's state (or one attribute) changes.

Home Assistant's rules: with none of ``from``/``to``/``not_from``/``not_to`` every
change fires, attribute-only changes included; with any of them (even ``to: null``,
which matches every state) only changes of the state itself fire. With ``attribute``
only changes of that attribute fire. ``for`` waits until the new value has been kept
that long (a template or a mapping of units is rendered per change); a change that
breaks it is reported to the "why not" log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.model import resolve_entity_ids
from hub.condition.validators import (
    entity_ids_or_uuids,
    optional_state_texts,
    positive_time_period_template,
)
from hub.config import validators as cv
from hub.trace import REASON_FOR_INTERRUPTED
from hub.tracking import track_state_change
from hub.trigger.base import TRIGGER_BASE_SCHEMA, render_period
from hub.trigger.same_state import HeldState

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.states import State
    from hub.trigger.models import Remove, TriggerInfo
    from hub.trigger.runner import TriggerRunner

_BASE: Final[dict[Any, Any]] = {
    **TRIGGER_BASE_SCHEMA,
    vol.Required("platform"): "state",
    vol.Required("entity_id"): entity_ids_or_uuids,
    vol.Optional("for"): positive_time_period_template,
    vol.Optional("attribute"): cv.match_all,
}
_OF_STATE: Final = vol.Schema(
    {
        **_BASE,
        vol.Exclusive("from", "from"): optional_state_texts,
        vol.Exclusive("not_from", "from"): optional_state_texts,
        vol.Exclusive("to", "to"): optional_state_texts,
        vol.Exclusive("not_to", "to"): optional_state_texts,
    }
)
_OF_ATTRIBUTE: Final = vol.Schema(
    {
        **_BASE,
        vol.Exclusive("from", "from"): cv.match_all,
        vol.Exclusive("not_from", "from"): cv.match_all,
        vol.Exclusive("to", "to"): cv.match_all,
        vol.Exclusive("not_to", "to"): cv.match_all,
    }
)
_MATCH_KEYS: Final = ("from", "not_from", "to", "not_to")


def TRIGGER_SCHEMA(value: Any) -> dict[str, Any]:
    """A state trigger; with ``attribute`` the from/to values may be of any type."""
    if not isinstance(value, dict):
        raise vol.Invalid("expected a mapping")
    schema = _OF_ATTRIBUTE if "attribute" in value else _OF_STATE
    result: dict[str, Any] = schema(value)
    return result


Matcher = Callable[[Any], bool]


def value_matcher(wanted: Any, invert: bool = False) -> Matcher:
    """A test of a value against a wanted value, a list of them, or None (any)."""
    if wanted is None:
        return lambda _value: not invert
    if isinstance(wanted, str) or not isinstance(wanted, list | tuple | set):
        return lambda value: invert is not (value == wanted)
    options = list(wanted)
    return lambda value: invert is not (value in options)


def _matchers(config: dict[str, Any]) -> tuple[Matcher, Matcher]:
    if config.get("from") is not None:
        match_from = value_matcher(config["from"])
    elif config.get("not_from") is not None:
        match_from = value_matcher(config["not_from"], invert=True)
    else:
        match_from = value_matcher(None)
    if config.get("to") is not None:
        match_to = value_matcher(config["to"])
    elif config.get("not_to") is not None:
        match_to = value_matcher(config["not_to"], invert=True)
    else:
        match_to = value_matcher(None)
    return match_from, match_to


class _StateTrigger:
    """One attached state trigger."""

    def __init__(self, hub: Hub, config: dict[str, Any], runner: TriggerRunner) -> None:
        self._hub = hub
        self._runner = runner
        self._match_from, self._match_to = _matchers(config)
        self._match_all = not any(key in config for key in _MATCH_KEYS)
        self._for = config.get("for")
        self._attribute = config.get("attribute")
        self._only_from = "from" in config and "to" not in config
        self._held: dict[str, HeldState] = {}
        entity_ids = resolve_entity_ids(hub, list(config["entity_id"]))
        self._unlisten = track_state_change(hub, entity_ids, self._changed)

    def _value(self, state: State | None) -> Any:
        if state is None:
            return None
        return state.state if self._attribute is None else state.attributes.get(self._attribute)

    def _changed(self, event: Event) -> None:
        old: State | None = event.data["old_state"]
        new: State | None = event.data["new_state"]
        old_value, new_value = self._value(old), self._value(new)
        if self._attribute is not None and old_value == new_value:
            return
        if not self._match_from(old_value) or not self._match_to(new_value):
            return
        if not self._match_all and old_value == new_value:
            return
        entity_id: str = event.data["entity_id"]
        payload: dict[str, Any] = {
            "platform": "state",
            "entity_id": entity_id,
            "from_state": old,
            "to_state": new,
        }
        if not self._for:
            self._runner(self._finish(payload, None), event.context)
            return
        period = render_period(self._runner, self._for, {"trigger": payload})
        if period is not None:
            self._hold(event, payload, period, old_value, new_value)

    def _hold(
        self,
        event: Event,
        payload: dict[str, Any],
        period: timedelta,
        old_value: Any,
        new_value: Any,
    ) -> None:
        entity_id: str = payload["entity_id"]

        def still_same(_entity: str, _old: State | None, current: State | None) -> bool:
            if current is None:
                return False
            if self._only_from:
                return bool(self._value(current) != old_value)
            return bool(self._value(current) == new_value)

        def elapsed() -> None:
            self._runner(self._finish(payload, period), event.context)

        def interrupted(current: State | None, held_for: float) -> None:
            self._runner.not_run(
                REASON_FOR_INTERRUPTED,
                {
                    "entity_id": entity_id,
                    "wanted": new_value,
                    "state": self._value(current),
                    "for": period.total_seconds(),
                    "held": held_for,
                },
            )

        # A new change that starts its own wait ends the pending one (HA would let both
        # run when only attributes changed, firing twice).
        previous = self._held.pop(entity_id, None)
        if previous is not None and previous.active:
            previous.interrupt(event.data["new_state"])
        self._held[entity_id] = HeldState(
            self._hub, entity_id, period, elapsed, still_same, interrupted
        )

    def _finish(self, payload: dict[str, Any], period: timedelta | None) -> dict[str, Any]:
        return {
            **payload,
            "for": period,
            "attribute": self._attribute,
            "description": f"state of {payload['entity_id']}",
        }

    def remove(self) -> None:
        self._unlisten()
        for pending in self._held.values():
            pending.cancel()
        self._held.clear()


async def async_attach_trigger(
    hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
) -> Remove:
    """Listen to the entities' state changes."""
    return _StateTrigger(hub, config, runner).remove
