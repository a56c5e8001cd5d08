"""``numeric_state`` conditions (and the test the ``numeric_state`` trigger uses): an
entity's state, attribute or ``value_template`` is above and/or below thresholds.

A threshold is a number, the id of an entity whose state is the number, or (beyond
Home Assistant) a template giving either. Unknown and unavailable values never match;
a value that is not a number is an error. The trace records the value and the bound it
failed (``wanted_state_above`` / ``wanted_state_below``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hub.condition.errors import (
    ConditionErrorContainer,
    ConditionErrorIndex,
    ConditionErrorMessage,
)
from hub.condition.model import Check, Variables
from hub.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from hub.exceptions import ConditionError, TemplateError
from hub.template import Template
from hub.trace import trace_child, trace_path, trace_set_result

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.states import State

KIND = "numeric_state"


def numeric_state_matches(
    hub: Hub,
    state: State | str | None,
    below: float | str | Template | None = None,
    above: float | str | Template | None = None,
    value_template: Template | None = None,
    variables: Variables = None,
    attribute: str | None = None,
) -> bool:
    """Whether the value is in range; records what it compared on the current step.
    Raises ``ConditionError`` when it cannot tell."""
    if state is None:
        raise ConditionErrorMessage(KIND, "no entity specified")
    if isinstance(state, str):
        entity_id = state
        found = hub.states.get(entity_id)
        if found is None:
            raise ConditionErrorMessage(KIND, f"unknown entity {entity_id}")
        state = found
    entity_id = state.entity_id
    if attribute is not None and attribute not in state.attributes:
        trace_set_result(
            result=False,
            message=f"attribute '{attribute}' of entity {entity_id} does not exist",
        )
        return False
    value = _value(state, value_template, variables, attribute)
    if value is None or value in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        trace_set_result(
            result=False, message=f"value '{value}' is non-numeric and treated as False"
        )
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConditionErrorMessage(
            KIND, f"entity {entity_id} state '{value}' cannot be processed as a number"
        ) from None
    if below is not None:
        limit = _threshold(hub, "below", below, variables)
        if limit is None:
            return False
        if number >= limit:
            trace_set_result(result=False, state=number, wanted_state_below=limit)
            return False
    if above is not None:
        limit = _threshold(hub, "above", above, variables)
        if limit is None:
            return False
        if number <= limit:
            trace_set_result(result=False, state=number, wanted_state_above=limit)
            return False
    trace_set_result(result=True, state=number)
    return True


def _value(
    state: State, value_template: Template | None, variables: Variables, attribute: str | None
) -> Any:
    if value_template is None:
        return state.state if attribute is None else state.attributes.get(attribute)
    try:
        return value_template.render({**(variables or {}), "state": state})
    except TemplateError as err:
        raise ConditionErrorMessage(KIND, f"template error: {err}") from err


def _threshold(
    hub: Hub, name: str, bound: float | str | Template, variables: Variables
) -> float | None:
    """The bound as a number; None when its entity is unknown/unavailable."""
    if isinstance(bound, Template):
        try:
            bound = bound.render(variables)
        except TemplateError as err:
            raise ConditionErrorMessage(KIND, f"'{name}' template error: {err}") from err
        if isinstance(bound, int | float) and not isinstance(bound, bool):
            return float(bound)
        if not isinstance(bound, str):
            raise ConditionErrorMessage(KIND, f"the '{name}' template gave {bound!r}, not a number")
    if isinstance(bound, int | float):
        return float(bound)
    entity = hub.states.get(bound)
    if entity is None:
        raise ConditionErrorMessage(KIND, f"unknown '{name}' entity {bound}")
    if entity.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return None
    try:
        return float(entity.state)
    except ValueError:
        raise ConditionErrorMessage(
            KIND,
            f"the '{name}' entity {bound} state '{entity.state}' cannot be processed as a number",
        ) from None


def numeric_state_check(hub: Hub, config: Mapping[str, Any], entity_ids: list[str]) -> Check:
    """The check of a validated ``numeric_state`` condition."""
    below = config.get("below")
    above = config.get("above")
    value_template: Template | None = config.get("value_template")
    attribute = config.get("attribute")

    def check(variables: Variables) -> bool:
        errors: list[ConditionError] = []
        for index, entity_id in enumerate(entity_ids):
            try:
                with trace_path(["entity_id", str(index)]), trace_child(variables):
                    if not numeric_state_matches(
                        hub, entity_id, below, above, value_template, variables, attribute
                    ):
                        return False
            except ConditionError as err:
                errors.append(ConditionErrorIndex(KIND, index, len(entity_ids), err))
        if errors:
            raise ConditionErrorContainer(KIND, errors)
        return True

    return check
