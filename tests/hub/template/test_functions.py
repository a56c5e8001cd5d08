"""Template functions, filters and tests against a hub with known states: one row per
case, the expected value as Home Assistant 2025.1 renders it (parsed, as the WebSocket
``render_template`` sends it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hub.template.conftest import Render

STATES: list[tuple[str, Any]] = [
    ("{{ states('sensor.power') }}", 1234.5678),
    ("{{ states('sensor.missing') }}", "unknown"),
    ("{{ states('SENSOR.Power') }}", 1234.5678),
    ("{{ states('sensor.power', with_unit=True) }}", "1234.5678 W"),
    ("{{ states('sensor.power', rounded=True) }}", 1234.5678),
    ("{{ states.sensor.power.state }}", 1234.5678),
    ("{{ states.sensor.power.attributes.phases }}", 3),
    ("{{ states.sensor.power.attributes['unit_of_measurement'] }}", "W"),
    ("{{ states.sensor.power.name }}", "Grid power"),
    ("{{ states.sensor.energy.name }}", "energy"),
    ("{{ states.sensor.power.object_id }}", "power"),
    ("{{ states.sensor.power.domain }}", "sensor"),
    ("{{ states.sensor.power.entity_id }}", "sensor.power"),
    ("{{ states.sensor.power.state_with_unit }}", "1234.5678 W"),
    ("{{ states.sensor.power.last_changed.isoformat() }}", "2026-01-15T12:00:00+00:00"),
    ("{{ states.sensor.power.last_updated.year }}", 2026),
    ("{{ states['sensor.power'].state }}", 1234.5678),
    ("{{ states.sensor['power'].state }}", 1234.5678),
    ("{{ states.sensor.missing }}", None),
    ("{{ states.sensor.missing.state }}", ""),
    (
        "{{ states.sensor | map(attribute='entity_id') | list }}",
        ["sensor.broken", "sensor.energy", "sensor.power"],
    ),
    ("{{ states.sensor | count }}", 3),
    ("{{ states | count }}", 10),
    (
        "{{ states | selectattr('state', 'eq', 'on') | map(attribute='entity_id') | list }}",
        ["binary_sensor.door", "group.inner", "group.sensors"],
    ),
    (
        "{{ states.sensor | selectattr('attributes.unit_of_measurement', 'eq', 'W')"
        " | map(attribute='name') | join }}",
        "Grid power",
    ),
    ("{{ 'sensor.power' | states }}", 1234.5678),
    ("{{ is_state('binary_sensor.door', 'on') }}", True),
    ("{{ is_state('binary_sensor.door', ['off', 'on']) }}", True),
    ("{{ is_state('binary_sensor.missing', 'on') }}", False),
    ("{{ 'binary_sensor.door' is is_state('on') }}", True),
    ("{{ state_attr('sensor.power', 'phases') }}", 3),
    ("{{ state_attr('sensor.power', 'missing') }}", None),
    ("{{ 'sensor.power' | state_attr('phases') }}", 3),
    ("{{ is_state_attr('sensor.power', 'phases', 3) }}", True),
    ("{{ is_state_attr('sensor.power', 'phases', 2) }}", False),
    ("{{ has_value('sensor.power') }}", True),
    ("{{ has_value('sensor.broken') }}", False),
    ("{{ has_value('sensor.missing') }}", False),
    ("{{ 'sensor.power' is has_value }}", True),
    ("{{ 'sensor.broken' | has_value }}", False),
    ("{{ state_translated('binary_sensor.door') }}", "on"),
    (
        "{{ expand('group.sensors') | map(attribute='entity_id') | list }}",
        ["sensor.energy", "sensor.power", "switch.boiler"],
    ),
    (
        "{{ expand('sensor.power', 'sensor.power', ['switch.boiler'])"
        " | map(attribute='entity_id') | list }}",
        ["sensor.power", "switch.boiler"],
    ),
    ("{{ expand(states.zone.school) | map(attribute='entity_id') | list }}", ["person.kid"]),
    ("{{ 'group.inner' | expand | count }}", 2),
    ("{{ closest(states.device_tracker).entity_id }}", "device_tracker.phone"),
    (
        "{{ closest('zone.school', ['device_tracker.phone', 'person.kid']).entity_id }}",
        "person.kid",
    ),
    (
        "{{ (['device_tracker.phone', 'person.kid'] | closest(52.36, 4.90)).entity_id }}",
        "person.kid",
    ),
    ("{{ distance(52.37, 4.89) | round(3) }}", 0.0),
    ("{{ distance('device_tracker.phone', 'person.kid') | round(2) }}", 1.54),
    ("{{ distance(52.3731, 4.8922, 52.3601, 4.9001) | round(2) }}", 1.54),
]

NUMBERS: list[tuple[str, Any]] = [
    ("{{ '1.5' | float }}", 1.5),
    ("{{ 'x' | float(0) }}", 0),
    ("{{ float('2.5') }}", 2.5),
    ("{{ float('x', default=-1) }}", -1),
    ("{{ '7' | int }}", 7),
    ("{{ '7.9' | int }}", 7),
    ("{{ 'x' | int(5) }}", 5),
    ("{{ int('0x1A', base=16) }}", 26),
    ("{{ '0x1A' | int(0, 16) }}", 26),
    ("{{ 'on' | bool }}", True),
    ("{{ 'no' | bool }}", False),
    ("{{ bool('maybe', 'dunno') }}", "dunno"),
    ("{{ 0 | bool }}", False),
    ("{{ is_number('1e3') }}", True),
    ("{{ is_number('nan') }}", False),
    ("{{ 'abc' is is_number }}", False),
    ("{{ '12' | is_number }}", True),
    ("{{ 2.5 | round }}", 2),
    ("{{ 3.5 | round }}", 4),
    ("{{ 1.234 | round(2) }}", 1.23),
    ("{{ 1.231 | round(2, 'ceil') }}", 1.24),
    ("{{ 1.239 | round(2, 'floor') }}", 1.23),
    ("{{ 1.3 | round(1, 'half') }}", 1.5),
    ("{{ 'x' | round(2, default=0) }}", 0),
    ("{{ 100 | log(10) }}", 2.0),
    ("{{ log(e) }}", 1.0),
    ("{{ sin(pi / 2) }}", 1.0),
    ("{{ cos(0) }}", 1.0),
    ("{{ tan(0) }}", 0.0),
    ("{{ sqrt(16) }}", 4.0),
    ("{{ 16 | sqrt }}", 4.0),
    ("{{ 'x' | sqrt(-1) }}", -1),
    ("{{ atan2(1, 1) | round(4) }}", 0.7854),
    ("{{ (tau / pi) | int }}", 2),
    ("{{ 3 | multiply(2) }}", 6.0),
    ("{{ 3 | add(2) }}", 5.0),
    ("{{ min(3, 1, 2) }}", 1),
    ("{{ max([3, 1, 2]) }}", 3),
    ("{{ [3, 1, 2] | max }}", 3),
    ("{{ average(1, 2, 3) }}", 2.0),
    ("{{ [1, 2, 3, 4] | average }}", 2.5),
    ("{{ average([], 0) }}", 0),
    ("{{ median(1, 3, 2) }}", 2),
    ("{{ [1, 2, 3, 4] | median }}", 2.5),
    ("{{ statistical_mode(1, 2, 2, 3) }}", 2),
    ("{{ ['a', 'b', 'a'] | statistical_mode }}", "a"),
    ("{{ 12 | bitwise_and(10) }}", 8),
    ("{{ 12 | bitwise_or(3) }}", 15),
    ("{{ 12 | bitwise_xor(10) }}", 6),
    ("{{ pack(513, '>H') | unpack('>H') }}", 513),
    ("{{ unpack(pack(1.5, '>f'), '>f') }}", 1.5),
    ("{{ pack('x', '>H') }}", None),
    ("{{ iif(true, 'yes', 'no') }}", "yes"),
    ("{{ (1 == 2) | iif('yes', 'no') }}", "no"),
    ("{{ none | iif('yes', 'no', 'unset') }}", "unset"),
    ("{{ none | iif('yes', 'no') }}", "no"),
    ("{{ version('2025.1.4') > '2024.12.5' }}", True),
    ("{{ version('2025.1.0b2') < '2025.1.0' }}", True),
    ("{{ ('1.2' | version) == '1.2.0' }}", True),
    ("{{ version('2025.1.4').minor }}", 1),
]

TEXT: list[tuple[str, Any]] = [
    ("{{ 'Living Room' | slugify }}", "living_room"),
    ("{{ slugify('Kök Lamp', '-') }}", "kok-lamp"),
    ("{{ 1 | ordinal }}", "1st"),
    ("{{ 12 | ordinal }}", "12th"),
    ("{{ 23 | ordinal }}", "23rd"),
    ("{{ 112 | ordinal }}", "112th"),
    ("{{ 'abc123' | regex_match('[a-z]+\\\\d') }}", True),
    ("{{ 'ABC' | regex_match('abc', ignorecase=True) }}", True),
    ("{{ 'xyz' | regex_match('y') }}", False),
    ("{{ 'xyz' | regex_search('y') }}", True),
    ("{{ 'a1b2' | regex_replace('\\\\d', '#') }}", "a#b#"),
    ("{{ 'a1b22' | regex_findall('\\\\d+') }}", ["1", "22"]),
    ("{{ 'a1b22' | regex_findall_index('\\\\d+', 1) }}", 22),
    ("{{ 'kitchen' is match('kit') }}", True),
    ("{{ 'kitchen' is search('tch') }}", True),
    ("{{ {'a': 1, 'b': [1, 2]} | to_json }}", {"a": 1, "b": [1, 2]}),
    ("{{ {'b': 1, 'a': 2} | to_json(sort_keys=True) }}", {"a": 2, "b": 1}),
    ("{{ 'é' | to_json(ensure_ascii=True) }}", '"\\u00e9"'),
    ("{{ ('{\"x\": [1, 2]}' | from_json).x[1] }}", 2),
    ("{{ 'hello' | base64_encode }}", "aGVsbG8="),
    ("{{ 'aGVsbG8=' | base64_decode }}", "hello"),
    ("{{ urlencode({'a': 'b c'}) }}", "a=b+c"),
    ("{{ 'a' | ord }}", 97),
    ("{{ [1, 2] is list }}", True),
    ("{{ set([1, 1, 2]) is set }}", True),
    ("{{ tuple([1, 2]) is tuple }}", True),
    ("{{ set([1, 1, 2]) | count }}", 2),
    ("{{ 'x' is string_like }}", True),
    ("{{ now() is datetime }}", True),
    ("{{ [1, 2, 3] is contains(2) }}", True),
    ("{{ [1, 2, 3] | contains(5) }}", False),
    ("{{ zip([1, 2], ['a', 'b']) | list }}", [(1, "a"), (2, "b")]),
    ("{{ ['a', 'b'] | random in ['a', 'b'] }}", True),
    (
        "{{ merge_response({'calendar.a': {'events': [{'x': 1}]},"
        " 'calendar.b': {'events': []}}) }}",
        [{"x": 1, "entity_id": "calendar.a", "value_key": "events"}],
    ),
    (
        "{{ merge_response({'weather.home': {'temp': 3}}) }}",
        [{"temp": 3, "entity_id": "weather.home"}],
    ),
    (
        "{% set ns = namespace(total=0) %}{% for i in range(4) %}"
        "{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}",
        6,
    ),
    ("{% for i in range(10) %}{% if i == 2 %}{% break %}{% endif %}{{ i }}{% endfor %}", "01"),
    ("{{ x | default('fallback') }}", "fallback"),
    ("{{ value }}", 5),
]


@pytest.mark.parametrize(("source", "expected"), STATES + NUMBERS + TEXT)
def test_renders_like_home_assistant(render: Render, source: str, expected: Any) -> None:
    result = render(source, {"value": 5})
    assert result == expected
    assert type(result) is type(expected) or isinstance(expected, list | dict)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ 'x' | float }}", "float got invalid input 'x'"),
        ("{{ float('x') }}", "float got invalid input 'x'"),
        ("{{ 'x' | int }}", "int got invalid input 'x'"),
        ("{{ 'maybe' | bool }}", "bool got invalid input 'maybe'"),
        ("{{ 'x' | round }}", "round got invalid input 'x'"),
        ("{{ 'x' | log }}", "log got invalid input 'x'"),
        ("{{ average([]) }}", "average got invalid input '([],)'"),
        ("{{ 'x' | as_timestamp }}", "as_timestamp got invalid input 'x'"),
        ("{{ strptime('x', '%Y') }}", "strptime got invalid input 'x'"),
        ("{{ 'x' | timestamp_custom }}", "timestamp_custom got invalid input 'x'"),
    ],
)
def test_conversions_without_default_raise_with_ha_message(
    render: Render, source: str, message: str
) -> None:
    from hub.exceptions import TemplateError

    with pytest.raises(TemplateError) as caught:
        render(source)
    text = str(caught.value)
    assert text.startswith("ValueError: Template error: ")
    assert message in text
    assert f"when rendering template '{source}' but no default was specified" in text
