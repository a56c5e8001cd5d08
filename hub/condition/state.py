"""``state`` conditions: an entity (or its attribute) has one of the wanted states,
optionally for a while.

A wanted state that is itself the id of an ``input_select``/``input_text``/
``input_number``/``input_boolean``/``input_datetime`` means that helper's current
state. ``match: any`` passes when one entity matches (default ``all``). The trace of
each entity (``<path>/entity_id/<index>``) holds the state seen and the one wanted, or
for ``for:`` the moment the state had to be held since.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.errors import (
    ConditionErrorContainer,
    ConditionErrorIndex,
    ConditionErrorMessage,
)
from hub.condition.model import Check, Variables
from hub.condition.validators import to_timedelta
from hub.const import ENTITY_MATCH_ALL
from hub.exceptions import ConditionError, TemplateError
from hub.template import render_complex
from hub.timestamps import utc_datetime
from hub.trace import trace_child, trace_path, trace_set_result

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.states import State

ENTITY_MATCH_ANY: Final = "any"
INPUT_ENTITY_ID: Final = re.compile(
    r"^input_(?:select|text|number|boolean|datetime)\.(?!.+__)(?!_)[\da-z_]+(?<!_)$"
)


def entity_state(hub: Hub, kind: str, entity_id: str) -> State:
    """The entity's state; ``ConditionError`` when it has none."""
    state = hub.states.get(entity_id)
    if state is None:
        raise ConditionErrorMessage(kind, f"unknown entity {entity_id}")
    return state


def state_matches(
    hub: Hub,
    entity_id: str,
    wanted: Sequence[Any],
    for_period: Any = None,
    attribute: str | None = None,
    variables: Variables = None,
) -> bool:
    """Whether the entity has one of the ``wanted`` states (for ``for_period``),
    recording what it compared on the current step."""
    state = entity_state(hub, "state", entity_id)
    if attribute is not None and attribute not in state.attributes:
        trace_set_result(
            result=False,
            message=f"attribute '{attribute}' of entity {entity_id} does not exist",
        )
        return False
    value = state.state if attribute is None else state.attributes.get(attribute)
    matched = False
    wanted_value: Any = None
    for candidate in wanted:
        wanted_value = _wanted_value(hub, candidate)
        if value == wanted_value:
            matched = True
            break
    if for_period is None or not matched:
        trace_set_result(result=matched, state=value, wanted_state=wanted_value)
        return matched
    period = _render_period(for_period, variables)
    since = hub.clock.utcnow() - period
    held = since > utc_datetime(state.last_changed_timestamp)
    trace_set_result(result=held, state=value, duration=since)
    return held


def _wanted_value(hub: Hub, candidate: Any) -> Any:
    if isinstance(candidate, str) and INPUT_ENTITY_ID.match(candidate):
        helper = hub.states.get(candidate)
        if helper is None:
            raise ConditionErrorMessage("state", f"the 'state' entity {candidate} is unavailable")
        return helper.state
    return candidate


def _render_period(for_period: Any, variables: Variables) -> timedelta:
    try:
        return to_timedelta(render_complex(for_period, variables))
    except TemplateError as err:
        raise ConditionErrorMessage("state", f"template error: {err}") from err
    except vol.Invalid as err:
        raise ConditionErrorMessage("state", f"schema error: {err}") from err


def state_check(hub: Hub, config: Mapping[str, Any], entity_ids: list[str]) -> Check:
    """The check of a validated ``state`` condition."""
    wanted = config["state"]
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    for_period = config.get("for")
    attribute = config.get("attribute")
    match_all: bool = config.get("match", ENTITY_MATCH_ALL) != ENTITY_MATCH_ANY

    def check(variables: Variables) -> bool:
        errors: list[ConditionError] = []
        result: bool = match_all
        for index, entity_id in enumerate(entity_ids):
            try:
                with trace_path(["entity_id", str(index)]), trace_child(variables):
                    if state_matches(hub, entity_id, wanted_list, for_period, attribute, variables):
                        result = True
                    elif match_all:
                        return False
            except ConditionError as err:
                errors.append(ConditionErrorIndex("state", index, len(entity_ids), err))
        if errors:
            raise ConditionErrorContainer("state", errors)
        return result

    return check
