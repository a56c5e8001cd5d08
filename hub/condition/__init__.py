"""Conditions: Home Assistant's condition language, evaluated against the hub.

``CONDITION_SCHEMA`` validates one condition (all kinds and shorthands),
``CONDITIONS_SCHEMA`` a list. ``await condition_from_config(hub, config)`` builds a
``Condition``; call it with the run's variables::

    condition = await condition_from_config(hub, validated)
    with trace_path("condition/0"):
        passed = condition(variables)       # bool; records its trace step

A condition that cannot be evaluated raises ``ConditionError`` (``hub.exceptions``):
an automation logs it and counts the condition as failed. ``conditions_from_config``
builds the ``ConditionList`` an automation's ``conditions:`` needs (checked at
``condition/<n>``, errors logged, the failing index remembered for the "why not" log).
A script's condition *action* should hand its step to the condition so the result is
recorded on the action's step (``step.reuse_by_child = True`` before the call), as Home
Assistant does.
"""

from __future__ import annotations

from hub.condition.build import ConditionList, condition_from_config, conditions_from_config
from hub.condition.errors import (
    ConditionErrorContainer,
    ConditionErrorIndex,
    ConditionErrorMessage,
)
from hub.condition.model import Condition
from hub.condition.numeric_state import numeric_state_matches
from hub.condition.schema import CONDITION_SCHEMA, CONDITIONS_SCHEMA
from hub.condition.state import state_matches
from hub.condition.template import template_passes
from hub.condition.zone import entity_in_zone, has_location, zone_state
from hub.exceptions import ConditionError

__all__ = [
    "CONDITIONS_SCHEMA",
    "CONDITION_SCHEMA",
    "Condition",
    "ConditionError",
    "ConditionErrorContainer",
    "ConditionErrorIndex",
    "ConditionErrorMessage",
    "ConditionList",
    "condition_from_config",
    "conditions_from_config",
    "entity_in_zone",
    "has_location",
    "numeric_state_matches",
    "state_matches",
    "template_passes",
    "zone_state",
]
