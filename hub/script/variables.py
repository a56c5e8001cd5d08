"""``variables:`` blocks: names whose values may be templates, rendered in order.

Home Assistant's two ways of applying them:

- as defaults (an automation's or script's own ``variables:``): values passed in by the
  caller (``trigger``, a script's fields) win, and a variable that the caller already
  set is not rendered at all;
- as assignments (the ``variables`` action): every name is rendered and replaces the
  old value.

Each value sees the variables before it. A block without any template is copied, never
rendered, so static variables cost a dictionary merge per run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hub.template import Template, attach, render_complex

if TYPE_CHECKING:
    from hub.core import Hub


def has_template(value: Any) -> bool:
    """Whether ``value`` holds a template that needs rendering (not a static one)."""
    if isinstance(value, Template):
        return not value.is_static
    if isinstance(value, Mapping):
        return any(has_template(key) or has_template(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_template(item) for item in value)
    return False


def static_value(value: Any) -> Any:
    """``value`` with every static template rendered once (as a render would give it)."""
    if isinstance(value, Template):
        return value.render() if value.is_static else value
    if isinstance(value, Mapping):
        return {static_value(key): static_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [static_value(item) for item in value]
    return value


def as_templates(value: Any) -> Any:
    """Text inside ``value`` as templates (validated configuration already has them)."""
    if isinstance(value, Template):
        return value
    if isinstance(value, str):
        return Template(value)
    if isinstance(value, Mapping):
        return {key: as_templates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_templates(item) for item in value]
    return value


class ScriptVariables:
    """A ``variables:`` mapping ready to apply to a run's variables."""

    __slots__ = ("_dynamic", "_static", "variables")

    def __init__(self, variables: Mapping[str, Any], hub: Hub | None = None) -> None:
        self.variables = {key: as_templates(value) for key, value in variables.items()}
        if hub is not None:
            attach(hub, self.variables)
        self._dynamic = has_template(self.variables)
        self._static = None if self._dynamic else static_value(self.variables)

    def attach(self, hub: Hub) -> None:
        """Let the templates inside render against ``hub``."""
        attach(hub, self.variables)

    def render(
        self,
        run_variables: Mapping[str, Any] | None,
        *,
        as_defaults: bool = True,
        limited: bool = False,
    ) -> dict[str, Any]:
        """The run's variables with these applied; raises ``TemplateError``."""
        if self._static is not None:
            if as_defaults:
                return {**self._static, **(run_variables or {})}
            return {**(run_variables or {}), **self._static}
        rendered = dict(run_variables) if run_variables else {}
        for key, value in self.variables.items():
            if as_defaults and key in rendered:
                continue
            rendered[key] = render_complex(value, rendered, limited=limited)
        return rendered

    def as_dict(self) -> dict[str, Any]:
        """The configured (unrendered) values."""
        return dict(self.variables)
