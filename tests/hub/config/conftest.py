"""Shared paths and helpers for the configuration tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "config"

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def fixtures() -> Path:
    """The folder of fixture configuration trees."""
    return FIXTURES


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write dedented text to a file under ``tmp_path`` and return its path."""

    def _write(relative: str, text: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
