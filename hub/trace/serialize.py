"""JSON for traces: anything a run's variables can hold becomes JSON.

Home Assistant's extended encoder rules, which clients reading ``trace/get`` rely on:
a ``timedelta`` (``trigger.for``) becomes ``{"__type": "<class 'datetime.timedelta'>",
"total_seconds": 300.0}``; datetimes, dates and times their ISO text; states, events and
contexts their wire form; and anything else ``{"__type": ..., "repr": ...}`` rather than
an error, so one odd variable never loses a trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import orjson

from hub.events import json_default

_OPTIONS = orjson.OPT_NON_STR_KEYS


def trace_json_default(value: Any) -> Any:
    """orjson fallback with HA's extended rules."""
    if isinstance(value, timedelta):
        return {"__type": str(type(value)), "total_seconds": value.total_seconds()}
    try:
        return json_default(value)
    except TypeError:
        pass
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    return {"__type": str(type(value)), "repr": repr(value)}


def trace_dumps(value: Any) -> bytes:
    """Encode with the extended rules."""
    return orjson.dumps(value, default=trace_json_default, option=_OPTIONS)


def to_json_value(value: Mapping[str, Any] | list[Any]) -> Any:
    """A plain JSON copy (dicts, lists, text, numbers) of ``value``."""
    return orjson.loads(trace_dumps(value))
