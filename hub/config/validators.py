"""Voluptuous validators the whole hub uses for configuration and service data.

They accept what Home Assistant's ``config_validation`` accepts, so existing YAML keeps
working, and each raises ``vol.Invalid`` with a message a homeowner can act on. Messages
do not repeat the rejected value: ``format_invalid`` appends ``got <value>`` (and hides
secrets) when it turns the error into a ``file:line`` report.

Where we are stricter than Home Assistant it is noted on the validator; none of those
cases is valid in a meaningful Home Assistant configuration.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import voluptuous as vol

from hub.config.iso_codes import ACTIVE_CURRENCIES, COUNTRIES, HISTORIC_CURRENCIES
from hub.config.slugs import slugify
from hub.config.time_periods import positive_time_period, time_period
from hub.states import split_entity_id, valid_entity_id
from hub.unit_system import UNIT_SYSTEM_METRIC, UNIT_SYSTEM_US_CUSTOMARY

__all__ = [
    "LOG_LEVELS",
    "boolean",
    "country",
    "currency",
    "currency_or_historic",
    "ensure_list",
    "entity_domain",
    "entity_id",
    "entity_ids",
    "icon",
    "integer",
    "language",
    "latitude",
    "log_level",
    "longitude",
    "match_all",
    "port",
    "positive_float",
    "positive_int",
    "positive_time_period",
    "regex",
    "slug",
    "slugify",
    "string",
    "time_period",
    "time_zone",
    "unit_system",
    "url",
]

_T = TypeVar("_T")

_TRUE: Final = frozenset({"1", "true", "yes", "on", "enable"})
_FALSE: Final = frozenset({"0", "false", "no", "off", "disable"})


def boolean(value: Any) -> bool:
    """true/false, yes/no, on/off, enable/disable, 1/0 (any case) or a number (0 = false)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    elif isinstance(value, int | float):
        return value != 0
    raise vol.Invalid("expected a boolean (true/false, yes/no, on/off)")


def string(value: Any) -> str:
    """Text; numbers are turned into text. Located strings are returned unchanged."""
    if isinstance(value, str):
        return value
    if value is None:
        raise vol.Invalid("expected text, but the value is empty")
    if isinstance(value, dict | list):
        raise vol.Invalid("expected text, not a list or mapping")
    return str(value)


def _number(value: Any, kind: Callable[[Any], _T], what: str) -> _T:
    """``value`` as int or float; text holding a number is accepted, booleans are not."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise vol.Invalid(f"expected {what}")
    try:
        return kind(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise vol.Invalid(f"expected {what}") from None


def _whole_number(value: Any) -> int:
    """An int; ``3.0`` is accepted, ``3.5`` is refused (HA would silently cut it to 3)."""
    if isinstance(value, float):
        if not value.is_integer():
            raise vol.Invalid("expected a whole number")
        return int(value)
    return _number(value, int, "a whole number")


def integer(value: Any) -> int:
    """A whole number, negative allowed (text holding one is accepted)."""
    return _whole_number(value)


def _finite_float(value: Any) -> float:
    number = _number(value, float, "a number")
    if not math.isfinite(number):
        raise vol.Invalid("expected a finite number")
    return number


def positive_int(value: Any) -> int:
    """A whole number of 0 or more (Home Assistant's ``positive_int`` allows 0)."""
    number = _whole_number(value)
    if number < 0:
        raise vol.Invalid("expected a whole number of 0 or more")
    return number


def positive_float(value: Any) -> float:
    """A number of 0 or more."""
    number = _finite_float(value)
    if number < 0:
        raise vol.Invalid("expected a number of 0 or more")
    return number


def port(value: Any) -> int:
    """A TCP/UDP port number, 1 to 65535."""
    number = _whole_number(value)
    if not 1 <= number <= 65535:
        raise vol.Invalid("expected a port number between 1 and 65535")
    return number


def _degrees(value: Any, limit: int, what: str) -> float:
    message = f"{what} must be a number between -{limit} and {limit} (decimal degrees)"
    try:
        number = _finite_float(value)
    except vol.Invalid:
        raise vol.Invalid(message) from None
    if not -limit <= number <= limit:
        raise vol.Invalid(message)
    return number


def latitude(value: Any) -> float:
    """Degrees north (positive) or south (negative), -90 to 90."""
    return _degrees(value, 90, "latitude")


def longitude(value: Any) -> float:
    """Degrees east (positive) or west (negative), -180 to 180."""
    return _degrees(value, 180, "longitude")


def entity_id(value: Any) -> str:
    """``domain.object_id`` in lowercase letters, digits and underscores (lowercased)."""
    text = string(value).strip().lower()
    if not valid_entity_id(text):
        raise vol.Invalid(
            "expected an entity ID like sensor.power_meter (lowercase letters, digits and "
            "underscores, with one dot between domain and name)"
        )
    return text


def list_of(item: Callable[[Any], str]) -> Callable[[Any], list[str]]:
    """A list of ``item`` values, or one text with them separated by commas; an error
    points at the bad item, not at the whole list."""

    def validate(value: Any) -> list[str]:
        if value is None:
            raise vol.Invalid("expected one or more entity IDs, but the value is empty")
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        if not isinstance(value, list):
            raise vol.Invalid("expected a list of entity IDs")
        checked: list[str] = []
        for index, element in enumerate(value):
            try:
                checked.append(item(element))
            except vol.Invalid as exc:
                raise vol.Invalid(exc.error_message, path=[index]) from None
        return checked

    return validate


def entity_ids(value: Any) -> list[str]:
    """A list of entity IDs, or one text with IDs separated by commas."""
    return _ENTITY_ID_LIST(value)


_ENTITY_ID_LIST: Final = list_of(entity_id)


def entity_domain(domain: str | Iterable[str]) -> Callable[[Any], str]:
    """A validator for an entity ID in ``domain`` (or one of several domains)."""
    domains = frozenset([domain] if isinstance(domain, str) else domain)
    names = " or ".join(sorted(domains))

    def validate(value: Any) -> str:
        checked = entity_id(value)
        if split_entity_id(checked)[0] not in domains:
            raise vol.Invalid(f"expected an entity of {names}")
        return checked

    return validate


def slug(value: Any) -> str:
    """Text that is already a slug (lowercase letters, digits and single underscores)."""
    if value is None:
        raise vol.Invalid("expected a slug, but the value is empty")
    text = str(value)
    suggestion = slugify(text)
    if text != suggestion:
        raise vol.Invalid(f"expected a slug (lowercase letters, digits, _), try {suggestion!r}")
    return text


def time_zone(value: Any) -> str:
    """An IANA time zone name like ``Europe/Amsterdam``."""
    text = string(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise vol.Invalid(
            "unknown time zone; use a name from the tz database like Europe/Amsterdam "
            "(https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)"
        ) from None
    return text


def currency(value: Any) -> str:
    """An active ISO 4217 currency code like ``EUR`` (uppercase, three letters)."""
    text = string(value)
    if text not in ACTIVE_CURRENCIES:
        raise vol.Invalid("expected an ISO 4217 currency code like EUR, USD or GBP")
    return text


def currency_or_historic(value: Any) -> str:
    """An active currency, or a replaced one old configurations still name (HRK, NLG...)."""
    if isinstance(value, str) and value in HISTORIC_CURRENCIES:
        return value
    return currency(value)


def country(value: Any) -> str:
    """An ISO 3166-1 alpha-2 country code like ``NL`` (uppercase, two letters)."""
    text = string(value)
    if text not in COUNTRIES:
        raise vol.Invalid("expected a two-letter ISO 3166 country code like NL, DE or US")
    return text


_LANGUAGE_TAG: Final = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def language(value: Any) -> str:
    """A language tag like ``en``, ``nl`` or ``pt-BR``.

    Home Assistant checks against the languages its frontend is translated to; we
    check the shape only, so a new translation never needs a hub release.
    """
    text = string(value)
    if not _LANGUAGE_TAG.match(text):
        raise vol.Invalid("expected a language code like en, nl or pt-BR")
    return text


def ensure_list(value: _T | list[_T] | None) -> list[_T]:
    """``None`` -> ``[]``, a list as is, anything else -> a one-item list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def match_all(value: _T) -> _T:
    """Accept any value unchanged (a placeholder where a schema needs a validator)."""
    return value


LOG_LEVELS: Final = {
    "CRITICAL": logging.CRITICAL,
    "FATAL": logging.FATAL,
    "ERROR": logging.ERROR,
    "WARNING": logging.WARNING,
    "WARN": logging.WARNING,
    "INFO": logging.INFO,
    "DEBUG": logging.DEBUG,
    "NOTSET": logging.NOTSET,
}


def regex(value: Any) -> re.Pattern[str]:
    """A regular expression, compiled."""
    try:
        return re.compile(string(value))
    except re.error as exc:
        raise vol.Invalid(f"invalid regular expression: {exc}") from None


def log_level(value: Any) -> int:
    """A log level name (any case) as the ``logging`` number."""
    level = LOG_LEVELS.get(string(value).strip().upper())
    if level is None:
        raise vol.Invalid("expected a log level: debug, info, warning, error or critical")
    return level


def url(value: Any) -> str:
    """An ``http://`` or ``https://`` address with a host name."""
    text = string(value).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        raise vol.Invalid("expected a web address like http://192.168.1.10:8123") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise vol.Invalid("expected a web address like http://192.168.1.10:8123")
    return text


_ICON: Final = re.compile(r"^[^\s:]+:[^\s:]+$")


def icon(value: Any) -> str:
    """An icon as ``prefix:name``, like ``mdi:flash``."""
    text = string(value)
    if not _ICON.match(text):
        raise vol.Invalid('expected an icon like "mdi:flash" (prefix:name)')
    return text


_UNIT_SYSTEMS: Final = {
    "metric": UNIT_SYSTEM_METRIC,
    "us_customary": UNIT_SYSTEM_US_CUSTOMARY,
    "imperial": UNIT_SYSTEM_US_CUSTOMARY,  # the name before HA 2022.11
}


def unit_system(value: Any) -> str:
    """``metric`` or ``us_customary`` (the old name ``imperial`` is accepted)."""
    system = _UNIT_SYSTEMS.get(string(value).strip().lower())
    if system is None:
        raise vol.Invalid("expected a unit system: metric or us_customary")
    return system
