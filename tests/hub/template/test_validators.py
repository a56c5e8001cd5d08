"""The configuration validators: compile-checked templates, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import voluptuous as vol

from hub.config.location import invalid_errors
from hub.config.yaml_loader import load_yaml
from hub.config.yaml_nodes import location_of
from hub.template import Template
from hub.template.validators import dynamic_template, template, template_complex


def test_template_turns_text_into_a_checked_template() -> None:
    checked = template("{{ states('sensor.x') }}")
    assert isinstance(checked, Template)
    assert template(12).template == "12"
    assert template("plain").is_static
    for bad in (None, [1], {"a": 1}):
        with pytest.raises(vol.Invalid):
            template(bad)
    with pytest.raises(vol.Invalid, match=r"^invalid template \(TemplateSyntaxError: "):
        template("{{ 1 + }}")


def test_dynamic_template_requires_template_syntax() -> None:
    assert not dynamic_template("{{ 1 }}").is_static
    with pytest.raises(vol.Invalid, match="does not contain a dynamic template"):
        dynamic_template("static")


def test_template_complex_converts_only_template_strings() -> None:
    result = template_complex({"a": "{{ 1 }}", "b": ["x", "{{ 2 }}", 3], "{{ k }}": None})
    assert isinstance(result["a"], Template)
    assert result["b"][0] == "x" and isinstance(result["b"][1], Template) and result["b"][2] == 3
    assert any(isinstance(key, Template) for key in result)
    with pytest.raises(vol.Invalid) as caught:
        template_complex({"data": ["ok", "{{ broken }"]})
    assert caught.value.path == ["data", 1]


def test_errors_are_located_at_the_template(tmp_path: Path) -> None:
    path = tmp_path / "automations.yaml"
    path.write_text("first: 1\nsecond:\n  value: \"{{ states('x') }\"\n")
    root = load_yaml(path)
    source = root["second"]["value"]
    assert location_of(source) is not None
    schema = vol.Schema({"first": int, "second": {"value": template}})
    with pytest.raises(vol.Invalid) as caught:
        schema(root)
    errors = invalid_errors(root, caught.value)
    assert errors[0].line == 3
    assert errors[0].located().startswith(f"{path}:3: second.value: invalid template (")


def test_validated_templates_keep_their_location_for_render_errors(tmp_path: Path) -> None:
    path = tmp_path / "templates.yaml"
    path.write_text("x: \"{{ 'a' | float }}\"\n")
    checked = template(load_yaml(path)["x"])
    with pytest.raises(Exception, match=rf"^{path}:1: ValueError: Template error: float"):
        checked.render()
