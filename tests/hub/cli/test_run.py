"""Tests of ``watthub run``: the installed command on a copy of the example configuration,
and the restart loop in-process."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from hub.bootstrap import build_hub
from hub.cli import run as run_module
from hub.cli.run import http_overrides, run_command
from hub.const import RESTART_EXIT_CODE
from hub.core import Hub
from tests.hub.cli.conftest import WATTHUB


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(config_dir: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            str(WATTHUB),
            "run",
            "--config",
            str(config_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _get_api(port: int, deadline: float) -> tuple[int, dict[str, str], bytes]:
    """``GET /api/`` (without a token) as soon as the hub answers (until ``deadline``)."""
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=1) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:  # an answer, just not a 2xx one
            try:
                return error.code, dict(error.headers), error.read()
            finally:
                error.close()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_run_serves_the_api_and_stops_cleanly_on_sigterm(example_config: Path) -> None:
    port = _free_port()
    started = time.monotonic()
    hub = _start(example_config, port)
    try:
        status, headers, body = _get_api(port, started + 3.0)
        assert time.monotonic() - started < 3.0
        # The API needs a token; the answer still comes with Home Assistant's headers.
        # TODO(issue 4): once `watthub auth create-user`/`auth token` exist, create a user
        # on the stopped config, take a long-lived token and check the authenticated
        # round trip: GET /api/ with the token -> 200 {"message": "API running."}.
        assert status == 401
        assert body == b"401: Unauthorized"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["Server"] == ""

        # A second hub on the same configuration refuses to start.
        second = _start(example_config, port)
        _, second_err = second.communicate(timeout=5)
        assert second.returncode == 1
        assert f"pid {hub.pid}" in second_err
        assert "is already running" in second_err

        stopping = time.monotonic()
        hub.send_signal(signal.SIGTERM)
        _, stderr = hub.communicate(timeout=5)
        assert time.monotonic() - stopping < 5.0
    finally:
        if hub.poll() is None:
            hub.kill()
            hub.communicate()
    assert hub.returncode == 0, stderr
    ready = re.search(
        r"Hub 'Demo home' ready in [\d.]+ s: (\d+) integrations, (\d+) entities", stderr
    )
    assert ready is not None, stderr
    assert int(ready.group(1)) >= 4
    assert int(ready.group(2)) >= 10
    assert f"http://127.0.0.1:{port}" in stderr
    assert "Hub stopped" in stderr
    assert "Traceback" not in stderr
    log = (example_config / "watthub.log").read_text()
    assert ready.group(0) in log
    storage = example_config / ".storage"
    for name in ("core.entity_registry", "core.device_registry", "core.area_registry"):
        assert (storage / name).is_file()
        assert json.loads((storage / name).read_text())["version"] >= 1


def test_run_without_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(config=tmp_path, host=None, port=None, verbose=False)
    assert run_command(args) == 1
    assert "configuration.yaml not found" in capsys.readouterr().err


def test_http_overrides() -> None:
    assert http_overrides(None, None) == {"http": {}}
    assert http_overrides("127.0.0.1", 8300) == {
        "http": {"server_host": ["127.0.0.1"], "server_port": 8300}
    }
    # Port 0 means "any free port", not "no override" (which would mean 8123).
    assert http_overrides(None, 0) == {"http": {"server_port": 0}}


async def test_restart_builds_a_new_hub_in_the_same_process(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / "configuration.yaml").write_text(
        "homeassistant:\n  name: Home\nlogger:\n  filters:\n    watthub_test.restart: secret\n"
    )
    filtered = logging.getLogger("watthub_test.restart")
    hubs: list[Hub] = []
    filter_counts: list[int] = []

    async def build(config: Path, overrides: dict[str, dict[str, Any]]) -> Hub:
        hub = await build_hub(config, overrides=overrides)
        hubs.append(hub)
        filter_counts.append(len(filtered.filters))
        # The first hub asks for a restart, the second for a stop.
        service = "restart" if len(hubs) == 1 else "stop"
        hub.loop.call_soon(
            lambda: hub.create_task(hub.services.call("homeassistant", service, blocking=True))
        )
        return hub

    monkeypatch.setattr(run_module, "build_hub", build)
    code = await asyncio.wait_for(
        run_module._run(config_dir, http_overrides("127.0.0.1", 0)), timeout=10
    )
    assert code == 0
    assert len(hubs) == 2
    assert hubs[0].exit_code == RESTART_EXIT_CODE
    assert hubs[1].exit_code == 0
    # Each hub undoes its logging changes: a restart does not pile up filters.
    assert filter_counts == [1, 1]
    assert filtered.filters == []
