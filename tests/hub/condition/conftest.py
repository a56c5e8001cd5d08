"""Helpers for condition tests: build a condition and check it inside a traced run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.condition import condition_from_config
from hub.context import Context
from hub.core import Hub
from hub.trace import TraceRecorder, trace_path, trace_run


async def check(
    hub: Hub, config: Mapping[str, Any] | str, variables: Mapping[str, Any] | None = None
) -> tuple[bool, dict[str, Any]]:
    """Whether the condition passes, and the trace it recorded (path -> step dicts)."""
    condition = await condition_from_config(hub, config)
    recorder = TraceRecorder("automation", "test", Context(), {})
    with trace_run(hub, recorder), trace_path("condition/0"):
        passed = condition(variables)
    return passed, recorder.as_extended_dict()["trace"]
