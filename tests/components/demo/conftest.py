"""Fixtures for the demo integration's tests: a started demo hub and a quiet log."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator

import pytest

from hub.core import Hub
from tests.components.demo.hub_readings import AMSTERDAM
from tests.conftest import HubFactory

DemoFactory = Callable[..., Awaitable[Hub]]


@pytest.fixture
def start_demo(make_hub: HubFactory) -> DemoFactory:
    """``await start_demo("  speed: 60\\n")``: a started hub in Europe/Amsterdam with the
    demo home configured by the given lines under ``demo:``."""

    async def start(options: str = "") -> Hub:
        hub = await make_hub(f"{AMSTERDAM}demo:\n{options}")
        await hub.start()
        return hub

    return start


@pytest.fixture
def quiet_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test that logged a warning or an error: timer callbacks (the demo's ticks)
    log their exceptions instead of raising them."""
    yield
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not problems, f"logged: {problems}"
