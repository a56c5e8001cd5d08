"""Per-render context: which template is rendering, who hears its warnings, its deadline.

Template functions are called deep inside Jinja with no reference to the template;
these context variables let them name it in error messages (HA's "float got invalid
input 'x' when rendering template '...'"), send undefined-variable warnings to a
WebSocket subscriber instead of the log, and stop a render that overran its deadline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, NoReturn

from hub.exceptions import TemplateError

_LOGGER = logging.getLogger("hub.template")

# (template source, "rendering" | "compiling")
current_template: ContextVar[tuple[str, str] | None] = ContextVar("template_current", default=None)
# Called with (level, message) for warnings and errors a render produces.
LogFunction = Callable[[int, str], None]
log_function: ContextVar[LogFunction | None] = ContextVar("template_log_function", default=None)
# time.monotonic() after which the render must stop (WebSocket ``timeout`` checks).
deadline: ContextVar[float | None] = ContextVar("template_deadline", default=None)


class RenderTimeout(TemplateError):
    """A render ran past its deadline."""


def raise_no_default(function: str, value: Any) -> NoReturn:
    """HA's error for a conversion that failed without a ``default``."""
    template, action = current_template.get() or ("", "rendering or compiling")
    raise ValueError(
        f"Template error: {function} got invalid input '{value}' when {action} template"
        f" '{template}' but no default was specified"
    )


def log(level: int, message: str) -> None:
    """Report a render warning: to the subscriber that asked, else to the log."""
    function = log_function.get()
    if function is not None:
        function(level, message)
        return
    template, action = current_template.get() or ("", "rendering or compiling")
    _LOGGER.log(
        level,
        "Template variable %s: %s when %s '%s'",
        logging.getLevelName(level).lower(),
        message,
        action,
        template,
    )


def check_deadline() -> None:
    """Stop the render when it has run past its deadline."""
    limit = deadline.get()
    if limit is not None and time.monotonic() > limit:
        raise RenderTimeout("Template rendering took too long")
