"""Validating triggers: both spellings, flattening, refusals, and every trigger of the
real-world corpus."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol

from hub.config.yaml_loader import load_yaml
from hub.template import Template
from hub.trigger import TRIGGER_SCHEMA, TRIGGERS_SCHEMA

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "acceptance" / "ha_yaml" / "automations"


def test_both_spellings() -> None:
    new = TRIGGER_SCHEMA({"trigger": "state", "entity_id": "light.a", "to": "on"})
    old = TRIGGER_SCHEMA({"platform": "state", "entity_id": "light.a", "to": "on"})
    assert new == old == {"platform": "state", "entity_id": ["light.a"], "to": "on"}


def test_both_keys_is_an_error() -> None:
    with pytest.raises(vol.Invalid, match="Cannot specify both 'platform' and 'trigger'"):
        TRIGGER_SCHEMA({"trigger": "state", "platform": "state", "entity_id": "light.a"})


def test_common_keys() -> None:
    validated = TRIGGER_SCHEMA(
        {
            "trigger": "event",
            "event_type": "go",
            "id": 7,
            "alias": "Go",
            "enabled": "{{ true }}",
            "variables": {"who": "{{ trigger.event.data.who }}", "n": 1},
        }
    )
    assert validated["id"] == "7"
    assert isinstance(validated["enabled"], Template)
    assert isinstance(validated["variables"]["who"], Template)
    assert validated["variables"]["n"] == 1


def test_list_flattening() -> None:
    validated = TRIGGERS_SCHEMA(
        [
            {"triggers": [{"trigger": "event", "event_type": "a"}]},
            {"trigger": "event", "event_type": "b"},
        ]
    )
    assert [item["event_type"] for item in validated] == [["a"], ["b"]]
    assert len(TRIGGERS_SCHEMA({"trigger": "homeassistant", "event": "start"})) == 1


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"trigger": "weather"}, "Invalid trigger 'weather'"),
        ({"entity_id": "light.a"}, "needs 'trigger:'"),
        ({"trigger": "state", "entity_id": "light.a", "to": True}, "quotes"),
        ({"trigger": "state", "entity_id": "light.a", "to": "on", "not_to": "off"}, "to"),
        ({"trigger": "numeric_state", "entity_id": "sensor.a"}, "at least one of"),
        (
            {"trigger": "numeric_state", "entity_id": "sensor.a", "above": 5, "below": 2},
            "can never be above 5.0 and below 2.0",
        ),
        ({"trigger": "time", "at": 68400}, "68400"),
        ({"trigger": "time", "at": "light.kitchen"}, "input_datetime or sensor"),
        ({"trigger": "time_pattern", "minutes": 61}, "between 0 and 59"),
        ({"trigger": "time_pattern", "minutes": "/0"}, "from 1 to 59"),
        ({"trigger": "time_pattern"}, "at least one of"),
        ({"trigger": "sun", "event": "noon"}, "sunrise or sunset"),
        ({"trigger": "event", "event_type": "state_reported"}, "state_reported"),
        ({"trigger": "homeassistant", "event": "restart"}, "event"),
        ({"trigger": "webhook", "webhook_id": "x", "allowed_methods": ["PATCH"]}, "expected one"),
        ({"trigger": "template", "value_template": "{{ x +}}"}, "invalid template"),
        ({"trigger": "zone", "entity_id": "person.a", "zone": "zone.home", "event": "x"}, "event"),
    ],
)
def test_refusals(config: dict[str, Any], message: str) -> None:
    with pytest.raises(vol.Invalid) as caught:
        TRIGGER_SCHEMA(config)
    assert message in str(caught.value)


def test_platform_specific_forms() -> None:
    time_trigger = TRIGGER_SCHEMA(
        {
            "trigger": "time",
            "at": [
                "07:00",
                "input_datetime.wake",
                {"entity_id": "sensor.alarm", "offset": "-00:10"},
                "{{ '08:00' }}",
            ],
        }
    )
    at = time_trigger["at"]
    assert at[0] == time(7, 0)
    assert at[1] == "input_datetime.wake"
    assert at[2] == {"entity_id": "sensor.alarm", "offset": timedelta(minutes=-10)}
    assert isinstance(at[3], Template)
    sun = TRIGGER_SCHEMA({"trigger": "sun", "event": "sunset"})
    assert sun["offset"] == timedelta(0)
    zone = TRIGGER_SCHEMA({"trigger": "zone", "entity_id": "person.a", "zone": "zone.home"})
    assert zone["event"] == "enter"
    pattern = TRIGGER_SCHEMA({"trigger": "time_pattern", "minutes": "/30", "seconds": "0"})
    assert (pattern["minutes"], pattern["seconds"]) == ("/30", 0)


def test_validating_twice_changes_nothing() -> None:
    configs = [
        {"trigger": "state", "entity_id": "a.b", "for": "{{ 5 }}", "enabled": False},
        {"trigger": "numeric_state", "entity_id": "sensor.a", "above": "{{ 1 }}", "for": 5},
        {"trigger": "time", "at": ["07:00", {"entity_id": "sensor.x", "offset": 60}]},
        {"trigger": "template", "value_template": "{{ true }}", "for": {"minutes": "{{ 1 }}"}},
        {"trigger": "event", "event_type": ["a", "{{ 'b' }}"], "event_data": {"x": "{{ 1 }}"}},
        {"trigger": "webhook", "webhook_id": "hook", "allowed_methods": "get"},
    ]
    once = TRIGGERS_SCHEMA(configs)
    assert TRIGGERS_SCHEMA(once) == once


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _waits(actions: Any, found: list[Any]) -> None:
    for action in _as_list(actions):
        if not isinstance(action, dict):
            continue
        found.extend(_as_list(action.get("wait_for_trigger")))
        for option in action.get("choose") or []:
            _waits(option.get("sequence"), found)
        for key in ("default", "then", "else", "sequence", "parallel"):
            _waits(action.get(key), found)
        _waits((action.get("repeat") or {}).get("sequence"), found)


def corpus_triggers() -> list[Any]:
    found: list[Any] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = load_yaml(path)
        for item in data if isinstance(data, list) else [data]:
            for key in ("trigger", "triggers"):
                found.extend(_as_list(item.get(key)))
            for key in ("action", "actions"):
                _waits(item.get(key), found)
    return found


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared acceptance corpus is not here")
def test_every_trigger_of_the_corpus_validates() -> None:
    triggers = corpus_triggers()
    assert len(triggers) > 150
    platforms = {item["platform"] for item in TRIGGERS_SCHEMA(triggers)}
    assert platforms == {
        "state",
        "numeric_state",
        "time",
        "time_pattern",
        "sun",
        "template",
        "event",
        "homeassistant",
        "webhook",
        "zone",
    }
