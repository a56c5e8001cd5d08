"""``render_template``: render a template and send its result again whenever it changes.

The answer is ``null``, then an event ``{"result": ..., "listeners": {...}}`` at once and
after every re-render whose result changed. A syntax error is refused up front
(``template_error``); ``timeout`` first renders the template in the executor and refuses
it ("Exceeded maximum execution time of 3.0s") when it takes longer. Later render errors
are dropped unless ``report_errors``, which sends them (and undefined-variable warnings)
as ``{"error": ..., "level": "ERROR" | "WARNING"}`` events. ``strict`` makes undefined
variables errors. ``unsubscribe_events`` ends the subscription.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import voluptuous as vol

from hub.exceptions import TemplateError, Unauthorized
from hub.template import Template, TemplateTracker, TrackedTemplate, TrackUpdate
from hub.template.render_context import RenderTimeout, deadline, log_function
from hub.websocket.commands import ERR_TEMPLATE_ERROR, websocket_command

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event
    from hub.websocket.connection import ActiveConnection


@websocket_command(
    {
        vol.Required("type"): "render_template",
        vol.Required("template"): str,
        vol.Optional("entity_ids"): vol.Any(str, [str]),
        vol.Optional("variables"): dict,
        vol.Optional("timeout"): vol.Coerce(float),
        vol.Optional("strict", default=False): bool,
        vol.Optional("report_errors", default=False): bool,
    }
)
async def handle_render_template(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Subscribe to a template's result (users who may read every state: a template
    can read any of them)."""
    if not connection.user.permissions.read_all:
        raise Unauthorized(f"{connection.user.name} may not read every state")
    msg_id: int = msg["id"]
    template = Template(msg["template"], hub)
    variables: dict[str, Any] | None = msg.get("variables")
    report_errors: bool = msg["report_errors"]
    strict: bool = msg["strict"]
    try:
        template.ensure_valid()
    except TemplateError as err:
        connection.send_error(msg_id, ERR_TEMPLATE_ERROR, str(err))
        return
    timeout = msg.get("timeout")
    if timeout and await hub.add_executor_job(
        _render_times_out, template, variables, strict, timeout
    ):
        connection.send_error(
            msg_id, ERR_TEMPLATE_ERROR, f"Exceeded maximum execution time of {timeout}s"
        )
        return

    def send_log(level: int, message: str) -> None:
        connection.send_event(msg_id, {"error": message, "level": logging.getLevelName(level)})

    def on_update(_event: Event | None, updates: list[TrackUpdate]) -> None:
        result = updates[-1].result
        if isinstance(result, TemplateError):
            if report_errors:
                connection.send_event(msg_id, {"error": str(result), "level": "ERROR"})
            return
        connection.send_event(msg_id, {"result": result, "listeners": tracker.listeners})

    tracker = TemplateTracker(
        hub,
        [TrackedTemplate(template, variables)],
        on_update,
        strict=strict,
        log_fn=send_log if report_errors else None,
    )
    connection.subscriptions[msg_id] = tracker.cancel
    connection.send_result(msg_id)
    tracker.start(report=True)


def _render_times_out(
    template: Template, variables: Mapping[str, Any] | None, strict: bool, timeout: float
) -> bool:
    """Render in this (executor) thread with a deadline; True when it ran past it.

    Other render errors do not count: the subscription reports them itself.
    """
    deadline_token = deadline.set(time.monotonic() + timeout)
    log_token = log_function.set(_ignore)
    started = time.monotonic()
    try:
        template.render(variables, strict=strict)
    except RenderTimeout:
        return True
    except TemplateError:
        pass
    finally:
        deadline.reset(deadline_token)
        log_function.reset(log_token)
    return time.monotonic() - started > timeout


def _ignore(level: int, message: str) -> None:
    """Warnings of the timing render are not reported (the subscription's are)."""


TEMPLATE_COMMANDS = (handle_render_template,)
