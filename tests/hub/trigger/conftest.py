"""Helpers for trigger tests: attach triggers and collect what they fire."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hub.context import Context
from hub.core import Hub
from hub.trigger import TriggerInfo, attach_triggers


@dataclass
class Fired:
    """What the triggers fired: run variables and contexts, in order."""

    runs: list[dict[str, Any]] = field(default_factory=list)
    contexts: list[Context | None] = field(default_factory=list)
    remove: Callable[[], None] = lambda: None

    def __call__(self, variables: dict[str, Any], context: Context | None = None) -> None:
        self.runs.append(variables)
        self.contexts.append(context)

    @property
    def triggers(self) -> list[dict[str, Any]]:
        return [run["trigger"] for run in self.runs]

    def __len__(self) -> int:
        return len(self.runs)


async def attach(
    hub: Hub,
    configs: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    *,
    variables: Mapping[str, Any] | None = None,
    home_assistant_start: bool = False,
    item_id: str | None = "automation.test",
) -> Fired:
    """Attach ``configs`` for an automation called "Test"; the result collects runs."""
    fired = Fired()
    info = TriggerInfo(
        "automation",
        "Test",
        variables=variables or {},
        home_assistant_start=home_assistant_start,
        item_id=item_id,
    )
    items = [configs] if isinstance(configs, Mapping) else list(configs)
    fired.remove = await attach_triggers(hub, items, fired, info)
    return fired
