"""Template benchmarks: microseconds per render on the event loop.

The hot case is a state-trigger automation rendering ``{{ trigger.to_state.state |
float(0) }}`` on every event; the others are what template sensors and dashboards
render most. Prints one JSON object; compare runs on the same machine.

    python bench/template_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from typing import Any

from hub.core import Hub
from hub.template import Template, track_template_result
from hub.template.environment import environment_for

CASES: dict[str, str] = {
    "trigger_float": "{{ trigger.to_state.state | float(0) }}",
    "states_call_double": "{{ (states('input_number.bench_000') | float(0) * 2) | round(1) }}",
    "is_state": "{{ is_state('switch.boiler', 'on') }}",
    "attribute": "{{ state_attr('sensor.power', 'phases') }}",
    "domain_count": "{{ states.sensor | selectattr('state', 'eq', '1') | list | count }}",
    "static": "just text",
}


def _per_render_us(template: Template, variables: dict[str, Any], count: int) -> float:
    """The best of 7 batches (the least disturbed by other work), in µs per render."""
    batches = []
    for _ in range(7):
        started = time.perf_counter()
        for _ in range(count):
            template.render(variables)
        batches.append((time.perf_counter() - started) / count * 1e6)
    return round(min(batches), 2)


async def main(quick: bool) -> dict[str, Any]:
    count = 2_000 if quick else 20_000
    with tempfile.TemporaryDirectory() as config_dir:
        hub = Hub(config_dir)
        for index in range(100):
            hub.states.set(f"sensor.s{index:03d}", str(index % 3))
        hub.states.set("input_number.bench_000", "21.5")
        hub.states.set("switch.boiler", "on")
        hub.states.set("sensor.power", "5", {"phases": 3})
        state = hub.states.get("input_number.bench_000")
        variables = {"trigger": {"platform": "state", "to_state": state, "from_state": state}}
        results: dict[str, Any] = {}
        for name, source in CASES.items():
            template = Template(source, hub)
            template.render(variables)  # compile once
            results[f"{name}_us"] = _per_render_us(template, variables, count)
        fresh = []
        for _ in range(7):
            started = time.perf_counter()
            for _ in range(count // 10):
                Template(CASES["trigger_float"], hub).render(variables)
            fresh.append((time.perf_counter() - started) / (count // 10) * 1e6)
        results["trigger_float_new_instance_us"] = round(min(fresh), 2)
        # The same compiled template through Jinja's own ``render`` (what HA calls),
        # for comparison: it copies the environment's globals into every context.
        stock = environment_for(hub).template_for(CASES["trigger_float"])
        plain = []
        for _ in range(7):
            started = time.perf_counter()
            for _ in range(count // 10):
                stock.render(variables)
            plain.append((time.perf_counter() - started) / (count // 10) * 1e6)
        results["trigger_float_jinja_render_us"] = round(min(plain), 2)
        tracked: list[Any] = []
        cancel = track_template_result(
            hub, Template(CASES["states_call_double"], hub), tracked.append
        )
        started = time.perf_counter()
        for index in range(count):
            hub.states.set("input_number.bench_000", str(index))
        results["tracked_rerender_per_state_change_us"] = round(
            (time.perf_counter() - started) / count * 1e6, 2
        )
        cancel()
        await hub.stop()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    print(json.dumps(asyncio.run(main(parser.parse_args().quick)), indent=2))
