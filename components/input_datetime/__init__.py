"""``input_datetime``: a date, a time, or both, that the homeowner sets (wake-up time).

YAML as in Home Assistant::

    input_datetime:
      wake_up:
        name: Wake up
        has_date: false
        has_time: true
        initial: "07:00:00"   # without it, the value from before the restart is kept

State ``YYYY-MM-DD HH:MM:SS`` (date and time), ``YYYY-MM-DD`` or ``HH:MM:SS``, in the
hub's time zone. Attributes ``has_date``, ``has_time``, ``editable``, the parts
(``year``/``month``/``day``, ``hour``/``minute``/``second``) and ``timestamp``: epoch
seconds for a date (its midnight) or a date and time, seconds since midnight for a time
alone. Services ``set_datetime`` (``date``, ``time``, ``datetime`` or ``timestamp``) and
``reload`` (admin).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.config.validators import boolean, icon, slug, string
from hub.entity.component import EntityComponent
from hub.entity.yaml_collection import (
    ATTR_EDITABLE,
    YamlCollection,
    YamlHelperEntity,
    none_as_empty,
)
from hub.exceptions import ServiceValidationError
from hub.loader.reload import register_reload_service

if TYPE_CHECKING:
    from hub.core import Hub

DOMAIN: Final = "input_datetime"
FMT_DATE: Final = "%Y-%m-%d"
FMT_TIME: Final = "%H:%M:%S"
FMT_DATETIME: Final = f"{FMT_DATE} {FMT_TIME}"


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    """``HH:MM`` or ``HH:MM:SS`` (fractions allowed)."""
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_datetime(text: str) -> datetime | None:
    """ISO 8601 date and time, with ``T`` or a space; offset optional (None: local)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _parser(config: dict[str, Any]) -> tuple[str, Any]:
    if config["has_date"] and config["has_time"]:
        return "a date and time", parse_datetime
    if config["has_date"]:
        return "a date", parse_date
    return "a time", parse_time


def _date_or_time_and_initial(config: dict[str, Any]) -> dict[str, Any]:
    if not config["has_date"] and not config["has_time"]:
        raise vol.Invalid("the helper needs at least a date or a time (has_date, has_time)")
    initial = config.get("initial")
    if initial is not None:
        what, parse = _parser(config)
        if parse(str(initial)) is None:
            raise vol.Invalid(
                f"initial value {initial!r} can't be parsed as {what}", path=["initial"]
            )
    return config


ITEM_SCHEMA: Final = vol.All(
    none_as_empty,
    vol.Schema(
        {
            vol.Optional("name"): string,
            vol.Optional("has_date", default=False): boolean,
            vol.Optional("has_time", default=False): boolean,
            vol.Optional("icon"): icon,
            vol.Optional("initial"): string,
        }
    ),
    _date_or_time_and_initial,
)
CONFIG_SCHEMA: Final = vol.Schema({slug: ITEM_SCHEMA})


def _service_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    parsed = parse_date(string(value))
    if parsed is None:
        raise vol.Invalid("expected a date (YYYY-MM-DD)")
    return parsed


def _service_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    parsed = parse_time(string(value))
    if parsed is None:
        raise vol.Invalid("expected a time (HH:MM:SS)")
    return parsed


def _service_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    parsed = parse_datetime(string(value))
    if parsed is None:
        raise vol.Invalid("expected a date and time (YYYY-MM-DD HH:MM:SS)")
    return parsed


def _one_kind(data: dict[str, Any]) -> dict[str, Any]:
    kinds = [
        any(key in data for key in ("date", "time")),
        "datetime" in data,
        "timestamp" in data,
    ]
    if sum(kinds) == 0:
        raise vol.Invalid("must contain at least one of date, time, datetime, timestamp")
    if sum(kinds) > 1:
        raise vol.Invalid("specify only one of datetime, timestamp or one of date, time")
    return data


SET_DATETIME_FIELDS: Final = {
    vol.Optional("date"): _service_date,
    vol.Optional("time"): _service_time,
    vol.Optional("datetime"): _service_datetime,
    vol.Optional("timestamp"): vol.Coerce(float),
}


class InputDatetime(YamlHelperEntity):
    """One input_datetime helper. The value is kept as a local aware datetime; a time
    alone sits on today's date, a date alone at midnight."""

    domain = DOMAIN

    def __init__(self, object_id: str, config: dict[str, Any]) -> None:
        super().__init__(object_id, config)
        self._value: datetime | None = None
        self._initial = config.get("initial")

    @property
    def has_date(self) -> bool:
        """Whether the helper holds a date."""
        return bool(self._config["has_date"])

    @property
    def has_time(self) -> bool:
        """Whether the helper holds a time."""
        return bool(self._config["has_time"])

    async def async_added_to_hub(self) -> None:
        """``initial`` first; else the value from before the restart; else today 00:00."""
        if self._initial is not None:
            self._value = self._parse(str(self._initial))
        if self._value is not None:
            return
        last = await self.async_get_last_state()
        if last is not None:
            self._value = self._parse(last.state)
        if self._value is None:
            self._value = self._local(datetime.combine(self.hub.clock.now().date(), time()))

    def _local(self, value: datetime) -> datetime:
        zone = self.hub.clock.time_zone
        return value.astimezone(zone) if value.tzinfo is not None else value.replace(tzinfo=zone)

    def _parse(self, text: str) -> datetime | None:
        if self.has_date and self.has_time:
            parsed = parse_datetime(text)
            return self._local(parsed) if parsed is not None else None
        if self.has_date:
            day = parse_date(text)
            return self._local(datetime.combine(day, time())) if day is not None else None
        clock_time = parse_time(text)
        if clock_time is None:
            return None
        return self._local(datetime.combine(self.hub.clock.now().date(), clock_time))

    def config_updated(self) -> None:
        value = self._value
        if value is None:
            return
        # Keep the parts the new configuration still has.
        if not self.has_date:
            self._value = self._local(datetime.combine(self.hub.clock.now().date(), value.time()))
        elif not self.has_time:
            self._value = self._local(datetime.combine(value.date(), time()))

    @property
    def state(self) -> str | None:
        value = self._value
        if value is None:
            return None
        if self.has_date and self.has_time:
            return value.strftime(FMT_DATETIME)
        if self.has_date:
            return value.strftime(FMT_DATE)
        return value.strftime(FMT_TIME)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "has_date": self.has_date,
            "has_time": self.has_time,
            ATTR_EDITABLE: self.editable,
        }
        value = self._value
        if value is None:
            return attributes
        if self.has_date:
            attributes.update(year=value.year, month=value.month, day=value.day)
        if self.has_time:
            attributes.update(hour=value.hour, minute=value.minute, second=value.second)
        if not self.has_date:
            attributes["timestamp"] = value.hour * 3600 + value.minute * 60 + value.second
        elif not self.has_time:
            attributes["timestamp"] = datetime.combine(
                value.date(), time(), value.tzinfo
            ).timestamp()
        else:
            attributes["timestamp"] = value.timestamp()
        return attributes

    async def set_datetime(
        self,
        date: date | None = None,
        time: time | None = None,
        datetime: datetime | None = None,
        timestamp: float | None = None,
    ) -> None:
        """``input_datetime.set_datetime``: set the parts this helper has."""
        moment = datetime
        if timestamp is not None:
            moment = _utc_from_timestamp(timestamp)
        if moment is not None:
            moment = self._local(moment)
            date, time = moment.date(), moment.time().replace(tzinfo=None)
        if not self.has_date:
            date = None
        if not self.has_time:
            time = None
        if date is None and time is None:
            raise ServiceValidationError(
                f"{self.entity_id}: nothing to set (it has "
                f"{'a date' if self.has_date else 'a time'} only)",
                translation_key="nothing_to_set",
            )
        current = self._value or self._local(_combine(self.hub.clock.now().date(), None))
        self._value = self._local(
            _combine(date or current.date(), time if time is not None else current.time())
        )
        self.write_state()


def _combine(day: date, clock_time: time | None) -> datetime:
    return datetime.combine(day, (clock_time or time()).replace(tzinfo=None))


def _utc_from_timestamp(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


async def async_setup(hub: Hub, config: dict[str, Any]) -> bool:
    """Create the helpers from YAML and the domain's services."""
    component = EntityComponent(hub, DOMAIN)

    async def set_datetime(entity: Any, data: dict[str, Any]) -> None:
        await entity.set_datetime(**_one_kind(data))

    component.register_entity_service("set_datetime", SET_DATETIME_FIELDS, set_datetime)
    collection = YamlCollection(hub, DOMAIN, InputDatetime)
    await collection.load(config)
    register_reload_service(hub, DOMAIN, collection.load)
    return True
