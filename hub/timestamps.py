"""Conversions between the hub's float epoch timestamps and HA's wire formats.

States and events keep time as float epoch seconds (cheap to take and compare); the ISO
strings clients read are produced only when something serialises them.
"""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(timestamp: float) -> str:
    """HA's timestamp format: ISO 8601 UTC with ``+00:00``, microseconds omitted when 0."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def utc_datetime(timestamp: float) -> datetime:
    """An aware UTC datetime for an epoch timestamp."""
    return datetime.fromtimestamp(timestamp, UTC)


def parse_datetime(text: str) -> datetime | None:
    """Parse an ISO 8601 datetime; naive values are taken as UTC. None when not a datetime."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
