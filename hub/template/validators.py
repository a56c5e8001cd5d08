"""Voluptuous validators for templates in configuration schemas.

``template`` turns text into a compile-checked ``Template`` (keeping the YAML location,
so render errors later name the file and line too); ``template_complex`` does that for
every template string inside a structure and leaves other values alone;
``dynamic_template`` insists on template syntax. A syntax error is a ``vol.Invalid``
("invalid template (TemplateSyntaxError: ...)") that the configuration loader locates at
the template's file:line like any other configuration error.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from hub.config.yaml_nodes import NodeList, location_of
from hub.exceptions import TemplateError
from hub.template.template import Template, is_template_string


def _checked(text: str) -> Template:
    compiled = Template(text)
    try:
        compiled.ensure_valid()
    except TemplateError as err:
        raise vol.Invalid(f"invalid template ({_unlocated(text, err)})") from err
    return compiled


def _unlocated(text: str, err: TemplateError) -> str:
    """The error without its ``file:line:`` prefix (the loader adds the location)."""
    message = str(err)
    location = location_of(text)
    prefix = f"{location}: " if location is not None else ""
    return message.removeprefix(prefix) if prefix else message


def _text(value: Any) -> str:
    if value is None:
        raise vol.Invalid("template value is None")
    if isinstance(value, list | dict | Template):
        raise vol.Invalid("template value should be a string")
    return value if isinstance(value, str) else str(value)


def template(value: Any) -> Template:
    """A template (any text; numbers are taken as text), compile-checked."""
    return _checked(_text(value))


def dynamic_template(value: Any) -> Template:
    """A template that must contain template syntax (``{{``, ``{%`` or ``{#``)."""
    text = _text(value)
    if not is_template_string(text):
        raise vol.Invalid("template value does not contain a dynamic template")
    return _checked(text)


def template_complex(value: Any) -> Any:
    """Every template string inside lists and mappings (keys too) as a ``Template``;
    plain text and other values stay as they are."""
    if isinstance(value, list):
        items = NodeList(location=location_of(value)) if isinstance(value, NodeList) else []
        for index, item in enumerate(value):
            try:
                items.append(template_complex(item))
            except vol.Invalid as err:
                raise vol.Invalid(err.error_message, path=[index, *err.path]) from err
        return items
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            try:
                result[template_complex(key)] = template_complex(item)
            except vol.Invalid as err:
                raise vol.Invalid(err.error_message, path=[key, *err.path]) from err
        return result
    if isinstance(value, str) and is_template_string(value):
        return template(value)
    return value
