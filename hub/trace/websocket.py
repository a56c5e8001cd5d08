"""WebSocket ``trace/list``, ``trace/get`` and ``trace/contexts`` (HA's shapes, admin only).

Answers are encoded with the trace JSON rules (``serialize``), so a ``timedelta`` in a
run's variables reaches the frontend as HA sends it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import voluptuous as vol

from hub.trace.serialize import trace_dumps
from hub.trace.store import TRACE_DOMAINS, trace_store
from hub.websocket import messages
from hub.websocket.commands import (
    ERR_NOT_FOUND,
    register_command,
    require_admin,
    websocket_command,
)

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.websocket.connection import ActiveConnection


def _key(msg: dict[str, Any]) -> str | None:
    return f"{msg['domain']}.{msg['item_id']}" if "item_id" in msg else None


@websocket_command(
    {
        vol.Required("type"): "trace/list",
        vol.Required("domain"): vol.In(TRACE_DOMAINS),
        vol.Optional("item_id"): str,
    }
)
@require_admin
async def handle_trace_list(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The short form of every trace of one item, or of every item of a domain."""
    store = trace_store(hub)
    await store.async_load()
    body = trace_dumps(store.list_traces(msg["domain"], _key(msg)))
    connection.send_message(messages.raw_result_message(msg["id"], body))


@websocket_command(
    {
        vol.Required("type"): "trace/get",
        vol.Required("domain"): vol.In(TRACE_DOMAINS),
        vol.Required("item_id"): str,
        vol.Required("run_id"): str,
    }
)
@require_admin
async def handle_trace_get(hub: Hub, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """One run's whole trace."""
    store = trace_store(hub)
    await store.async_load()
    trace = store.get_trace(f"{msg['domain']}.{msg['item_id']}", msg["run_id"])
    if trace is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "The trace could not be found")
        return
    connection.send_message(messages.raw_result_message(msg["id"], trace_dumps(trace)))


@websocket_command(
    {
        vol.Required("type"): "trace/contexts",
        vol.Inclusive("domain", "id"): vol.In(TRACE_DOMAINS),
        vol.Inclusive("item_id", "id"): str,
    }
)
@require_admin
async def handle_trace_contexts(
    hub: Hub, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Which run carried which context (the logbook links runs by it)."""
    store = trace_store(hub)
    await store.async_load()
    connection.send_result(msg["id"], store.list_contexts(_key(msg)))


def register_trace_commands(hub: Hub) -> None:
    """Answer the ``trace/*`` commands on every connection."""
    for handler in (handle_trace_list, handle_trace_get, handle_trace_contexts):
        register_command(hub, handler)
