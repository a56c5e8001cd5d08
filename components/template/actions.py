"""Actions of template switches, numbers and selects (``turn_on``, ``set_value``...).

They are script sequences run by the script engine (``hub.script``) with the entity's
variables plus the call's (``value``, ``option``) and the service call's context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import voluptuous as vol

if TYPE_CHECKING:
    from hub.context import Context
    from hub.core import Hub


def script_schema(value: Any) -> Any:
    """A sequence of actions, validated by the script engine's ``SCRIPT_SCHEMA``."""
    from hub.script.action_schema import SCRIPT_SCHEMA  # noqa: PLC0415 - heavy, optional

    return SCRIPT_SCHEMA(value)


class TemplateAction:
    """One action sequence of a template entity."""

    def __init__(self, hub: Hub, sequence: list[dict[str, Any]], name: str) -> None:
        from hub.script import Script  # noqa: PLC0415 - the engine imports templates

        self._script = Script(hub, sequence, name, "template")

    async def run(self, variables: Mapping[str, Any], context: Context | None) -> None:
        """Run the sequence and wait for it."""
        await self._script.run(variables, context)


def optional_script(value: Any) -> Any:
    """A script sequence, or None."""
    if value is None:
        return None
    return script_schema(value)


__all__ = ["TemplateAction", "optional_script", "script_schema", "vol"]
