"""Fixtures of the loader tests: installing test integrations into the config dir."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hub.custom_integrations import forget_custom_modules, install_integrations

Install = Callable[..., None]


@pytest.fixture
def install(config_dir: Path) -> Iterator[Install]:
    """``install("flaky", "demo_x")`` copies fixture integrations into the config dir."""

    def _install(*domains: str) -> None:
        install_integrations(config_dir, *domains)

    yield _install
    forget_custom_modules()
