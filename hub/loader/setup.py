"""``IntegrationSetup``: sets integrations up in dependency order, isolating failures.

- Independent integrations set up concurrently; each waits for its dependencies.
- An integration that fails to import or raises in ``async_setup`` is logged with its
  traceback and marked failed; the hub keeps running, and integrations that depend on it
  are marked failed too (saying why).
- ``DeviceUnavailable`` (gateway unreachable, dongle not plugged in) is not a failure: the
  setup is retried with exponential backoff (5 s doubling up to 5 min) until it works.
  Integrations that depend on it wait, and are set up as soon as it loads; waiting never
  costs the retrying integration an extra attempt.
- ``after_dependencies`` only order setups; one that would close a cycle (``a`` after
  ``b`` after ``a``, or ``b`` needing ``a`` while ``a`` comes after ``b``) is not waited for.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, cast

from hub.const import EVENT_COMPONENT_LOADED
from hub.exceptions import DeviceUnavailable, IntegrationError, IntegrationNotFound
from hub.hub_data import HubKey
from hub.loader.builtin import ALWAYS_SET_UP, ENTITY_DOMAINS
from hub.loader.catalog import IntegrationCatalog
from hub.loader.integration import Integration

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.entity.component import EntityComponent

_LOGGER = logging.getLogger(__name__)

SETUP_TIMEOUT: Final = 120.0
RETRY_FIRST_DELAY: Final = 5.0
RETRY_MAX_DELAY: Final = 300.0

SetupFunction = Callable[["Hub", Any], Awaitable[bool]]


class SetupStatus(StrEnum):
    """Where an integration's setup stands."""

    PENDING = "pending"
    LOADED = "loaded"
    FAILED = "failed"
    RETRYING = "retrying"


@dataclass(slots=True)
class SetupRecord:
    """The outcome of one integration's setup, for logs, the API and the UI."""

    domain: str
    status: SetupStatus = SetupStatus.PENDING
    error: str | None = None
    seconds: float = 0.0
    attempts: int = 0
    retry_delay: float = RETRY_FIRST_DELAY
    cancel_retry: Callable[[], None] | None = field(default=None, repr=False)


class IntegrationSetup:
    """Sets up integrations for one hub from its validated configuration."""

    def __init__(self, hub: Hub, catalog: IntegrationCatalog, config: Mapping[str, Any]) -> None:
        self.hub = hub
        self.catalog = catalog
        # domain -> validated configuration of that domain
        self.config = dict(config)
        self.records: dict[str, SetupRecord] = {}
        self._running: dict[str, asyncio.Future[bool]] = {}
        # retrying domain -> dependents waiting for it to load
        self._waiters: dict[str, set[str]] = {}
        # legacy ``platform:`` blocks being set up (``hub.loader.platforms``)
        self._platform_tasks: set[asyncio.Task[None]] = set()

    @property
    def loaded(self) -> set[str]:
        """Domains set up successfully."""
        return {d for d, r in self.records.items() if r.status is SetupStatus.LOADED}

    def is_loaded(self, domain: str) -> bool:
        """Whether ``domain`` is set up."""
        record = self.records.get(domain)
        return record is not None and record.status is SetupStatus.LOADED

    async def setup_all(self) -> None:
        """Set up every configured domain plus the always-present ones."""
        domains = dict.fromkeys([*ALWAYS_SET_UP, *self.config])
        await asyncio.gather(*(self.setup(domain) for domain in domains))
        while self._platform_tasks:
            await asyncio.wait(list(self._platform_tasks))
        loaded = self.loaded
        failed = sorted(d for d, r in self.records.items() if r.status is SetupStatus.FAILED)
        retrying = sorted(d for d, r in self.records.items() if r.status is SetupStatus.RETRYING)
        _LOGGER.info(
            "Integrations set up: %d loaded%s%s",
            len(loaded),
            f", failed: {', '.join(failed)}" if failed else "",
            f", retrying: {', '.join(retrying)}" if retrying else "",
        )

    def track_platform_setup(self, task: asyncio.Task[None]) -> None:
        """A ``platform:`` block's setup; ``setup_all`` waits for it."""
        self._platform_tasks.add(task)
        task.add_done_callback(self._platform_tasks.discard)

    async def setup(self, domain: str) -> bool:
        """Set up ``domain`` (once); True when it is loaded.

        An integration that is retrying is not tried again early: its retry timer (or the
        dependency it waits for) owns the next attempt.
        """
        if self.is_loaded(domain):
            return True
        running = self._running.get(domain)
        if running is not None:
            return await asyncio.shield(running)
        record = self.records.get(domain)
        if record is not None and record.status is SetupStatus.RETRYING:
            return False
        return await self._attempt(domain)

    async def _attempt(self, domain: str) -> bool:
        if self.is_loaded(domain):
            return True
        running = self._running.get(domain)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[bool] = self.hub.loop.create_future()
        self._running[domain] = future
        try:
            result = await self._setup(domain)
        except BaseException:
            future.set_result(False)
            raise
        finally:
            self._running.pop(domain, None)
        if not future.done():
            future.set_result(result)
        return result

    async def _setup(self, domain: str) -> bool:
        record = self.records.setdefault(domain, SetupRecord(domain))
        record.attempts += 1
        try:
            integration = self.catalog.get(domain)
        except IntegrationNotFound as err:
            return self._fail(record, str(err))
        if cycle := _dependency_cycle(self.catalog, domain):
            return self._fail(record, f"dependency cycle: {' -> '.join(cycle)}")
        if not await self._setup_dependencies(integration, record):
            return False
        missing = _missing_requirements(integration.manifest.requirements)
        if missing:
            return self._fail(
                record,
                f"missing Python package(s) {', '.join(missing)}; install them into the hub's "
                "environment (Watthub never installs packages at run time)",
            )
        try:
            module = await self.hub.add_executor_job(integration.import_module)
        except Exception:
            _LOGGER.exception("Integration %s failed to import", domain)
            return self._fail(record, "failed to import (see the log for the traceback)")
        return await self._run_setup(integration, module, record)

    async def _setup_dependencies(self, integration: Integration, record: SetupRecord) -> bool:
        deps = integration.dependencies
        after = [
            d
            for d in integration.manifest.after_dependencies
            if d in self.config and not self._waits_for(d, integration.domain)
        ]
        if after:
            await asyncio.gather(*(self.setup(d) for d in after))
        if not deps:
            return True
        await asyncio.gather(*(self.setup(d) for d in deps))
        not_loaded = [d for d in deps if not self.is_loaded(d)]
        if not not_loaded:
            return True
        retrying = [
            d
            for d in not_loaded
            if (dep := self.records.get(d)) is not None and dep.status is SetupStatus.RETRYING
        ]
        if retrying and len(retrying) == len(not_loaded):
            self._wait_for(record, retrying)
            return False
        failed = [d for d in not_loaded if d not in retrying]
        return self._fail(record, f"dependency failed: {', '.join(failed)}")

    def _waits_for(self, start: str, target: str) -> bool:
        """Whether setting up ``start`` waits, directly or not, for ``target``."""
        stack, seen = [start], {start}
        while stack:
            domain = stack.pop()
            if domain == target:
                return True
            if domain not in self.catalog:
                continue
            manifest = self.catalog.get(domain).manifest
            after = [d for d in manifest.after_dependencies if d in self.config]
            for following in (*manifest.dependencies, *after):
                if following not in seen:
                    seen.add(following)
                    stack.append(following)
        return False

    def _wait_for(self, record: SetupRecord, dependencies: list[str]) -> None:
        """Set ``record`` up again as soon as its retrying dependencies have loaded."""
        record.status = SetupStatus.RETRYING
        record.error = f"waiting for {', '.join(dependencies)}"
        for dependency in dependencies:
            self._waiters.setdefault(dependency, set()).add(record.domain)
        _LOGGER.warning(
            "Integration %s waits for %s (not ready yet)", record.domain, ", ".join(dependencies)
        )

    async def _run_setup(
        self, integration: Integration, module: ModuleType, record: SetupRecord
    ) -> bool:
        domain = integration.domain
        setup = cast("SetupFunction | None", getattr(module, "async_setup", None))
        started = time.monotonic()
        try:
            if setup is not None:
                conf = self.config.get(domain, [] if domain in ENTITY_DOMAINS else {})
                ok = await asyncio.wait_for(setup(self.hub, conf), SETUP_TIMEOUT)
                if ok is False:
                    return self._fail(record, "setup returned False (see the log)")
        except DeviceUnavailable as err:
            self._schedule_retry(record, str(err) or type(err).__name__)
            return False
        except TimeoutError:
            return self._fail(record, f"setup took longer than {SETUP_TIMEOUT:.0f} s")
        except Exception as err:
            _LOGGER.exception("Integration %s failed to set up", domain)
            return self._fail(record, f"setup failed: {err}" if str(err) else "setup failed")
        finally:
            record.seconds = time.monotonic() - started
        record.status = SetupStatus.LOADED
        record.error = None
        self.hub.bus.fire_internal(EVENT_COMPONENT_LOADED, {"component": domain})
        _LOGGER.debug("Set up %s in %.3f s", domain, record.seconds)
        for waiter in sorted(self._waiters.pop(domain, ())):
            self.hub.create_task(self._attempt(waiter), f"setup {waiter} after {domain}")
        return True

    def _fail(self, record: SetupRecord, reason: str) -> bool:
        record.status = SetupStatus.FAILED
        record.error = reason
        _LOGGER.error("Setup of integration %s failed: %s", record.domain, reason)
        for waiters in self._waiters.values():
            waiters.discard(record.domain)
        for waiter in sorted(self._waiters.pop(record.domain, ())):
            self._fail(self.records[waiter], f"dependency failed: {record.domain}")
        return False

    def _schedule_retry(self, record: SetupRecord, reason: str) -> None:
        record.status = SetupStatus.RETRYING
        record.error = reason
        if record.cancel_retry is not None:
            record.cancel_retry()
        delay = record.retry_delay
        record.retry_delay = min(delay * 2, RETRY_MAX_DELAY)
        _LOGGER.warning(
            "Integration %s is not ready (%s); retrying in %.0f s", record.domain, reason, delay
        )
        from hub.tracking import call_later  # noqa: PLC0415 - keep loader import-light

        async def retry(_now: Any) -> None:
            record.cancel_retry = None
            await self._attempt(record.domain)

        record.cancel_retry = call_later(self.hub, delay, retry, f"retry setup {record.domain}")

    def cancel_retries(self) -> None:
        """Stop pending retries (hub stop)."""
        for record in self.records.values():
            if record.cancel_retry is not None:
                record.cancel_retry()
                record.cancel_retry = None


def _dependency_cycle(catalog: IntegrationCatalog, start: str) -> list[str] | None:
    """The dependency path that leads from ``start`` back to itself, if any."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        domain, path = stack.pop()
        if domain not in catalog:
            continue
        for dependency in catalog.get(domain).dependencies:
            if dependency == start:
                return [*path, start]
            if dependency not in seen:
                seen.add(dependency)
                stack.append((dependency, [*path, dependency]))
    return None


_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _missing_requirements(requirements: tuple[str, ...]) -> list[str]:
    missing = []
    for requirement in requirements:
        match = _REQUIREMENT_NAME.match(requirement)
        if match is None:
            continue
        try:
            importlib.metadata.distribution(match.group(1))
        except importlib.metadata.PackageNotFoundError:
            missing.append(requirement)
    return missing


INTEGRATION_SETUP: Final = HubKey[IntegrationSetup]("integration_setup")


async def setup_domain_component(hub: Hub, domain: str) -> EntityComponent:
    """The entity component of ``domain``, setting the domain up on first use."""
    from hub.entity.component import ENTITY_COMPONENTS  # noqa: PLC0415 - cycle

    components = hub.data.get(ENTITY_COMPONENTS)
    if components is not None and domain in components:
        return components[domain]
    if not await hub.data[INTEGRATION_SETUP].setup(domain):
        raise IntegrationError(f"Entity domain {domain} could not be set up")
    return hub.data[ENTITY_COMPONENTS][domain]
