"""Blueprint input selectors: what kind of value an input takes (for the UI).

The hub does not render forms, so a selector only needs to be recognisable: exactly one
known selector type with a mapping (or nothing) as its options. The few rules Home
Assistant enforces that catch real mistakes are checked too (a slider ``number`` needs
``min`` and ``max``; a ``select`` needs ``options``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import voluptuous as vol

# Home Assistant 2025.1's selector types.
SELECTOR_TYPES: Final = frozenset(
    {
        "action",
        "addon",
        "area",
        "assist_pipeline",
        "attribute",
        "backup_location",
        "boolean",
        "color_rgb",
        "color_temp",
        "condition",
        "config_entry",
        "constant",
        "conversation_agent",
        "country",
        "date",
        "datetime",
        "device",
        "duration",
        "entity",
        "file",
        "floor",
        "icon",
        "label",
        "language",
        "location",
        "media",
        "navigation",
        "number",
        "object",
        "qr_code",
        "select",
        "state",
        "statistic",
        "stt",
        "target",
        "template",
        "text",
        "theme",
        "time",
        "trigger",
        "tts",
        "ui_action",
        "ui_color",
    }
)


def validate_selector(value: Any) -> dict[str, Any]:
    """``{entity: {domain: sensor}}``: one known selector type and its options."""
    if not isinstance(value, Mapping) or len(value) != 1:
        raise vol.Invalid("a selector is one selector type with its options, like `entity: {}`")
    kind, options = next(iter(value.items()))
    if kind not in SELECTOR_TYPES:
        raise vol.Invalid(f"unknown selector type '{kind}'")
    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise vol.Invalid(f"the options of selector '{kind}' must be a mapping")
    _check_options(str(kind), options)
    return {str(kind): options}


def _check_options(kind: str, options: Mapping[str, Any]) -> None:
    if kind == "number" and options.get("mode", "slider") == "slider":
        missing = [key for key in ("min", "max") if key not in options]
        if missing:
            raise vol.Invalid(
                f"a number selector in slider mode needs {' and '.join(missing)} (or `mode: box`)"
            )
    if kind == "select" and not options.get("options"):
        raise vol.Invalid("a select selector needs `options`")
