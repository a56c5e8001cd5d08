"""API benchmark with the shared Home Assistant-compatible harness (``../shared/bench``).

Generates the harness's benchmark configuration (100 input_number, 100 template
sensors, 100 automations), leaves out blocks whose integrations this hub does not have
yet (they are named in the output), creates a user and a long-lived token with
``watthub auth``, then runs ``ha_start_mem.py`` (start time, RSS, and ``ha_ws_bench.py``:
get_states latency, call_service throughput with 16 in flight, state fan-out to 4
subscribers, server CPU per call) against ``watthub run``. Prints one JSON object with
our figures, Home Assistant 2025.1.4's reference figures on this machine kind, and the
ratios.

    python bench/api_bench.py [--reps 3] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hub.loader.catalog import IntegrationCatalog

REPO = Path(__file__).resolve().parent.parent
WATTHUB = [sys.executable, "-m", "hub.cli"]

# Home Assistant 2025.1.4 on this machine kind (../shared/bench/README.md, medians of 3).
HA_REFERENCE = {
    "auth_ok_s": 2.01,
    "running_s": 2.40,
    "rss_mb_idle": 157.0,
    "rss_mb_after_bench": 236.0,
    "get_states_ms": 0.38,
    "call_service_per_s": 1404.0,
    "call_service_p50_ms": 10.0,
    "call_service_p99_ms": 80.0,
    "server_cpu_ms_per_call": 1.07,
    "fanout_events_per_s": 4618.0,
    "automated_calls_per_s": 580.0,
    "automation_p50_ms": 2.69,
    "automation_p99_ms": 4.68,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def strip_missing_integrations(config_dir: Path) -> list[str]:
    """Drop top-level blocks whose integration this hub does not ship yet."""
    catalog = IntegrationCatalog.discover(config_dir)
    path = config_dir / "configuration.yaml"
    text = path.read_text()
    missing = []
    for match in re.finditer(r"^([a-z_]+):", text, flags=re.MULTILINE):
        domain = match.group(1)
        if domain != "homeassistant" and domain not in catalog:
            missing.append(domain)
    for domain in missing:
        # The block is its key line plus the indented lines under it.
        text = re.sub(rf"^{domain}:.*\n(?:[ #].*\n|\n)*", "", text, flags=re.MULTILINE)
    path.write_text(text)
    return missing


def make_token(config_dir: Path) -> str:
    subprocess.run(
        [
            *WATTHUB,
            "auth",
            "create-user",
            "bench",
            "--admin",
            "--password-stdin",
            "--config",
            str(config_dir),
        ],
        input="bench-local-only-pw\n",
        text=True,
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    result = subprocess.run(
        [
            *WATTHUB,
            "auth",
            "token",
            "bench",
            "--name",
            "bench harness",
            "--lifespan-days",
            "3650",
            "--config",
            str(config_dir),
        ],
        text=True,
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return result.stdout.strip().splitlines()[-1]


def ratio(ours: float | None, theirs: float, higher_is_better: bool) -> float | None:
    if not ours:
        return None
    return round(ours / theirs if higher_is_better else theirs / ours, 2)


def figures(summary: dict[str, Any]) -> dict[str, Any]:
    def median(key: str) -> Any:
        value = summary.get(key)
        return value["median"] if value else None

    return {
        "auth_ok_s": median("auth_ok_s"),
        "running_s": median("running_s"),
        "rss_mb_idle": median("rss_mb_idle"),
        "rss_mb_after_bench": median("rss_mb_after_bench"),
        "get_states_ms": median("bench.get_states.median_ms"),
        "call_service_per_s": median("bench.service_calls.calls_per_s"),
        "call_service_p50_ms": median("bench.service_calls.p50_ms"),
        "call_service_p99_ms": median("bench.service_calls.p99_ms"),
        "server_cpu_ms_per_call": median("bench.service_calls.server_cpu_ms_per_op_incl_drain"),
        "fanout_events_per_s": median("bench.fanout.events_per_s"),
        "automated_calls_per_s": median("bench.service_calls_automated.calls_per_s"),
        "automation_p50_ms": median("bench.automation.p50_ms"),
        "automation_p99_ms": median("bench.automation.p99_ms"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--settle", type=float, default=5.0)
    args = parser.parse_args()
    harness = args.shared / "bench"
    if not (harness / "ha_start_mem.py").is_file():
        print(f"The shared harness is not at {harness}; pass --shared", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="watthub-apibench-") as temp:
        config_dir = Path(temp) / "config"
        port = free_port()
        subprocess.run(
            [
                sys.executable,
                str(harness / "gen_ha_config.py"),
                "--out",
                str(config_dir),
                "--port",
                str(port),
            ],
            check=True,
            capture_output=True,
        )
        missing = strip_missing_integrations(config_dir)
        token_file = Path(temp) / "token.txt"
        token_file.write_text(make_token(config_dir) + "\n")
        bench_args = []
        if "automation" in missing:
            bench_args += [
                "--bench-arg=--svc-auto-k",
                "--bench-arg=0",
                "--bench-arg=--auto-n",
                "--bench-arg=0",
            ]
        run = subprocess.run(  # noqa: PLW1510 - the return code is checked below
            [
                sys.executable,
                str(harness / "ha_start_mem.py"),
                "--url",
                f"http://127.0.0.1:{port}",
                "--token-file",
                str(token_file),
                "--reps",
                str(args.reps),
                "--settle",
                str(args.settle),
                *bench_args,
                "--",
                *WATTHUB,
                "run",
                "--config",
                str(config_dir),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=900,
        )
        if run.returncode != 0:
            print(run.stderr[-3000:], file=sys.stderr)
            return 1
        raw = json.loads(run.stdout)
    ours = figures(raw["summary"])
    higher = {"call_service_per_s", "fanout_events_per_s", "automated_calls_per_s"}
    result = {
        "reps": args.reps,
        "left_out_of_config": missing,
        "ours": ours,
        "home_assistant_2025_1_4": HA_REFERENCE,
        "ratio_vs_ha": {
            key: ratio(ours.get(key), reference, key in higher)
            for key, reference in HA_REFERENCE.items()
        },
        "errors": [rep.get("error") for rep in raw["reps"] if rep.get("error")],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
