"""The ``logger`` integration: log levels by module, line filters, and services to change
levels while the hub runs (``logger.set_default_level``, ``logger.set_level``).

Unlike Home Assistant, a ``logger:`` block without ``default`` keeps the level the hub was
started with (INFO, or DEBUG with ``--verbose``) instead of switching everything to DEBUG.
Levels and filters are put back when the hub closes, so a restart in the same process
starts from a clean slate.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.logger_config import LOGGER_SCHEMA
from hub.config.validators import log_level
from hub.const import EVENT_HUB_CLOSE, EVENT_LOGGING_CHANGED
from hub.services import ServiceCall

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.events import Event

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


class LoggingChanges:
    """Levels set and filters added by one hub, undone when it closes: ``watthub run``
    restarts in the same process, and the new hub must start from the levels the process
    began with (and not pile up a second copy of every filter)."""

    def __init__(self) -> None:
        self._levels: dict[str, int] = {}
        self._filters: list[tuple[logging.Logger, logging.Filter]] = []

    def apply_levels(self, default: int | None, levels: Mapping[str, int]) -> None:
        """Set the root level (when given) and per-logger levels."""
        if default is not None:
            self._set_level("", default)
        for name, level in levels.items():
            self._set_level(name, level)

    def add_filter(self, name: str, log_filter: logging.Filter) -> None:
        """Add ``log_filter`` to the logger ``name``."""
        logger = logging.getLogger(name)
        logger.addFilter(log_filter)
        self._filters.append((logger, log_filter))

    def undo(self) -> None:
        """Put back every level and remove every filter this hub changed."""
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)
        for logger, log_filter in self._filters:
            logger.removeFilter(log_filter)
        self._levels.clear()
        self._filters.clear()

    def _set_level(self, name: str, level: int) -> None:
        logger = logging.getLogger(name)
        self._levels.setdefault(name, logger.level)
        logger.setLevel(level)


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Apply the configured levels and filters; register the services."""
    changes = LoggingChanges()
    changes.apply_levels(config.get("default"), config.get("logs", {}))
    for name, patterns in config.get("filters", {}).items():
        changes.add_filter(name, PatternFilter(tuple(patterns)))

    def set_default_level(call: ServiceCall) -> None:
        changes.apply_levels(call.data["level"], {})
        hub.bus.fire_internal(EVENT_LOGGING_CHANGED)

    def set_level(call: ServiceCall) -> None:
        changes.apply_levels(None, call.data)
        hub.bus.fire_internal(EVENT_LOGGING_CHANGED)

    def undo(_event: Event) -> None:
        changes.undo()

    hub.services.register(
        DOMAIN,
        "set_default_level",
        set_default_level,
        vol.Schema({vol.Required("level"): log_level}),
        admin_only=True,
    )
    hub.services.register(
        DOMAIN, "set_level", set_level, vol.Schema({str: log_level}), admin_only=True
    )
    hub.bus.listen_once(EVENT_HUB_CLOSE, undo)
    return True
