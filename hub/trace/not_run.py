"""The "why not" log: recent occasions when an automation did *not* run, and why.

Home Assistant's traces show runs; a homeowner asking "why didn't my lights come on?"
needs the runs that never happened. Each entry names the item, when, a short reason and
the details that decided it::

    record_not_run(hub, "automation.hall_light", "condition",
                   {"path": "condition/0", "result": {"result": False, "state": "off",
                                                      "wanted_state": "on"}})
    record_not_run(hub, "automation.hall_light", "for_interrupted",
                   {"trigger": "0", "entity_id": "binary_sensor.hall", "for": 300.0,
                    "held": 42.0, "state": "off"})

Reasons used by the hub: ``condition`` (a condition failed; the automation records it),
``for_interrupted`` (a trigger's ``for:`` was cut short; the trigger platforms record
it), ``mode`` (a run refused by ``single``/``max``; the automation records it). The last
``NOT_RUN_LIMIT`` entries per item are kept, and saved in ``.storage/trace.not_run`` so
``watthub explain`` can read them from another process.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from hub.hub_data import HubKey
from hub.storage import JsonData, Store
from hub.timestamps import iso_utc
from hub.trace.serialize import to_json_value

if TYPE_CHECKING:
    from hub.core import Hub

_LOGGER = logging.getLogger(__name__)

NOT_RUN_LIMIT: Final = 20
STORAGE_KEY: Final = "trace.not_run"
STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 30.0

REASON_CONDITION: Final = "condition"
REASON_FOR_INTERRUPTED: Final = "for_interrupted"
REASON_MODE: Final = "mode"


@dataclass(frozen=True, slots=True)
class NotRun:
    """One occasion an item did not run."""

    item_id: str
    timestamp: float
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON form: ``{"item_id", "time", "reason", "details"}``."""
        return {
            "item_id": self.item_id,
            "time": iso_utc(self.timestamp),
            "reason": self.reason,
            "details": to_json_value(dict(self.details)),
        }


class NotRunLog:
    """The recent not-runs of every item."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._store = Store(hub, STORAGE_KEY, STORAGE_VERSION)
        self._items: dict[str, deque[NotRun]] = {}

    def record(self, item_id: str, reason: str, details: Mapping[str, Any]) -> NotRun:
        """Add an entry (dropping the oldest beyond the limit)."""
        entry = NotRun(item_id, self._hub.clock.time(), reason, dict(details))
        entries = self._items.get(item_id)
        if entries is None:
            entries = self._items[item_id] = deque(maxlen=NOT_RUN_LIMIT)
        entries.append(entry)
        _LOGGER.debug("%s did not run (%s): %s", item_id, reason, details)
        self._store.delay_save(self._data, SAVE_DELAY)
        return entry

    def entries(self, item_id: str) -> list[NotRun]:
        """An item's entries, oldest first."""
        return list(self._items.get(item_id, ()))

    def _data(self) -> JsonData:
        return {
            item_id: [entry.as_dict() for entry in entries]
            for item_id, entries in self._items.items()
        }


NOT_RUN_LOG: Final = HubKey[NotRunLog]("not_run_log")


def not_run_log(hub: Hub) -> NotRunLog:
    """The hub's "why not" log."""
    log = hub.data.get(NOT_RUN_LOG)
    if log is None:
        log = hub.data.setdefault(NOT_RUN_LOG, NotRunLog(hub))
    return log


def record_not_run(hub: Hub, item_id: str, reason: str, details: Mapping[str, Any]) -> None:
    """Record that ``item_id`` did not run, and why (see the module docstring)."""
    not_run_log(hub).record(item_id, reason, details)


def load_not_run_file(document: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The entries of a ``.storage/trace.not_run`` document (for ``watthub explain``)."""
    data = document.get("data")
    if not isinstance(data, dict):
        return {}
    return {str(key): list(value) for key, value in data.items() if isinstance(value, list)}
