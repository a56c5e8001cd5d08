"""``template`` conditions: a template that renders ``true`` (any case).

As in Home Assistant the rendered text is compared, not its parsed value: ``{{ 1 }}``
does not pass, ``{{ True }}`` and ``{{ 'true' }}`` do. The trace records the result and
the entities the template read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.condition.errors import ConditionErrorMessage
from hub.condition.model import Check, Variables
from hub.template import Template
from hub.trace import trace_set_result


def template_passes(template: Template, variables: Variables, trace_result: bool = True) -> bool:
    """Whether the template renders ``true``; ``ConditionError`` when it fails."""
    info = template.render_with_info(variables, parse_result=False)
    if info.exception is not None:
        raise ConditionErrorMessage("template", str(info.exception))
    result = str(info.result).lower() == "true"
    if trace_result:
        trace_set_result(result=result, entities=sorted(info.entities))
    return result


def template_check(config: Mapping[str, Any]) -> Check:
    """The check of a validated ``template`` condition."""
    template: Template = config["value_template"]

    def check(variables: Variables) -> bool:
        return template_passes(template, variables)

    return check
