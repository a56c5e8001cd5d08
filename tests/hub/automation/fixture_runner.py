"""Runs one automation fixture (``tests/fixtures/automations/*.yaml``) against a hub.

A fixture holds a configuration (helpers and automations, Home Assistant YAML), the
services to stand in for (``mock_services``: devices this hub has no integration for;
each records its calls and may return a response), and steps: things that happen
(state changes, service calls, events, webhook requests, time passing) and what must be
true afterwards. Time only moves when a step says so (``advance``), on the ManualClock.

Step vocabulary::

    - state: {binary_sensor.hall: "on", sensor.x: {state: "3", attributes: {unit: W}}}
    - call: {action: input_boolean.turn_on, target: {entity_id: input_boolean.x}, data: {}}
    - event: {type: doorbell, data: {button: front}}
    - webhook: {id: garage, json: {open: true}}
    - advance: 60                      # seconds of hub time
    - advance_to: "2026-01-15T18:00:00+00:00"
    - stop: true                       # stop the hub (shutdown triggers)
    - expect: {input_boolean.x: "on", automation.y: {state: "on", attributes: {current: 0}}}
    - expect_calls: {notify.test: 2}   # calls of a mock service so far
    - expect_last_call: {service: notify.test, data: {message: "Hi"}}   # data: a subset
    - expect_events: {my_event: 1}     # events of this type so far
    - expect_last_event: {type: my_event, data: {idx: 1}}
    - expect_not_run: {automation.x: [condition, mode]}   # "why not" reasons so far
    - expect_trace: {automation: my_id, count: 2, last: {script_execution: finished}}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp
import orjson

from hub.clock import ManualClock
from hub.context import Context
from hub.core import Hub
from hub.events import Event
from hub.http.server import HTTP_SERVER
from hub.services import ServiceCall, SupportsResponse
from hub.trace import not_run_log, trace_store


@dataclass(slots=True)
class Recorder:
    """Mock services' calls and every event fired, for the expectations."""

    calls: dict[str, list[ServiceCall]] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)

    def install(self, hub: Hub, services: Mapping[str, Any] | None) -> None:
        for name, spec in (services or {}).items():
            domain, _, service = name.partition(".")
            response = (spec or {}).get("response") if isinstance(spec, Mapping) else None
            self.calls[name] = []
            hub.services.register(
                domain,
                service,
                self._handler(name, response),
                supports_response=SupportsResponse.OPTIONAL
                if response is not None
                else SupportsResponse.NONE,
            )
        hub.bus.listen("*", self._event)

    def _handler(self, name: str, response: Any) -> Any:
        def handle(call: ServiceCall) -> Any:
            self.calls[name].append(call)
            return response if call.return_response else None

        return handle

    def _event(self, event: Event) -> None:
        self.events.setdefault(event.event_type, []).append(event)


def subset(expected: Any, actual: Any) -> bool:
    """Whether ``expected`` is contained in ``actual`` (mappings by key, recursively)."""
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and subset(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list | tuple)
            and len(expected) == len(actual)
            and all(subset(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, float | int) and isinstance(actual, float | int):
        return float(expected) == float(actual)
    return bool(expected == actual)


async def run_steps(
    hub: Hub, clock: ManualClock, recorder: Recorder, steps: list[Mapping[str, Any]]
) -> None:
    """Perform the steps; an unmet expectation fails with the step's number."""
    for number, step in enumerate(steps, 1):
        ((kind, value),) = step.items()
        try:
            await _STEPS[kind](hub, clock, recorder, value)
        except AssertionError as err:
            raise AssertionError(f"step {number} ({kind}: {value}): {err}") from err


async def _state(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    for entity_id, spec in value.items():
        if isinstance(spec, Mapping):
            hub.states.set(entity_id, str(spec["state"]), spec.get("attributes") or {})
        else:
            hub.states.set(entity_id, str(spec))
    await hub.block_till_done()


async def _call(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    domain, _, service = value["action"].partition(".")
    await hub.services.call(
        domain,
        service,
        value.get("data") or {},
        blocking=True,
        context=Context(),
        target=value.get("target"),
    )
    await hub.block_till_done()


async def _event(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    hub.bus.fire(value["type"], value.get("data") or {})
    await hub.block_till_done()


async def _webhook(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    host, port = hub.data[HTTP_SERVER].bound[0]
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://{host}:{port}/api/webhook/{value['id']}", json=value.get("json")
        ) as response,
    ):
        assert response.status == 200, await response.text()
    await hub.block_till_done()


async def _advance(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    await clock.advance(float(value), settle=hub.block_till_done)


async def _advance_to(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    await clock.advance_to(datetime.fromisoformat(str(value)), settle=hub.block_till_done)


async def _stop(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    await hub.stop()


async def _expect(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    for entity_id, spec in value.items():
        state = hub.states.get(entity_id)
        assert state is not None, f"{entity_id} does not exist"
        wanted = spec if isinstance(spec, Mapping) else {"state": spec}
        if "state" in wanted:
            assert state.state == str(wanted["state"]), f"{entity_id} is {state.state!r}"
        attributes = orjson.loads(orjson.dumps(dict(state.attributes), default=str))
        assert subset(wanted.get("attributes", {}), attributes), (
            f"{entity_id} attributes {attributes}"
        )


async def _expect_calls(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    for name, count in value.items():
        made = recorder.calls[name]
        assert len(made) == count, f"{name} called {len(made)} times: {made}"


async def _expect_last_call(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    made = recorder.calls[value["service"]]
    assert made, f"{value['service']} was not called"
    data = orjson.loads(orjson.dumps(dict(made[-1].data), default=str))
    assert subset(value.get("data", {}), data), f"last call data {data}"


async def _expect_events(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    for event_type, count in value.items():
        fired = recorder.events.get(event_type, [])
        assert len(fired) == count, f"{event_type} fired {len(fired)} times: {fired}"


async def _expect_last_event(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    fired = recorder.events.get(value["type"], [])
    assert fired, f"no {value['type']} event"
    data = orjson.loads(orjson.dumps(dict(fired[-1].data), default=str))
    assert subset(value.get("data", {}), data), f"last event data {data}"


async def _expect_not_run(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    log = not_run_log(hub)
    for entity_id, reasons in value.items():
        recorded = [entry.reason for entry in log.entries(entity_id)]
        assert recorded == list(reasons), f"{entity_id} not-run log: {log.entries(entity_id)}"


async def _expect_trace(hub: Hub, clock: ManualClock, recorder: Recorder, value: Any) -> None:
    traces = trace_store(hub).list_traces("automation", f"automation.{value['automation']}")
    if "count" in value:
        assert len(traces) == value["count"], f"{len(traces)} traces: {traces}"
    if "last" in value:
        assert traces, "no trace"
        assert subset(value["last"], traces[-1]), f"last trace {traces[-1]}"


_STEPS = {
    "state": _state,
    "call": _call,
    "event": _event,
    "webhook": _webhook,
    "advance": _advance,
    "advance_to": _advance_to,
    "stop": _stop,
    "expect": _expect,
    "expect_calls": _expect_calls,
    "expect_last_call": _expect_last_call,
    "expect_events": _expect_events,
    "expect_last_event": _expect_last_event,
    "expect_not_run": _expect_not_run,
    "expect_trace": _expect_trace,
}
