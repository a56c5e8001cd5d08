"""``watthub explain automation.x``: why an automation ran, or did not, recently.

The running hub records every occasion a trigger fired but no run followed, in the "why
not" log (``hub.trace.not_run``): a condition that failed (with what it compared), a run
refused by the automation's mode, a trigger whose ``for:`` was cut short (the trigger
platforms report that). The hub saves that log to ``.storage/trace.not_run`` (at most
30 s after a change, and when it stops) and the runs themselves to
``.storage/trace.saved_traces``, so ``explain`` reads both files: it works while the hub
runs (another process) and after it stopped, and needs no network access.

``explain(config_dir, entity_id)`` returns the lines to print, newest last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.const import STORAGE_DIR
from hub.storage import read_document
from hub.trace.not_run import STORAGE_KEY as NOT_RUN_FILE
from hub.trace.store import STORAGE_KEY as TRACES_FILE

ENTITY_REGISTRY_FILE = "core.entity_registry"


@dataclass(frozen=True, slots=True)
class Occasion:
    """One line of the explanation."""

    time: str
    text: str


def automation_id(config_dir: Path, entity_id: str) -> str | None:
    """The configured ``id`` of an automation entity (from the entity registry)."""
    document = read_document(config_dir / STORAGE_DIR / ENTITY_REGISTRY_FILE) or {}
    for entry in (document.get("data") or {}).get("entities", []):
        if entry.get("entity_id") == entity_id and entry.get("platform") == "automation":
            unique_id = entry.get("unique_id")
            return str(unique_id) if unique_id is not None else None
    return None


def runs(config_dir: Path, entity_id: str) -> list[Occasion]:
    """The stored traces of the automation, as lines."""
    document = read_document(config_dir / STORAGE_DIR / TRACES_FILE) or {}
    data = document.get("data") or {}
    item = automation_id(config_dir, entity_id) or entity_id.partition(".")[2]
    occasions = []
    for stored in data.get(f"automation.{item}", []):
        extended = stored.get("extended_dict") or {}
        if extended.get("script_execution") in _NOT_RUN_EXECUTIONS:
            continue  # the "why not" log has these, with more detail
        occasions.append(Occasion(_start(extended), describe_run(extended)))
    return occasions


_NOT_RUN_EXECUTIONS = frozenset({"failed_conditions", "failed_single", "failed_max_runs"})


def _start(trace: Mapping[str, Any]) -> str:
    return str((trace.get("timestamp") or {}).get("start") or "")


def describe_run(trace: Mapping[str, Any]) -> str:
    """One trace as a sentence."""
    trigger = trace.get("trigger") or "a manual trigger"
    execution = trace.get("script_execution")
    if execution == "failed_conditions":
        failed = _failed_condition(trace.get("trace") or {})
        return f"triggered by {trigger}; did not run: {failed}"
    if execution in ("failed_single", "failed_max_runs"):
        return f"triggered by {trigger}; did not run: {_MODE_TEXT[execution]}"
    error = trace.get("error")
    text = f"triggered by {trigger}; ran ({execution or 'running'})"
    return f"{text}, error: {error}" if error else text


_MODE_TEXT = {
    "failed_single": "already running (mode: single)",
    "failed_max_runs": "the maximum number of runs was reached",
    "disallowed_recursion_detected": "it tried to start itself",
}


def _failed_condition(steps: Mapping[str, Any]) -> str:
    found = "a condition was false"
    for path, items in steps.items():
        if not str(path).startswith("condition"):
            continue
        for item in items:
            result = item.get("result") or {}
            if item.get("error"):
                found = f"{path} could not be evaluated: {item['error']}"
            elif result.get("result") is False:
                found = f"{path} was false ({_compared(result)})"
    return found


def _compared(result: Mapping[str, Any]) -> str:
    shown = {key: value for key, value in result.items() if key != "result"}
    if not shown:
        return "no details"
    return ", ".join(f"{key}={value!r}" for key, value in shown.items())


def not_runs(config_dir: Path, entity_id: str) -> list[Occasion]:
    """The "why not" entries of the automation, as lines."""
    document = read_document(config_dir / STORAGE_DIR / NOT_RUN_FILE) or {}
    entries = (document.get("data") or {}).get(entity_id, [])
    return [Occasion(str(entry.get("time", "")), describe_not_run(entry)) for entry in entries]


def describe_not_run(entry: Mapping[str, Any]) -> str:
    """One "why not" entry as a sentence."""
    reason = entry.get("reason")
    details: Mapping[str, Any] = entry.get("details") or {}
    trigger = _trigger_text(details.get("trigger"))
    if reason == "condition":
        path = details.get("path", "a condition")
        if details.get("error"):
            return f"{trigger} fired; not run: {path} could not be evaluated: {details['error']}"
        result = details.get("result") or {}
        return f"{trigger} fired; not run: {path} was false ({_compared(result)})"
    if reason == "mode":
        execution = details.get("script_execution", "")
        text = _MODE_TEXT.get(str(execution), f"refused by mode {details.get('mode')}")
        return f"{trigger} fired; not run: {text}"
    if reason == "for_interrupted":
        shown = {key: value for key, value in details.items() if key not in ("trigger", "idx")}
        return (
            f"trigger {details.get('trigger') or details.get('idx') or ''} held back: its "
            f"`for:` was interrupted ({_compared(shown)})"
        ).replace("trigger  held", "trigger held")
    return f"not run ({reason}): {_compared(details)}"


def _trigger_text(trigger: Any) -> str:
    if isinstance(trigger, Mapping):
        description = trigger.get("description")
        if description:
            return f"trigger '{description}'"
        if trigger.get("id") is not None:
            return f"trigger {trigger['id']}"
    return "a trigger"


def explain(config_dir: Path, entity_id: str) -> list[str]:
    """Every recorded run and non-run of the automation, oldest first."""
    occasions = sorted(
        [*runs(config_dir, entity_id), *not_runs(config_dir, entity_id)],
        key=lambda occasion: occasion.time,
    )
    return [f"{occasion.time}  {occasion.text}" for occasion in occasions]
