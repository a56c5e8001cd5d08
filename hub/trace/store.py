"""The traces of every automation and script: the last N runs per item, kept in memory
and in ``.storage/trace.saved_traces`` so they survive a restart.

Home Assistant saves traces only when it stops; we also save (debounced) after runs
end, so a power cut loses at most the last ``SAVE_DELAY`` seconds (10 minutes) of them.
The stored document has HA's shape: ``{"automation.<id>": [{"extended_dict": ..., "short_dict":
...}, ...]}``, oldest run first. Stored traces come back as ``RestoredTrace`` and are
listed before the runs of this session; each item keeps at most its limit (the
item's ``trace: stored_traces``, default 5).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Final, Protocol

import orjson

from hub.exceptions import StorageError
from hub.hub_data import HubKey
from hub.storage import JsonData, Store
from hub.trace.serialize import trace_dumps

if TYPE_CHECKING:
    from hub.core import Hub
    from hub.trace.recorder import TraceRecorder

_LOGGER = logging.getLogger(__name__)

STORAGE_KEY: Final = "trace.saved_traces"
STORAGE_VERSION: Final = 1
DEFAULT_STORED_TRACES: Final = 5
# Saving encodes every new trace on the event loop (tens of ms for hundreds of runs), so
# it happens rarely: every 10 minutes, and at shutdown (Home Assistant saves only then).
SAVE_DELAY: Final = 600.0
TRACE_DOMAINS: Final = ("automation", "script")


class Trace(Protocol):
    """What the store keeps: a live run or one restored from storage."""

    key: str
    run_id: str

    @property
    def context_id(self) -> str: ...

    def as_short_dict(self) -> dict[str, Any]: ...

    def as_extended_dict(self) -> dict[str, Any]: ...


class RestoredTrace:
    """A trace read back from storage: its stored wire forms, served as they are."""

    __slots__ = ("_extended", "_short", "key", "run_id")

    def __init__(self, stored: dict[str, Any]) -> None:
        extended = stored["extended_dict"]
        short = stored["short_dict"]
        self.key = f"{extended['domain']}.{extended['item_id']}"
        self.run_id: str = extended["run_id"]
        if not isinstance(extended["context"]["id"], str):
            raise ValueError("trace context without an id")
        self._extended: dict[str, Any] = extended
        self._short: dict[str, Any] = short

    @property
    def context_id(self) -> str:
        """The id of the context the run carried."""
        context_id: str = self._extended["context"]["id"]
        return context_id

    def as_short_dict(self) -> dict[str, Any]:
        """The stored ``trace/list`` item."""
        return self._short

    def as_extended_dict(self) -> dict[str, Any]:
        """The stored ``trace/get`` answer."""
        return self._extended


class _ItemTraces(OrderedDict[str, Trace]):
    """One item's traces by run id, oldest first, at most ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def add(self, trace: Trace) -> None:
        self[trace.run_id] = trace
        self.trim()

    def trim(self) -> None:
        while len(self) > max(self.limit, 0):
            self.popitem(last=False)


class TraceStore:
    """Every item's recent traces (``trace_store(hub)`` gives the hub's)."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION)
        self._items: dict[str, _ItemTraces] = {}
        self._loaded = False
        self._save_after_load = False
        self._encoded: dict[str, bytes] = {}
        self._loading: asyncio.Task[None] | None = None

    # -- runs --------------------------------------------------------------------------

    def add(self, trace: TraceRecorder, stored_traces: int = DEFAULT_STORED_TRACES) -> None:
        """Keep a run (it shows in ``trace/list`` while it runs); ``stored_traces`` is
        the item's limit from now on."""
        items = self._items.get(trace.key)
        if items is None:
            items = self._items[trace.key] = _ItemTraces(stored_traces)
        else:
            items.limit = stored_traces
        items.add(trace)

    def run_finished(self) -> None:
        """A run ended: save (debounced) once stored traces are merged in."""
        if self._loaded:
            self._store.delay_save(self._data, SAVE_DELAY)
            return
        self._save_after_load = True
        if self._loading is None:
            self._loading = self._hub.create_task(self._load(), "restore traces")

    # -- reading -----------------------------------------------------------------------

    async def async_load(self) -> None:
        """Merge the stored traces in (once; later calls wait for the first)."""
        if self._loaded:
            return
        if self._loading is None:
            self._loading = self._hub.create_task(self._load(), "restore traces")
        await asyncio.shield(self._loading)

    def traces(self, key: str) -> list[Trace]:
        """One item's traces, oldest first."""
        items = self._items.get(key)
        return [] if items is None else list(items.values())

    def list_traces(self, domain: str, key: str | None = None) -> list[dict[str, Any]]:
        """``trace/list``: the short forms of one item, or of every item of ``domain``."""
        if key is not None:
            return [trace.as_short_dict() for trace in self.traces(key)]
        return [
            trace.as_short_dict()
            for item_key, items in self._items.items()
            if item_key.partition(".")[0] == domain
            for trace in items.values()
        ]

    def get_trace(self, key: str, run_id: str) -> dict[str, Any] | None:
        """``trace/get``: one run's extended form, or None."""
        items = self._items.get(key)
        trace = None if items is None else items.get(run_id)
        return None if trace is None else trace.as_extended_dict()

    def list_contexts(self, key: str | None = None) -> dict[str, dict[str, str]]:
        """``trace/contexts``: context id -> the run that carried it."""
        if key is not None:
            groups = [self._items[key]] if key in self._items else []
        else:
            groups = list(self._items.values())
        result: dict[str, dict[str, str]] = {}
        for items in groups:
            for trace in items.values():
                domain, _, item_id = trace.key.partition(".")
                result[trace.context_id] = {
                    "run_id": trace.run_id,
                    "domain": domain,
                    "item_id": item_id,
                }
        return result

    # -- storage -----------------------------------------------------------------------

    async def _load(self) -> None:
        try:
            stored = await self._store.load()
        except StorageError:
            _LOGGER.exception("Stored traces could not be read; starting without them")
            stored = None
        for key, traces in (stored or {}).items():
            self._restore_item(key, traces)
        self._loaded = True
        if self._save_after_load:
            self._store.delay_save(self._data, SAVE_DELAY)

    def _restore_item(self, key: str, stored: Any) -> None:
        if not isinstance(stored, list):
            _LOGGER.warning("Ignoring stored traces of %s: not a list", key)
            return
        items = self._items.get(key)
        if items is None:
            items = self._items[key] = _ItemTraces(DEFAULT_STORED_TRACES)
        # Newest first, each put before the runs already kept, until the item is full.
        for entry in reversed(stored):
            if len(items) >= items.limit:
                break
            try:
                trace = RestoredTrace(entry)
            except (KeyError, TypeError, ValueError):
                _LOGGER.warning("Ignoring a stored trace of %s that does not parse", key)
                continue
            if trace.run_id in items:
                continue
            items[trace.run_id] = trace
            items.move_to_end(trace.run_id, last=False)

    def _data(self) -> JsonData:
        """The document to save. Each finished trace is encoded once (its JSON is
        embedded as is), so a save costs little however many runs there were."""
        encoded: dict[str, bytes] = {}
        data: JsonData = {}
        for key, items in self._items.items():
            if not items:
                continue
            fragments = []
            for run_id, trace in items.items():
                stored = self._encoded.get(run_id)
                if stored is None:
                    stored = _stored_json(trace)
                    if _finished(trace):
                        encoded[run_id] = stored
                else:
                    encoded[run_id] = stored
                fragments.append(orjson.Fragment(stored))
            data[key] = fragments
        self._encoded = encoded
        return data


def _finished(trace: Trace) -> bool:
    return isinstance(trace, RestoredTrace) or trace.as_short_dict().get("state") == "stopped"


def _stored_json(trace: Trace) -> bytes:
    return trace_dumps(
        {"extended_dict": trace.as_extended_dict(), "short_dict": trace.as_short_dict()}
    )


TRACE_STORE: Final = HubKey[TraceStore]("trace_store")


def trace_store(hub: Hub) -> TraceStore:
    """The hub's trace store (created on first use, with the ``trace/*`` WebSocket
    commands)."""
    store = hub.data.get(TRACE_STORE)
    if store is None:
        from hub.trace.websocket import register_trace_commands  # noqa: PLC0415 - cycle

        store = hub.data.setdefault(TRACE_STORE, TraceStore(hub))
        register_trace_commands(hub)
    return store
