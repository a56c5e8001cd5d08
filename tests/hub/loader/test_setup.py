"""Tests of ``hub.loader.setup``: dependency order and isolation of broken integrations."""

from __future__ import annotations

import asyncio
import logging

import pytest

from hub.clock import ManualClock
from hub.const import EVENT_COMPONENT_LOADED
from hub.core import CoreState
from hub.events import Event
from hub.exceptions import IntegrationError
from hub.loader.setup import INTEGRATION_SETUP, SetupStatus, setup_domain_component
from tests.conftest import HubFactory
from tests.hub.loader.conftest import Install

BROKEN = (
    "broken_import",
    "setup_raises",
    "setup_false",
    "bad_manifest",
    "dep_on_broken",
    "cycle_a",
    "cycle_b",
    "needs_package",
)


def _setup_log(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """(domain, "setup started"/"setup finished") in the order the test integrations logged."""
    return [
        (record.name.partition(".")[2], record.getMessage())
        for record in caplog.records
        if record.name.startswith("custom_components.")
    ]


async def test_broken_integrations_do_not_stop_the_hub(
    make_hub: HubFactory, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install(*BROKEN)
    caplog.set_level(logging.INFO)
    hub = await make_hub(
        """
        demo:
        broken_import:
        setup_raises:
        setup_false:
        bad_manifest:
        dep_on_broken:
        cycle_a:
        needs_package:
        """
    )
    setup = hub.data[INTEGRATION_SETUP]
    records = setup.records

    # The working integrations are all there, with their entities.
    assert {"demo", "homeassistant", "logger", "http", "switch", "sensor"} <= setup.loaded
    assert hub.states.get("switch.fridge") is not None

    assert records["setup_raises"].status is SetupStatus.FAILED
    assert records["setup_raises"].error == (
        "setup failed: setup_raises could not parse its device list"
    )
    assert records["setup_false"].status is SetupStatus.FAILED
    assert records["setup_false"].error is not None
    assert "returned False" in records["setup_false"].error
    assert records["dep_on_broken"].status is SetupStatus.FAILED
    assert records["dep_on_broken"].error == "dependency failed: setup_raises"
    assert records["cycle_a"].status is SetupStatus.FAILED
    assert records["cycle_a"].error == "dependency cycle: cycle_a -> cycle_b -> cycle_a"
    assert records["needs_package"].status is SetupStatus.FAILED
    assert records["needs_package"].error is not None
    assert "missing Python package(s) watthub-test-absent-package==1.0" in (
        records["needs_package"].error
    )
    assert "install them" in records["needs_package"].error
    # A dependency that never loaded is never set up after it.
    assert ("dep_on_broken", "setup started") not in _setup_log(caplog)

    # An integration that cannot import, or whose manifest is invalid, is reported (as a
    # configuration error at its line) and never set up.
    for domain in ("broken_import", "bad_manifest"):
        assert not setup.is_loaded(domain)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        "configuration.yaml:3: integration broken_import failed to import: "
        "broken_import exploded at import time" in message
        for message in errors
    )
    assert any(
        "configuration.yaml:6:" in message and "bad_manifest/manifest.json" in message
        for message in errors
    )
    assert any("required key not provided" in m and "name" in m for m in errors)

    summary = next(m for m in caplog.messages if m.startswith("Integrations set up:"))
    assert "failed: cycle_a, dep_on_broken, needs_package, setup_false, setup_raises" in summary

    await hub.start()
    assert hub.state is CoreState.RUNNING
    await hub.stop()
    assert hub.state is CoreState.STOPPED


async def test_import_failure_in_setup_is_logged_with_traceback(
    make_hub: HubFactory, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    """Set up on demand (as a dependency or a platform would), an unimportable
    integration is marked failed and its traceback logged."""
    install("broken_import")
    hub = await make_hub("")
    setup = hub.data[INTEGRATION_SETUP]
    assert not await setup.setup("broken_import")
    record = setup.records["broken_import"]
    assert record.status is SetupStatus.FAILED
    assert record.error == "failed to import (see the log for the traceback)"
    logged = next(r for r in caplog.records if "broken_import failed to import" in r.getMessage())
    assert logged.exc_info is not None
    assert "exploded at import time" in str(logged.exc_info[1])


async def test_device_unavailable_is_retried_with_backoff(
    make_hub: HubFactory, install: Install, clock: ManualClock
) -> None:
    install("flaky")
    hub = await make_hub("flaky:\n  fail_times: 3\n")
    setup = hub.data[INTEGRATION_SETUP]
    record = setup.records["flaky"]
    loaded: list[Event] = []
    hub.bus.listen(EVENT_COMPONENT_LOADED, loaded.append)
    await hub.start()
    assert hub.state is CoreState.RUNNING  # a device that is not ready never blocks start

    assert record.status is SetupStatus.RETRYING
    assert record.error == "gateway 192.0.2.7 unreachable (attempt 1)"
    assert record.attempts == 1

    # Retries after 5 s, then 10 s, then 20 s.
    await clock.advance(4.9, settle=hub.block_till_done)
    assert record.attempts == 1
    await clock.advance(0.1, settle=hub.block_till_done)
    assert record.attempts == 2
    assert record.status is SetupStatus.RETRYING
    await clock.advance(9.9, settle=hub.block_till_done)
    assert record.attempts == 2
    await clock.advance(0.1, settle=hub.block_till_done)
    assert record.attempts == 3
    assert not loaded
    await clock.advance(19.9, settle=hub.block_till_done)
    assert record.attempts == 3
    await clock.advance(0.1, settle=hub.block_till_done)

    assert record.attempts == 4
    assert record.status is SetupStatus.LOADED
    assert record.error is None
    assert [event.data for event in loaded] == [{"component": "flaky"}]
    module = __import__("custom_components.flaky", fromlist=["ATTEMPTS"])
    start = module.ATTEMPTS[0]
    assert [t - start for t in module.ATTEMPTS] == [0.0, 5.0, 15.0, 35.0]
    # Nothing more is scheduled once it works.
    await clock.advance(600, settle=hub.block_till_done)
    assert record.attempts == 4


async def test_retry_backoff_is_capped(
    make_hub: HubFactory, install: Install, clock: ManualClock
) -> None:
    install("flaky")
    hub = await make_hub("flaky:\n  fail_times: 100\n")
    record = hub.data[INTEGRATION_SETUP].records["flaky"]
    module = __import__("custom_components.flaky", fromlist=["ATTEMPTS"])
    await clock.advance(3600, settle=hub.block_till_done)
    gaps = [b - a for a, b in zip(module.ATTEMPTS, module.ATTEMPTS[1:], strict=False)]
    assert gaps[:7] == [5.0, 10.0, 20.0, 40.0, 80.0, 160.0, 300.0]
    assert set(gaps[6:]) == {300.0}
    assert record.status is SetupStatus.RETRYING


async def test_dependent_of_a_retrying_integration_loads_after_it(
    make_hub: HubFactory, install: Install, clock: ManualClock
) -> None:
    install("flaky", "flaky_child")
    hub = await make_hub("flaky:\n  fail_times: 2\nflaky_child:\n")
    setup = hub.data[INTEGRATION_SETUP]
    module = __import__("custom_components.flaky", fromlist=["ATTEMPTS"])
    assert setup.records["flaky_child"].status is SetupStatus.RETRYING
    assert setup.records["flaky_child"].error == "waiting for flaky"

    await clock.advance(60, settle=hub.block_till_done)

    assert setup.is_loaded("flaky")
    assert setup.is_loaded("flaky_child")
    # The dependent's waiting never costs the dependency extra attempts: it keeps its own
    # 5 s / 10 s backoff.
    start = module.ATTEMPTS[0]
    assert [t - start for t in module.ATTEMPTS] == [0.0, 5.0, 15.0]
    assert not any(record.cancel_retry for record in setup.records.values())


async def test_dependent_of_a_retrying_integration_fails_when_it_gives_up(
    make_hub: HubFactory, install: Install, clock: ManualClock
) -> None:
    install("flaky", "flaky_child")
    hub = await make_hub("flaky:\n  fail_times: 1\n  give_up: true\nflaky_child:\n")
    setup = hub.data[INTEGRATION_SETUP]
    assert setup.records["flaky_child"].status is SetupStatus.RETRYING
    await clock.advance(5, settle=hub.block_till_done)
    assert setup.records["flaky"].status is SetupStatus.FAILED
    assert setup.records["flaky"].error == "setup failed: gateway answered with garbage"
    assert setup.records["flaky_child"].status is SetupStatus.FAILED
    assert setup.records["flaky_child"].error == "dependency failed: flaky"
    assert not any(record.cancel_retry for record in setup.records.values())


async def test_retrying_integration_is_not_tried_early_by_other_callers(
    make_hub: HubFactory, install: Install, clock: ManualClock
) -> None:
    install("flaky")
    hub = await make_hub("flaky:\n  fail_times: 1\n")
    setup = hub.data[INTEGRATION_SETUP]
    module = __import__("custom_components.flaky", fromlist=["ATTEMPTS"])
    assert not await setup.setup("flaky")
    assert not await setup.setup("flaky")
    assert len(module.ATTEMPTS) == 1
    await clock.advance(5, settle=hub.block_till_done)
    assert setup.is_loaded("flaky")
    assert await setup.setup("flaky")


async def test_setup_that_never_finishes_times_out(
    make_hub: HubFactory, install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("slow_setup")
    monkeypatch.setattr("hub.loader.setup.SETUP_TIMEOUT", 0.05)
    hub = await make_hub("slow_setup:\ndemo:\n")
    setup = hub.data[INTEGRATION_SETUP]
    record = setup.records["slow_setup"]
    assert record.status is SetupStatus.FAILED
    assert record.error is not None
    assert record.error.startswith("setup took longer than")
    assert setup.is_loaded("demo")


async def test_retries_stop_with_the_hub(
    make_hub: HubFactory, install: Install, clock: ManualClock
) -> None:
    install("flaky")
    hub = await make_hub("flaky:\n  fail_times: 100\n")
    module = __import__("custom_components.flaky", fromlist=["ATTEMPTS"])
    await hub.stop()
    await clock.advance(60)
    assert len(module.ATTEMPTS) == 1


async def test_setup_order_follows_dependencies(
    make_hub: HubFactory, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install("order_first", "order_second", "order_third")
    caplog.set_level(logging.INFO, logger="custom_components")
    # Configured in reverse: order comes from the manifests, not the file.
    hub = await make_hub("order_third:\norder_second:\norder_first:\n")
    setup = hub.data[INTEGRATION_SETUP]
    assert {"order_first", "order_second", "order_third"} <= setup.loaded
    log = _setup_log(caplog)
    # `dependencies`: order_second starts only after order_first finished.
    assert log.index(("order_second", "setup started")) > log.index(
        ("order_first", "setup finished")
    )
    # `after_dependencies` (configured): order_third waits for order_second.
    assert log.index(("order_third", "setup started")) > log.index(
        ("order_second", "setup finished")
    )


async def test_unconfigured_after_dependency_is_not_set_up(
    make_hub: HubFactory, install: Install
) -> None:
    install("order_first", "order_second", "order_third")
    hub = await make_hub("order_third:\n")
    setup = hub.data[INTEGRATION_SETUP]
    assert setup.is_loaded("order_third")
    assert "order_second" not in setup.records
    assert "order_first" not in setup.records


async def test_dependency_is_set_up_even_when_not_configured(
    make_hub: HubFactory, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install("order_first", "order_second")
    caplog.set_level(logging.INFO, logger="custom_components")
    hub = await make_hub("order_second:\n")
    setup = hub.data[INTEGRATION_SETUP]
    assert setup.is_loaded("order_first")
    assert setup.is_loaded("order_second")
    log = _setup_log(caplog)
    assert log.index(("order_second", "setup started")) > log.index(
        ("order_first", "setup finished")
    )


async def test_after_dependency_cycle_does_not_hang(make_hub: HubFactory, install: Install) -> None:
    install("after_a", "after_b")
    hub = await make_hub("after_a:\nafter_b:\n")
    setup = hub.data[INTEGRATION_SETUP]
    assert setup.is_loaded("after_a")
    assert setup.is_loaded("after_b")


async def test_mixed_dependency_cycle_does_not_hang(make_hub: HubFactory, install: Install) -> None:
    """mixed_a needs mixed_b, which wants to come after mixed_a: mixed_b goes first."""
    install("mixed_a", "mixed_b")
    hub = await make_hub("mixed_a:\nmixed_b:\n")
    setup = hub.data[INTEGRATION_SETUP]
    assert setup.is_loaded("mixed_a")
    assert setup.is_loaded("mixed_b")


async def test_cycle_member_set_up_alone_fails_and_dependents_say_why(
    make_hub: HubFactory, install: Install
) -> None:
    install("cycle_a", "cycle_b")
    hub = await make_hub("cycle_b:\n")
    record = hub.data[INTEGRATION_SETUP].records["cycle_b"]
    assert record.status is SetupStatus.FAILED
    assert record.error == "dependency cycle: cycle_b -> cycle_a -> cycle_b"


async def test_unknown_dependency_fails_setup(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    setup = hub.data[INTEGRATION_SETUP]
    assert not await setup.setup("no_such_integration")
    record = setup.records["no_such_integration"]
    assert record.status is SetupStatus.FAILED
    assert record.error == "Integration 'no_such_integration' not found."


async def test_setup_runs_once_for_concurrent_callers(
    make_hub: HubFactory, install: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install("order_first")
    caplog.set_level(logging.INFO, logger="custom_components")
    hub = await make_hub("")
    setup = hub.data[INTEGRATION_SETUP]
    results = await asyncio.gather(*(setup.setup("order_first") for _ in range(3)))
    assert results == [True, True, True]
    assert _setup_log(caplog).count(("order_first", "setup started")) == 1
    assert await setup.setup("order_first")
    assert setup.records["order_first"].attempts == 1


async def test_setup_domain_component(make_hub: HubFactory) -> None:
    hub = await make_hub("")
    setup = hub.data[INTEGRATION_SETUP]
    assert not setup.is_loaded("number")
    component = await setup_domain_component(hub, "number")
    assert component.domain == "number"
    assert setup.is_loaded("number")
    assert await setup_domain_component(hub, "number") is component
    with pytest.raises(IntegrationError, match="Entity domain nope could not be set up"):
        await setup_domain_component(hub, "nope")
