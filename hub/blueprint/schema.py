"""The ``blueprint:`` block of a blueprint file and the ``use_blueprint:`` of a use.

Blueprint file (``blueprints/<domain>/<path>.yaml``)::

    blueprint:
      name: Motion light             # required
      domain: automation             # required: automation | script
      description: ...
      author: ...
      source_url: https://...
      homeassistant: {min_version: "2025.1.0"}
      input:
        motion_entity: {name: ..., default: ..., selector: {entity: {domain: binary_sensor}}}
        timing:                      # an input section: a mapping with its own `input:`
          name: Timing
          icon: mdi:timer
          collapsed: true
          input: {delay: {default: 120, selector: {number: {min: 0, max: 3600}}}}
    triggers: ...                    # the rest is the automation (or script), with !input

Use: ``use_blueprint: {path: motion_light.yaml, input: {motion_entity: binary_sensor.hall}}``
next to the automation's own keys (``id``, ``alias``...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import voluptuous as vol

from hub.blueprint.selectors import validate_selector
from hub.config import validators as cv

CONF_BLUEPRINT: Final = "blueprint"
CONF_USE_BLUEPRINT: Final = "use_blueprint"
CONF_INPUT: Final = "input"
CONF_PATH: Final = "path"
CONF_DEFAULT: Final = "default"
CONF_SELECTOR: Final = "selector"
CONF_MIN_VERSION: Final = "min_version"

BLUEPRINT_DOMAINS: Final = ("automation", "script")

_VERSION: Final = re.compile(r"^\d+\.\d+\.\d+$")


def version(value: Any) -> str:
    """A Home Assistant release as ``MAJOR.MINOR.PATCH`` (``2025.1.0``)."""
    text = str(value)
    if not _VERSION.match(text):
        raise vol.Invalid(f"version {text} must be written MAJOR.MINOR.PATCH, like 2025.1.0")
    return text


def version_tuple(text: str) -> tuple[int, ...]:
    """``"2025.1.4"`` -> ``(2025, 1, 4)``; non-numeric parts count as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in text.split(".")[:3])


INPUT_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("name"): cv.string,
        vol.Optional("description"): cv.string,
        vol.Optional(CONF_DEFAULT): cv.match_all,
        vol.Optional(CONF_SELECTOR): validate_selector,
    }
)

SECTION_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("name"): cv.string,
        vol.Optional("icon"): cv.icon,
        vol.Optional("description"): cv.string,
        vol.Optional("collapsed"): cv.boolean,
        vol.Required(CONF_INPUT, default=dict): vol.Any(
            None, {cv.string: vol.Any(None, INPUT_SCHEMA)}
        ),
    }
)


def _input_or_section(value: Any) -> Any:
    """An input, or a section when it is a mapping holding its own ``input:``."""
    if isinstance(value, Mapping) and CONF_INPUT in value:
        return SECTION_SCHEMA(value)
    return vol.Any(None, INPUT_SCHEMA)(value)


METADATA_SCHEMA: Final = vol.Schema(
    {
        vol.Required("name"): cv.string,
        vol.Required("domain"): cv.string,
        vol.Optional("description"): cv.string,
        vol.Optional("author"): cv.string,
        vol.Optional("source_url"): cv.url,
        vol.Optional("homeassistant"): vol.Schema({vol.Optional(CONF_MIN_VERSION): version}),
        vol.Optional(CONF_INPUT, default=dict): vol.Any(None, {cv.string: _input_or_section}),
    }
)

BLUEPRINT_SCHEMA: Final = vol.Schema(
    {vol.Required(CONF_BLUEPRINT): METADATA_SCHEMA}, extra=vol.ALLOW_EXTRA
)


def yaml_path(value: Any) -> str:
    """A path inside ``blueprints/<domain>/`` ending in ``.yaml``, not leaving it."""
    text = cv.string(value).strip()
    if not text.endswith(".yaml"):
        raise vol.Invalid("the blueprint path must end in .yaml")
    parts = text.replace("\\", "/").split("/")
    if text.startswith("/") or ".." in parts or "" in parts:
        raise vol.Invalid(
            "the blueprint path is relative to blueprints/<domain>/ and may not contain "
            "'..' or start with '/'"
        )
    return text


USE_BLUEPRINT_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_USE_BLUEPRINT): vol.Schema(
            {
                vol.Required(CONF_PATH): yaml_path,
                vol.Optional(CONF_INPUT, default=dict): vol.Any(
                    vol.All(None, lambda _: {}), {cv.string: cv.match_all}
                ),
            }
        )
    },
    extra=vol.ALLOW_EXTRA,
)


def is_blueprint_use(config: Any) -> bool:
    """Whether ``config`` (an automation or script) is a ``use_blueprint:`` instance."""
    return isinstance(config, Mapping) and CONF_USE_BLUEPRINT in config
