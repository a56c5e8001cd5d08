"""``Template``: a Jinja template string that renders against the hub.

A template is compiled once per source text and environment (the compiled form is
shared by every ``Template`` with that text) and remembered by the instance, so the hot
path of a render is: set two context variables, run the compiled code, join the output,
parse it. Errors are ``TemplateError`` with HA's text (``ValueError: Template error:
float got invalid input...``), prefixed with the template's ``file:line`` when it was
loaded from YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import jinja2

from hub.config.yaml_nodes import location_of
from hub.exceptions import TemplateError
from hub.template.environment import (
    LIMITED,
    MAX_TEMPLATE_OUTPUT,
    NORMAL,
    STRICT,
    environment_for,
)
from hub.template.render_context import RenderTimeout, current_template
from hub.template.render_info import RenderInfo, activate, deactivate
from hub.template.results import parse_result as parse_text

if TYPE_CHECKING:
    from hub.core import Hub


def is_template_string(text: str) -> bool:
    """Whether ``text`` holds template syntax (``{{``, ``{%`` or ``{#``)."""
    return "{" in text and ("{{" in text or "{%" in text or "{#" in text)


class Template:
    """A template string; attach a hub (``hub=`` or ``attach``) before rendering."""

    __slots__ = ("__weakref__", "_compiled", "_compiled_hub", "_text", "hub", "is_static", "source")

    def __init__(self, source: str, hub: Hub | None = None) -> None:
        if not isinstance(source, str):
            raise TypeError("Expected template to be a string")
        self.source = source
        self.hub = hub
        self._text = str.strip(source)
        self.is_static = not is_template_string(self._text)
        self._compiled: jinja2.Template | None = None
        self._compiled_hub: Hub | None = None

    @property
    def template(self) -> str:
        """The template text (stripped), as HA names it."""
        return self._text

    # -- compiling -----------------------------------------------------------------------

    def ensure_valid(self) -> None:
        """Compile; raises ``TemplateError`` naming file:line for a syntax error."""
        if not self.is_static:
            self._compile(NORMAL)

    def _compile(self, flavour: str) -> jinja2.Template:
        hub = self.hub
        if flavour == NORMAL and self._compiled is not None and self._compiled_hub is hub:
            return self._compiled
        environment = environment_for(hub, flavour)
        token = current_template.set((self._text, "compiling"))
        try:
            compiled = environment.template_for(self._text)
        except jinja2.TemplateError as err:
            raise self._error(err) from err
        finally:
            current_template.reset(token)
        if flavour == NORMAL:
            self._compiled, self._compiled_hub = compiled, hub
        return compiled

    # -- rendering -----------------------------------------------------------------------

    def render(
        self,
        variables: Mapping[str, Any] | None = None,
        *,
        parse_result: bool = True,
        strict: bool = False,
        limited: bool = False,
    ) -> Any:
        """Render to a native value (``parse_result``) or to text; raises ``TemplateError``."""
        if self.is_static:
            return parse_text(self._text) if parse_result else self._text
        compiled = self._compiled
        if compiled is None or self._compiled_hub is not self.hub or strict or limited:
            compiled = self._compile(LIMITED if limited else STRICT if strict else NORMAL)
        token = current_template.set((self._text, "rendering"))
        try:
            text = _render(compiled, variables)
        except RenderTimeout:
            raise
        except _OutputTooLarge as err:
            raise self._located(str(err)) from None
        except Exception as err:
            raise self._error(err) from err
        finally:
            current_template.reset(token)
        return parse_text(text) if parse_result else text

    def render_with_info(
        self,
        variables: Mapping[str, Any] | None = None,
        *,
        parse_result: bool = True,
        strict: bool = False,
        limited: bool = False,
    ) -> RenderInfo:
        """Render and record what the render read (entities, domains, clock)."""
        info = RenderInfo(self._text)
        if self.is_static:
            info.is_static = True
            info.result = self.render(parse_result=parse_result)
            return info
        token = activate(info)
        try:
            info.result = self.render(
                variables, parse_result=parse_result, strict=strict, limited=limited
            )
        except TemplateError as err:
            info.exception = err
        finally:
            deactivate(token)
        info.finish()
        return info

    # -- errors --------------------------------------------------------------------------

    def _error(self, err: BaseException) -> TemplateError:
        message = f"{type(err).__name__}: {err}"
        if isinstance(err, jinja2.TemplateSyntaxError) and err.lineno > 1:
            message += f" (line {err.lineno} of the template)"
        return self._located(message)

    def _located(self, message: str) -> TemplateError:
        """An error whose message starts with the template's file:line, when known."""
        location = location_of(self.source)
        return TemplateError(f"{location}: {message}" if location is not None else message)

    # -- identity ------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Template) and other._text == self._text and other.hub is self.hub

    def __hash__(self) -> int:
        return hash(self._text)

    def __copy__(self) -> Template:
        return Template(self.source, self.hub)

    def __deepcopy__(self, memo: dict[int, Any]) -> Template:
        # The hub is shared, never copied; the compiled form comes from the cache.
        return Template(self.source, self.hub)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Template, (self.source,))

    def __repr__(self) -> str:
        location = location_of(self.source)
        where = f" at {location}" if location is not None else ""
        return f"Template<{self._text!r}{where}>"


class _RenderVariables(dict[str, Any]):
    """A render's variables, falling back to the environment's globals."""

    __slots__ = ("globals",)
    globals: dict[str, Any]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.globals

    def __missing__(self, key: str) -> Any:
        return self.globals[key]


class _OutputTooLarge(TemplateError):
    """A render produced more than ``MAX_TEMPLATE_OUTPUT`` characters."""


def _render(compiled: jinja2.Template, variables: Mapping[str, Any] | None) -> str:
    """Run the compiled template, refusing output beyond ``MAX_TEMPLATE_OUTPUT``.

    What ``jinja2.Template.render`` does, except that the context's variables fall back
    to the environment's globals instead of starting as a copy of them (Jinja copies
    its ChainMap of 170 globals at every render: most of a simple render's time), and
    the output is measured as it is produced.
    """
    environment = compiled.environment
    parent = _RenderVariables(variables or ())
    parent.globals = environment.render_globals  # type: ignore[attr-defined]
    context = environment.context_class(environment, parent, compiled.name, compiled.blocks)
    chunks: list[str] = []
    size = 0
    for chunk in compiled.root_render_func(context):
        size += len(chunk)
        if size > MAX_TEMPLATE_OUTPUT:
            raise _OutputTooLarge(
                f"Template output exceeded maximum size of {MAX_TEMPLATE_OUTPUT} characters"
            )
        chunks.append(chunk)
    return "".join(chunks).strip()


def render_complex(
    value: Any,
    variables: Mapping[str, Any] | None = None,
    limited: bool = False,
    parse_result: bool = True,
) -> Any:
    """Render every ``Template`` inside lists and mappings (keys too); other values as is."""
    if isinstance(value, list):
        return [render_complex(item, variables, limited, parse_result) for item in value]
    if isinstance(value, Mapping):
        return {
            render_complex(key, variables, limited, parse_result): render_complex(
                item, variables, limited, parse_result
            )
            for key, item in value.items()
        }
    if isinstance(value, Template):
        return value.render(variables, parse_result=parse_result, limited=limited)
    return value


def is_complex(value: Any) -> bool:
    """Whether a structure holds any ``Template``."""
    if isinstance(value, Template):
        return True
    if isinstance(value, list):
        return any(is_complex(item) for item in value)
    if isinstance(value, Mapping):
        return any(is_complex(key) or is_complex(item) for key, item in value.items())
    return False


def attach(hub: Hub, value: Any) -> None:
    """Set ``hub`` on every ``Template`` inside lists and mappings (keys too)."""
    if isinstance(value, list):
        for item in value:
            attach(hub, item)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            attach(hub, key)
            attach(hub, item)
    elif isinstance(value, Template):
        value.hub = hub
