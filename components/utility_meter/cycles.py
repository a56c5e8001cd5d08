"""When a utility meter resets: cycle boundaries in local time, DST-correct.

A cycle is counted in the hub's time zone: a daily meter resets at local midnight (plus
its offset) whatever the season, so the day of a DST change lasts 23 or 25 hours.
Cycles shorter than a day follow the local minute of the hour (in a zone with a
half-hour offset, "hourly" is on the local hour). Offsets, as in Home Assistant: days
(from Monday for weekly, from the 1st for monthly and longer), hours and minutes.

A local reset time that does not exist (inside a spring-forward gap) moves to the first
minute after the gap; one that happens twice (fall-back) is taken the first time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

QUARTER_HOURLY: Final = "quarter-hourly"
HOURLY: Final = "hourly"
DAILY: Final = "daily"
WEEKLY: Final = "weekly"
MONTHLY: Final = "monthly"
BIMONTHLY: Final = "bimonthly"
QUARTERLY: Final = "quarterly"
YEARLY: Final = "yearly"

CYCLES: Final = (QUARTER_HOURLY, HOURLY, DAILY, WEEKLY, MONTHLY, BIMONTHLY, QUARTERLY, YEARLY)

# The largest offset each cycle takes: it must stay inside the cycle.
MAX_OFFSET: Final = {
    QUARTER_HOURLY: timedelta(minutes=15),
    HOURLY: timedelta(hours=1),
    DAILY: timedelta(days=1),
    WEEKLY: timedelta(days=7),
    MONTHLY: timedelta(days=28),
    BIMONTHLY: timedelta(days=28),
    QUARTERLY: timedelta(days=28),
    YEARLY: timedelta(days=28),
}

_MINUTE: Final = timedelta(minutes=1)


def next_reset(cycle: str, offset: timedelta, after: datetime, zone: tzinfo) -> datetime:
    """The first reset strictly after ``after`` (aware), as an aware UTC datetime."""
    if cycle in (QUARTER_HOURLY, HOURLY):
        return _next_in_hour(15 if cycle == QUARTER_HOURLY else 60, offset, after, zone)
    return _next_on_a_day(cycle, offset, after, zone)


def _next_in_hour(step: int, offset: timedelta, after: datetime, zone: tzinfo) -> datetime:
    """Every ``step`` minutes of the local hour, shifted by ``offset``."""
    shift = int(offset.total_seconds())
    start = after.astimezone(UTC).replace(second=0, microsecond=0)
    for minutes in range(24 * 60 + 1):
        instant = start + minutes * _MINUTE
        local = instant.astimezone(zone)
        since_step = ((local.minute * 60 + local.second) - shift) % (step * 60)
        if since_step == 0 and instant > after:
            return instant
    raise ValueError(f"no {step}-minute boundary found after {after}")  # pragma: no cover


def _day_matches(cycle: str, day: date, offset_days: int) -> bool:
    if cycle == DAILY:
        return True
    if cycle == WEEKLY:
        return day.weekday() == offset_days % 7
    if day.day != offset_days + 1:
        return False
    if cycle == MONTHLY:
        return True
    if cycle == BIMONTHLY:
        return day.month % 2 == 1
    if cycle == QUARTERLY:
        return day.month % 3 == 1
    if cycle == YEARLY:
        return day.month == 1
    raise ValueError(f"unknown cycle {cycle!r}")


def _next_on_a_day(cycle: str, offset: timedelta, after: datetime, zone: tzinfo) -> datetime:
    seconds = offset.seconds
    at = time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    first = after.astimezone(zone).date() - timedelta(days=1)
    for days in range(400):
        day = first + timedelta(days=days)
        if not _day_matches(cycle, day, offset.days):
            continue
        instant = local_instant(datetime.combine(day, at), zone)
        if instant > after:
            return instant
    raise ValueError(f"no {cycle} boundary found after {after}")  # pragma: no cover


def local_instant(wall: datetime, zone: tzinfo) -> datetime:
    """The instant (UTC) a naive local wall time happens first; a wall time inside a DST
    gap moves to the first minute that exists after it."""
    for minutes in range(24 * 60):
        candidate = (wall + minutes * _MINUTE).replace(tzinfo=zone, fold=0)
        instant = candidate.astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == candidate.replace(tzinfo=None):
            return instant
    raise ValueError(f"{wall} never happens in {zone}")  # pragma: no cover
