"""The ``logger:`` block: default level, levels per logger, and filters that drop lines.

Only the schema and the value it produces live here; applying levels and filters to
Python's ``logging`` (and the ``logger.set_level`` service) is the logger runtime's job.
As in Home Assistant, a ``logger:`` block without ``default`` means ``debug``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import voluptuous as vol

from hub.config.validators import ensure_list, log_level, regex, string

LOGGER_DOMAIN = "logger"

LOGGER_SCHEMA = vol.Schema(
    {
        vol.Optional("default"): log_level,
        vol.Optional("logs"): vol.Schema({string: log_level}),
        vol.Optional("filters"): vol.Schema({string: vol.All(ensure_list, [regex])}),
    }
)


@dataclass(frozen=True, slots=True)
class LoggerConfig:
    """Log levels (``logging`` numbers) and the patterns whose lines are dropped."""

    default: int = logging.DEBUG
    logs: Mapping[str, int] = field(default_factory=dict)
    filters: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, validated: Mapping[str, Any]) -> LoggerConfig:
        """Build from the output of ``LOGGER_SCHEMA``."""
        return cls(
            default=validated.get("default", logging.DEBUG),
            logs={str(name): level for name, level in validated.get("logs", {}).items()},
            filters={
                str(name): tuple(patterns)
                for name, patterns in validated.get("filters", {}).items()
            },
        )
