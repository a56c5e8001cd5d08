"""Time functions and filters, on the hub's clock and in the hub's time zone.

``now()``, ``utcnow()``, ``today_at()``, ``relative_time()``, ``time_since()`` and
``time_until()`` read the clock, so they mark the render as time-dependent: trackers then
re-render the template every minute. Naive datetimes are taken as hub-local time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, Final

from hub.template.numbers import NO_DEFAULT
from hub.template.render_context import raise_no_default
from hub.template.render_info import collect_time

if TYPE_CHECKING:
    from hub.clock import Clock

DATE_STR_FORMAT: Final = "%Y-%m-%d %H:%M:%S"

# ISO-like datetimes ``fromisoformat`` refuses (single-digit fields, 7+ fraction digits).
_DATETIME_RE: Final = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"[T ](?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
    r"(?::(?P<second>\d{1,2})(?:\.(?P<microsecond>\d{1,6})\d{0,6})?)?"
    r"(?P<tzinfo>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
# "1 day, 2:03:04.5", "2:03:04", "04"
_STANDARD_DURATION_RE: Final = re.compile(
    r"^(?:(?P<days>-?\d+) (days?, )?)?(?P<sign>-?)((?:(?P<hours>\d+):)(?=\d+:\d+))?"
    r"(?:(?P<minutes>\d+):)?(?P<seconds>\d+)(?:[\.,](?P<microseconds>\d{1,6})\d{0,6})?$"
)
# "P1DT2H3M4S"
_ISO8601_DURATION_RE: Final = re.compile(
    r"^(?P<sign>[-+]?)P(?:(?P<days>\d+([\.,]\d+)?)D)?(?:T(?:(?P<hours>\d+([\.,]\d+)?)H)?"
    r"(?:(?P<minutes>\d+([\.,]\d+)?)M)?(?:(?P<seconds>\d+([\.,]\d+)?)S)?)?$"
)
# "3 days 04:05:06"
_POSTGRES_INTERVAL_RE: Final = re.compile(
    r"^(?:(?P<days>-?\d+) (days? ?))?(?:(?P<sign>[-+])?(?P<hours>\d+):(?P<minutes>\d\d):"
    r"(?P<seconds>\d\d)(?:\.(?P<microseconds>\d{1,6}))?)?$"
)

_UNITS: Final = ("year", "month", "day", "hour", "minute", "second")
_FACTORS: Final = (365 * 86400, 30 * 86400, 86400, 3600, 60, 1)


def parse_datetime(text: str, raise_on_error: bool = False) -> datetime | None:
    """An ISO 8601 datetime (naive when the text has no offset); None when not one."""
    try:
        return datetime.fromisoformat(text)
    except (ValueError, IndexError, TypeError):
        pass
    match = _DATETIME_RE.match(text) if isinstance(text, str) else None
    if match is None:
        if raise_on_error:
            raise ValueError(f"not a valid date/time: {text!r}")
        return None
    fields = match.groupdict()
    offset_text = fields.pop("tzinfo")
    if fields["microsecond"]:
        fields["microsecond"] = fields["microsecond"].ljust(6, "0")
    zone: tzinfo | None = None
    if offset_text == "Z":
        zone = UTC
    elif offset_text is not None:
        minutes = int(offset_text[-2:]) if len(offset_text) > 3 else 0
        offset = timedelta(hours=int(offset_text[1:3]), minutes=minutes)
        zone = timezone(-offset if offset_text[0] == "-" else offset)
    numbers = {key: int(value) for key, value in fields.items() if value is not None}
    return datetime(**numbers, tzinfo=zone)


def parse_duration(value: Any) -> timedelta | None:
    """``"PT10M"``, ``"1 day, 2:03:04"``, ``"3 days 04:05:06"`` -> timedelta; else None."""
    if not isinstance(value, str):
        return None
    match = (
        _STANDARD_DURATION_RE.match(value)
        or _ISO8601_DURATION_RE.match(value)
        or _POSTGRES_INTERVAL_RE.match(value)
    )
    if match is None:
        return None
    fields = match.groupdict()
    sign = -1 if fields.pop("sign", "+") == "-" else 1
    if fields.get("microseconds"):
        fields["microseconds"] = fields["microseconds"].ljust(6, "0")
    amounts = {k: float(v.replace(",", ".")) for k, v in fields.items() if v is not None}
    days = timedelta(amounts.pop("days", 0.0) or 0.0)
    if match.re is _ISO8601_DURATION_RE:
        days *= sign
    return days + sign * timedelta(**amounts)


def parse_time(text: Any) -> time | None:
    """``"07:30"`` / ``"07:30:15"`` -> time; None when invalid."""
    parts = str(text).split(":")
    if len(parts) < 2:
        return None
    try:
        second = int(parts[2]) if len(parts) > 2 else 0
        return time(int(parts[0]), int(parts[1]), second)
    except ValueError:
        return None


def time_string(seconds: float, precision: int = 1) -> str:
    """HA's age text: "2 hours", or with precision 2 "2 hours 3 minutes" (last rounded)."""
    if seconds == 0:
        return "0 seconds"
    text = ""
    used = 0
    for unit, factor in zip(_UNITS, _FACTORS, strict=True):
        if seconds < factor:
            continue
        used += 1
        if used == precision:
            return (text + _count(round(seconds / factor), unit)).rstrip()
        whole = int(seconds // factor)
        text += _count(whole, unit)
        seconds -= whole * factor
    return text.rstrip()


def _count(number: int, unit: str) -> str:
    return f"1 {unit} " if number == 1 else f"{number:d} {unit}s "


def as_timedelta(value: Any) -> timedelta | None:
    """Parse a duration (ISO 8601 or ``H:MM:SS``) into a timedelta."""
    return parse_duration(value)


def strptime(text: Any, fmt: Any, default: Any = NO_DEFAULT) -> Any:
    """``datetime.strptime``, or ``default``."""
    try:
        return datetime.strptime(text, fmt)
    except (ValueError, AttributeError, TypeError):
        if default is NO_DEFAULT:
            raise_no_default("strptime", text)
        return default


def timestamp_utc(value: Any, default: Any = NO_DEFAULT) -> Any:
    """An epoch timestamp as an ISO UTC datetime string."""
    try:
        return datetime.fromtimestamp(value, UTC).isoformat()
    except (ValueError, TypeError, OverflowError, OSError):
        if default is NO_DEFAULT:
            raise_no_default("timestamp_utc", value)
        return default


class TimeFunctions:
    """The time functions of one hub (its clock and time zone); without a clock, UTC
    and no ``now()``."""

    def __init__(self, clock: Clock | None) -> None:
        self._clock = clock

    @property
    def time_zone(self) -> tzinfo:
        """The hub's time zone."""
        return self._clock.time_zone if self._clock is not None else UTC

    def _now(self) -> datetime:
        if self._clock is None:
            return datetime.now(UTC)
        return self._clock.now()

    def now(self) -> datetime:
        """Now in the hub's time zone (makes the template re-render every minute)."""
        collect_time()
        return self._now()

    def utcnow(self) -> datetime:
        """Now in UTC (makes the template re-render every minute)."""
        collect_time()
        return self._now().astimezone(UTC)

    def as_local(self, value: datetime) -> datetime:
        """A datetime in the hub's time zone (naive ones are taken as local already)."""
        zone = self.time_zone
        if value.tzinfo == zone:
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return value.astimezone(zone)

    def _timestamp(self, value: datetime) -> float:
        if value.tzinfo is None:
            value = value.replace(tzinfo=self.time_zone)
        return value.timestamp()

    def as_timestamp(self, value: Any, default: Any = NO_DEFAULT) -> Any:
        """Epoch seconds of a datetime or a datetime string, or ``default``."""
        try:
            parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
            if parsed is None:
                raise ValueError("not a valid date/time.")
            return self._timestamp(parsed)
        except (ValueError, TypeError, OverflowError):
            if default is NO_DEFAULT:
                raise_no_default("as_timestamp", value)
            return default

    def as_datetime(self, value: Any, default: Any = NO_DEFAULT) -> Any:
        """A datetime from a datetime, a date, an epoch timestamp or an ISO string.

        An unparsable string gives None without a default (HA's compatibility rule).
        """
        if type(value) is datetime:
            return value
        if type(value) is date:
            return datetime.combine(value, time(0, 0, 0))
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (ValueError, TypeError, OverflowError, OSError):
            pass
        try:
            return parse_datetime(value, raise_on_error=True)
        except (ValueError, TypeError):
            if default is not NO_DEFAULT:
                return default
            if isinstance(value, str):
                return None
            raise_no_default("as_datetime", value)

    def timestamp_custom(
        self,
        value: Any,
        date_format: str = DATE_STR_FORMAT,
        local: bool = True,
        default: Any = NO_DEFAULT,
    ) -> Any:
        """An epoch timestamp formatted with ``strftime`` (hub-local by default)."""
        try:
            result = datetime.fromtimestamp(value, UTC)
            if local:
                result = result.astimezone(self.time_zone)
            return result.strftime(date_format)
        except (ValueError, TypeError, OverflowError, OSError):
            if default is NO_DEFAULT:
                raise_no_default("timestamp_custom", value)
            return default

    def timestamp_local(self, value: Any, default: Any = NO_DEFAULT) -> Any:
        """An epoch timestamp as an ISO datetime string in the hub's time zone."""
        try:
            return datetime.fromtimestamp(value, UTC).astimezone(self.time_zone).isoformat()
        except (ValueError, TypeError, OverflowError, OSError):
            if default is NO_DEFAULT:
                raise_no_default("timestamp_local", value)
            return default

    def today_at(self, time_text: str = "") -> datetime:
        """Today (hub-local) at ``"HH:MM[:SS]"``; midnight without an argument."""
        collect_time()
        today = datetime.combine(self._now().date(), time(), tzinfo=self.time_zone)
        if not time_text:
            return today
        parsed = parse_time(time_text)
        if parsed is None:
            raise ValueError(
                f"could not convert {type(time_text).__name__} to datetime: '{time_text}'"
            )
        return datetime.combine(today.date(), parsed, tzinfo=self.time_zone)

    def _past(self, value: Any) -> datetime | None:
        """``value`` as an aware datetime, or None when it is not a datetime."""
        if not isinstance(value, datetime):
            return None
        return value if value.tzinfo is not None else value.replace(tzinfo=self.time_zone)

    def relative_time(self, value: Any) -> Any:
        """How long ago: "2 hours" (the largest unit only); other input unchanged."""
        return self.time_since(value)

    def time_since(self, value: Any, precision: int = 1) -> Any:
        """How long ago ``value`` was, in ``precision`` units; future times unchanged."""
        collect_time()
        moment = self._past(value)
        if moment is None:
            return value
        now = self._now()
        if now < moment:
            return value
        return time_string(max(round((now - moment).total_seconds()), 0), precision)

    def time_until(self, value: Any, precision: int = 1) -> Any:
        """How long until ``value``, in ``precision`` units; past times unchanged."""
        collect_time()
        moment = self._past(value)
        if moment is None:
            return value
        now = self._now()
        if now > moment:
            return value
        return time_string(max(round((moment - now).total_seconds()), 0), precision)
