"""Fixtures of the command-line tests: the installed ``watthub`` command and a copy of
the example configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLE_CONFIG = Path(__file__).resolve().parents[3] / "config"
# The console script installed next to the interpreter running the tests.
WATTHUB = Path(sys.executable).with_name("watthub")

Watthub = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def watthub() -> Watthub:
    """Run ``watthub <args>`` to completion (5 s at most); returns the finished process."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(WATTHUB), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )

    return run


@pytest.fixture
def example_config(tmp_path: Path) -> Path:
    """A copy of the example configuration (the demo home), without its log or storage."""
    target = tmp_path / "config"
    target.mkdir()
    for name in ("configuration.yaml", "customize.yaml"):
        shutil.copy(EXAMPLE_CONFIG / name, target / name)
    return target
