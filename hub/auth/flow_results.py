"""The JSON shapes of Home Assistant's data-entry flows, as the login page, the web UI's
login and MFA-setup dialogs and the companion apps read them.

Our flows only ask for required text fields, so a form's ``data_schema`` is a list of
``{"type": "string", "name": ..., "required": true}`` (voluptuous-serialize's form of
``vol.Required(name): str``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import voluptuous as vol

FlowResult = dict[str, Any]


def text_fields_schema(fields: Sequence[str]) -> vol.Schema:
    """A schema of required string fields (no other keys allowed)."""
    return vol.Schema({vol.Required(name): str for name in fields})


def form(
    flow_id: str,
    handler: Any,
    step_id: str,
    fields: Sequence[str],
    errors: dict[str, str] | None = None,
    description_placeholders: dict[str, str] | None = None,
) -> FlowResult:
    """A form asking for ``fields``."""
    return {
        "type": "form",
        "flow_id": flow_id,
        "handler": handler,
        "data_schema": [{"type": "string", "name": name, "required": True} for name in fields],
        "errors": errors or {},
        "description_placeholders": description_placeholders,
        "last_step": None,
        "preview": None,
        "step_id": step_id,
    }


def abort(flow_id: str, handler: Any, reason: str) -> FlowResult:
    """The flow ended without a result."""
    return {
        "type": "abort",
        "flow_id": flow_id,
        "handler": handler,
        "reason": reason,
        "description_placeholders": None,
    }


def create_entry(flow_id: str, handler: Any, **extra: Any) -> FlowResult:
    """The flow finished; ``extra`` holds what the endpoint adds (a code, a title)."""
    return {
        "type": "create_entry",
        "flow_id": flow_id,
        "handler": handler,
        "description": None,
        "description_placeholders": None,
        **extra,
    }
