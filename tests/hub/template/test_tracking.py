"""What a render records, and ``track_template_result``/``TemplateTracker``: re-render
only when what the last render read changes, HA's rate limits, the minute clock, and
clean cancelling."""

from __future__ import annotations

from typing import Any

import pytest

from hub.clock import ManualClock
from hub.core import Hub
from hub.exceptions import TemplateError
from hub.template import (
    Template,
    TemplateTracker,
    TrackedTemplate,
    TrackUpdate,
    track_template_result,
)


@pytest.mark.parametrize(
    ("source", "entities", "domains", "all_states", "has_time", "rate_limit"),
    [
        ("{{ states('sensor.power') }}", {"sensor.power"}, set(), False, False, None),
        ("{{ states.sensor.power.entity_id }}", set(), set(), False, False, None),
        ("{{ states.sensor.power.state }}", {"sensor.power"}, set(), False, False, None),
        ("{{ is_state('switch.boiler', 'on') }}", {"switch.boiler"}, set(), False, False, None),
        ("{{ state_attr('sensor.power', 'phases') }}", {"sensor.power"}, set(), False, False, None),
        ("{{ states('sensor.missing') }}", {"sensor.missing"}, set(), False, False, None),
        ("{{ states.sensor | list | count }}", set(), {"sensor"}, False, False, 1.0),
        ("{{ states | list | count }}", set(), set(), True, False, 60.0),
        ("{{ now() }}", set(), set(), False, True, None),
        ("{{ today_at('10:00') }}", set(), set(), False, True, None),
        ("{{ 1 + 1 }}", set(), set(), False, False, None),
        (
            "{{ expand('group.inner') | count }}",
            {"group.inner", "sensor.power", "switch.boiler"},
            set(),
            False,
            False,
            None,
        ),
        ("{{ trigger.to_state.state }}", set(), set(), False, False, None),
    ],
)
def test_render_info_records_what_was_read(
    home: Hub,
    source: str,
    entities: set[str],
    domains: set[str],
    all_states: bool,
    has_time: bool,
    rate_limit: float | None,
) -> None:
    trigger = {"to_state": home.states.get("sensor.power")}
    info = Template(source, home).render_with_info({"trigger": trigger})
    assert info.exception is None
    assert info.entities == entities
    assert info.domains == domains
    assert info.all_states is all_states
    assert info.has_time is has_time
    assert info.rate_limit == rate_limit


def test_render_info_of_failed_and_static_renders(home: Hub) -> None:
    failed = Template("{{ states('sensor.power') | float + none }}", home).render_with_info()
    assert isinstance(failed.exception, TemplateError)
    assert failed.entities == {"sensor.power"}
    assert failed.rate_limit == 60.0
    static = Template("42", home).render_with_info()
    assert static.is_static and static.result == 42 and static.rate_limit is None
    assert Template("{{ states | count }}", home).render_with_info().listeners == {
        "all": True,
        "entities": [],
        "domains": [],
        "time": False,
    }


def test_render_info_is_only_collected_inside_render_with_info(home: Hub) -> None:
    template = Template("{{ states('sensor.power') }}", home)
    template.render()
    info = Template("{{ 1 }}", home).render_with_info()
    assert info.entities == set()


async def test_rerenders_only_when_the_read_entity_changes(
    home: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = Template("{{ states('sensor.power') | float * 2 }}", home)
    results: list[Any] = []
    renders: list[int] = []
    original = Template.render_with_info

    def counting(self: Template, *args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render_with_info", counting)
    cancel = track_template_result(home, template, results.append)
    assert results == [2469.1356]
    home.states.set("sensor.energy", "99")
    home.states.set("switch.boiler", "on")
    assert len(renders) == 1
    home.states.set("sensor.power", "10")
    assert results == [2469.1356, 20.0]
    home.states.set("sensor.power", "10", {"changed": "attributes only"})
    assert results == [2469.1356, 20.0]  # re-rendered, same result: not reported
    assert len(renders) == 3
    cancel()
    home.states.set("sensor.power", "11")
    assert results == [2469.1356, 20.0]
    cancel()  # twice is harmless


async def test_listeners_follow_the_branch_the_last_render_took(home: Hub) -> None:
    template = Template(
        "{{ states('sensor.power') if is_state('switch.boiler', 'on')"
        " else states('sensor.energy') }}",
        home,
    )
    results: list[Any] = []
    cancel = track_template_result(home, template, results.append)
    assert results == [12.5]
    home.states.set("sensor.power", "5")
    assert results == [12.5]
    home.states.set("switch.boiler", "on")
    assert results == [12.5, 5]
    home.states.set("sensor.energy", "13")
    assert results == [12.5, 5]
    home.states.set("sensor.power", "6")
    assert results == [12.5, 5, 6]
    cancel()


async def test_entity_appearing_later_is_picked_up(home: Hub) -> None:
    results: list[Any] = []
    cancel = track_template_result(
        home, Template("{{ states('sensor.new') }}", home), results.append
    )
    home.states.set("sensor.new", "7")
    home.states.remove("sensor.new")
    assert results == ["unknown", 7, "unknown"]
    cancel()


async def test_domain_templates_are_rate_limited_to_one_per_second(
    home: Hub, clock: ManualClock
) -> None:
    results: list[Any] = []
    cancel = track_template_result(
        home,
        Template("{{ states.sensor | map(attribute='state') | join(',') }}", home),
        results.append,
    )
    assert results == ["unavailable,12.5,1234.5678"]
    await clock.advance(5)
    home.states.set("sensor.energy", "1")  # more than a second since the last render
    assert results[-1] == "unavailable,1,1234.5678"
    home.states.set("sensor.energy", "2")  # held: within a second
    home.states.set("sensor.energy", "3")
    home.states.set("switch.boiler", "on")  # another domain: ignored
    assert len(results) == 2
    await clock.advance(1)
    assert results == [
        "unavailable,12.5,1234.5678",
        "unavailable,1,1234.5678",
        "unavailable,3,1234.5678",
    ]
    cancel()


async def test_named_entities_skip_the_rate_limit(home: Hub, clock: ManualClock) -> None:
    template = Template(
        "{{ states('sensor.power') }}/"
        "{{ states.switch | selectattr('state', 'eq', 'on') | list | count }}",
        home,
    )
    results: list[Any] = []
    cancel = track_template_result(home, template, results.append)
    home.states.set("sensor.power", "1")
    home.states.set("sensor.power", "2")
    assert results == ["1234.5678/0", "1/0", "2/0"]
    home.states.set("switch.boiler", "on")
    assert results[-1] == "2/0"
    await clock.advance(1)
    assert results[-1] == "2/1"
    cancel()


async def test_all_states_templates_wait_a_minute(home: Hub, clock: ManualClock) -> None:
    results: list[Any] = []
    cancel = track_template_result(
        home,
        Template("{{ states | selectattr('state', 'eq', 'on') | list | count }}", home),
        results.append,
    )
    assert results == [3]
    home.states.set("switch.boiler", "on")
    await clock.advance(59)
    assert results == [3]
    await clock.advance(1)
    assert results == [3, 4]
    cancel()


async def test_explicit_rate_limit(home: Hub, clock: ManualClock) -> None:
    results: list[Any] = []
    cancel = track_template_result(
        home, Template("{{ states.switch | count }}", home), results.append, rate_limit=10
    )
    await clock.advance(1)
    home.states.set("switch.other", "on")
    await clock.advance(8)
    assert results == [1]
    await clock.advance(1)
    assert results == [1, 2]
    cancel()
    assert clock.pending_timers == 0


async def test_now_rerenders_every_minute(home: Hub, clock: ManualClock) -> None:
    results: list[Any] = []
    cancel = track_template_result(home, Template("{{ now().minute }}", home), results.append)
    await clock.advance(30)
    assert results == [0]
    await clock.advance(30)
    assert results == [0, 1]
    await clock.advance(120)
    assert results == [0, 1, 2, 3]
    cancel()
    assert clock.pending_timers == 0


async def test_errors_are_reported_once_then_recover(home: Hub) -> None:
    results: list[Any] = []
    cancel = track_template_result(
        home, Template("{{ states('sensor.power') | float }}", home), results.append
    )
    home.states.set("sensor.power", "oops")
    home.states.set("sensor.power", "oops", {"again": True})
    home.states.set("sensor.power", "3")
    assert results[0] == 1234.5678
    assert isinstance(results[1], TemplateError)
    assert "float got invalid input 'oops'" in str(results[1])
    assert results[2:] == [3.0]
    cancel()


async def test_tracker_batches_templates_of_one_change(home: Hub) -> None:
    first = Template("{{ states('sensor.power') }}", home)
    second = Template("{{ states('sensor.power') | float > 5 }}", home)
    third = Template("{{ states('sensor.energy') }}", home)
    batches: list[list[TrackUpdate]] = []
    tracker = TemplateTracker(
        home,
        [TrackedTemplate(first), TrackedTemplate(second), TrackedTemplate(third)],
        lambda _event, updates: batches.append(updates),
    )
    tracker.start()
    assert batches == []  # the first results are in info(), not reported
    info = tracker.info(second)
    assert info is not None and info.result is True
    tracker.refresh()
    assert batches == []  # re-rendered, nothing changed
    tracker.cancel()
    tracker = TemplateTracker(
        home,
        [TrackedTemplate(first), TrackedTemplate(second), TrackedTemplate(third)],
        lambda _event, updates: batches.append(updates),
    )
    tracker.start(report=True)
    assert [update.result for update in batches[0]] == [1234.5678, True, 12.5]
    home.states.set("sensor.power", "1")
    assert [(u.template, u.last_result, u.result) for u in batches[1]] == [
        (first, 1234.5678, 1),
        (second, True, False),
    ]
    assert tracker.listeners == {
        "all": False,
        "entities": ["sensor.energy", "sensor.power"],
        "domains": [],
        "time": False,
    }
    tracker.cancel()


async def test_variables_reach_the_render(home: Hub) -> None:
    results: list[Any] = []
    cancel = track_template_result(
        home, Template("{{ states(entity) }}", home), results.append, {"entity": "sensor.energy"}
    )
    home.states.set("sensor.energy", "3")
    assert results == [12.5, 3]
    cancel()
