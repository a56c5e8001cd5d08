"""How a utility meter turns source readings into consumption (Home Assistant's rules).

- ``delta_values``: each reading *is* the consumption since the previous one.
- otherwise the consumption is the difference with the previous valid reading;
  a drop is ignored unless ``net_consumption`` (then it counts negative).
- ``periodically_resetting`` (default): after the source was unavailable or unknown, its
  next reading is a new baseline (the source may have reset meanwhile). Without it, the
  difference is taken from the last valid reading across the gap.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from hub.const import STATE_UNAVAILABLE, STATE_UNKNOWN

_INVALID: Final = frozenset({STATE_UNAVAILABLE, STATE_UNKNOWN})


def parse_reading(state: str | None) -> Decimal | None:
    """A source state as a finite Decimal, or None."""
    if state is None or state in _INVALID:
        return None
    try:
        value = Decimal(state)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def adjustment(
    old: str | None,
    new: Decimal,
    last_valid: Decimal | None,
    *,
    delta_values: bool,
    periodically_resetting: bool,
) -> Decimal | None:
    """What a new reading adds (may be negative), or None when it only sets a baseline."""
    if delta_values:
        return new
    if not periodically_resetting and last_valid is not None:
        return new - last_valid
    old_value = parse_reading(old)
    if old_value is None:
        return None
    return new - old_value


def counts(change: Decimal | None, net_consumption: bool) -> bool:
    """Whether a change is added to the meter: drops only with ``net_consumption``."""
    return change is not None and (net_consumption or change >= 0)
