"""Checks every YAML helper's tests share: located config errors, restarts."""

from __future__ import annotations

from pathlib import Path

from hub.bootstrap import read_configuration
from hub.exceptions import ConfigError


def config_errors(config_dir: Path, text: str) -> list[ConfigError]:
    """The located problems ``check-config`` would report for ``text``."""
    (config_dir / "configuration.yaml").write_text(text)
    return read_configuration(config_dir).errors
