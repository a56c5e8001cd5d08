"""The ``logger`` integration: log levels by module, line filters, and services to change
levels while the hub runs (``logger.set_default_level``, ``logger.set_level``).

Unlike Home Assistant, a ``logger:`` block without ``default`` keeps the level the hub was
started with (INFO, or DEBUG with ``--verbose``) instead of switching everything to DEBUG.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.logger_config import LOGGER_SCHEMA
from hub.config.validators import log_level
from hub.const import EVENT_LOGGING_CHANGED
from hub.services import ServiceCall

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "logger"
CONFIG_SCHEMA: Final = LOGGER_SCHEMA


class PatternFilter(logging.Filter):
    """Drops log lines whose message matches one of the patterns."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        super().__init__()
        self.patterns = patterns

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(pattern.search(message) for pattern in self.patterns)


def apply_levels(default: int | None, levels: Mapping[str, int]) -> None:
    """Set the root level (when given) and per-logger levels."""
    if default is not None:
        logging.getLogger().setLevel(default)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Apply the configured levels and filters; register the services."""
    apply_levels(config.get("default"), config.get("logs", {}))
    for name, patterns in config.get("filters", {}).items():
        logging.getLogger(name).addFilter(PatternFilter(tuple(patterns)))

    def set_default_level(call: ServiceCall) -> None:
        apply_levels(call.data["level"], {})
        hub.bus.fire_internal(EVENT_LOGGING_CHANGED)

    def set_level(call: ServiceCall) -> None:
        apply_levels(None, call.data)
        hub.bus.fire_internal(EVENT_LOGGING_CHANGED)

    hub.services.register(
        DOMAIN,
        "set_default_level",
        set_default_level,
        vol.Schema({vol.Required("level"): log_level}),
    )
    hub.services.register(DOMAIN, "set_level", set_level, vol.Schema({str: log_level}))
    return True
