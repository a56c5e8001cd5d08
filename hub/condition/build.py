"""Building conditions from validated configuration."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hub.condition.device import device_check
from hub.condition.errors import ConditionErrorContainer, ConditionErrorIndex
from hub.condition.logic import and_check, not_check, or_check
from hub.condition.model import Check, Condition, Variables, resolve_entity_ids
from hub.condition.numeric_state import numeric_state_check
from hub.condition.schema import condition_schema
from hub.condition.state import state_check
from hub.condition.sun import sun_check
from hub.condition.template import template_check
from hub.condition.time import time_check, trigger_check
from hub.condition.zone import zone_check
from hub.exceptions import ConditionError, ConfigError, TemplateError
from hub.template import Template, attach
from hub.trace import trace_path

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)


def _disabled(variables: Variables) -> None:
    """A disabled condition: it is as if it were not there."""
    return


async def condition_from_config(hub: Hub, config: Mapping[str, Any] | str) -> Condition:
    """A ``Condition`` for one condition, validated or not (validating twice is
    harmless). Raises ``vol.Invalid`` for an invalid one, and ``ConfigError`` for what
    only the running hub can tell: an unknown device, an unknown entity registry id, an
    ``enabled`` template that fails."""
    config = condition_schema(config)
    attach(hub, config)
    kind: str = config["condition"]
    if not _enabled(config):
        return Condition(kind, _disabled, config)
    return Condition(kind, await _check(hub, kind, config), config)


def _enabled(config: Mapping[str, Any]) -> bool:
    enabled = config.get("enabled", True)
    if isinstance(enabled, Template):
        try:
            enabled = enabled.render(limited=True)
        except TemplateError as err:
            raise ConfigError(f"Error rendering condition enabled template: {err}") from err
    return bool(enabled)


async def _check(hub: Hub, kind: str, config: Mapping[str, Any]) -> Check:
    if kind in ("and", "or", "not"):
        children = [await condition_from_config(hub, child) for child in config["conditions"]]
        return {"and": and_check, "or": or_check, "not": not_check}[kind](children)
    builders: dict[str, Callable[[], Check]] = {
        "state": lambda: state_check(hub, config, _entity_ids(hub, config)),
        "numeric_state": lambda: numeric_state_check(hub, config, _entity_ids(hub, config)),
        "template": lambda: template_check(config),
        "time": lambda: time_check(hub, config),
        "sun": lambda: sun_check(hub, config),
        "trigger": lambda: trigger_check(config),
        "zone": lambda: zone_check(hub, config, list(config["entity_id"])),
        "device": lambda: device_check(hub, config),
    }
    builder = builders.get(kind)
    if builder is None:
        raise ConfigError(f"Unknown condition '{kind}'")
    return builder()


def _entity_ids(hub: Hub, config: Mapping[str, Any]) -> list[str]:
    return resolve_entity_ids(hub, list(config["entity_id"]))


class ConditionList:
    """A list of conditions that must all pass (an automation's ``conditions``).

    Each is checked at ``<path>/<index>``; the first failing one stops the check. A
    condition that cannot be evaluated is logged as Home Assistant does and counts as
    failed. ``failed`` tells which one failed last time (index and error, if any).
    """

    def __init__(self, conditions: Sequence[Condition], name: str, path: str) -> None:
        self.conditions = list(conditions)
        self.name = name
        self.path = path
        self.failed_index: int | None = None
        self.failed_error: ConditionError | None = None

    def __call__(self, variables: Variables = None) -> bool:
        self.failed_index = None
        self.failed_error = None
        errors: list[ConditionError] = []
        for index, condition in enumerate(self.conditions):
            try:
                with trace_path([self.path, str(index)]):
                    if condition.evaluate(variables) is False:
                        self.failed_index = index
                        return False
            except ConditionError as err:
                errors.append(ConditionErrorIndex(self.path, index, len(self.conditions), err))
                if self.failed_index is None:
                    self.failed_index = index
        if errors:
            self.failed_error = ConditionErrorContainer(self.path, errors)
            _LOGGER.warning("Error evaluating condition in '%s':\n%s", self.name, self.failed_error)
            return False
        return True


async def conditions_from_config(
    hub: Hub, configs: Sequence[Mapping[str, Any]], name: str, path: str = "condition"
) -> ConditionList:
    """A ``ConditionList`` for ``configs`` (``name`` is used in log messages)."""
    return ConditionList(
        [await condition_from_config(hub, config) for config in configs], name, path
    )
