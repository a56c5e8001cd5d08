"""EventBus: ordering, isolation, once, match-all, filters, re-entrancy, indexing."""

from __future__ import annotations

import asyncio
import logging

import pytest

from hub.const import EVENT_STATE_REPORTED, MATCH_ALL
from hub.context import Context
from hub.core import Hub
from hub.events import Event, EventOrigin
from hub.exceptions import MaxLengthExceeded


async def test_listener_gets_event_with_data_context_and_time(hub: Hub) -> None:
    received: list[Event] = []
    hub.bus.listen("boiler_boost", received.append)
    context = Context(user_id="abc")
    hub.bus.fire("boiler_boost", {"minutes": 30}, context=context)
    assert len(received) == 1
    event = received[0]
    assert event.event_type == "boiler_boost"
    assert event.data == {"minutes": 30}
    assert event.context is context
    assert event.origin is EventOrigin.LOCAL
    assert event.time_fired == hub.clock.time()


async def test_listeners_called_in_registration_order(hub: Hub) -> None:
    calls: list[str] = []
    hub.bus.listen("x", lambda e: calls.append("a"))
    hub.bus.listen("x", lambda e: calls.append("b"))
    hub.bus.listen(MATCH_ALL, lambda e: calls.append("all"))
    hub.bus.fire("x")
    assert calls == ["a", "b", "all"]


async def test_raising_listener_does_not_stop_others(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken(event: Event) -> None:
        raise RuntimeError("boom")

    hub.bus.listen("x", broken)
    hub.bus.listen("x", lambda e: calls.append("after"))
    with caplog.at_level(logging.ERROR):
        hub.bus.fire("x")
    assert calls == ["after"]
    assert "boom" in caplog.text


async def test_events_of_other_types_are_not_delivered(hub: Hub) -> None:
    calls: list[str] = []
    hub.bus.listen("a", lambda e: calls.append(e.event_type))
    hub.bus.fire("b")
    assert calls == []


async def test_listen_once_fires_once_even_when_fired_from_within(hub: Hub) -> None:
    calls: list[int] = []

    def once(event: Event) -> None:
        calls.append(event.data["n"])
        hub.bus.fire("x", {"n": event.data["n"] + 1})

    hub.bus.listen_once("x", once)
    hub.bus.fire("x", {"n": 1})
    hub.bus.fire("x", {"n": 10})
    assert calls == [1]
    assert hub.bus.listener_counts() == {}


async def test_unsubscribe_removes_listener(hub: Hub) -> None:
    calls: list[str] = []
    remove = hub.bus.listen("x", lambda e: calls.append("x"))
    hub.bus.fire("x")
    remove()
    remove()  # twice is harmless
    hub.bus.fire("x")
    assert calls == ["x"]
    assert "x" not in hub.bus.listener_counts()


async def test_unsubscribing_during_dispatch_is_safe(hub: Hub) -> None:
    calls: list[str] = []
    removers: list[object] = []

    def first(event: Event) -> None:
        calls.append("first")
        for remove in removers:
            remove()  # type: ignore[operator]

    hub.bus.listen("x", first)
    removers.append(hub.bus.listen("x", lambda e: calls.append("second")))
    hub.bus.fire("x")
    # The second listener was removed before its turn: it must not run.
    assert calls == ["first"]


async def test_nested_fire_is_delivered_after_the_current_event(hub: Hub) -> None:
    """Every listener sees events in fire order, even when a listener fires one."""
    seen_a: list[str] = []
    seen_b: list[str] = []

    def chain(event: Event) -> None:
        seen_a.append(event.event_type)
        if event.event_type == "first":
            hub.bus.fire("second")

    hub.bus.listen(MATCH_ALL, chain)
    hub.bus.listen(MATCH_ALL, lambda e: seen_b.append(e.event_type))
    hub.bus.fire("first")
    assert seen_a == ["first", "second"]
    assert seen_b == ["first", "second"]


async def test_event_filter_runs_before_callback(hub: Hub) -> None:
    calls: list[int] = []
    hub.bus.listen("x", lambda e: calls.append(e.data["n"]), event_filter=lambda e: e.data["n"] > 1)
    for n in range(4):
        hub.bus.fire("x", {"n": n})
    assert calls == [2, 3]


async def test_match_all_skips_state_reported(hub: Hub) -> None:
    types: list[str] = []
    hub.bus.listen(MATCH_ALL, lambda e: types.append(e.event_type))
    hub.bus.fire(EVENT_STATE_REPORTED, {})
    hub.bus.fire("other")
    assert types == ["other"]


async def test_coroutine_listener_runs_as_task(hub: Hub) -> None:
    done = asyncio.Event()

    async def listener(event: Event) -> None:
        await asyncio.sleep(0)
        done.set()

    hub.bus.listen("x", listener)
    hub.bus.fire("x")
    assert not done.is_set()
    await hub.block_till_done()
    assert done.is_set()


async def test_event_type_longer_than_64_is_refused(hub: Hub) -> None:
    with pytest.raises(MaxLengthExceeded):
        hub.bus.fire("x" * 65)


async def test_unheard_event_is_not_built(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an event nobody listens to was built")

    monkeypatch.setattr(Event, "__init__", refuse)
    assert not hub.bus.has_listeners("nobody")
    hub.bus.fire("nobody", {"big": "data"})


async def test_event_wire_form(hub: Hub) -> None:
    received: list[Event] = []
    hub.bus.listen("x", received.append)
    hub.bus.fire(
        "x", {"a": 1}, origin=EventOrigin.REMOTE, context=Context(id="01JH8Y6W3Q9D1F4T2K7M5N0PXR")
    )
    assert received[0].as_dict() == {
        "event_type": "x",
        "data": {"a": 1},
        "origin": "REMOTE",
        "time_fired": "2026-01-15T12:00:00+00:00",
        "context": {"id": "01JH8Y6W3Q9D1F4T2K7M5N0PXR", "parent_id": None, "user_id": None},
    }
    assert received[0].json == (
        b'{"event_type":"x","data":{"a":1},"origin":"REMOTE","time_fired":'
        b'"2026-01-15T12:00:00+00:00","context":{"id":"01JH8Y6W3Q9D1F4T2K7M5N0PXR",'
        b'"parent_id":null,"user_id":null}}'
    )


async def test_dispatch_cost_independent_of_unrelated_listeners(hub: Hub) -> None:
    """Indexing: firing "x" never touches listeners of other types."""
    touched: list[str] = []
    for i in range(1000):
        hub.bus.listen(
            f"other_{i}",
            lambda e: touched.append("wrong"),
            event_filter=lambda e: touched.append("filter") or True,
        )  # type: ignore[func-returns-value]
    hub.bus.listen("x", lambda e: touched.append("x"))
    hub.bus.fire("x")
    assert touched == ["x"]
