"""Control flow inside a script run, as exceptions (Home Assistant's model).

They never leave ``Script.run``: a top-level run turns them into its result
(``script_execution``) and a nested sequence (``choose``, ``if``, ``repeat``...) passes
``_AbortScript`` and ``_StopScript`` up while a failed ``condition`` only ends that
nested sequence. ``trace_as_error``/``trace_use_cause`` tell the trace recorder how to
show them on the step they leave.
"""

from __future__ import annotations

from typing import Any

from hub.exceptions import HubError


class HaltScript(Exception):
    """Stops the run."""

    trace_as_error = False


class AbortScript(HaltScript):
    """An error the script itself signals (``stop: ... error: true``, a wait that timed
    out without ``continue_on_timeout``, a template that broke a delay)."""

    trace_as_error = True
    trace_use_cause = True


class ConditionFail(HaltScript):
    """A ``condition`` action was false: the sequence it is in ends."""


class StopScript(HaltScript):
    """``stop:``: the run ends normally, optionally with a response."""

    def __init__(self, message: str, response: Any) -> None:
        super().__init__(message)
        self.response = response


class UnknownDevice(HubError):
    """A device action names a device the registry does not hold (HA's message)."""

    def __init__(self, device_id: str) -> None:
        self.device_id = device_id
        super().__init__(f"Unknown device '{device_id}'")
