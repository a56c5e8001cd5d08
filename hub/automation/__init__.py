"""Automations: Home Assistant's ``automation:`` YAML, run by the script engine.

``config`` validates the block item by item (blueprint uses expanded, errors located);
``entity`` is one automation (triggers, conditions, actions, trace, "why not" log);
``integration`` sets them up with their services and reload; ``websocket`` has the
engine's WebSocket commands; ``explain`` backs ``watthub explain``. See
``docs/automation.md``.
"""

from __future__ import annotations

from hub.automation.config import AUTOMATION_SCHEMA, DOMAIN, validate_config_block
from hub.automation.entity import (
    EVENT_AUTOMATION_TRIGGERED,
    AutomationEntity,
    BaseAutomationEntity,
    UnavailableAutomationEntity,
)
from hub.automation.integration import (
    AUTOMATIONS,
    EVENT_AUTOMATION_RELOADED,
    Automations,
    async_setup,
)

__all__ = [
    "AUTOMATIONS",
    "AUTOMATION_SCHEMA",
    "DOMAIN",
    "EVENT_AUTOMATION_RELOADED",
    "EVENT_AUTOMATION_TRIGGERED",
    "AutomationEntity",
    "Automations",
    "BaseAutomationEntity",
    "UnavailableAutomationEntity",
    "async_setup",
    "validate_config_block",
]
