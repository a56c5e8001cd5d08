"""Action schemas: every action type, old and new spellings, and the mistakes they catch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import voluptuous as vol

from hub.script import SCRIPT_SCHEMA, determine_action
from hub.script.action_schema import ACTION_SCHEMA
from hub.template import Template


def test_service_spellings_become_action() -> None:
    old = ACTION_SCHEMA({"service": "light.turn_on", "entity_id": "light.a, light.b"})
    assert old == {"action": "light.turn_on", "entity_id": ["light.a", "light.b"]}
    template = ACTION_SCHEMA({"service_template": "light.turn_{{ 'on' }}"})
    assert isinstance(template["action"], Template)
    new = ACTION_SCHEMA(
        {
            "action": "Light.Turn_On",
            "target": {"entity_id": "light.a", "area_id": "kitchen"},
            "data": {"brightness": "{{ 10 * 2 }}"},
            "data_template": {"transition": 2},
            "metadata": {},
            "response_variable": "out",
            "alias": "Lamp",
            "continue_on_error": "yes",
            "enabled": "{{ true }}",
        }
    )
    assert new["action"] == "light.turn_on"
    assert new["target"] == {"entity_id": ["light.a"], "area_id": ["kitchen"]}
    assert isinstance(new["data"]["brightness"], Template)
    assert "metadata" not in new
    assert new["continue_on_error"] is True
    assert isinstance(new["enabled"], Template)


def test_templates_are_allowed_in_targets_and_data() -> None:
    config = ACTION_SCHEMA(
        {"action": "light.turn_on", "target": "{{ {'entity_id': 'light.a'} }}", "data": "{{ {} }}"}
    )
    assert isinstance(config["target"], Template)
    assert isinstance(config["data"], Template)
    listed = ACTION_SCHEMA(
        {"action": "light.turn_on", "target": {"entity_id": ["light.a", "{{ x }}"]}}
    )
    assert isinstance(listed["target"]["entity_id"][1], Template)


@pytest.mark.parametrize(
    ("config", "kind"),
    [
        ({"delay": 5}, "delay"),
        ({"wait_template": "{{ true }}", "timeout": 5}, "wait_template"),
        ({"condition": "state", "entity_id": "a.b", "state": "on"}, "condition"),
        ({"or": ["{{ true }}"]}, "condition"),
        ({"event": "x", "event_data": {"a": "{{ 1 }}"}}, "event"),
        ({"device_id": "abc", "domain": "light", "type": "turn_on"}, "device"),
        ({"scene": "scene.evening"}, "scene"),
        ({"repeat": {"count": 2, "sequence": [{"event": "x"}]}}, "repeat"),
        ({"choose": [{"conditions": [], "sequence": []}], "default": []}, "choose"),
        ({"wait_for_trigger": [{"trigger": "event", "event_type": "x"}]}, "wait_for_trigger"),
        ({"variables": {"a": 1}}, "variables"),
        ({"if": "{{ true }}", "then": [{"event": "x"}], "else": []}, "if"),
        ({"action": "light.turn_on"}, "call_service"),
        ({"stop": "done", "response_variable": "r"}, "stop"),
        ({"parallel": [{"event": "a"}, {"sequence": [{"event": "b"}]}]}, "parallel"),
        ({"sequence": [{"event": "a"}]}, "sequence"),
        ({"set_conversation_response": "{{ 'ok' }}"}, "set_conversation_response"),
    ],
)
def test_every_action_type_validates(config: dict[str, Any], kind: str) -> None:
    validated = ACTION_SCHEMA(config)
    assert determine_action(validated) == kind


def test_parallel_items_become_branches() -> None:
    config = ACTION_SCHEMA({"parallel": [{"event": "a"}, {"sequence": [{"event": "b"}]}]})
    assert config["parallel"] == [
        {"sequence": [{"event": "a"}]},
        {"sequence": [{"event": "b"}]},
    ]


def test_delays_are_durations_or_templates() -> None:
    assert ACTION_SCHEMA({"delay": 90})["delay"] == timedelta(seconds=90)
    assert ACTION_SCHEMA({"delay": {"minutes": 2}})["delay"] == timedelta(minutes=2)
    assert isinstance(ACTION_SCHEMA({"delay": "{{ 3 }}"})["delay"], Template)
    mapping = ACTION_SCHEMA({"delay": {"minutes": "{{ x }}"}})["delay"]
    assert isinstance(mapping["minutes"], Template)


def test_the_first_known_key_decides_the_type() -> None:
    # Home Assistant's priority: delay before event, condition before action...
    assert determine_action({"delay": 1, "event": "x"}) == "delay"
    assert determine_action({"event": "x", "action": "a.b"}) == "event"
    assert determine_action({"condition": "state", "action": "a.b"}) == "condition"


def test_one_action_alone_is_a_sequence() -> None:
    assert SCRIPT_SCHEMA({"event": "x"}) == [{"event": "x"}]


@pytest.mark.parametrize(
    ("config", "path", "fragment"),
    [
        ({"servce": "light.turn_on"}, [0], "unknown action"),
        ("light.turn_on", [0], "an action must be a mapping"),
        ({"action": "lightturn_on"}, [0, "action"], "does not match the format"),
        ({"action": "a.b", "service": "a.c"}, [0, "service"], "Cannot specify both"),
        ({"service": "a.b", "service_template": "a.c"}, [0, "service_template"], "both"),
        ({"action": "a.b", "entity_id": "{{ x }}"}, [0, "entity_id"], "templates are not"),
        ({"action": "a.b", "target": {"entity_id": "Bad Id"}}, [0, "target", "entity_id", 0], ""),
        ({"delay": "soon"}, [0, "delay"], "expected a duration"),
        ({"delay": -5}, [0, "delay"], "zero or more"),
        ({"wait_template": "{{ x"}, [0, "wait_template"], "invalid template"),
        ({"repeat": {"sequence": []}}, [0, "repeat"], "exactly one of count"),
        ({"repeat": {"count": 1}}, [0, "repeat", "sequence"], "required"),
        ({"repeat": {"for_each": 5, "sequence": []}}, [0, "repeat", "for_each"], "list"),
        ({"choose": [{"sequence": []}]}, [0, "choose", 0, "conditions"], "required"),
        ({"if": "{{ true }}"}, [0, "then"], "required"),
        ({"stop": "x", "error": True, "response_variable": "r"}, [0, "response_variable"], "not"),
        ({"variables": ["a"]}, [0, "variables"], "mapping"),
        ({"scene": "light.kitchen"}, [0, "scene"], "expected an entity of scene"),
        ({"event": "x", "extra": 1}, [0, "extra"], "extra keys"),
        ({"device_id": "abc"}, [0, "domain"], "required"),
        ({"parallel": [{"bogus": 1}]}, [0, "parallel", 0, 0], "unknown action"),
    ],
)
def test_mistakes_are_refused_at_their_path(config: Any, path: list[Any], fragment: str) -> None:
    with pytest.raises(vol.MultipleInvalid) as caught:
        SCRIPT_SCHEMA([config])
    errors = caught.value.errors
    assert any(error.path == path and fragment in str(error) for error in errors), errors


def test_every_bad_action_of_a_sequence_is_reported() -> None:
    with pytest.raises(vol.MultipleInvalid) as caught:
        SCRIPT_SCHEMA([{"bad": 1}, {"event": "ok"}, {"delay": "never"}])
    assert [error.path[0] for error in caught.value.errors] == [0, 2]
