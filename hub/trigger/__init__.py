"""Triggers: what starts an automation (or ends a ``wait_for_trigger``).

``TRIGGER_SCHEMA`` validates one trigger (both ``trigger:`` and ``platform:``
spellings), ``TRIGGERS_SCHEMA`` a list. ``attach_triggers`` attaches them::

    remove = await attach_triggers(
        hub, validated_triggers, action,
        TriggerInfo(domain="automation", name=alias, variables=trigger_variables,
                    home_assistant_start=starting, item_id=entity_id),
    )

``action(run_variables, context)`` gets ``{"trigger": {"id", "idx", "alias",
"platform", ...}}`` (plus the trigger's own ``variables:``) and the context of what
caused it (None for time-based triggers: the automation creates one). It may be a
coroutine function; the hub runs it as a task. Platforms: state, numeric_state, time,
time_pattern, sun, template, event, homeassistant, webhook, zone, device
(``register_trigger_platform`` adds more). Time comes from ``hub.clock``.
"""

from __future__ import annotations

from hub.trigger.attach import attach_triggers, validate_triggers
from hub.trigger.models import TriggerAction, TriggerInfo
from hub.trigger.runner import TriggerRunner
from hub.trigger.schema import (
    PLATFORMS,
    TRIGGER_SCHEMA,
    TRIGGERS_SCHEMA,
    register_trigger_platform,
    trigger_schema,
)

__all__ = [
    "PLATFORMS",
    "TRIGGERS_SCHEMA",
    "TRIGGER_SCHEMA",
    "TriggerAction",
    "TriggerInfo",
    "TriggerRunner",
    "attach_triggers",
    "register_trigger_platform",
    "trigger_schema",
    "validate_triggers",
]
