"""The ``Hub``: one running home hub and its lifecycle.

It owns the clock, the event bus, the state machine, the service registry, typed shared
data, every task it starts and the executor for blocking work. Lifecycle (HA's names, as
``/api/core/state`` reports them):

    NOT_RUNNING -> STARTING -> RUNNING -> STOPPING -> FINAL_WRITE -> STOPPED

with ``homeassistant_start`` / ``_started`` / ``_stop`` / ``_final_write`` / ``_close``
events between them. Stopping is bounded (about 5 s in all): work that does not finish in
its stage is logged and cancelled, so Ctrl-C always ends the process promptly and pending
storage writes are flushed in the final-write stage.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TypeVar
from zoneinfo import ZoneInfo

from hub.clock import Clock, WallClock
from hub.config.core_config import CoreConfig
from hub.const import (
    EVENT_HUB_CLOSE,
    EVENT_HUB_FINAL_WRITE,
    EVENT_HUB_START,
    EVENT_HUB_STARTED,
    EVENT_HUB_STOP,
)
from hub.events import EventBus
from hub.exceptions import HubStopping
from hub.hub_data import HubData
from hub.services import ServiceRegistry
from hub.states import StateMachine
from hub.unit_system import UnitSystem, get_unit_system

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")

EXECUTOR_THREAD_PREFIX: Final = "hub-executor"
STAGE_STOP_TIMEOUT: Final = 2.0
STAGE_FINAL_WRITE_TIMEOUT: Final = 2.0
STAGE_CLOSE_TIMEOUT: Final = 0.5


class CoreState(StrEnum):
    """Where the hub is in its lifecycle."""

    NOT_RUNNING = "NOT_RUNNING"
    STARTING = "STARTING"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    FINAL_WRITE = "FINAL_WRITE"
    STOPPED = "STOPPED"

    @property
    def is_running(self) -> bool:
        """Starting or running: the hub accepts work."""
        return self in (CoreState.STARTING, CoreState.RUNNING)


class Hub:
    """One home hub. Create it inside a running event loop."""

    def __init__(self, config_dir: Path | str, clock: Clock | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        self.config_dir = Path(config_dir).absolute()
        self.clock: Clock = clock if clock is not None else WallClock(self.loop)
        self.state = CoreState.NOT_RUNNING
        self.data = HubData()
        self.exit_code = 0
        # Tasks whose end block_till_done and stop wait for.
        self._tracked: set[asyncio.Future[Any]] = set()
        # Long-running tasks (loops, connections) that are cancelled at stop.
        self._background: set[asyncio.Task[Any]] = set()
        self._stopped = asyncio.Event()
        self._thread_prefix = f"{EXECUTOR_THREAD_PREFIX}-{id(self):x}"
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix=self._thread_prefix)
        self._stop_task: asyncio.Task[None] | None = None
        self.loop.set_default_executor(self._executor)
        self.config = CoreConfig()
        self.units: UnitSystem = get_unit_system(self.config.unit_system)
        self.bus = EventBus(self.clock, self.create_task)
        self.states = StateMachine(self.bus, self.clock)
        self.services = ServiceRegistry(self)

    # -- paths and time ---------------------------------------------------------------

    def path(self, *parts: str) -> Path:
        """A path inside the configuration directory."""
        return self.config_dir.joinpath(*parts)

    def apply_core_config(self, config: CoreConfig) -> None:
        """Use validated core settings: name, location, time zone, units, currency."""
        self.config = config
        self.units = get_unit_system(config.unit_system)
        self.clock.time_zone = ZoneInfo(config.time_zone)

    # -- tasks and blocking work --------------------------------------------------------

    def create_task(
        self, coro: Coroutine[Any, Any, _T], name: str | None = None
    ) -> asyncio.Task[_T]:
        """Start a task the hub waits for in ``block_till_done`` and at stop."""
        task = self.loop.create_task(coro, name=name)
        self._tracked.add(task)
        task.add_done_callback(self._tracked.discard)
        return task

    def create_background_task(self, coro: Coroutine[Any, Any, _T], name: str) -> asyncio.Task[_T]:
        """Start a long-running task (a polling loop, a connection) cancelled at stop."""
        task = self.loop.create_task(coro, name=name)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def add_executor_job(self, func: Callable[..., _T], *args: Any) -> asyncio.Future[_T]:
        """Run blocking ``func(*args)`` in the hub's thread pool; await the result."""
        if self.state is CoreState.STOPPED:
            raise HubStopping("The hub has stopped; no more blocking work is accepted")
        future = self.loop.run_in_executor(self._executor, func, *args)
        self._tracked.add(future)
        future.add_done_callback(self._tracked.discard)
        return future

    async def block_till_done(self, timeout: float | None = None) -> bool:
        """Wait until every tracked task and executor job has finished.

        Returns False when ``timeout`` passed first. Tasks started meanwhile are waited for
        too, so after this returns the hub is quiet.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        current = asyncio.current_task()
        await asyncio.sleep(0)
        while pending := [
            task for task in self._tracked if task is not current and not task.done()
        ]:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            await asyncio.wait(pending, timeout=remaining)
            await asyncio.sleep(0)
        return True

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        """Fire the start events and enter RUNNING once start-up work has settled."""
        _LOGGER.info("Starting the hub")
        self.state = CoreState.STARTING
        self.bus.fire_internal(EVENT_HUB_START)
        if not await self.block_till_done(timeout=60):
            _LOGGER.warning("Some start-up work is still running; continuing anyway")
        if self.state is not CoreState.STARTING:  # stopped while starting
            return
        self.state = CoreState.RUNNING
        self.bus.fire_internal(EVENT_HUB_STARTED)

    async def stop(self, exit_code: int = 0) -> None:
        """Stop in stages; safe to call more than once (later calls wait for the first)."""
        if self.state in (CoreState.STOPPING, CoreState.FINAL_WRITE, CoreState.STOPPED):
            await self._stopped.wait()
            return
        self.exit_code = exit_code
        _LOGGER.info("Stopping the hub")
        self.state = CoreState.STOPPING
        self.bus.fire_internal(EVENT_HUB_STOP)
        await self._finish_stage("stop", STAGE_STOP_TIMEOUT)

        self.state = CoreState.FINAL_WRITE
        self.bus.fire_internal(EVENT_HUB_FINAL_WRITE)
        await self._finish_stage("final write", STAGE_FINAL_WRITE_TIMEOUT)

        self.bus.fire_internal(EVENT_HUB_CLOSE)
        await self._cancel_background()
        self.clock.cancel_all()
        await self._finish_stage("close", STAGE_CLOSE_TIMEOUT)
        await self._shutdown_executor()
        self.state = CoreState.STOPPED
        self._stopped.set()
        _LOGGER.info("Hub stopped")

    def request_stop(self, exit_code: int = 0) -> None:
        """Ask the hub to stop from a callback (signal handler, service)."""
        if self.state in (CoreState.STOPPING, CoreState.FINAL_WRITE, CoreState.STOPPED):
            return
        # Not tracked: stop() waits for tracked work and must not wait for itself.
        self._stop_task = self.loop.create_task(self.stop(exit_code), name="hub stop")

    async def wait_stopped(self) -> int:
        """Wait until the hub has stopped; returns the exit code."""
        await self._stopped.wait()
        return self.exit_code

    async def _finish_stage(self, stage: str, timeout: float) -> None:
        if await self.block_till_done(timeout=timeout):
            return
        pending = [task for task in self._tracked if not task.done()]
        _LOGGER.warning(
            "Cancelling %d task(s) still running after the %s stage: %s",
            len(pending),
            stage,
            ", ".join(_task_name(task) for task in pending[:10]),
        )
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=0.5)

    async def _cancel_background(self) -> None:
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=1.0)

    async def _shutdown_executor(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            if not any(
                thread.is_alive()
                for thread in threading.enumerate()
                if thread.name.startswith(self._thread_prefix)
            ):
                return
            await asyncio.sleep(0.01)
        _LOGGER.warning("Executor threads still busy at stop; leaving them to finish")


def _task_name(task: asyncio.Future[Any]) -> str:
    return task.get_name() if isinstance(task, asyncio.Task) else repr(task)
