"""Event triggers: types, data subsets, contexts and limited templates."""

from __future__ import annotations

from hub.context import Context
from hub.core import Hub
from tests.hub.trigger.conftest import attach


async def test_event_types(hub: Hub) -> None:
    fired = await attach(
        hub, {"trigger": "event", "event_type": ["automation_reloaded", "scene_reloaded"]}
    )
    context = Context(user_id="anne")
    hub.bus.fire("scene_reloaded", {"x": 1}, context=context)
    hub.bus.fire("other")
    hub.bus.fire("automation_reloaded")
    assert [t["event"].event_type for t in fired.triggers] == [
        "scene_reloaded",
        "automation_reloaded",
    ]
    trigger = fired.triggers[0]
    assert trigger["platform"] == "event"
    assert trigger["event"].data == {"x": 1}
    assert trigger["description"] == "event 'scene_reloaded'"
    assert fired.contexts[0] == context


async def test_event_data_is_a_subset_match(hub: Hub) -> None:
    fired = await attach(
        hub,
        [
            {
                "trigger": "event",
                "event_type": "esphome.switch_pressed",
                "event_data": {"slug": "window", "switch": "1"},
            },
            {
                "trigger": "event",
                "event_type": "esphome.switch_pressed",
                "event_data": {"info": {"room": "hall"}},
            },
        ],
    )
    hub.bus.fire("esphome.switch_pressed", {"slug": "window", "switch": "1", "extra": True})
    hub.bus.fire("esphome.switch_pressed", {"slug": "window", "switch": 1})  # 1 is not "1"
    hub.bus.fire("esphome.switch_pressed", {"slug": "window"})
    hub.bus.fire("esphome.switch_pressed", {"info": {"room": "hall", "floor": 1}})
    hub.bus.fire("esphome.switch_pressed", {"info": {"room": "attic"}})
    assert [t["idx"] for t in fired.triggers] == ["0", "1"]


async def test_context_match(hub: Hub) -> None:
    fired = await attach(
        hub,
        {"trigger": "event", "event_type": "call_me", "context": {"user_id": ["anne", "bob"]}},
    )
    hub.bus.fire("call_me", context=Context(user_id="bob"))
    hub.bus.fire("call_me", context=Context(user_id="eve"))
    hub.bus.fire("call_me")
    assert len(fired) == 1


async def test_limited_templates_render_when_attached(hub: Hub) -> None:
    fired = await attach(
        hub,
        {
            "trigger": "event",
            "event_type": "{{ kind }}_done",
            "event_data": {"entity_id": "{{ timer }}"},
        },
        variables={"kind": "timer", "timer": "timer.laundry"},
    )
    hub.bus.fire("timer_done", {"entity_id": "timer.laundry"})
    hub.bus.fire("timer_done", {"entity_id": "timer.other"})
    assert len(fired) == 1


async def test_remove(hub: Hub) -> None:
    fired = await attach(hub, {"trigger": "event", "event_type": "go"})
    fired.remove()
    hub.bus.fire("go")
    assert len(fired) == 0
    assert "go" not in hub.bus.listener_counts()
