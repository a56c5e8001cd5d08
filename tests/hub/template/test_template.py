"""``Template``: parsing results, static templates, errors that name file:line, the
sandbox and its guards, strict and limited renders, caching, ``render_complex``."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from hub.config.yaml_nodes import Location, NodeStr
from hub.core import Hub
from hub.exceptions import TemplateError
from hub.template import Template, attach, is_complex, is_template_string, render_complex
from hub.template.environment import environment_for
from hub.template.results import parse_result
from tests.hub.template.conftest import Render


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("-1", -1),
        ("+1", 1),
        ("12.50", 12.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("True", True),
        ("False", False),
        ("true", "true"),
        ("None", None),
        ("[1, 2]", [1, 2]),
        ("{'a': 1}", {"a": 1}),
        ("(1, 2)", (1, 2)),
        ("010", "010"),
        ("1e3", "1e3"),
        ("0x1A", "0x1A"),
        ("1j", "1j"),
        ("123_456", "123_456"),
        ("'quoted'", "'quoted'"),
        ("not python", "not python"),
        ("", ""),
    ],
)
def test_parse_result_follows_home_assistant(text: str, expected: Any) -> None:
    result = parse_result(text)
    assert result == expected
    assert type(result) is type(expected) or isinstance(result, type(expected))


def test_parsed_containers_keep_their_text_and_are_not_shared() -> None:
    first = parse_result("[1,2]")
    assert str(first) == "[1,2]"
    first.append(3)
    assert parse_result("[1,2]") == [1, 2]
    assert str(parse_result("{'a':1}")) == "{'a':1}"
    assert str(parse_result("(1,)")) == "(1,)"


def test_render_parses_unless_asked_not_to(render: Render) -> None:
    assert render("{{ 6 * 7 }}") == 42
    assert render("{{ 6 * 7 }}", parse_result=False) == "42"
    assert render("  {{ 'padded' }}  \n") == "padded"
    assert render("{{ true }}") is True


def test_static_templates_are_not_rendered(home: Hub) -> None:
    template = Template("just text {not jinja}", home)
    assert template.is_static
    assert template.render() == "just text {not jinja}"
    assert Template("12").render() == 12
    assert Template("12").render(parse_result=False) == "12"
    assert not Template("{{ 1 }}").is_static
    assert not Template("{# comment #}").is_static
    assert not Template("{% if true %}x{% endif %}").is_static
    assert is_template_string("a {{ b }}") and not is_template_string("a { b }")


def test_compiled_templates_are_shared_between_instances(home: Hub) -> None:
    environment = environment_for(home)
    before = environment.cached_templates
    Template("{{ 'shared' ~ 1 }}", home).render()
    Template("{{ 'shared' ~ 1 }}", home).render()
    Template("  {{ 'shared' ~ 1 }}\n", home).ensure_valid()
    assert environment.cached_templates == before + 1
    assert environment_for(home) is environment


def test_syntax_error_names_file_and_line(home: Hub) -> None:
    source = NodeStr("{{ states('sensor.power') }", Location("automations.yaml", 12))
    with pytest.raises(TemplateError) as caught:
        Template(source, home).ensure_valid()
    assert str(caught.value).startswith("automations.yaml:12: TemplateSyntaxError: ")


def test_syntax_error_in_a_long_template_names_its_line(home: Hub) -> None:
    source = NodeStr("{% if true %}\nyes\n{{ 1 + }}\n{% endif %}", Location("t.yaml", 3))
    with pytest.raises(TemplateError, match=r"^t.yaml:3: .*\(line 3 of the template\)$"):
        Template(source, home).ensure_valid()


def test_render_error_names_file_and_line(home: Hub) -> None:
    source = NodeStr("{{ states('sensor.power') | float + 'x' }}", Location("conf.yaml", 7))
    with pytest.raises(TemplateError, match=r"^conf.yaml:7: TypeError: unsupported operand"):
        Template(source, home).render()


def test_errors_without_location_use_home_assistant_text(render: Render) -> None:
    with pytest.raises(TemplateError) as caught:
        render("{{ states['sensor.a.b'] }}")
    assert str(caught.value) == "TemplateError: Invalid entity ID 'sensor.a.b'"
    with pytest.raises(TemplateError, match=r"^TemplateError: Invalid domain name 'Bad-Domain'$"):
        render("{{ states['Bad-Domain'] }}")
    with pytest.raises(TemplateError, match=r"^UndefinedError: 'x' is undefined$"):
        render("{{ x.y }}")


def test_undefined_variables_render_empty_with_a_warning(
    render: Render, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert render("[{{ missing }}]") == []
    assert "Template variable warning: 'missing' is undefined when rendering" in caplog.text


def test_strict_renders_refuse_undefined_variables(render: Render) -> None:
    with pytest.raises(TemplateError, match="UndefinedError: 'missing' is undefined"):
        render("{{ missing }}", strict=True)
    assert render("{{ value }}", {"value": 3}, strict=True) == 3


def test_limited_renders_refuse_hub_functions(render: Render) -> None:
    with pytest.raises(TemplateError, match="Use of 'states' is not supported in limited"):
        render("{{ states('sensor.power') }}", limited=True)
    with pytest.raises(TemplateError, match="Use of 'now' is not supported"):
        render("{{ now() }}", limited=True)
    assert render("{{ value | int + 1 }}", {"value": "4"}, limited=True) == 5


def test_templates_without_a_hub_compile_but_refuse_hub_functions() -> None:
    template = Template("{{ 'sensor.x' | states }} {{ area_entities('x') }}")
    template.ensure_valid()
    with pytest.raises(TemplateError, match="needs a hub"):
        template.render()
    assert Template("{{ 1 + 1 }}").render() == 2


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ states.__class__ }}",
        "{{ states._hub }}",
        "{{ states.sensor.power._state }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__.os }}",
        "{% set ns = namespace(a=1) %}{{ ns.__class__.__init__.__globals__ }}",
        "{% set l = [1] %}{{ l.append(2) }}",
        "{% set d = {} %}{{ d.update({'a': 1}) }}",
        "{{ states.sensor.power.attributes.update({'a': 1}) }}",
        "{{ now().__class__.__init__ }}",
        "{{ range(200000) | list | count }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{{ 'x' * 10000000 }}",
        "{{ [0] * 10000000 }}",
        "{{ 10 ** 10000000 }}",
        "{% for i in range(100000) %}{{ 'xxxxxxxxxx' }}{% endfor %}",
    ],
)
def test_sandbox_and_guards_refuse_escapes_and_runaways(render: Render, source: str) -> None:
    try:
        result = render(source)
    except TemplateError:
        return
    # Private and unsafe attributes are undefined: they render empty, never leak.
    assert result in ("", None), result


def test_output_limit_message(render: Render) -> None:
    with pytest.raises(TemplateError, match="exceeded maximum size of 262144 characters"):
        render("{% for i in range(30000) %}{{ 'xxxxxxxxxx' }}{% endfor %}")


def test_render_complex_and_attach(home: Hub) -> None:
    data = {
        "entity_id": Template("{{ 'sensor.' ~ name }}"),
        "values": [Template("{{ 1 + 1 }}"), "plain", 3],
        Template("{{ name }}_key"): Template("{{ states('sensor.energy') | float }}"),
    }
    assert is_complex(data) and not is_complex({"a": [1, "b"]})
    attach(home, data)
    assert render_complex(data, {"name": "power"}) == {
        "entity_id": "sensor.power",
        "values": [2, "plain", 3],
        "power_key": 12.5,
    }


def test_templates_compare_by_text_and_hub(home: Hub) -> None:
    assert Template("{{ 1 }}", home) == Template(" {{ 1 }} ", home)
    assert Template("{{ 1 }}", home) != Template("{{ 1 }}")
    assert len({Template("{{ 1 }}", home), Template("{{ 1 }}", home)}) == 1
    assert "conf.yaml:2" in repr(Template(NodeStr("{{ 1 }}", Location("conf.yaml", 2))))


def test_templates_copy_without_copying_the_hub(home: Hub) -> None:
    import copy
    import pickle

    original = Template(NodeStr("{{ 1 + 1 }}", Location("c.yaml", 1)), home)
    original.render()
    duplicate = copy.deepcopy({"t": original})["t"]
    assert duplicate is not original and duplicate == original
    assert duplicate.hub is home and duplicate.render() == 2
    assert copy.copy(original).hub is home
    assert pickle.loads(pickle.dumps(original)).template == "{{ 1 + 1 }}"


def test_templates_need_text() -> None:
    with pytest.raises(TypeError):
        Template(12)  # type: ignore[arg-type]
