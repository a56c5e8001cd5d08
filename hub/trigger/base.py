"""The keys every trigger accepts, and helpers the platforms share."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.condition.validators import enabled_flag, item_id, to_timedelta
from hub.config import validators as cv
from hub.exceptions import TemplateError
from hub.template import render_complex
from hub.template.validators import template_complex

if TYPE_CHECKING:
    from hub.trigger.runner import TriggerRunner

_LOGGER = logging.getLogger(__name__)


def trigger_variables(value: Any) -> dict[str, Any]:
    """A trigger's ``variables:``: names to values or templates."""
    if not isinstance(value, Mapping):
        raise vol.Invalid("expected a mapping of variable names to values")
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise vol.Invalid("variable names must be text", path=[key])
        result[key] = template_complex(item)
    return result


TRIGGER_BASE_SCHEMA: Final[dict[Any, Any]] = {
    vol.Optional("alias"): cv.string,
    vol.Required("platform"): cv.string,
    vol.Optional("id"): item_id,
    vol.Optional("variables"): trigger_variables,
    vol.Optional("enabled"): enabled_flag,
}


def render_period(
    runner: TriggerRunner, for_config: Any, variables: Mapping[str, Any]
) -> timedelta | None:
    """A ``for:`` rendered with the trigger's variables; None (logged) when it fails."""
    try:
        return to_timedelta(render_complex(for_config, {**runner.variables, **variables}))
    except (TemplateError, vol.Invalid) as err:
        _LOGGER.error("Error rendering '%s' for template: %s", runner.name, err)
        return None
