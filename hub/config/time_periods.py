"""Durations in configuration: ``"HH:MM"``, ``"HH:MM:SS"``, seconds, or a mapping of units.

Same forms as Home Assistant's ``time_period``. Beware YAML 1.1: an unquoted ``1:30`` is
read as the number 90 (base 60), so it means 90 seconds, exactly as in Home Assistant.
Quote durations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

import voluptuous as vol

_TIME_PERIOD_UNITS: Final = ("days", "hours", "minutes", "seconds", "milliseconds")
_TIME_PERIOD_HELP: Final = (
    'expected a duration: "HH:MM", "HH:MM:SS", a number of seconds, or a mapping with '
    "days, hours, minutes, seconds or milliseconds"
)


def _time_period_text(text: str) -> timedelta:
    """``"[-+]HH:MM[:SS[.fff]]"`` or a number of seconds as text."""
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-")
    parts = body.split(":")
    try:
        if len(parts) == 1:
            return timedelta(seconds=sign * float(body))
        if len(parts) not in (2, 3):
            raise vol.Invalid(_TIME_PERIOD_HELP)
        seconds = float(parts[2]) if len(parts) == 3 else 0.0
        return sign * timedelta(hours=int(parts[0]), minutes=int(parts[1]), seconds=seconds)
    except (ValueError, OverflowError):
        raise vol.Invalid(_TIME_PERIOD_HELP) from None


def _amount(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise vol.Invalid(_TIME_PERIOD_HELP)
    try:
        number = float(value)
    except ValueError:
        raise vol.Invalid(_TIME_PERIOD_HELP) from None
    if not math.isfinite(number):
        raise vol.Invalid(_TIME_PERIOD_HELP)
    return number


def _time_period_mapping(value: Mapping[Any, Any]) -> timedelta:
    unknown = [key for key in value if key not in _TIME_PERIOD_UNITS]
    if unknown or not value:
        raise vol.Invalid(_TIME_PERIOD_HELP)
    amounts = {str(key): _amount(amount) for key, amount in value.items()}
    try:
        return timedelta(**amounts)
    except OverflowError:
        raise vol.Invalid("duration is too long") from None


def time_period(value: Any) -> timedelta:
    """A duration: ``"HH:MM"``, ``"HH:MM:SS"``, seconds, or ``{hours: 1, minutes: 30}``."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        return _time_period_text(value)
    if isinstance(value, Mapping):
        return _time_period_mapping(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return timedelta(seconds=value)
        except OverflowError:
            raise vol.Invalid("duration is too long") from None
    raise vol.Invalid(_TIME_PERIOD_HELP)


def positive_time_period(value: Any) -> timedelta:
    """A duration of zero or more."""
    period = time_period(value)
    if period < timedelta(0):
        raise vol.Invalid("expected a duration of zero or more")
    return period
