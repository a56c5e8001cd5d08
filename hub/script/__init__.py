"""Scripts: Home Assistant's action language and the ``script`` integration.

``ACTION_SCHEMA`` validates one action (every type, old and new spellings) and
``SCRIPT_SCHEMA`` a sequence. ``Script`` runs a validated sequence with Home Assistant's
modes (single, restart, queued, parallel), variables, templates, waits on the hub clock,
``stop`` responses, ``continue_on_error`` and traces (see ``engine``). The integration
(``integration``) turns ``script:`` YAML into ``script.<id>`` entities and services.
See ``docs/automation.md``.
"""

from __future__ import annotations

from hub.script.action_schema import ACTION_SCHEMA, SCRIPT_SCHEMA, determine_action
from hub.script.busy import spawn
from hub.script.engine import Script, ScriptRunResult
from hub.script.integration import DOMAIN, SCRIPTS, Scripts, async_setup, validate_config_block
from hub.script.variables import ScriptVariables

__all__ = [
    "ACTION_SCHEMA",
    "DOMAIN",
    "SCRIPTS",
    "SCRIPT_SCHEMA",
    "Script",
    "ScriptRunResult",
    "ScriptVariables",
    "Scripts",
    "async_setup",
    "determine_action",
    "spawn",
    "validate_config_block",
]
