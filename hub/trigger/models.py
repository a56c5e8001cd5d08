"""What a trigger platform is given and gives back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hub.context import Context
    from hub.core import Hub
    from hub.trigger.runner import TriggerRunner

# The automation's (or wait_for_trigger's) callback: (run variables, context). It may
# return a coroutine; the hub runs it as a task.
TriggerAction = Callable[[dict[str, Any], "Context | None"], Any]
Remove = Callable[[], None]


@dataclass(slots=True)
class TriggerInfo:
    """Who attaches triggers, and per trigger its ``id``/``idx``/``alias``.

    ``variables`` are the automation's ``trigger_variables`` (limited templates of
    ``for``, ``at``, ``event_data``... render with them). ``home_assistant_start`` is
    true when attaching while the hub starts (``homeassistant: start`` triggers fire
    then). ``item_id`` names the item in the "why not" log (the automation's entity
    id); None records nothing there.
    """

    domain: str
    name: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    trigger_data: dict[str, Any] = field(default_factory=dict)
    home_assistant_start: bool = False
    item_id: str | None = None


class TriggerPlatform(Protocol):
    """A module providing one trigger platform."""

    TRIGGER_SCHEMA: Callable[[Any], dict[str, Any]]

    def async_attach_trigger(
        self, hub: Hub, config: dict[str, Any], runner: TriggerRunner, info: TriggerInfo
    ) -> Awaitable[Remove]: ...
