"""Shared fixtures: a hub on a manual clock, and the leak check every test runs under.

The leak check is the "clean shutdown" guarantee of the core: a test fails if it leaves
tasks running on its loop or threads alive after it ends.
"""

from __future__ import annotations

import asyncio
import textwrap
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hub.bootstrap import build_hub
from hub.clock import ManualClock
from hub.core import Hub

# A Thursday in winter, noon UTC: far from DST changes unless a test moves it.
START = datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves threads behind."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not leaked, f"test leaked threads: {[t.name for t in leaked]}"


@pytest.fixture(autouse=True)
async def no_leaked_tasks() -> AsyncIterator[None]:
    """Fail a test that leaves tasks running on its event loop."""
    yield
    current = asyncio.current_task()
    for _ in range(3):
        pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        if not pending:
            return
        await asyncio.sleep(0.01)
    names = [t.get_name() for t in pending]
    for task in pending:
        task.cancel()
    pytest.fail(f"test leaked tasks: {names}")


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when the test advances it."""
    return ManualClock(START)


@pytest.fixture
async def hub(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Hub]:
    """A bare hub (bus, states, services) on a manual clock; stopped after the test."""
    instance = Hub(tmp_path, clock=clock)
    yield instance
    await instance.stop()


# Tests never bind the standard port: the HTTP server listens on a free loopback port.
TEST_HTTP: dict[str, dict[str, object]] = {"http": {"server_host": ["127.0.0.1"], "server_port": 0}}

HubFactory = Callable[[str], Awaitable[Hub]]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An empty configuration directory."""
    path = tmp_path / "config"
    path.mkdir()
    return path


@pytest.fixture
async def make_hub(config_dir: Path, clock: ManualClock) -> AsyncIterator[HubFactory]:
    """Build (and later stop) a hub from YAML text written to ``configuration.yaml``.

    The hub is set up but not started; ``await hub.start()`` when the test needs it.
    """
    hubs: list[Hub] = []

    async def factory(yaml_text: str) -> Hub:
        (config_dir / "configuration.yaml").write_text(textwrap.dedent(yaml_text))
        hub = await build_hub(config_dir, clock=clock, overrides=TEST_HTTP)
        hubs.append(hub)
        return hub

    yield factory
    for hub in hubs:
        await hub.stop()
