"""``render_template`` through a real WebSocket: result, listeners, re-renders on the
entity it read, errors, strict, report_errors, timeout, unsubscribing."""

from __future__ import annotations

import pytest

from hub.auth import AUTH
from hub.auth.permissions import Permissions
from hub.core import Hub
from hub.template.render_context import RenderTimeout
from tests.hub.websocket.conftest import Connect


async def test_result_then_an_event_per_change(connect: Connect, demo_hub: Hub) -> None:
    demo_hub.states.set("sensor.tpl_test", "21")
    client = await connect()
    answer = await client.command(
        "render_template", template="{{ states('sensor.tpl_test') | int * 2 }}"
    )
    assert answer["success"] is True and answer["result"] is None
    subscription = answer["id"]
    assert await client.event(subscription) == {
        "result": 42,
        "listeners": {"all": False, "entities": ["sensor.tpl_test"], "domains": [], "time": False},
    }
    demo_hub.states.set("sensor.tpl_other", "1")
    demo_hub.states.set("sensor.tpl_test", "50")
    event = await client.event(subscription)
    assert event["result"] == 100
    unsubscribed = await client.command("unsubscribe_events", subscription=subscription)
    assert unsubscribed["success"] is True
    demo_hub.states.set("sensor.tpl_test", "60")
    assert (await client.command("ping"))["type"] == "pong"
    assert all(message.get("id") != subscription for message in client._held)


async def test_results_are_parsed_and_listeners_reported(connect: Connect) -> None:
    client = await connect()
    answer = await client.command(
        "render_template",
        template="{{ [value, states.switch | count > 0, now() is datetime] }}",
        variables={"value": "x"},
    )
    event = await client.event(answer["id"])
    assert event["result"] == ["x", True, True]
    assert event["listeners"] == {"all": False, "entities": [], "domains": ["switch"], "time": True}


async def test_syntax_error_is_refused(connect: Connect) -> None:
    client = await connect()
    answer = await client.command("render_template", template="{{ 1 + }}")
    assert answer["success"] is False
    assert answer["error"]["code"] == "template_error"
    assert answer["error"]["message"].startswith("TemplateSyntaxError: ")


async def test_render_errors_are_silent_unless_reported(connect: Connect, demo_hub: Hub) -> None:
    demo_hub.states.set("sensor.tpl_test", "oops")
    client = await connect()
    quiet = await client.command(
        "render_template", template="{{ states('sensor.tpl_test') | float }}"
    )
    loud = await client.command(
        "render_template",
        template="{{ states('sensor.tpl_test') | float }}",
        report_errors=True,
    )
    error = await client.event(loud["id"])
    assert error["level"] == "ERROR"
    assert "float got invalid input 'oops'" in error["error"]
    demo_hub.states.set("sensor.tpl_test", "2.5")
    assert await client.event(loud["id"]) == {
        "result": 2.5,
        "listeners": {"all": False, "entities": ["sensor.tpl_test"], "domains": [], "time": False},
    }
    assert (await client.event(quiet["id"]))["result"] == 2.5


async def test_undefined_variables_warn_when_reporting_and_fail_when_strict(
    connect: Connect,
) -> None:
    client = await connect()
    answer = await client.command("render_template", template="[{{ missing }}]", report_errors=True)
    assert await client.event(answer["id"]) == {
        "error": "'missing' is undefined",
        "level": "WARNING",
    }
    assert (await client.event(answer["id"]))["result"] == []
    strict = await client.command(
        "render_template", template="{{ missing }}", strict=True, report_errors=True
    )
    event = await client.event(strict["id"])
    assert event["level"] == "ERROR"
    assert "'missing' is undefined" in event["error"]


async def test_timeout_precheck(connect: Connect, monkeypatch: pytest.MonkeyPatch) -> None:
    client = await connect()
    fast = await client.command("render_template", template="{{ 1 }}", timeout=3)
    assert fast["success"] is True
    assert (await client.event(fast["id"]))["result"] == 1

    def slow_render(*args: object, **kwargs: object) -> None:
        raise RenderTimeout("too slow")

    monkeypatch.setattr("hub.template.Template.render", slow_render)
    slow = await client.command("render_template", template="{{ 2 }}", timeout=0.5)
    assert slow["success"] is False
    assert slow["error"] == {
        "code": "template_error",
        "message": "Exceeded maximum execution time of 0.5s",
    }


async def test_deadline_stops_a_long_render(connect: Connect) -> None:
    client = await connect()
    answer = await client.command(
        "render_template",
        template="{% for i in range(1000) %}{% for j in range(999) %}{{ j | string }}"
        "{% endfor %}{% endfor %}",
        timeout=0.001,
    )
    assert answer["success"] is False
    assert answer["error"]["message"] == "Exceeded maximum execution time of 0.001s"


async def test_users_who_cannot_read_every_state_are_refused(
    connect: Connect, demo_hub: Hub
) -> None:
    reader = await connect("reader")
    assert (await reader.command("render_template", template="{{ 1 }}"))["success"] is True
    # A user limited to some entities (the provider group) could read others through a
    # template, so may not render any.
    user = demo_hub.data[AUTH].get_user_by_username("reader")
    assert user is not None
    user._permissions = Permissions(readable=frozenset({"sensor.x"}))
    refused = await reader.command("render_template", template="{{ states('sensor.x') }}")
    assert refused["success"] is False
    assert refused["error"]["code"] == "unauthorized"
