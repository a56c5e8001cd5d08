"""``trace/list``, ``trace/get`` and ``trace/contexts`` over a real WebSocket."""

from __future__ import annotations

from datetime import timedelta

from hub.context import Context
from hub.core import Hub
from hub.trace import (
    TraceRecorder,
    script_execution_set,
    trace_path,
    trace_run,
    trace_set_result,
    trace_step,
    trace_store,
)
from tests.hub.websocket.conftest import (  # noqa: F401 - fixtures
    Connect,
    connect,
    demo_hub,
    fast_bcrypt,
    tokens,
)


def record(hub: Hub, domain: str, item_id: str) -> TraceRecorder:
    trace_store(hub)  # registers the commands, as the automation integration does
    recorder = TraceRecorder(domain, item_id, Context(user_id="someone"), {"id": item_id})
    with trace_run(hub, recorder):
        recorder.set_trigger_description("state of light.x")
        trace_step({"trigger": {"for": timedelta(seconds=30)}}, path="trigger/0")
        with trace_path("condition/0"), trace_step({}):
            trace_set_result(result=True)
        script_execution_set("finished")
    return recorder


async def test_trace_list_and_get(connect: Connect, demo_hub: Hub) -> None:  # noqa: F811
    first = record(demo_hub, "automation", "kitchen")
    second = record(demo_hub, "automation", "hall")
    script = record(demo_hub, "script", "lights")
    client = await connect()

    answer = await client.command("trace/list", domain="automation")
    assert answer["success"]
    assert {item["run_id"] for item in answer["result"]} == {first.run_id, second.run_id}

    answer = await client.command("trace/list", domain="automation", item_id="kitchen")
    [item] = answer["result"]
    assert item == {
        "last_step": "condition/0",
        "run_id": first.run_id,
        "state": "stopped",
        "script_execution": "finished",
        "timestamp": {"start": "2026-01-15T12:00:00+00:00", "finish": "2026-01-15T12:00:00+00:00"},
        "domain": "automation",
        "item_id": "kitchen",
        "trigger": "state of light.x",
    }

    answer = await client.command("trace/list", domain="script")
    assert [item["run_id"] for item in answer["result"]] == [script.run_id]
    assert "trigger" not in answer["result"][0]

    answer = await client.command(
        "trace/get", domain="automation", item_id="kitchen", run_id=first.run_id
    )
    result = answer["result"]
    assert result["run_id"] == first.run_id
    assert result["config"] == {"id": "kitchen"}
    assert result["context"]["user_id"] == "someone"
    assert result["blueprint_inputs"] is None
    trigger_step = result["trace"]["trigger/0"][0]
    assert trigger_step["changed_variables"]["trigger"]["for"]["total_seconds"] == 30.0
    assert result["trace"]["condition/0"][0]["result"] == {"result": True}


async def test_trace_get_of_an_unknown_run(connect: Connect, demo_hub: Hub) -> None:  # noqa: F811
    record(demo_hub, "automation", "kitchen")
    client = await connect()
    answer = await client.command("trace/get", domain="automation", item_id="kitchen", run_id="x")
    assert answer["success"] is False
    assert answer["error"] == {"code": "not_found", "message": "The trace could not be found"}
    answer = await client.command("trace/list", domain="light")
    assert answer["error"]["code"] == "invalid_format"


async def test_trace_contexts(connect: Connect, demo_hub: Hub) -> None:  # noqa: F811
    first = record(demo_hub, "automation", "kitchen")
    second = record(demo_hub, "script", "lights")
    client = await connect()
    answer = await client.command("trace/contexts")
    assert answer["result"] == {
        first.context.id: {"run_id": first.run_id, "domain": "automation", "item_id": "kitchen"},
        second.context.id: {"run_id": second.run_id, "domain": "script", "item_id": "lights"},
    }
    answer = await client.command("trace/contexts", domain="script", item_id="lights")
    assert list(answer["result"]) == [second.context.id]


async def test_traces_are_for_admins(connect: Connect, demo_hub: Hub) -> None:  # noqa: F811
    record(demo_hub, "automation", "kitchen")
    client = await connect("user")
    answer = await client.command("trace/list", domain="automation")
    assert answer["error"]["code"] == "unauthorized"
