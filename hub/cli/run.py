"""``watthub run``: start the hub on a configuration directory until Ctrl-C / SIGTERM.

Stopping is bounded (about 5 s) and flushes storage. ``homeassistant.restart`` ends the
hub with the restart exit code and this command starts it again in the same process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import sys
from pathlib import Path
from typing import Any

from hub.bootstrap import build_hub
from hub.cli.log_output import configure_logging
from hub.const import RESTART_EXIT_CODE
from hub.core import Hub
from hub.instance_lock import HubAlreadyRunning, InstanceLock


def register(subparsers: Any) -> None:
    """Add the ``run`` parser."""
    parser = subparsers.add_parser("run", help="run the hub")
    parser.add_argument(
        "--config", "-c", type=Path, default=Path("config"), help="configuration directory"
    )
    parser.add_argument("--host", help="address to listen on (overrides http: server_host)")
    parser.add_argument("--port", type=int, help="port to listen on (overrides http: server_port)")
    parser.add_argument("--verbose", "-v", action="store_true", help="log at DEBUG level")
    parser.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    """Run until stopped; the exit code is the hub's."""
    config_dir: Path = args.config
    if not (config_dir / "configuration.yaml").is_file():
        print(
            f"{config_dir}/configuration.yaml not found; "
            "point --config at your configuration directory",
            file=sys.stderr,
        )
        return 1
    lock = InstanceLock(config_dir)
    try:
        lock.acquire()
    except HubAlreadyRunning as err:
        print(err, file=sys.stderr)
        return 1
    listener = configure_logging(config_dir, args.verbose)
    try:
        return asyncio.run(_run(config_dir, http_overrides(args.host, args.port)))
    finally:
        listener.stop()
        lock.release()


def http_overrides(host: str | None, port: int | None) -> dict[str, dict[str, Any]]:
    """``--host``/``--port`` as overrides of the ``http:`` block (``--port 0``: any free
    port, which the log then names)."""
    http: dict[str, Any] = {}
    if host:
        http["server_host"] = [host]
    if port is not None:
        http["server_port"] = port
    return {"http": http}


class _StopRequest:
    """Signals arrive whenever they like: during set-up, between a restart's stop and the
    next start, or while running. This remembers them and stops the current hub."""

    def __init__(self) -> None:
        self.requested = False
        self.hub: Hub | None = None

    def __call__(self) -> None:
        self.requested = True
        if self.hub is not None:
            self.hub.request_stop(0)


async def _run(config_dir: Path, overrides: dict[str, dict[str, Any]]) -> int:
    loop = asyncio.get_running_loop()
    stop = _StopRequest()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop)
    try:
        while True:
            hub = await build_hub(config_dir, overrides=overrides)
            stop.hub = hub
            if stop.requested:  # a signal came during set-up: stop without starting
                await hub.stop()
                return 0
            await hub.start()
            _freeze_startup_objects()
            code = await hub.wait_stopped()
            stop.hub = None
            if code != RESTART_EXIT_CODE or stop.requested:
                return code
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def _freeze_startup_objects() -> None:
    """Move everything set-up created out of the garbage collector's view.

    Those objects (integrations, entities, compiled templates, automations) live as long
    as the hub; without this, every full collection walks them all again, a pause of
    tens of milliseconds that lands on whatever the hub was doing.
    """
    gc.collect()
    gc.freeze()
