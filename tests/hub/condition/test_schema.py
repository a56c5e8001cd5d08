"""Validating conditions: every form Home Assistant accepts, and clear refusals; and every
condition of the real-world corpus."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol

from hub.condition import CONDITION_SCHEMA, CONDITIONS_SCHEMA
from hub.config.yaml_loader import load_yaml
from hub.template import Template

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "acceptance" / "ha_yaml" / "automations"


def test_template_string_shorthand() -> None:
    validated = CONDITION_SCHEMA("{{ is_state('sun.sun', 'below_horizon') }}")
    assert validated["condition"] == "template"
    assert isinstance(validated["value_template"], Template)


def test_template_as_condition_value() -> None:
    validated = CONDITION_SCHEMA({"condition": "{{ wait.trigger is none }}", "alias": "x"})
    assert validated["condition"] == "template"
    assert validated["alias"] == "x"
    assert validated["value_template"].template == "{{ wait.trigger is none }}"


@pytest.mark.parametrize("kind", ["and", "or", "not"])
def test_logic_shorthands(kind: str) -> None:
    validated = CONDITION_SCHEMA(
        {kind: ["{{ true }}", {"condition": "state", "entity_id": "a.b", "state": "on"}]}
    )
    assert validated["condition"] == kind
    assert [child["condition"] for child in validated["conditions"]] == ["template", "state"]


def test_list_under_condition_is_and() -> None:
    validated = CONDITION_SCHEMA({"condition": ["{{ true }}"], "alias": "both"})
    assert validated["condition"] == "and"
    assert validated["alias"] == "both"


def test_state_condition_normalises() -> None:
    validated = CONDITION_SCHEMA(
        {"condition": "state", "entity_id": "light.a, light.b", "state": 5, "for": "00:01:00"}
    )
    assert validated["entity_id"] == ["light.a", "light.b"]
    assert validated["state"] == "5"
    assert validated["match"] == "all"
    assert validated["for"] == timedelta(minutes=1)


def test_state_of_attribute_may_be_any_value() -> None:
    validated = CONDITION_SCHEMA(
        {"condition": "state", "entity_id": "fan.a", "attribute": "percentage", "state": 100}
    )
    assert validated["state"] == 100


def test_time_and_sun_conditions() -> None:
    validated = CONDITION_SCHEMA(
        {"condition": "time", "after": "22:00", "before": "input_datetime.wake", "weekday": "mon"}
    )
    assert validated["after"] == time(22, 0)
    assert validated["before"] == "input_datetime.wake"
    assert validated["weekday"] == ["mon"]
    validated = CONDITION_SCHEMA({"condition": "sun", "after": "Sunset", "after_offset": "-01:00"})
    assert validated["after"] == "sunset"
    assert validated["after_offset"] == timedelta(hours=-1)


def test_validating_twice_changes_nothing() -> None:
    config: dict[str, Any] = {
        "or": [
            "{{ true }}",
            {"condition": "numeric_state", "entity_id": "sensor.a", "above": "{{ 3 }}"},
            {"condition": "state", "entity_id": "a.b", "state": "on", "enabled": "{{ true }}"},
            {"condition": "time", "after": "07:00", "weekday": ["mon"]},
            {"condition": "sun", "before": "sunrise", "before_offset": 60},
            {"condition": "trigger", "id": 3},
            {"condition": "zone", "entity_id": "person.a", "zone": "zone.home"},
        ]
    }
    once = CONDITION_SCHEMA(config)
    assert CONDITION_SCHEMA(once) == once


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"condition": "state", "entity_id": "a.b", "state": True}, "quotes"),
        ({"condition": "time", "after": 68400}, "68400"),
        ({"condition": "time", "after": "25:00"}, "expected a time"),
        ({"condition": "time"}, "at least one of"),
        ({"condition": "numeric_state", "entity_id": "sensor.a"}, "at least one of"),
        ({"condition": "numeric_state", "entity_id": "sensor.a", "above": "light.x"}, "number"),
        ({"condition": "sun", "before": "noon"}, "sunrise or sunset"),
        ({"condition": "weather"}, "unknown condition 'weather'"),
        ({"entity_id": "a.b"}, "needs 'condition:'"),
        ("no template here", "must be a template"),
        ({"condition": "state", "entity_id": "not an id", "state": "on"}, "entity"),
        ({"condition": "template", "value_template": "{{ 1 + }}"}, "invalid template"),
    ],
)
def test_refusals_say_what_is_wrong(config: Any, message: str) -> None:
    with pytest.raises(vol.Invalid) as caught:
        CONDITION_SCHEMA(config)
    assert message in str(caught.value)


def test_conditions_schema_takes_one_or_a_list() -> None:
    assert len(CONDITIONS_SCHEMA("{{ true }}")) == 1
    assert len(CONDITIONS_SCHEMA(["{{ true }}", "{{ false }}"])) == 2


def _conditions_in_actions(actions: Any, found: list[Any]) -> None:
    for action in actions if isinstance(actions, list) else [actions]:
        if not isinstance(action, dict):
            continue
        for option in action.get("choose") or []:
            found.extend(_as_list(option.get("conditions")))
            _conditions_in_actions(option.get("sequence"), found)
        if "if" in action:
            found.extend(_as_list(action["if"]))
        for key in ("while", "until"):
            found.extend(_as_list((action.get("repeat") or {}).get(key)))
        if any(key in action for key in ("condition", "and", "or", "not")):
            found.append(action)
        for key in ("default", "then", "else", "sequence", "parallel"):
            _conditions_in_actions(action.get(key), found)
        _conditions_in_actions((action.get("repeat") or {}).get("sequence"), found)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def corpus_conditions() -> list[Any]:
    found: list[Any] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = load_yaml(path)
        for item in data if isinstance(data, list) else [data]:
            for key in ("condition", "conditions"):
                found.extend(_as_list(item.get(key)))
            for key in ("action", "actions"):
                _conditions_in_actions(item.get(key), found)
    return found


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared acceptance corpus is not here")
def test_every_condition_of_the_corpus_validates() -> None:
    conditions = corpus_conditions()
    assert len(conditions) > 200
    kinds = {CONDITION_SCHEMA(condition)["condition"] for condition in conditions}
    assert kinds >= {"and", "or", "not", "state", "numeric_state", "template", "time", "sun"}
    assert "trigger" in kinds
