"""Core benchmarks: state writes, event dispatch, service calls, memory per entity, start.

Prints one JSON object. Figures vary with the machine; compare runs on the same machine.
Every loop is bounded; the start-up measurement runs the real ``watthub run`` on a copy of
the example configuration, on a free loopback port, and stops it.

    python bench/core_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hub.bootstrap import build_hub
from hub.core import Hub
from hub.domains.sensor import SensorEntity
from hub.domains.switch import SwitchEntity
from hub.entity.platform import add_entities
from hub.events import Event
from hub.units import SensorDeviceClass, SensorStateClass, UnitOfPower

REPO = Path(__file__).resolve().parent.parent
TEST_HTTP = {"http": {"server_host": ["127.0.0.1"], "server_port": 0}}


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1)


async def bench_state_writes(hub: Hub, entities: int, writes: int) -> dict[str, Any]:
    """StateMachine.set on 10,000 entities with 10 state_changed listeners."""
    received = 0

    def listener(event: Event) -> None:
        nonlocal received
        received += 1

    for _ in range(10):
        hub.bus.listen("state_changed", listener)
    ids = [f"sensor.bench_{i}" for i in range(entities)]
    attributes = {"unit_of_measurement": "W", "device_class": "power", "state_class": "measurement"}
    for entity_id in ids:
        hub.states.set(entity_id, "0", attributes)
    received = 0
    started = time.perf_counter()
    for i in range(writes):
        hub.states.set(ids[i % entities], str(i + 1), attributes)
    elapsed = time.perf_counter() - started
    assert received == writes * 10
    return {"state_writes_per_s": rate(writes, elapsed), "entities": entities, "listeners": 10}


class BenchSensor(SensorEntity):
    _attr_has_entity_name = True
    _attr_native_unit_of_measurement = UnitOfPower.WATT
    _attr_device_class = SensorDeviceClass.POWER
    _attr_state_class = SensorStateClass.MEASUREMENT

    def __init__(self, index: int) -> None:
        self._attr_unique_id = f"bench_{index}"
        self._attr_name = f"Bench {index}"
        self._attr_native_value = 0.0


class BenchSwitch(SwitchEntity):
    _attr_is_on = False

    def __init__(self, index: int) -> None:
        self._attr_unique_id = f"switch_{index}"
        self._attr_name = f"Bench switch {index}"

    async def async_turn_on(self, **kwargs: Any) -> None:
        self._attr_is_on = True
        self.write_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        self._attr_is_on = False
        self.write_state()


async def bench_entity_writes(hub: Hub, entities: int, writes: int) -> dict[str, Any]:
    """The full entity path: attribute assembly + state machine + 10 listeners."""
    sensors = [BenchSensor(i) for i in range(entities)]
    await add_entities(hub, "bench", sensors)
    started = time.perf_counter()
    for i in range(writes):
        sensor = sensors[i % entities]
        sensor._attr_native_value = float(i)
        sensor.write_state()
    elapsed = time.perf_counter() - started
    return {"entity_state_writes_per_s": rate(writes, elapsed)}


def bench_dispatch(hub: Hub, events: int) -> dict[str, Any]:
    """fire() with 10 listeners of the type and 1,000 listeners of other types."""
    count = 0

    def listener(event: Event) -> None:
        nonlocal count
        count += 1

    for i in range(1000):
        hub.bus.listen(f"unrelated_{i}", listener)
    for _ in range(10):
        hub.bus.listen("bench_event", listener)
    data = {"value": 1}
    started = time.perf_counter()
    for _ in range(events):
        hub.bus.fire_internal("bench_event", data)
    elapsed = time.perf_counter() - started
    assert count == events * 10
    return {
        "event_dispatch_per_s": rate(events, elapsed),
        "listeners_per_event": 10,
        "unrelated_listeners": 1000,
    }


async def bench_services(hub: Hub, calls: int) -> dict[str, Any]:
    """Blocking calls of a plain service and of an entity service (switch.toggle)."""
    hub.services.register("bench", "noop", lambda call: None)
    started = time.perf_counter()
    for _ in range(calls):
        await hub.services.call("bench", "noop", {"x": 1}, blocking=True)
    plain = time.perf_counter() - started

    await add_entities(hub, "bench", [BenchSwitch(i) for i in range(10)])
    target = {"entity_id": "switch.bench_switch_0"}
    started = time.perf_counter()
    for _ in range(calls):
        await hub.services.call("switch", "toggle", target=target, blocking=True)
    entity = time.perf_counter() - started
    return {
        "service_calls_per_s": rate(calls, plain),
        "entity_service_calls_per_s": rate(calls, entity),
    }


async def bench_memory(config_dir: Path, entities: int) -> dict[str, Any]:
    """Traced memory per sensor entity: entity object, registry entry, state."""
    hub = await build_hub(config_dir, overrides=TEST_HTTP)
    try:
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        await add_entities(hub, "memory", [BenchSensor(i) for i in range(entities)])
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        return {"memory_per_entity_bytes": round(grown / entities), "memory_entities": entities}
    finally:
        await hub.stop()


async def bench_start(config_dir: Path) -> dict[str, Any]:
    """In-process: configuration read + integration setup + start on the demo config."""
    started = time.perf_counter()
    hub = await build_hub(config_dir, overrides=TEST_HTTP)
    await hub.start()
    elapsed = time.perf_counter() - started
    entities = hub.states.count()
    await hub.stop()
    return {"hub_start_s": round(elapsed, 3), "hub_start_entities": entities}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def bench_process_start(config_dir: Path) -> dict[str, Any]:
    """``watthub run`` as a user starts it: time until GET /api/ answers (401 without a
    token), idle RSS."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "hub.cli",
        "run",
        "--config",
        str(config_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO
    )
    try:
        answered = None
        deadline = started + 20
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=1):
                    pass
            except urllib.error.HTTPError as err:
                if err.code == 401:  # the API answers (it needs a token): up
                    answered = time.perf_counter() - started
                    break
            except OSError:
                time.sleep(0.02)
        time.sleep(2.0)  # settle, then read idle memory
        rss = rss_mb(process.pid)
        stop_started = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
        stopped = time.perf_counter() - stop_started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return {
        "process_start_to_api_s": round(answered, 3) if answered is not None else None,
        "rss_idle_mb": rss,
        "sigterm_to_exit_s": round(stopped, 3),
        "exit_code": code,
    }


async def run_in_hub(config_dir: Path, job: Callable[[Hub], Any]) -> dict[str, Any]:
    hub = await build_hub(config_dir, overrides=TEST_HTTP)
    try:
        result = job(hub)
        if asyncio.iscoroutine(result):
            result = await result
        return dict(result)
    finally:
        await hub.stop()


async def main(quick: bool) -> dict[str, Any]:
    scale = 10 if quick else 1
    results: dict[str, Any] = {"python": sys.version.split()[0], "quick": quick}
    with tempfile.TemporaryDirectory() as temp:
        empty = Path(temp) / "empty"
        empty.mkdir()
        (empty / "configuration.yaml").write_text("homeassistant:\n  time_zone: UTC\n")
        demo = Path(temp) / "demo"
        shutil.copytree(
            REPO / "config",
            demo,
            ignore=shutil.ignore_patterns(".storage", "*.log*", ".watthub.lock"),
        )
        results.update(
            await run_in_hub(empty, lambda hub: bench_state_writes(hub, 10_000, 200_000 // scale))
        )
        results.update(
            await run_in_hub(empty, lambda hub: bench_entity_writes(hub, 10_000, 100_000 // scale))
        )
        results.update(await run_in_hub(empty, lambda hub: bench_dispatch(hub, 200_000 // scale)))
        results.update(await run_in_hub(empty, lambda hub: bench_services(hub, 20_000 // scale)))
        results.update(await bench_memory(empty, 10_000 // scale))
        results.update(await bench_start(demo))
        results.update(bench_process_start(demo))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the iterations")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    print(json.dumps(asyncio.run(main(args.quick)), indent=2))
