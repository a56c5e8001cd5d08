"""The shared validators: what each accepts, what it returns, and what it refuses."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import voluptuous as vol

from hub.config import validators as cv
from hub.config.yaml_nodes import Location, NodeStr

GOOD: list[tuple[Callable[[Any], Any], Any, Any]] = [
    (cv.boolean, True, True),
    (cv.boolean, "yes", True),
    (cv.boolean, " ON ", True),
    (cv.boolean, "Enable", True),
    (cv.boolean, "1", True),
    (cv.boolean, 1, True),
    (cv.boolean, 2.5, True),
    (cv.boolean, "false", False),
    (cv.boolean, "No", False),
    (cv.boolean, "off", False),
    (cv.boolean, "disable", False),
    (cv.boolean, "0", False),
    (cv.boolean, 0, False),
    (cv.string, "text", "text"),
    (cv.string, 12, "12"),
    (cv.string, 1.5, "1.5"),
    (cv.positive_int, 0, 0),
    (cv.positive_int, "42", 42),
    (cv.positive_int, 3.0, 3),
    (cv.positive_float, "2.5", 2.5),
    (cv.positive_float, 0, 0.0),
    (cv.integer, "-7", -7),
    (cv.port, 8123, 8123),
    (cv.port, "443", 443),
    (cv.port, 65535, 65535),
    (cv.latitude, 52.37, 52.37),
    (cv.latitude, "-90", -90.0),
    (cv.longitude, 180, 180.0),
    (cv.longitude, "-4.89", -4.89),
    (cv.entity_id, "sensor.power", "sensor.power"),
    (cv.entity_id, "Sensor.Power_1", "sensor.power_1"),
    (cv.entity_ids, "sensor.a, Sensor.B", ["sensor.a", "sensor.b"]),
    (cv.entity_ids, ["switch.boiler"], ["switch.boiler"]),
    (cv.entity_ids, [], []),
    (cv.slug, "energy_meter", "energy_meter"),
    (cv.time_zone, "Europe/Amsterdam", "Europe/Amsterdam"),
    (cv.time_zone, "UTC", "UTC"),
    (cv.currency, "EUR", "EUR"),
    (cv.currency, "XOF", "XOF"),
    (cv.currency_or_historic, "NLG", "NLG"),
    (cv.country, "NL", "NL"),
    (cv.country, "US", "US"),
    (cv.language, "en", "en"),
    (cv.language, "pt-BR", "pt-BR"),
    (cv.language, "zh-Hans", "zh-Hans"),
    (cv.time_period, "01:30", timedelta(hours=1, minutes=30)),
    (cv.time_period, "00:00:05", timedelta(seconds=5)),
    (cv.time_period, "0:0:1.5", timedelta(seconds=1.5)),
    (cv.time_period, "-00:10", timedelta(minutes=-10)),
    (cv.time_period, "+01:00", timedelta(hours=1)),
    (cv.time_period, 90, timedelta(seconds=90)),
    (cv.time_period, 0.5, timedelta(milliseconds=500)),
    (cv.time_period, "30", timedelta(seconds=30)),
    (cv.time_period, {"hours": 1, "minutes": "30"}, timedelta(hours=1, minutes=30)),
    (cv.time_period, {"days": 1, "milliseconds": 5}, timedelta(days=1, milliseconds=5)),
    (cv.time_period, timedelta(minutes=2), timedelta(minutes=2)),
    (cv.positive_time_period, "00:00", timedelta(0)),
    (cv.ensure_list, None, []),
    (cv.ensure_list, "a", ["a"]),
    (cv.ensure_list, ["a", "b"], ["a", "b"]),
    (cv.ensure_list, {"a": 1}, [{"a": 1}]),
    (cv.match_all, {"any": "thing"}, {"any": "thing"}),
    (cv.log_level, "debug", logging.DEBUG),
    (cv.log_level, "Info", logging.INFO),
    (cv.log_level, "WARN", logging.WARNING),
    (cv.log_level, "warning", logging.WARNING),
    (cv.log_level, "error", logging.ERROR),
    (cv.log_level, "critical", logging.CRITICAL),
    (cv.log_level, "fatal", logging.FATAL),
    (cv.log_level, "notset", logging.NOTSET),
    (cv.url, "http://192.168.1.10:8123", "http://192.168.1.10:8123"),
    (cv.url, "https://home.example.org", "https://home.example.org"),
    (cv.icon, "mdi:flash", "mdi:flash"),
    (cv.icon, "hass:water-boiler", "hass:water-boiler"),
    (cv.unit_system, "metric", "metric"),
    (cv.unit_system, "us_customary", "us_customary"),
    (cv.unit_system, "imperial", "us_customary"),
    (cv.unit_system, "Metric", "metric"),
]

BAD: list[tuple[Callable[[Any], Any], Any, str]] = [
    (cv.boolean, "maybe", "expected a boolean"),
    (cv.boolean, None, "expected a boolean"),
    (cv.boolean, [], "expected a boolean"),
    (cv.string, None, "value is empty"),
    (cv.string, {"a": 1}, "not a list or mapping"),
    (cv.string, ["a"], "not a list or mapping"),
    (cv.positive_int, -1, "0 or more"),
    (cv.positive_int, 3.5, "whole number"),
    (cv.positive_int, "abc", "whole number"),
    (cv.positive_int, True, "whole number"),
    (cv.positive_int, None, "whole number"),
    (cv.positive_float, -0.1, "0 or more"),
    (cv.positive_float, "nan", "finite"),
    (cv.positive_float, "inf", "finite"),
    (cv.positive_float, False, "expected a number"),
    (cv.port, 0, "between 1 and 65535"),
    (cv.port, 65536, "between 1 and 65535"),
    (cv.port, "http", "whole number"),
    (cv.latitude, 90.5, "between -90 and 90"),
    (cv.latitude, "north", "between -90 and 90"),
    (cv.longitude, -181, "between -180 and 180"),
    (cv.entity_id, "power", "expected an entity ID"),
    (cv.entity_id, "sensor.", "expected an entity ID"),
    (cv.entity_id, "_sensor.power", "expected an entity ID"),
    (cv.entity_id, "sensor_.power", "expected an entity ID"),
    (cv.entity_id, "sen__sor.power", "expected an entity ID"),
    (cv.entity_id, "sensor.power_", "expected an entity ID"),
    (cv.entity_id, "sensor.pow-er", "expected an entity ID"),
    (cv.entity_id, "sensor.a.b", "expected an entity ID"),
    (cv.entity_id, "sensor." + "a" * 250, "expected an entity ID"),
    (cv.entity_id, None, "value is empty"),
    (cv.entity_ids, None, "value is empty"),
    (cv.entity_ids, {"a": 1}, "list of entity IDs"),
    (cv.entity_ids, ["sensor.ok", "bad"], "expected an entity ID"),
    (cv.slug, "Energy Meter", "try 'energy_meter'"),
    (cv.slug, "a__b", "try 'a_b'"),
    (cv.slug, None, "value is empty"),
    (cv.time_zone, "Mars/Olympus", "unknown time zone"),
    (cv.time_zone, "europe/amsterdam", "unknown time zone"),
    (cv.time_zone, "../etc/passwd", "unknown time zone"),
    (cv.time_zone, "", "unknown time zone"),
    (cv.currency, "eur", "ISO 4217"),
    (cv.currency, "EURO", "ISO 4217"),
    (cv.currency, "XAU", "ISO 4217"),
    (cv.currency, "NLG", "ISO 4217"),
    (cv.currency_or_historic, "ABC", "ISO 4217"),
    (cv.country, "nl", "ISO 3166"),
    (cv.country, "UK", "ISO 3166"),
    (cv.country, "NLD", "ISO 3166"),
    (cv.language, "English", "language code"),
    (cv.language, "EN", "language code"),
    (cv.time_period, "1:2:3:4", "expected a duration"),
    (cv.time_period, "ab:cd", "expected a duration"),
    (cv.time_period, "soon", "expected a duration"),
    (cv.time_period, {"weeks": 1}, "expected a duration"),
    (cv.time_period, {}, "expected a duration"),
    (cv.time_period, {"hours": "x"}, "expected a duration"),
    (cv.time_period, None, "expected a duration"),
    (cv.time_period, True, "expected a duration"),
    (cv.time_period, [1], "expected a duration"),
    (cv.time_period, 1e20, "too long"),
    (cv.positive_time_period, "-00:01", "zero or more"),
    (cv.log_level, "verbose", "expected a log level"),
    (cv.url, "ftp://example.org", "web address"),
    (cv.url, "example.org", "web address"),
    (cv.url, "http://", "web address"),
    (cv.url, "http://[::1", "web address"),
    (cv.icon, "flash", "prefix:name"),
    (cv.icon, "mdi:", "prefix:name"),
    (cv.icon, ":flash", "prefix:name"),
    (cv.unit_system, "kelvin", "metric or us_customary"),
]


@pytest.mark.parametrize(("validator", "value", "expected"), GOOD)
def test_accepts(validator: Callable[[Any], Any], value: Any, expected: Any) -> None:
    result = validator(value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(("validator", "value", "message"), BAD)
def test_refuses_with_a_message(validator: Callable[[Any], Any], value: Any, message: str) -> None:
    with pytest.raises(vol.Invalid) as caught:
        validator(value)
    assert message in caught.value.error_message


def test_string_keeps_located_text() -> None:
    text = NodeStr("Home", Location("configuration.yaml", 2))
    assert cv.string(text) is text


def test_entity_ids_error_points_at_the_item() -> None:
    with pytest.raises(vol.Invalid) as caught:
        cv.entity_ids(["sensor.ok", "switch.ok", "bad"])
    assert caught.value.path == [2]


def test_entity_domain() -> None:
    boiler = cv.entity_domain("water_heater")
    assert boiler("water_heater.Boiler") == "water_heater.boiler"
    with pytest.raises(vol.Invalid, match="expected an entity of water_heater"):
        boiler("switch.boiler")
    switches = cv.entity_domain(["switch", "input_boolean"])
    assert switches("input_boolean.guest") == "input_boolean.guest"
    with pytest.raises(vol.Invalid, match="input_boolean or switch"):
        switches("light.hall")
    with pytest.raises(vol.Invalid, match="expected an entity ID"):
        switches("switch")


def test_ensure_list_returns_the_same_list() -> None:
    items = [1, 2]
    assert cv.ensure_list(items) is items


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # Home Assistant's own slugify examples.
        ("T-!@#$!#@$!$est", "t_est"),
        ("Test More", "test_more"),
        ("Test_(More)", "test_more"),
        ("Tèst_Mörê", "test_more"),
        ("B8:27:EB:00:00:00", "b8_27_eb_00_00_00"),
        ("test.com", "test_com"),
        ("greg_phone - exp_wayp1", "greg_phone_exp_wayp1"),
        ("We are, we are, a... Test Calendar", "we_are_we_are_a_test_calendar"),
        ("Tèst_äöüß_ÄÖÜ", "test_aouss_aou"),
        ("1,000 W", "1000_w"),
        ("Kühlschrank Øst Łódź", "kuhlschrank_ost_lodz"),
        ("Temperatur °C", "temperatur_degc"),
        ("  __Boiler__  ", "boiler"),
        ("!!!", "unknown"),
        ("影師嗎", "unknown"),
        ("", ""),
        (None, ""),
    ],
)
def test_slugify(text: str | None, slug: str) -> None:
    assert cv.slugify(text) == slug


def test_regex_compiles_and_explains() -> None:
    assert cv.regex("^abc$").match("abc")
    with pytest.raises(vol.Invalid, match="invalid regular expression"):
        cv.regex("(unclosed")
