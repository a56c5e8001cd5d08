"""``Condition``: a condition built from configuration, called with a run's variables.

Calling it records a trace step at the current path (``condition/0``, set by the caller
with ``trace_path``) holding its result and what it compared, and returns whether it
passed. A condition that cannot be evaluated (unknown entity, non-numeric state,
template error) raises ``ConditionError``: automations log it and treat the condition as
failed; ``repeat: until`` stops, as in Home Assistant. A disabled condition
(``enabled: false``) passes and records ``{"result": null}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from hub.exceptions import ConfigError
from hub.registry.entity_registry import ENTITY_REGISTRY
from hub.trace import trace_child, trace_update_result

if TYPE_CHECKING:
    from hub.core import Hub

Variables = Mapping[str, Any] | None
Check = Callable[[Variables], "bool | None"]

_UUID_HEX: Final = re.compile(r"^[0-9a-f]{32}$")


class Condition:
    """A condition ready to check (build it with ``condition_from_config``)."""

    __slots__ = ("_check", "config", "kind")

    def __init__(self, kind: str, check: Check, config: Mapping[str, Any]) -> None:
        self.kind = kind
        self.config = config
        self._check = check

    def evaluate(self, variables: Variables = None) -> bool | None:
        """Check, recording a step at the current path; None when the condition is
        disabled. Raises ``ConditionError`` when it cannot be evaluated."""
        with trace_child(variables):
            result = self._check(variables)
            trace_update_result(result=result)
        return result

    def __call__(self, variables: Variables = None) -> bool:
        """Whether the condition passes (a disabled one does)."""
        return self.evaluate(variables) is not False

    def __repr__(self) -> str:
        return f"<Condition {self.kind}>"


def resolve_entity_ids(hub: Hub, entity_ids: list[str]) -> list[str]:
    """Entity ids, with entity registry ids (32 hex digits) replaced by their entity id."""
    if not any(_UUID_HEX.match(item) for item in entity_ids):
        return entity_ids
    registry = hub.data.get(ENTITY_REGISTRY)
    by_id = {entry.id: entry.entity_id for entry in registry.entries()} if registry else {}
    resolved = []
    for item in entity_ids:
        if _UUID_HEX.match(item):
            if item not in by_id:
                raise ConfigError(f"Unknown entity registry entry {item}")
            resolved.append(by_id[item])
        else:
            resolved.append(item)
    return resolved
