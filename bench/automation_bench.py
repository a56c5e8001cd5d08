"""Automation engine micro-benchmark: microseconds per triggered run.

Loads the shared benchmark configuration (``../shared/bench/gen_ha_config.py``: 100
input_number, 100 template sensors, 100 automations; ``recorder:`` left out, it comes
with issue 6) into an in-process hub on the wall clock, then:

- ``baseline``: ``input_number.set_value`` on a helper no automation watches (the cost
  of the call and the state write alone);
- ``copy``: the same call on ``bench_i``, timed until the copy automation has set
  ``bench_{i+50}`` (one triggered run: trigger, trace, template render, service call);
- ``per_run_overhead``: their difference, the engine's own cost per run.

Prints one JSON object (microseconds: mean, p50, p99).

    python bench/automation_bench.py [--runs 3000] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hub.bootstrap import build_hub
from hub.core import Hub
from hub.events import Event

REPO = Path(__file__).resolve().parent.parent
TEST_HTTP = {"http": {"server_host": ["127.0.0.1"], "server_port": 0}}


def generate_config(shared: Path, target: Path) -> list[str]:
    """The harness configuration without the blocks this hub does not have yet."""
    subprocess.run(
        [sys.executable, str(shared / "bench" / "gen_ha_config.py"), "--out", str(target)],
        check=True,
        capture_output=True,
    )
    path = target / "configuration.yaml"
    text = path.read_text()
    left_out = ["recorder"]
    for domain in left_out:
        text = re.sub(rf"^{domain}:.*\n(?:[ #].*\n|\n)*", "", text, flags=re.MULTILINE)
    path.write_text(text)
    return left_out


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "mean_us": round(statistics.fmean(ordered) * 1e6, 1),
        "p50_us": round(ordered[len(ordered) // 2] * 1e6, 1),
        "p99_us": round(ordered[int(len(ordered) * 0.99)] * 1e6, 1),
    }


async def measure(hub: Hub, runs: int, watched: bool) -> list[float]:
    """Time ``runs`` set_value calls; with ``watched`` until the copy has landed."""
    loop = asyncio.get_running_loop()
    waiter: dict[str, Any] = {"future": None, "entity": None}

    def changed(event: Event) -> None:
        future = waiter["future"]
        if future is not None and not future.done() and event.data["entity_id"] == waiter["entity"]:
            future.set_result(None)

    unlisten = hub.bus.listen("state_changed", changed)
    samples = []
    try:
        for index in range(runs):
            source = index % 50
            value = float(index % 800 + 1)
            if watched:
                entity = f"input_number.bench_{source:03d}"
                waiter["entity"] = f"input_number.bench_{source + 50:03d}"
            else:
                entity = f"input_number.bench_{source + 50:03d}"
                waiter["entity"] = entity
            future = loop.create_future()
            waiter["future"] = future
            started = time.perf_counter()
            await hub.services.call(
                "input_number", "set_value", {"entity_id": entity, "value": value}, blocking=True
            )
            await future
            samples.append(time.perf_counter() - started)
    finally:
        unlisten()
    return samples


async def run(runs: int, shared: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config"
        left_out = generate_config(shared, config)
        hub = await build_hub(config, overrides=TEST_HTTP)
        try:
            await hub.start()
            await hub.block_till_done()
            automations = len(hub.states.entity_ids("automation"))
            await measure(hub, 200, True)  # warm up: compile templates, fill caches
            await measure(hub, 200, False)
            gc.collect()
            baseline = await measure(hub, runs, False)
            copy = await measure(hub, runs, True)
        finally:
            await hub.stop()
    base, copied = summary(baseline), summary(copy)
    return {
        "automations": automations,
        "left_out": left_out,
        "runs": runs,
        "baseline_set_value": base,
        "triggered_copy": copied,
        "per_run_overhead_us": {
            key: round(copied[key] - base[key], 1) for key in ("mean_us", "p50_us", "p99_us")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.runs, args.shared)), indent=2))


if __name__ == "__main__":
    main()
