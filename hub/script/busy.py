"""Keeping ``hub.block_till_done()`` honest about script runs that wait.

A run that waits (a ``delay``, ``wait_template``, ``wait_for_trigger``, its turn in a
queue) may wait for hours of hub time. If its task were tracked by the hub,
``block_till_done`` (and every ``clock.advance(..., settle=hub.block_till_done)``) would
wait for it forever. So runs started by the engine (an automation's trigger, a script
started in the background, a parallel branch) run in untracked tasks, and each owns a
``BusyToken``: while the run works, a tiny tracked task waits on the token; when the run
starts waiting, the token is released; the callback that ends the wait (a timer, a
trigger, a template turning true) takes the token again *before* waking the run, so the
next ``block_till_done`` waits for the work that follows.

The token of the current task is in a context variable; a run executing inline in its
caller's task (a blocking service call from a test) has none and leaves tracking to
its caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from hub.core import Hub

_T = TypeVar("_T")

current_token: ContextVar[BusyToken | None] = ContextVar("script_busy_token", default=None)


async def _hold(future: asyncio.Future[None]) -> None:
    await future


class BusyToken:
    """Tracked by the hub while held (see the module docstring)."""

    __slots__ = ("_future", "_hub", "_name")

    def __init__(self, hub: Hub, name: str) -> None:
        self._hub = hub
        self._name = name
        self._future: asyncio.Future[None] | None = None

    @property
    def held(self) -> bool:
        """Whether the hub currently waits for this token."""
        return self._future is not None

    def take(self) -> None:
        """Mark the run busy (idempotent)."""
        if self._future is not None:
            return
        future: asyncio.Future[None] = self._hub.loop.create_future()
        self._future = future
        self._hub.create_task(_hold(future), self._name)

    def release(self) -> None:
        """Mark the run idle (idempotent)."""
        future, self._future = self._future, None
        if future is not None and not future.done():
            future.set_result(None)


def release_current() -> BusyToken | None:
    """Release the current task's token before a wait; returns it (to take it back)."""
    token = current_token.get()
    if token is not None:
        token.release()
    return token


def spawn(hub: Hub, work: Coroutine[Any, Any, _T], name: str) -> asyncio.Task[_T]:
    """Run ``work`` in a hub background task (cancelled at stop, not waited for by
    ``block_till_done``) that holds its own busy token while it works."""
    token = BusyToken(hub, name)
    token.take()

    async def runner() -> _T:
        current_token.set(token)
        try:
            return await work
        finally:
            token.release()

    return hub.create_background_task(runner(), name)


def start(hub: Hub, work: Coroutine[Any, Any, _T], name: str, may_wait: bool) -> asyncio.Task[_T]:
    """Start ``work`` without waiting for it: a plain hub task when it never waits on
    the clock (``block_till_done`` waits for it), else ``spawn``."""
    if may_wait:
        return spawn(hub, work, name)
    return hub.create_task(work, name)
