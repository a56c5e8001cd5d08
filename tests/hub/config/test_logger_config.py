"""The logger: block schema and its value."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import voluptuous as vol

from hub.config.location import validate_located
from hub.config.logger_config import LOGGER_DOMAIN, LOGGER_SCHEMA, LoggerConfig
from hub.config.yaml_loader import load_config
from hub.exceptions import ConfigError

from .conftest import WriteFile


def test_logger_block(write: WriteFile, tmp_path: Path) -> None:
    write(
        "configuration.yaml",
        """
        logger:
          default: warning
          logs:
            hub.config: debug
            components.p1: Error
          filters:
            components.wmbus:
              - "CRC error"
              - "^frame \\\\d+ dropped$"
            hub.http: "ping"
        """,
    )
    config = load_config(tmp_path)
    logger = LoggerConfig.from_config(validate_located(LOGGER_SCHEMA, config, LOGGER_DOMAIN))
    assert logger.default == logging.WARNING
    assert logger.logs == {"hub.config": logging.DEBUG, "components.p1": logging.ERROR}
    wmbus = logger.filters["components.wmbus"]
    assert [pattern.pattern for pattern in wmbus] == ["CRC error", "^frame \\d+ dropped$"]
    assert wmbus[1].search("frame 12 dropped")
    assert [pattern.pattern for pattern in logger.filters["hub.http"]] == ["ping"]


def test_logger_without_default_means_debug() -> None:
    logger = LoggerConfig.from_config(LOGGER_SCHEMA({}))
    assert logger.default == logging.DEBUG
    assert logger.logs == {}
    assert logger.filters == {}


def test_logger_config_is_a_value() -> None:
    with pytest.raises(AttributeError):
        LoggerConfig().default = logging.INFO  # type: ignore[misc]


def test_bad_level_points_at_the_line(write: WriteFile, tmp_path: Path) -> None:
    write("configuration.yaml", "logger:\n  logs:\n    hub.core: loud\n")
    with pytest.raises(ConfigError) as caught:
        validate_located(LOGGER_SCHEMA, load_config(tmp_path), LOGGER_DOMAIN)
    assert caught.value.line == 3
    assert caught.value.message.startswith("logger.logs['hub.core']: expected a log level")


def test_bad_filter_and_unknown_key() -> None:
    with pytest.raises(vol.Invalid, match="invalid regular expression"):
        LOGGER_SCHEMA({"filters": {"x": ["(unclosed"]}})
    with pytest.raises(vol.Invalid, match="extra keys not allowed"):
        LOGGER_SCHEMA({"level": "debug"})
