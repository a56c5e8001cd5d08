"""ServiceRegistry: schemas, blocking and not, response data, events, errors."""

from __future__ import annotations

import asyncio

import pytest
import voluptuous as vol

from hub.const import EVENT_CALL_SERVICE, EVENT_SERVICE_REGISTERED, EVENT_SERVICE_REMOVED
from hub.context import Context
from hub.core import Hub
from hub.events import Event
from hub.exceptions import ServiceNotFound, ServiceValidationError
from hub.services import ServiceCall, SupportsResponse


async def test_call_validates_with_schema_and_passes_coerced_data(hub: Hub) -> None:
    calls: list[ServiceCall] = []
    hub.services.register(
        "boiler", "boost", calls.append, vol.Schema({vol.Required("minutes"): vol.Coerce(int)})
    )
    await hub.services.call("boiler", "boost", {"minutes": "30"}, blocking=True)
    assert calls[0].data == {"minutes": 30}
    with pytest.raises(vol.Invalid):
        await hub.services.call("boiler", "boost", {"minutes": "lots"}, blocking=True)
    with pytest.raises(vol.Invalid):
        await hub.services.call("boiler", "boost", {}, blocking=False)  # fails at the caller
    assert len(calls) == 1


async def test_unknown_service(hub: Hub) -> None:
    with pytest.raises(ServiceNotFound) as err:
        await hub.services.call("light", "foo")
    assert str(err.value) == "Service light.foo not found."
    assert err.value.translation_placeholders == {"domain": "light", "service": "foo"}


async def test_blocking_waits_non_blocking_does_not(hub: Hub) -> None:
    release = asyncio.Event()
    finished: list[str] = []

    async def slow(call: ServiceCall) -> None:
        await release.wait()
        finished.append(call.service)

    hub.services.register("test", "slow", slow)
    assert await hub.services.call("test", "slow") is None
    assert finished == []
    release.set()
    await hub.block_till_done()
    assert finished == ["slow"]
    await hub.services.call("test", "slow", blocking=True)
    assert finished == ["slow", "slow"]


async def test_handler_error_reaches_blocking_caller_only(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(call: ServiceCall) -> None:
        raise RuntimeError("handler boom")

    hub.services.register("test", "broken", broken)
    with pytest.raises(RuntimeError, match="handler boom"):
        await hub.services.call("test", "broken", blocking=True)
    await hub.services.call("test", "broken")
    await hub.block_till_done()
    assert "handler boom" in caplog.text


async def test_response_data_rules(hub: Hub) -> None:
    hub.services.register(
        "energy", "prices", lambda call: {"slots": [1, 2]}, supports_response=SupportsResponse.ONLY
    )
    hub.services.register(
        "energy",
        "maybe",
        lambda call: {"x": 1} if call.return_response else None,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hub.services.register("energy", "none", lambda call: None)
    assert await hub.services.call("energy", "prices", blocking=True, return_response=True) == {
        "slots": [1, 2]
    }
    assert await hub.services.call("energy", "maybe", blocking=True, return_response=True) == {
        "x": 1
    }
    assert await hub.services.call("energy", "maybe", blocking=True) is None
    with pytest.raises(ServiceValidationError) as err:
        await hub.services.call("energy", "prices", blocking=True)
    assert err.value.translation_key == "service_lacks_response_request"
    with pytest.raises(ServiceValidationError) as err:
        await hub.services.call("energy", "none", blocking=True, return_response=True)
    assert err.value.translation_key == "service_does_not_support_response"
    with pytest.raises(ValueError, match="non-blocking"):
        await hub.services.call("energy", "prices", blocking=False, return_response=True)


async def test_call_service_event_carries_caller_context(hub: Hub) -> None:
    events: list[Event] = []
    hub.bus.listen(EVENT_CALL_SERVICE, events.append)
    hub.services.register("test", "x", lambda call: None)
    context = Context(user_id="u1")
    await hub.services.call(
        "test", "x", {"a": 1}, blocking=True, context=context, target={"entity_id": "switch.a"}
    )
    assert events[0].data == {
        "domain": "test",
        "service": "x",
        "service_data": {"a": 1, "entity_id": "switch.a"},
    }
    assert events[0].context is context


async def test_register_and_remove_fire_events(hub: Hub) -> None:
    events: list[Event] = []
    hub.bus.listen(EVENT_SERVICE_REGISTERED, events.append)
    hub.bus.listen(EVENT_SERVICE_REMOVED, events.append)
    hub.services.register("Test", "X", lambda call: None)
    assert hub.services.has_service("test", "x")
    hub.services.remove("test", "x")
    hub.services.remove("test", "x")
    assert not hub.services.has_service("test", "x")
    assert [(e.event_type, e.data) for e in events] == [
        (EVENT_SERVICE_REGISTERED, {"domain": "test", "service": "x"}),
        (EVENT_SERVICE_REMOVED, {"domain": "test", "service": "x"}),
    ]
    assert "test" not in hub.services.services()


async def test_call_data_is_read_only(hub: Hub) -> None:
    def mutate(call: ServiceCall) -> None:
        call.data["x"] = 1  # type: ignore[index]

    hub.services.register("test", "mutate", mutate)
    with pytest.raises(RuntimeError):
        await hub.services.call("test", "mutate", blocking=True)
