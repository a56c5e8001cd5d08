"""Tests of the ``logger`` integration: configured levels and filters, its services, and
putting everything back when the hub closes."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import voluptuous as vol

from hub.const import EVENT_LOGGING_CHANGED
from hub.events import Event
from tests.conftest import HubFactory

NAMES = ("", "watthub_test.meter", "watthub_test.boiler", "watthub_test.quiet")


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Whatever a test does, the process's logging levels and filters survive it."""
    saved = {
        name: (logging.getLogger(name).level, list(logging.getLogger(name).filters))
        for name in NAMES
    }
    yield
    for name, (level, filters) in saved.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.filters[:] = filters


def _level(name: str) -> int:
    return logging.getLogger(name).level


async def test_configured_levels_are_applied_and_undone_at_stop(make_hub: HubFactory) -> None:
    root_before = _level("")
    hub = await make_hub(
        """
        logger:
          default: warning
          logs:
            watthub_test.meter: debug
            watthub_test.boiler: ERROR
        """
    )
    assert _level("") == logging.WARNING
    assert _level("watthub_test.meter") == logging.DEBUG
    assert _level("watthub_test.boiler") == logging.ERROR
    assert logging.getLogger("watthub_test.meter").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("watthub_test.boiler").isEnabledFor(logging.WARNING)
    await hub.stop()
    assert _level("") == root_before
    assert _level("watthub_test.meter") == logging.NOTSET
    assert _level("watthub_test.boiler") == logging.NOTSET


async def test_no_default_keeps_the_start_level(make_hub: HubFactory) -> None:
    logging.getLogger().setLevel(logging.INFO)
    await make_hub("logger:\n  logs:\n    watthub_test.meter: debug\n")
    assert _level("") == logging.INFO
    assert _level("watthub_test.meter") == logging.DEBUG


async def test_set_level_and_set_default_level(make_hub: HubFactory) -> None:
    root_before = _level("")
    hub = await make_hub("logger:\n  default: info\n")
    changed: list[Event] = []
    hub.bus.listen(EVENT_LOGGING_CHANGED, changed.append)

    await hub.services.call(
        "logger",
        "set_level",
        {"watthub_test.meter": "debug", "watthub_test.boiler": "critical"},
        blocking=True,
    )
    assert _level("watthub_test.meter") == logging.DEBUG
    assert _level("watthub_test.boiler") == logging.CRITICAL
    assert len(changed) == 1

    await hub.services.call("logger", "set_default_level", {"level": "error"}, blocking=True)
    assert _level("") == logging.ERROR
    assert len(changed) == 2

    with pytest.raises(vol.Invalid):
        await hub.services.call(
            "logger", "set_level", {"watthub_test.meter": "loud"}, blocking=True
        )
    with pytest.raises(vol.Invalid):
        await hub.services.call("logger", "set_default_level", {}, blocking=True)
    assert _level("watthub_test.meter") == logging.DEBUG

    # Service changes are undone at stop too.
    await hub.stop()
    assert _level("watthub_test.meter") == logging.NOTSET
    assert _level("watthub_test.boiler") == logging.NOTSET
    assert _level("") == root_before


async def test_filters_drop_matching_lines(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await make_hub(
        r"""
        logger:
          filters:
            watthub_test.quiet:
              - 'token=\w+'
              - '^polling'
        """
    )
    quiet = logging.getLogger("watthub_test.quiet")
    with caplog.at_level(logging.WARNING, logger="watthub_test.quiet"):
        quiet.warning("login with token=abc123 refused")
        quiet.warning("polling the meter")
        quiet.warning("meter offline")
    messages = [r.getMessage() for r in caplog.records if r.name == "watthub_test.quiet"]
    assert messages == ["meter offline"]

    await hub.stop()
    assert quiet.filters == []


async def test_invalid_logger_block_is_a_located_error(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await make_hub("logger:\n  default: chatty\n")
    assert any(
        "configuration.yaml:2: logger.default:" in message
        for message in caplog.messages
        if message.startswith("Invalid configuration:")
    )
    # The logger integration is always there; its services still work.
    assert hub.services.has_service("logger", "set_level")
