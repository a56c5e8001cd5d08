"""A stand-in for a WebSocket connection, to call command handlers directly."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import orjson

from hub.core import Hub
from hub.websocket.commands import COMMANDS


@dataclass(slots=True)
class FakeUser:
    id: str = "u1"
    name: str = "Tester"
    is_admin: bool = True


@dataclass(slots=True)
class FakeConnection:
    """Collects what a handler sends."""

    user: FakeUser = field(default_factory=FakeUser)
    results: dict[int, Any] = field(default_factory=dict)
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)
    events: dict[int, list[Any]] = field(default_factory=dict)
    subscriptions: dict[int, Any] = field(default_factory=dict)

    def send_result(self, msg_id: int, result: Any = None) -> None:
        self.results[msg_id] = result

    def send_error(self, msg_id: int, code: str, message: str, *args: Any) -> None:
        self.errors[msg_id] = (code, message)

    def send_event(self, msg_id: int, event: Any) -> None:
        self.events.setdefault(msg_id, []).append(
            orjson.loads(event) if isinstance(event, bytes) else event
        )


async def command(hub: Hub, connection: FakeConnection, msg_id: int, **msg: Any) -> None:
    """Validate ``msg`` with the registered command's schema and run its handler."""
    registered = hub.data[COMMANDS].commands[msg["type"]]
    valid = registered.schema({"id": msg_id, **msg})
    result = registered.handler(hub, connection, valid)  # type: ignore[arg-type]
    if asyncio.iscoroutine(result):
        await result
