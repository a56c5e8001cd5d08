"""Tests of the ``watthub`` entry point: version, help, ``python -m hub.cli``."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from hub.cli import main
from hub.const import HA_VERSION, __version__
from tests.hub.cli.conftest import Watthub

# Home Assistant's release numbering: YEAR.MONTH.PATCH.
HA_STYLE = re.compile(r"^20\d\d\.(1[0-2]|[1-9])\.\d+$")


def test_version_is_home_assistant_style(watthub: Watthub) -> None:
    result = watthub("--version")
    assert result.returncode == 0
    assert result.stdout == f"watthub {__version__} (Home Assistant API {HA_VERSION})\n"
    assert HA_STYLE.match(HA_VERSION)


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hub.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=5,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"watthub {__version__} (Home Assistant API {HA_VERSION})\n"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("usage: watthub")
    assert "run" in out
    assert "check-config" in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_run_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["run", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for option in ("--config", "--host", "--port", "--verbose"):
        assert option in out
